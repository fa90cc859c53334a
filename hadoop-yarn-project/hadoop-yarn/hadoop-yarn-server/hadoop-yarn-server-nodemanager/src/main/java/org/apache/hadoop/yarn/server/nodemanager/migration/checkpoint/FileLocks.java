/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;


/**
 * File locks and a move. The locks a container's tree holds -- POSIX ({@code fcntl}), BSD
 * ({@code flock}) and open file description locks, as embedded databases and Java's
 * {@code FileChannel.lock} take them -- are dumped and restored with it ({@code criu
 * --file-locks}). A lock that a process outside the tree holds on a file the tree has
 * open cannot move: the two would no longer exclude each other once the tree runs on
 * another host. Such a tree is refused before the freeze, naming the file and the lock's
 * holder, and runs on where it is.
 *
 * <p>Locks come from {@code /proc/locks}, files are compared by device and inode. Which
 * locks are the tree's own comes from its fds' {@code /proc/<pid>/fdinfo/<fd>}, whose
 * {@code lock:} lines are the locks of that open file (a POSIX lock of the process, an
 * flock or open file description lock of that open file description): the pid a
 * /proc/locks line shows is only who took the lock, which for an flock may be a process
 * that has exited since (a shell's {@code flock 9}) or, for an open file description lock,
 * none (-1).
 */
public final class FileLocks {

  /**
   * {@code <id>: [-> ]<kind> <ADVISORY|MANDATORY|...> <READ|WRITE|...> <pid>
   * <major>:<minor>:<inode> <start> <end>}; "->" marks a waiter, which holds nothing.
   */
  private static final Pattern LINE = Pattern.compile(
      "^\\d+:\\s+(->\\s+)?(\\S+)\\s+\\S+\\s+(\\S+)\\s+(-?\\d+)\\s+([0-9a-fA-F]+):([0-9a-fA-F]+):(\\d+)\\b");

  private FileLocks() {
  }

  /** A held lock of /proc/locks. */
  static final class Lock {
    final String kind;
    final String access;
    final int pid;
    /** {@code <major>:<minor>:<inode>}, major and minor as two-digit hex at least. */
    final String file;
    /** The line without its id, blanks collapsed: the same in /proc/locks and fdinfo. */
    final String description;

    Lock(String kind, String access, int pid, String file, String description) {
      this.kind = kind;
      this.access = access;
      this.pid = pid;
      this.file = file;
      this.description = description;
    }
  }

  /**
   * The held locks of a /proc/locks text, or of the {@code lock:} lines of an fdinfo
   * (waiters and lines of other shapes skipped).
   */
  static List<Lock> parse(String procLocks) {
    List<Lock> out = new ArrayList<>();
    for (String line : procLocks.split("\n")) {
      String l = line.trim();
      if (l.startsWith("lock:")) {
        l = l.substring("lock:".length()).trim();
      }
      Matcher m = LINE.matcher(l);
      if (!m.find() || m.group(1) != null) {
        continue;
      }
      out.add(new Lock(m.group(2), m.group(3), Integer.parseInt(m.group(4)),
          key(Long.parseLong(m.group(5), 16), Long.parseLong(m.group(6), 16),
              Long.parseLong(m.group(7))),
          l.substring(l.indexOf(':') + 1).trim().replaceAll("\\s+", " ")));
    }
    return out;
  }

  /** The file key as /proc/locks prints it. */
  static String key(long major, long minor, long inode) {
    return String.format("%02x:%02x:%d", major, minor, inode);
  }

  /**
   * The first lock held outside the tree on a file the tree has open, as a sentence for
   * the checkpoint's error, or null.
   *
   * @param locks the held locks (/proc/locks)
   * @param owned the descriptions of the locks of the tree's open files (their fdinfo)
   * @param open where the tree holds a file ("pid 12 fd 7") -&gt; {file key, path}
   */
  static String firstForeignLock(List<Lock> locks, Set<String> owned,
      Map<String, String[]> open) {
    return firstForeignLock(locks, owned, java.util.Collections.<Integer>emptySet(), open);
  }

  /**
   * {@link #firstForeignLock(List, Set, Map)}, where a lock whose owner (its pid in
   * /proc/locks) is a process of the tree is the tree's too: one it took or released
   * between the two reads (SQLite does so on its -shm file all the time) is no foreign lock.
   *
   * @param treePids the tree's processes
   */
  static String firstForeignLock(List<Lock> locks, Set<String> owned, Set<Integer> treePids,
      Map<String, String[]> open) {
    for (Map.Entry<String, String[]> e : open.entrySet()) {
      for (Lock l : locks) {
        if (l.file.equals(e.getValue()[0]) && !owned.contains(l.description)
            && !(l.pid > 0 && treePids.contains(l.pid))) {
          return e.getValue()[1] + " (held by " + e.getKey() + ") is locked outside the"
              + " container (" + l.kind + " " + l.access + " lock"
              + (l.pid > 0 ? " taken by pid " + l.pid : "") + "): the lock cannot move with"
              + " the container. The container runs on where it is; migrate it once the lock"
              + " is released";
        }
      }
    }
    return null;
  }

  /**
   * {@link #firstForeignLock} for a live tree: its fds' files (by device and inode) against
   * /proc/locks; an fd closed meanwhile is skipped.
   */
  public static String firstForeignLock(TreeFds tree) throws IOException {
    List<Lock> locks = parse(new String(Files.readAllBytes(Paths.get("/proc/locks")),
        StandardCharsets.US_ASCII));
    if (locks.isEmpty()) {
      return null;
    }
    Map<String, String[]> open = new LinkedHashMap<>();
    Set<String> owned = new HashSet<>();
    Set<Integer> treePids = new HashSet<>();
    for (TreeFds.Entry fd : tree.all()) {
      treePids.add(fd.getPid());
      if (fd.getFd() == null || !fd.isPath()) {
        continue;
      }
      try {
        Path p = fd.procLink();
        long dev = (Long) Files.getAttribute(p, "unix:dev");
        long ino = (Long) Files.getAttribute(p, "unix:ino");
        open.put(fd.holder(), new String[] {key(major(dev), minor(dev), ino), fd.getTarget()});
        for (Lock l : parse(new String(Files.readAllBytes(fd.procFdInfo()),
            StandardCharsets.US_ASCII))) {
          owned.add(l.description);
        }
      } catch (IOException | UnsupportedOperationException | ClassCastException e) {
        // closed meanwhile, or not a file
      }
    }
    return firstForeignLock(locks, owned, treePids, open);
  }

  /** Linux's dev_t encoding (glibc gnu_dev_major / gnu_dev_minor). */
  static long major(long dev) {
    return ((dev >>> 8) & 0xfffL) | ((dev >>> 32) & ~0xfffL);
  }

  static long minor(long dev) {
    return (dev & 0xffL) | ((dev >>> 12) & ~0xffL);
  }
}
