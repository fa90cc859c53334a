/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu.cgroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.criu.ProcessTree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What v1 and v2 freezers share: membership, waiting, removal. */
abstract class AbstractCgroupFreezer implements CgroupFreezer {
  private static final Logger LOG = LoggerFactory.getLogger(AbstractCgroupFreezer.class);
  static final long POLL_MS = 10;
  static final long DESTROY_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(10);
  private static final int MAX_TREE_ROUNDS = 20;

  private final Path hierarchyRoot;
  private final Path dir;
  /** Each added process's cgroup in this hierarchy before it came in: where it goes back. */
  private final Map<Integer, Path> origins = new ConcurrentHashMap<>();
  /** Where a process forked inside goes back to: the first added process's cgroup. */
  private volatile Path treeOrigin;

  AbstractCgroupFreezer(Path hierarchyRoot, Path dir) {
    this.hierarchyRoot = hierarchyRoot;
    this.dir = dir;
  }

  /**
   * Whether a line of {@code /proc/<pid>/cgroup} ({@code id:controllers:path}) is this
   * hierarchy's.
   */
  abstract boolean isThisHierarchy(String id, String controllers);

  /**
   * The process's cgroup directory in this hierarchy, from {@code /proc/<pid>/cgroup}; null
   * when the process is gone, or the path is not below the hierarchy's root.
   */
  Path cgroupOf(int pid) {
    List<String> lines;
    try {
      lines = Files.readAllLines(java.nio.file.Paths.get("/proc/" + pid + "/cgroup"),
          StandardCharsets.US_ASCII);
    } catch (IOException gone) {
      return null;
    }
    for (String line : lines) {
      String[] f = line.split(":", 3);
      if (f.length == 3 && isThisHierarchy(f[0], f[1]) && f[2].startsWith("/")) {
        Path p = f[2].equals("/") ? hierarchyRoot
            : hierarchyRoot.resolve(f[2].substring(1)).normalize();
        return p.startsWith(hierarchyRoot) ? p : null;
      }
    }
    return null;
  }

  /** Resolves and checks a cgroup name below {@code root}. */
  static Path resolve(Path root, String name) {
    if (name == null || name.isEmpty() || name.startsWith("/")) {
      throw new IllegalArgumentException("cgroup name must be relative: " + name);
    }
    for (String part : name.split("/")) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        throw new IllegalArgumentException("bad cgroup name: " + name);
      }
    }
    return root.resolve(name);
  }

  /**
   * What the v1 and v2 factories share: cgroups below {@code root} (created with their
   * parents), an existing one recognised by its control file.
   */
  abstract static class Factory implements CgroupFreezerFactory {
    private final Path root;
    private final String controlFile;
    private final String kind;
    private final String notAFreezer;

    /**
     * @param controlFile the file that makes a directory a freezer cgroup
     * @param kind what {@link #toString()} calls it, e.g. "cgroup v1 freezer"
     * @param notAFreezer the start of {@link #open}'s error for a directory without it
     */
    Factory(Path root, String controlFile, String kind, String notAFreezer) {
      this.root = root;
      this.controlFile = controlFile;
      this.kind = kind;
      this.notAFreezer = notAFreezer;
    }

    /** A freezer of the cgroup {@code dir} below the factory's root. */
    abstract CgroupFreezer newFreezer(Path hierarchyRoot, Path dir);

    /** Checks a directory {@link #create} made; by default nothing. */
    void checkCreated(Path dir) throws IOException {
    }

    @Override
    public Path root() {
      return root;
    }

    @Override
    public CgroupFreezer create(String name) throws IOException {
      Path dir = resolve(root, name);
      Files.createDirectories(dir);
      checkCreated(dir);
      return newFreezer(root, dir);
    }

    @Override
    public CgroupFreezer open(String name) throws IOException {
      Path dir = resolve(root, name);
      if (!Files.isRegularFile(dir.resolve(controlFile))) {
        throw new IOException(notAFreezer + dir);
      }
      return newFreezer(root, dir);
    }

    @Override
    public String toString() {
      return kind + " at " + root;
    }
  }

  @Override
  public Path path() {
    return dir;
  }

  /** Requests the freeze; state() tells when it is done. */
  abstract void requestFreeze() throws IOException;

  abstract void requestThaw() throws IOException;

  @Override
  public void addProcess(int pid) throws IOException {
    Path origin = cgroupOf(pid);
    if (origin != null && !origin.equals(dir)) {
      origins.putIfAbsent(pid, origin);
      if (treeOrigin == null) {
        treeOrigin = origin;
      }
    }
    write(dir.resolve("cgroup.procs"), Integer.toString(pid));
  }

  /**
   * Moves a process out, back to the cgroup it was in when added (its tree's for one
   * forked inside); to the hierarchy's root when that cgroup is gone or was never known.
   */
  private void moveBack(int pid) throws IOException {
    Path back = origins.get(pid);
    if (back == null) {
      back = treeOrigin;
    }
    if (back != null && !back.equals(hierarchyRoot) && Files.isDirectory(back)) {
      try {
        write(back.resolve("cgroup.procs"), Integer.toString(pid));
        return;
      } catch (IOException e) {
        LOG.debug("Cannot move {} back to {}: {}", pid, back, e.toString());
      }
    }
    write(hierarchyRoot.resolve("cgroup.procs"), Integer.toString(pid));
  }

  @Override
  public void addTree(int pid) throws IOException {
    addProcess(pid);
    List<Integer> added = new ArrayList<Integer>();
    for (int round = 0; round < MAX_TREE_ROUNDS; round++) {
      boolean grew = false;
      for (int child : ProcessTree.descendants(pid)) {
        if (added.contains(child)) {
          continue;
        }
        try {
          addProcess(child);
        } catch (IOException e) {
          if (ProcessTree.isAlive(child)) {
            throw e;
          }
        }
        added.add(child);
        grew = true;
      }
      if (!grew) {
        return;
      }
    }
  }

  @Override
  public List<Integer> pids() throws IOException {
    List<Integer> pids = new ArrayList<Integer>();
    for (String line : Files.readAllLines(dir.resolve("cgroup.procs"),
        StandardCharsets.US_ASCII)) {
      if (!line.trim().isEmpty()) {
        pids.add(Integer.parseInt(line.trim()));
      }
    }
    return pids;
  }

  @Override
  public void freeze(long timeoutMs) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    long nextRequest = 0;
    FreezerState s;
    while ((s = state()) != FreezerState.FROZEN) {
      long now = System.nanoTime();
      if (now > deadline) {
        IOException e = new IOException("freezing " + dir + " timed out after " + timeoutMs
            + " ms (state " + s + ")");
        try {
          thaw();
        } catch (IOException te) {
          e.addSuppressed(te);
        }
        throw e;
      }
      if (now >= nextRequest) {
        // v1 can stay FREEZING until FROZEN is written again.
        requestFreeze();
        nextRequest = now + TimeUnit.MILLISECONDS.toNanos(100);
      }
      sleep();
    }
  }

  @Override
  public void thaw() throws IOException {
    requestThaw();
  }

  @Override
  public void destroy() throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    IOException failure = null;
    try {
      thaw();
    } catch (IOException e) {
      failure = e;
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DESTROY_TIMEOUT_MS);
    while (true) {
      try {
        for (int pid : pids()) {
          try {
            moveBack(pid);
          } catch (IOException gone) {
            // exited meanwhile
          }
        }
        Files.delete(dir);
        LOG.debug("Removed cgroup {}", dir);
        return;
      } catch (NoSuchFileException gone) {
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          IOException ex = new IOException("cannot remove cgroup " + dir, e);
          if (failure != null) {
            ex.addSuppressed(failure);
          }
          throw ex;
        }
        sleep();
      }
    }
  }

  @Override
  public void close() throws IOException {
    destroy();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "{" + dir + "}";
  }

  static void write(Path file, String value) throws IOException {
    Files.write(file, value.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE);
  }

  static String read(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
  }

  static void sleep() throws IOException {
    try {
      Thread.sleep(POLL_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted");
    }
  }
}
