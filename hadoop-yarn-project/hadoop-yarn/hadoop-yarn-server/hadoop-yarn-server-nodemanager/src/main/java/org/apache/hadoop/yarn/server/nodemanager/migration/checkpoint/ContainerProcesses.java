/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.hadoop.criu.ProcessTree;
import org.apache.hadoop.yarn.server.nodemanager.migration.executor.CheckpointableContainerExecutor;

/**
 * The processes of a container launched by {@link CheckpointableContainerExecutor}, read
 * from /proc:
 * <pre>
 * P (NM pid file)  /bin/bash container-launcher.sh &lt;marker&gt; ...  (or restore-launcher.sh)
 *   └─ unshare (or criu restore)
 *        └─ namespace init (NSpid ends in 1)   &lt;- what CRIU dumps
 * </pre>
 */
public final class ContainerProcesses {

  private final int launcherPid;
  private final int namespaceInit;
  private final File migratedMarker;

  /** A tree already read (tests); {@link #of} reads one. */
  ContainerProcesses(int launcherPid, int namespaceInit, File migratedMarker) {
    this.launcherPid = launcherPid;
    this.namespaceInit = namespaceInit;
    this.migratedMarker = migratedMarker;
  }

  /** Reads the tree under the launcher pid P; fails if it is not our launcher's shape. */
  public static ContainerProcesses of(int launcherPid) throws IOException {
    List<String> argv = cmdline(launcherPid);
    File marker = null;
    if (argv.size() >= 4 && argv.get(1).endsWith("/"
        + CheckpointableContainerExecutor.CONTAINER_LAUNCHER)) {
      // bash container-launcher.sh <exit-migrated> <migrated-marker> <command...>
      marker = new File(argv.get(3));
    } else if (argv.size() >= 3 && argv.get(1).endsWith("/"
        + CheckpointableContainerExecutor.RESTORE_LAUNCHER)) {
      // bash restore-launcher.sh ... --migrated-marker <file> ... -- <criu ...>
      int at = argv.indexOf("--migrated-marker");
      int end = argv.indexOf("--");
      if (at > 1 && at + 1 < argv.size() && (end < 0 || at < end)) {
        marker = new File(argv.get(at + 1));
      }
    }
    if (marker == null) {
      throw new IOException("process " + launcherPid + " is not a checkpointable container"
          + " launcher: " + String.join(" ", argv));
    }
    int depth = nsDepth(launcherPid);
    int pid = launcherPid;
    // Walk down single children (launcher -> unshare/criu -> ns init).
    for (int hop = 0; hop < 4; hop++) {
      List<Integer> children = ProcessTree.children(pid);
      if (children.size() != 1) {
        break;
      }
      pid = children.get(0);
      List<String> nspid = nsPids(pid);
      if (nspid.size() > depth && "1".equals(nspid.get(nspid.size() - 1))) {
        return new ContainerProcesses(launcherPid, pid, marker);
      }
    }
    throw new IOException("no pid namespace init under launcher " + launcherPid
        + " (the container has not started its command, or has ended)");
  }

  /**
   * The directories a restored tree sees as its work dir and log dir (its original
   * container's: restore-launcher.sh presents the target's dirs there), as the restore
   * launcher's command line names them; null for any other launcher. What an NM that
   * restarted knows of a container restored before: its record of the restore is gone,
   * the launcher runs on.
   *
   * @return {work dir, log dir} as the tree sees them, or null
   */
  public static File[] restoredTreeDirs(int launcherPid) throws IOException {
    return restoredTreeDirs(cmdline(launcherPid));
  }

  /** {@link #restoredTreeDirs(int)} of a command line (pure). */
  static File[] restoredTreeDirs(List<String> argv) {
    if (argv.size() < 3 || !argv.get(1).endsWith("/"
        + CheckpointableContainerExecutor.RESTORE_LAUNCHER)) {
      return null;
    }
    int end = argv.indexOf("--");
    String work = optionValue(argv, "--source-work-dir", end);
    String log = optionValue(argv, "--source-log-dir", end);
    return work == null || log == null ? null : new File[] {new File(work), new File(log)};
  }

  /** The value after {@code name} among the launcher's own options (before {@code --}). */
  private static String optionValue(List<String> argv, String name, int end) {
    int limit = end < 0 ? argv.size() : end;
    for (int i = 2; i + 1 < limit; i += 2) {
      if (argv.get(i).equals(name)) {
        return argv.get(i + 1);
      }
    }
    return null;
  }

  /** The NSpid entries of /proc/pid/status (one per pid namespace level). */
  public static List<String> nsPids(int pid) throws IOException {
    return Arrays.asList(ProcessTree.statusField(Integer.toString(pid), "NSpid")
        .split("\\s+"));
  }

  private static int nsDepth(int pid) throws IOException {
    return nsPids(pid).size();
  }

  /** argv of a process. */
  public static List<String> cmdline(int pid) throws IOException {
    byte[] raw = Files.readAllBytes(Paths.get("/proc", Integer.toString(pid), "cmdline"));
    List<String> argv = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == 0) {
        argv.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    if (start < raw.length) {
      argv.add(new String(raw, start, raw.length - start, StandardCharsets.UTF_8));
    }
    return argv;
  }

  public int getLauncherPid() {
    return launcherPid;
  }

  public int getNamespaceInit() {
    return namespaceInit;
  }

  public File getMigratedMarker() {
    return migratedMarker;
  }

  /**
   * Whether the tree lives in a mount namespace other than this process's (the NM's): a
   * restored tree does, its namespace presenting the original container's directories.
   */
  public boolean hasOwnMountNamespace() throws IOException {
    return !Files.readSymbolicLink(Paths.get("/proc", Integer.toString(namespaceInit), "ns",
        "mnt")).equals(Files.readSymbolicLink(Paths.get("/proc/self/ns/mnt")));
  }
}
