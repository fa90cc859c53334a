/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

import org.apache.hadoop.criu.ProcessTree;
import org.apache.hadoop.criu.cgroup.CgroupFreezer;
import org.apache.hadoop.yarn.api.migration.MigrationFailure;
import org.apache.hadoop.yarn.api.migration.MigrationFailure.Step;
import org.apache.hadoop.yarn.server.api.migration.MigrationContract;
import org.apache.hadoop.yarn.server.nodemanager.migration.network.ContainerNetworks;
import org.apache.hadoop.yarn.server.nodemanager.migration.restore.RestoreSpec;
import org.apache.hadoop.criu.CriuBackground;
import org.apache.hadoop.criu.CriuException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A successful checkpoint whose tree is still frozen. Exactly one of {@link #complete()}
 * (the target runs the tree: kill the source) or {@link #abort()} (the migration failed:
 * the source runs on) must follow; both are idempotent, the first one wins.
 */
public final class FrozenCheckpoint {

  private static final Logger LOG = LoggerFactory.getLogger(FrozenCheckpoint.class);

  private final CheckpointRequest request;
  private final String node;
  private final ContainerProcesses processes;
  private final CgroupFreezer freezer;
  private final File outputDir;
  private final long imageBytes;
  private final long workDirBytes;
  private final long frozenTimeMs;
  private final long dumpTimeMs;
  /** Ended: thawed (abort) or killed (complete); nothing more to do. */
  private boolean finished;
  /** A completion began: the tree must never be thawed alive, only killed. */
  private boolean completing;
  /** The MapReduce task attempts the tree runs ({@link TaskFiles#attempts}). */
  private final Collection<String> taskAttempts;
  /** Post-copy: the dump that serves the tree's pages (null: stop-and-copy). */
  private final CriuBackground lazyDump;
  /** Post-copy: the port on loopback where the dump serves them. */
  private final int pageServerPort;
  /** Post-copy: the page stream to the target, once shipped. */
  private Closeable pageStream;
  /** Post-copy: why the pages did not all reach the target (null: they did, or not yet). */
  private String pagesLost;

  /** How long {@link #complete} waits for a post-copy's pages before it fails (retried). */
  static final long PAGES_WAIT_MS = 20_000;

  FrozenCheckpoint(CheckpointRequest request, String node, ContainerProcesses processes,
      CgroupFreezer freezer, File outputDir, long imageBytes, long workDirBytes,
      long frozenTimeMs, long dumpTimeMs, Collection<String> taskAttempts,
      CriuBackground lazyDump, int pageServerPort) {
    this.lazyDump = lazyDump;
    this.pageServerPort = pageServerPort;
    this.taskAttempts = Collections.unmodifiableCollection(new ArrayList<>(taskAttempts));
    this.request = request;
    this.node = node;
    this.processes = processes;
    this.freezer = freezer;
    this.outputDir = outputDir;
    this.imageBytes = imageBytes;
    this.workDirBytes = workDirBytes;
    this.frozenTimeMs = frozenTimeMs;
    this.dumpTimeMs = dumpTimeMs;
  }

  /** True for a post-copy checkpoint: its pages are served, not in the images. */
  public boolean isLazyPages() {
    return lazyDump != null;
  }

  /** Post-copy: the port on loopback where the dump serves the pages. */
  public int getPageServerPort() {
    return pageServerPort;
  }

  /**
   * Post-copy: the page stream to the target; closed by an abort (the dump then stops
   * serving and lets the tree go, still frozen).
   */
  public synchronized void attachPageStream(Closeable stream) {
    if (finished && !completing) {
      closeQuietly(stream);
      return;
    }
    this.pageStream = stream;
    // from here on the target may run the tree: a NodeManager that restarts without
    // knowing this migration must kill the tree, never thaw it (LeftoverCheckpoints)
    File marker = pagesServedMarker(processes.getMigratedMarker());
    try {
      if (!marker.exists() && !marker.createNewFile()) {
        LOG.warn("Migration {}: cannot create {}", request.getMigrationId(), marker);
      }
    } catch (IOException e) {
      LOG.warn("Migration {}: cannot create {}: {}", request.getMigrationId(), marker,
          e.getMessage());
    }
  }

  /**
   * Post-copy: the marker of a tree whose pages were being served to a target (beside its
   * migrated marker); while it exists the tree may run on the target.
   */
  public static File pagesServedMarker(File migratedMarker) {
    return new File(migratedMarker.getPath() + ".pages");
  }

  private void deletePagesServedMarker() {
    File marker = pagesServedMarker(processes.getMigratedMarker());
    if (marker.exists() && !marker.delete()) {
      LOG.warn("Migration {}: cannot delete {}", request.getMigrationId(), marker);
    }
  }

  /** The MapReduce task attempts the tree runs, from its command lines (none: empty). */
  public Collection<String> getTaskAttempts() {
    return taskAttempts;
  }

  /** {@code <out>}: restore spec, images/, workdir/ (the layout the target expects). */
  public File getOutputDir() {
    return outputDir;
  }

  public File getImagesDir() {
    return new File(outputDir, MigrationContract.IMAGES_DIR);
  }

  public long getImageBytes() {
    return imageBytes;
  }

  public long getWorkDirBytes() {
    return workDirBytes;
  }

  /** Freeze to end of the work dir copy. */
  public long getFrozenTimeMs() {
    return frozenTimeMs;
  }

  public long getDumpTimeMs() {
    return dumpTimeMs;
  }

  public int getNamespaceInit() {
    return processes.getNamespaceInit();
  }

  /**
   * The tree runs on the target: marks the container migrated (its launcher exits with
   * EXIT_MIGRATED), kills every frozen process, thaws so the kills land, removes the
   * cgroup and deletes the local images.
   *
   * <p>The tree is thawed only once every process in the cgroup has been sent SIGKILL: if
   * the processes cannot be listed or one cannot be signalled, the tree stays frozen (it
   * must never run beside its copy on the target) and the exception says so and what to
   * do. A marker that cannot be written does not stop the kill. Such a completion may be
   * called again (it kills what is left); an abort after it does nothing.
   */
  public synchronized void complete() throws IOException {
    if (finished) {
      return;
    }
    completing = true;
    if (lazyDump != null) {
      // post-copy: the tree runs on the target and pulls its pages from the dump, which
      // holds the source tree until the last one went; only then is it let go and killed
      try {
        lazyDump.awaitEnd(PAGES_WAIT_MS);
      } catch (CriuException e) {
        if (lazyDump.isAlive()) {
          throw new IOException(failed(Step.COMPLETION, "the target still pulls the tree's"
              + " memory pages after " + PAGES_WAIT_MS + " ms (" + pageStream + "); the"
              + " completion is tried again"), e);
        }
        pagesLost = "the page transfer to the target failed after the restore (" + pageStream
            + "): " + e.getMessage() + "; the tree on the target lacks memory it had not"
            + " pulled yet";
        LOG.error("Migration {} of {}: {}", request.getMigrationId(), request.getContainerId(),
            pagesLost);
      }
      closeQuietly(pageStream);
    }
    IOException failure = null;
    File marker = processes.getMigratedMarker();
    try {
      if (!marker.exists() && !marker.createNewFile()) {
        failure = new IOException("cannot create " + marker);
      }
    } catch (IOException e) {
      failure = new IOException("cannot create " + marker + ": " + e.getMessage(), e);
    }
    if (request.getOwnAddress() != null) {
      try {
        // nothing of the killed sockets may leave (ContainerNetworks.cut)
        ContainerNetworks.cut(request.getOwnAddress());
      } catch (IOException e) {
        failure = chain(failure, new IOException("cannot delete the veth pair of "
            + request.getOwnAddress() + " before the kill: " + e.getMessage(), e));
      }
    }
    List<Integer> unkilled;
    try {
      unkilled = killFrozen();
    } catch (IOException e) {
      failure = chain(failure, e);
      unkilled = null;
    }
    if (unkilled == null || !unkilled.isEmpty()) {
      IOException stays = new IOException("the tree stays frozen in " + freezer.path()
          + " so that it never runs beside its copy on the target ("
          + (unkilled == null ? "its processes could not be listed"
              : "SIGKILL failed for " + unkilled) + "); end its processes (kill -9), then "
          + "remove the cgroup (or restart this NodeManager)");
      throw new IOException(failed(Step.COMPLETION, stays.getMessage()
          + (failure == null ? "" : "; " + failure.getMessage())), chain(failure, stays));
    }
    finished = true; // every process got SIGKILL: what follows is cleanup
    if (lazyDump != null) {
      deletePagesServedMarker();
    }
    failure = destroyFreezer(failure);
    try {
      if (!ProcessTree.awaitExit(processes.getNamespaceInit(), 10_000)) {
        failure = chain(failure, new IOException("namespace init "
            + processes.getNamespaceInit() + " still alive"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failure = deleteOutput(failure);
    if (failure != null) {
      throw new IOException(failed(Step.COMPLETION, failure.getMessage()), failure);
    }
    LOG.info("Completed migration {} of {}: source tree killed", request.getMigrationId(),
        request.getContainerId());
  }

  /**
   * Post-copy, once {@link #complete} waited for the dump: why the tree's pages did not all
   * reach the target (its tree there lacks memory: the container is lost); null when they
   * did, for stop-and-copy, or before.
   */
  public synchronized String getPagesLost() {
    return pagesLost;
  }

  /**
   * Whether the tree is past thawing or killing: false while it waits frozen, and after a
   * completion that could not kill it (it stays frozen; {@link #complete} may be retried).
   */
  public synchronized boolean isFinished() {
    return finished;
  }

  private String failed(Step step, String cause) {
    return MigrationFailure.of(step, request.getContainerId(), request.getMigrationId(), node,
        cause).getMessage();
  }

  /** SIGKILL to every process of the frozen cgroup; see {@link #sigkill}. */
  private List<Integer> killFrozen() throws IOException {
    return sigkill(freezer.pids());
  }

  /**
   * SIGKILL to each pid (a frozen process dies once thawed).
   *
   * @return the pids that could not be signalled and still exist
   */
  static List<Integer> sigkill(List<Integer> pids) throws IOException {
    List<Integer> unkilled = new ArrayList<>();
    for (int pid : pids) {
      if (!ProcessTree.signal(pid, "KILL") && ProcessTree.isAlive(pid)) {
        unkilled.add(pid);
      }
    }
    return unkilled;
  }

  /** The migration failed: thaw (the container runs on), remove the cgroup and images. */
  public synchronized void abort() throws IOException {
    if (finished || completing) {
      return;
    }
    finished = true;
    if (lazyDump != null) {
      // the dump stops serving once its stream closes and lets the tree go (still frozen);
      // one that does not is killed (its tracees are let go as well)
      closeQuietly(pageStream);
      try {
        lazyDump.awaitEnd(5_000);
      } catch (CriuException e) {
        LOG.debug("Lazy dump of migration {} ended: {}", request.getMigrationId(),
            e.getMessage());
      }
      lazyDump.close();
      deletePagesServedMarker();
    }
    if (request.getOwnAddress() != null) {
      ContainerCheckpointer.reconnect(request.getOwnAddress());
    }
    IOException failure = destroyFreezer(null);
    failure = deleteOutput(failure);
    if (failure != null) {
      throw new IOException(failed(Step.ABORT, failure.getMessage()), failure);
    }
    LOG.info("Aborted migration {} of {}: container thawed", request.getMigrationId(),
        request.getContainerId());
  }

  private IOException destroyFreezer(IOException failure) {
    try {
      freezer.destroy();
    } catch (IOException e) {
      return chain(failure, e);
    }
    return failure;
  }

  private IOException deleteOutput(IOException failure) {
    try {
      WorkDirCopier.deleteTree(outputDir.toPath());
    } catch (IOException e) {
      return chain(failure, e);
    }
    return failure;
  }

  private static void closeQuietly(Closeable c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException e) {
        LOG.debug("Closing {}: {}", c, e.toString());
      }
    }
  }

  private static IOException chain(IOException first, IOException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }
}
