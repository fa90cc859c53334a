/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.hadoop.criu.Criu;
import org.apache.hadoop.criu.CriuBackground;
import org.apache.hadoop.criu.CriuCgroupMode;
import org.apache.hadoop.criu.CriuCredentials;
import org.apache.hadoop.criu.CriuDumpOptions;
import org.apache.hadoop.criu.CriuException;
import org.apache.hadoop.criu.CriuNetworkLock;
import org.apache.hadoop.criu.CriuTcpMode;
import org.apache.hadoop.criu.ProcessTree;
import org.apache.hadoop.criu.cgroup.CgroupFreezer;
import org.apache.hadoop.criu.cgroup.CgroupFreezerFactory;
import org.apache.hadoop.yarn.api.migration.records.ContainerNetwork;
import org.apache.hadoop.yarn.server.api.migration.MigrationContract;
import org.apache.hadoop.yarn.server.nodemanager.migration.network.ContainerNetworks;
import org.apache.hadoop.yarn.server.nodemanager.migration.network.OwnAddress;
import org.apache.hadoop.yarn.server.nodemanager.migration.restore.AppDirFiles;
import org.apache.hadoop.yarn.server.nodemanager.migration.restore.MigrationDirs;
import org.apache.hadoop.yarn.server.nodemanager.migration.restore.RestoreSpec;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.PageStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Freezes, dumps and collects one container launched by
 * {@link org.apache.hadoop.yarn.server.nodemanager.migration.executor.CheckpointableContainerExecutor}.
 *
 * <ol>
 * <li>find the pid namespace init under the launcher pid (/proc); refuse, before any
 *     freeze, a tree holding what cannot move ({@link MovableFiles}, {@link FileLocks},
 *     {@link UnixSockets}) or listening where the target host cannot
 *     ({@link TcpListeners}, {@link TargetCheck});</li>
 * <li>move the tree into the freezer cgroup {@code yarn-migration-<containerId>} and
 *     freeze it; a tree with an address of its own ({@link CheckpointRequest#getOwnAddress})
 *     is cut off the cluster network (its veth's host end leaves the bridge) until it is
 *     aborted (joined again) or completed;</li>
 * <li>{@code criu dump --leave-running --freeze-cgroup <cgroup> --file-locks -t <ns init>} into
 *     {@code <out>/images} (the cgroup was frozen before, so CRIU leaves it frozen);</li>
 * <li>write the {@link RestoreSpec}; copy the work dir into {@code <out>/workdir} while
 *     still frozen.</li>
 * </ol>
 * On success the tree stays frozen and the returned {@link FrozenCheckpoint} must be
 * completed or aborted. On failure the tree is thawed, the cgroup removed, the partial
 * output deleted, and a {@link CheckpointException} names CRIU's reason.
 */
public class ContainerCheckpointer {

  private static final Logger LOG = LoggerFactory.getLogger(ContainerCheckpointer.class);

  /** Parent of the per-container freezer cgroups. */
  /**
   * Freezer cgroups of checkpoints are {@code <freezer root>/yarn-migration-<containerId>}:
   * flat, so removing one leaves nothing behind.
   */
  public static final String CGROUP_PREFIX = "yarn-migration-";

  /** The freezer cgroup name (relative to the freezer root) of a container's checkpoint. */
  public static String cgroupName(String containerId) {
    return CGROUP_PREFIX + containerId;
  }

  private final Criu criu;
  private final CgroupFreezerFactory freezers;
  private final String node;
  private final long freezeTimeoutMs;

  public ContainerCheckpointer(Criu criu, CgroupFreezerFactory freezers, String node,
      long freezeTimeoutMs) {
    this.criu = Objects.requireNonNull(criu, "criu");
    this.freezers = Objects.requireNonNull(freezers, "freezers");
    this.node = Objects.requireNonNull(node, "node");
    this.freezeTimeoutMs = freezeTimeoutMs;
  }

  /**
   * Checkpoints the container; the tree stays frozen on success.
   *
   * @param target asked, before the freeze, whether the target host can bind the tree's
   *     listeners
   * @throws CheckpointException on any failure; the container then runs on
   */
  public FrozenCheckpoint checkpoint(CheckpointRequest req, TargetCheck target)
      throws CheckpointException {
    return checkpoint(req, target, null);
  }

  /**
   * Checkpoints the container; the tree stays frozen on success.
   *
   * @param target asked, before the freeze, whether the target host can bind the tree's
   *     listeners
   * @param pages where the memory pages go while CRIU dumps them (streaming stop-and-copy,
   *     opened before the freeze); null, or a sink that cannot open, or a post-copy
   *     request: the pages are written into the images here
   * @throws CheckpointException on any failure; the container then runs on
   */
  public FrozenCheckpoint checkpoint(CheckpointRequest req, TargetCheck target,
      PageSink pages) throws CheckpointException {
    File out = req.getOutputDir();
    CgroupFreezer freezer = null;
    boolean cutLink = false;
    boolean success = false;
    CriuBackground lazyDump = null;
    PageStream.Remote pageStream = null;
    PageRelay pageRelay = null;
    try {
      MigrationContract.checkId("migration id", req.getMigrationId());
      if (out.exists()) {
        throw new IOException("output dir " + out + " already exists");
      }
      ContainerProcesses procs = ContainerProcesses.of(req.getLauncherPid());
      int init = procs.getNamespaceInit();
      // before the freeze: refuse a tree that holds what the target host cannot have
      TreeFds open = TreeFds.of(init);
      String treeWorkDir = req.getTreeWorkDir().getPath();
      heldAppDirFiles(req, open);
      // the tree's command lines: a task's attempt and a server's kind are in them
      List<List<String>> cmdlines = cmdlines(init);
      String unmovable = MovableFiles.firstForeignFifo(open, treeWorkDir);
      if (unmovable == null) {
        unmovable = FileLocks.firstForeignLock(open);
      }
      if (unmovable == null) {
        unmovable = UnixSockets.firstExternalPeer(open);
      }
      if (unmovable == null) {
        unmovable = StrandedClients.firstStranded(cmdlines, req.getOwnAddress() != null);
      }
      if (unmovable == null && req.getTcpMode() == CriuTcpMode.ESTABLISHED
          && req.getOwnAddress() == null) {
        unmovable = "TCP mode ESTABLISHED keeps the tree's connections open only where its"
            + " address moves with it, and it has no address of its own (its application"
            + " did not ask for one with " + ContainerNetwork.OWN_ASSIGNMENT + ", or its node"
            + " gives none). Move it in TCP"
            + " mode CLOSE";
      }
      if (unmovable == null) {
        unmovable = lackingOnTarget(open, init, target, req.getOwnAddress() != null);
      }
      if (unmovable != null) {
        throw new IOException(unmovable);
      }
      if (pages != null && !req.isLazyPages()) {
        // before the freeze: the target's page server starts outside the frozen window
        try {
          pageStream = pages.open(residentBytes(init));
        } catch (IOException e) {
          LOG.warn("Checkpoint of {}: its pages are written here and shipped after the dump,"
              + " not streamed to the target while it dumps: {}", req, e.getMessage());
        }
      }
      Files.createDirectories(out.toPath());
      MigrationDirs.ownerOnly(out);
      Path images = out.toPath().resolve(MigrationContract.IMAGES_DIR);

      freezer = freezers.create(cgroupName(req.getContainerId()));
      long frozenAt = System.nanoTime();
      freezer.addTree(init);
      freezer.freeze(freezeTimeoutMs);
      if (req.getOwnAddress() != null) {
        // nothing reaches the tree's sockets here any more: no byte the target will not
        // have is acknowledged by this node (CRIU's own lock ends with the dump)
        cutLink = true;
        ContainerNetworks.setBridged(req.getOwnAddress(), false);
      }
      // What travels is read again from the frozen tree: it may have opened files since
      // the check (a task spills every few hundred milliseconds)
      Collection<String> attempts = TaskFiles.attempts(cmdlines);
      Map<String, Path> appFiles = appDirFiles(req, TreeFds.of(init), attempts);
      // The log files the tree may hold open (stdout, stderr, prelaunch.*, an AM's own
      // logs): the restore continues each in the target container's file of that name.
      // The spec names the directories by the paths the tree sees: every target presents
      // them again (restore-launcher.sh), so the tree's paths never change.
      RestoreSpec spec = new RestoreSpec(req.getMigrationId(), req.getContainerId(), node,
          req.getTreeWorkDir().getPath(), req.getTreeLogDir().getPath(),
          logFileNames(req.getLogDir()), req.getLocalizedResources(), req.getTcpMode())
          .withAppDirFiles(new ArrayList<>(appFiles.keySet()))
          .withOwnAddress(req.getOwnAddress() == null ? null : req.getOwnAddress().cidr());

      long dumpStart = System.nanoTime();
      CriuDumpOptions.Builder dumpBuilder = CriuDumpOptions.builder(init, images)
          .leaveRunning(true)
          .freezeCgroup(freezer.path())
          .cgroupMode(CriuCgroupMode.DEFAULT)
          // the tree's own file locks move with it (a foreign one was refused above)
          .fileLocks(true)
          .tcpMode(req.getTcpMode())
          // a connection the tree's listener has not accepted yet at the freeze is not
          // moved: its client sees a reset and connects again (a Hadoop IPC client does);
          // without this flag CRIU fails the whole dump ("In-flight connection (l)"), as
          // it did for MapReduce's AM in a CI run
          .skipInFlight(true);
      if (req.getOwnAddress() != null) {
        // CRIU locks the tree's own network namespace while it dumps (and the restored one
        // until the tree runs), through its libnftables: no tool is needed
        dumpBuilder.networkLock(CriuNetworkLock.NFTABLES);
      }
      int[] ids = CriuCredentials.idsOf(init);
      if (ids[0] != 0) {
        // a tree of a user: CRIU reads its tasks' limits only with their own ids
        dumpBuilder.asUser(new CriuCredentials(ids[0], ids[1],
            CriuCredentials.permittedOfSelf()));
      }
      if (procs.hasOwnMountNamespace()) {
        // a restored tree: its namespace presents the original directories; criu dumps
        // from inside it, by the paths the tree sees, and records no mount
        dumpBuilder.inMountNamespaceOf(init);
      }
      int pageServerPort = 0;
      if (req.isLazyPages()) {
        // post-copy: the dump serves the pages on loopback, to this NM's page stream only
        pageServerPort = PageStream.freeLoopbackPort();
        dumpBuilder.lazyPages(PageStream.LOOPBACK, pageServerPort);
        spec = spec.withLazyPages(true);
      }
      if (pageStream != null) {
        // streaming stop-and-copy: the pages go to the target's page server as CRIU dumps
        pageRelay = PageRelay.start(req.getMigrationId(), pageStream, criu.getTimeoutMs());
        dumpBuilder.pageServer(PageStream.LOOPBACK, pageRelay.port());
      }
      CriuDumpOptions dump = dumpBuilder.build();
      LOG.debug("Checkpoint of {}: {}", req, criu.dumpCommand(dump));
      long streamedBytes = 0;
      if (req.isLazyPages()) {
        lazyDump = criu.startLazyDump(dump);
      } else {
        criu.dump(dump);
        if (pageRelay != null) {
          streamedBytes = pageRelay.finish(RELAY_END_WAIT_MS);
        }
      }
      long dumpMs = (System.nanoTime() - dumpStart) / 1_000_000L;

      spec.write(out);
      long workBytes = WorkDirCopier.copy(req.getWorkDir().toPath(),
          out.toPath().resolve(MigrationContract.WORKDIR_COPY_DIR));
      if (!appFiles.isEmpty()) {
        long appBytes = AppDirFiles.copy(appFiles,
            out.toPath().resolve(MigrationContract.APP_FILES_DIR));
        LOG.info("Checkpoint of {}: {} file(s) it holds or owns under its application dir"
            + " travel"
            + " with it ({} bytes): {}", req, appFiles.size(), appBytes, appFiles.keySet());
        workBytes += appBytes;
      }
      long frozenMs = (System.nanoTime() - frozenAt) / 1_000_000L;
      long imageBytes = sizeOf(images) + streamedBytes;
      FrozenCheckpoint cp = new FrozenCheckpoint(req, node, procs, freezer, out,
          imageBytes, workBytes, frozenMs, dumpMs, attempts, lazyDump, pageServerPort);
      LOG.info("Checkpointed {}: images {} bytes{}, work dir {} bytes, dump {} ms, frozen {} ms"
          + " so far", req, imageBytes, streamedBytes > 0 ? " (" + streamedBytes
              + " of them streamed to the target during the dump)" : "", workBytes, dumpMs,
          frozenMs);
      success = true;
      return cp;
    } catch (IOException | RuntimeException e) {
      CheckpointException failure = new CheckpointException(req.getContainerId(),
          req.getMigrationId(), node, reason(e), e);
      LOG.info(failure.getMessage());
      throw failure;
    } finally {
      // both close quietly: never in the way of the thaw below
      if (pageRelay != null) {
        pageRelay.close();
      } else if (pageStream != null) {
        pageStream.close();
      }
      if (!success && lazyDump != null) {
        lazyDump.close(); // its tracees are let go, still frozen: the thaw follows
      }
      if (!success) {
        cleanupAfterFailure(freezer, out, cutLink ? req.getOwnAddress() : null);
      }
    }
  }

  /** Longest the page stream may take to end after its dump ended well. */
  static final long RELAY_END_WAIT_MS = 30_000;

  /**
   * About how much memory the tree's pages take: the sum of its processes' resident memory
   * (pages shared between them count once per process: an over-estimate).
   */
  static long residentBytes(int init) {
    long total = 0;
    List<Integer> pids = new ArrayList<>();
    pids.add(init);
    pids.addAll(ProcessTree.descendants(init));
    for (int pid : pids) {
      try {
        String rss = ProcessTree.statusField(Integer.toString(pid),
            "VmRSS");
        if (rss != null) {
          total += Long.parseLong(rss.trim().split("\\s+")[0]) * 1024L;
        }
      } catch (IOException | RuntimeException e) {
        // gone meanwhile, or a kernel thread: nothing to count
      }
    }
    return total;
  }

  /**
   * While the tree is frozen: the files that travel with it from its application dir, by
   * their paths below it -- those it holds (read through its fds) and those its task owns
   * without holding them ({@link TaskFiles}: a MapReduce task's closed spills and outputs,
   * read from this node's app dir). A file it opened since the check before the freeze and
   * that cannot move fails the checkpoint here, before the dump.
   */
  private static Map<String, Path> appDirFiles(CheckpointRequest req, TreeFds frozen,
      Collection<String> attempts) throws IOException {
    Map<String, Path> files = TaskFiles.list(req.getWorkDir().getParentFile().toPath(),
        attempts);
    // a held file is read through the fd that holds it: the very file the tree has
    files.putAll(AppDirFiles.byRelativePath(heldAppDirFiles(req, frozen), treeAppDir(req)));
    return files;
  }

  /**
   * The regular files of its own the tree holds under its application dir
   * ({@link MovableFiles#appDirFiles}); refused, naming it, when it holds anything else
   * there that cannot move ({@link MovableFiles#firstUnmovable}).
   */
  private static Map<String, Path> heldAppDirFiles(CheckpointRequest req, TreeFds fds)
      throws IOException {
    String treeWorkDir = req.getTreeWorkDir().getPath();
    Map<String, Path> held = MovableFiles.appDirFiles(fds, treeWorkDir,
        req.getLocalizedResources().values());
    String unmovable = MovableFiles.firstUnmovable(MovableFiles.openPaths(fds), treeWorkDir,
        req.getLocalizedResources().values(), held.keySet());
    if (unmovable != null) {
      throw new IOException(unmovable);
    }
    return held;
  }

  /** The command lines of the tree's processes (those still there). */
  private static List<List<String>> cmdlines(int init) {
    List<List<String>> out = new ArrayList<>();
    List<Integer> pids = new ArrayList<>();
    pids.add(init);
    pids.addAll(ProcessTree.descendants(init));
    for (int pid : pids) {
      try {
        out.add(ContainerProcesses.cmdline(pid));
      } catch (IOException e) {
        // gone
      }
    }
    return out;
  }

  /** The application dir as the tree sees it (its work dir's parent). */
  private static String treeAppDir(CheckpointRequest req) {
    return req.getTreeWorkDir().getParent();
  }

  /**
   * Null if the target can bind every listener of the tree and give it every
   * pseudo-terminal index it holds, else why not.
   */
  private static String lackingOnTarget(TreeFds open, int init, TargetCheck target,
      boolean ownAddress) throws IOException {
    // a tree with an address of its own listens on it wherever it goes
    List<TcpListeners.Listener> listeners = ownAddress
        ? Collections.<TcpListeners.Listener>emptyList() : TcpListeners.of(open, init);
    List<Integer> terminals = Terminals.indexesOf(open);
    if (listeners.isEmpty() && terminals.isEmpty()) {
      return null;
    }
    String why = target.cannotRestore(listeners, terminals);
    if (why == null) {
      return null;
    }
    List<String> holds = new ArrayList<>();
    if (!listeners.isEmpty()) {
      holds.add("listens on " + listeners);
    }
    if (!terminals.isEmpty()) {
      holds.add("holds the pseudo-terminal(s) " + Terminals.names(terminals));
    }
    return "the tree " + String.join(" and ", holds) + ", and " + why
        + ". Free it there or choose another target node";
  }

  private static void cleanupAfterFailure(CgroupFreezer freezer, File out, OwnAddress cut) {
    if (cut != null) {
      reconnect(cut);
    }
    // Thaw first: the container must run on whatever else fails.
    if (freezer != null) {
      try {
        freezer.destroy();
      } catch (IOException e) {
        LOG.warn("Could not thaw and remove freezer cgroup " + freezer.path(), e);
      }
    }
    try {
      WorkDirCopier.deleteTree(out.toPath());
    } catch (IOException e) {
      LOG.warn("Could not delete partial checkpoint " + out, e);
    }
  }

  /** Joins a tree's link to the cluster network again (it runs on here). */
  static void reconnect(OwnAddress own) {
    try {
      ContainerNetworks.setBridged(own, true);
    } catch (IOException e) {
      LOG.warn("Could not join the link {} of the tree with the address {} to its bridge"
          + " again: {}", own.getHostVeth(), own.cidr(), e.getMessage());
    }
  }

  private static String reason(Exception e) {
    if (e instanceof CriuException) {
      CriuException ce = (CriuException) e;
      if (ce.getFirstError() != null && !ce.getFirstError().isEmpty()) {
        return ce.getFirstError();
      }
    }
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }

  /** Names of the regular files directly in the container's log dir. */
  private static List<String> logFileNames(File logDir) {
    List<String> names = new ArrayList<>();
    File[] files = logDir.listFiles();
    if (files != null) {
      for (File f : files) {
        if (f.isFile() && RestoreSpec.isSafeLogFileName(f.getName())) {
          names.add(f.getName());
        } else if (f.isFile()) {
          LOG.warn("Log file {} has a name the restore cannot pass on; if the container"
              + " holds it open, the restore will look for it at its old path", f);
        }
      }
    }
    Collections.sort(names);
    return names;
  }

  static long sizeOf(Path dir) throws IOException {
    final long[] total = {0};
    try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
      s.filter(Files::isRegularFile).forEach(p -> total[0] += p.toFile().length());
    }
    return total[0];
  }
}
