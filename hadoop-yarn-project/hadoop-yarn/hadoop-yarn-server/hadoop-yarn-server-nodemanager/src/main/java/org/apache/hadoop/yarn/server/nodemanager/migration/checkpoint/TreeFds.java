/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.hadoop.criu.ProcessTree;

/**
 * What a live process tree holds open, read once from {@code /proc}: every process's cwd
 * and the targets of its fds. The checks before the freeze ({@link MovableFiles},
 * {@link FileLocks}, {@link UnixSockets}) share one walk. A process or fd that goes away
 * while this reads is left out.
 */
public final class TreeFds {

  /** One cwd or fd of a process of the tree. */
  public static final class Entry {
    private final int pid;
    private final String fd;
    private final String target;

    Entry(int pid, String fd, String target) {
      this.pid = pid;
      this.fd = fd;
      this.target = target;
    }

    /** The process that holds it. */
    public int getPid() {
      return pid;
    }

    /** The fd number, or null for the cwd. */
    public String getFd() {
      return fd;
    }

    /** What the link names: an absolute path, {@code socket:[N]}, {@code pipe:[N]}, ... */
    public String getTarget() {
      return target;
    }

    public boolean isPath() {
      return target.startsWith("/");
    }

    /** {@code /proc/<pid>/fd/<fd>} (or {@code cwd}): opens what the process holds. */
    public Path procLink() {
      return fd == null ? Paths.get("/proc", Integer.toString(pid), "cwd")
          : Paths.get("/proc", Integer.toString(pid), "fd", fd);
    }

    /** {@code /proc/<pid>/fdinfo/<fd>}; null for the cwd. */
    public Path procFdInfo() {
      return fd == null ? null : Paths.get("/proc", Integer.toString(pid), "fdinfo", fd);
    }

    /** "pid P fd F" or "pid P cwd", as error messages name a holder. */
    public String holder() {
      return "pid " + pid + (fd == null ? " cwd" : " fd " + fd);
    }
  }

  private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)\\]");

  private final List<Entry> entries;

  private TreeFds(List<Entry> entries) {
    this.entries = Collections.unmodifiableList(entries);
  }

  /** Reads the tree rooted at {@code init} (it and its descendants), cwd first per process. */
  public static TreeFds of(int init) {
    List<Integer> pids = new ArrayList<>();
    pids.add(init);
    pids.addAll(ProcessTree.descendants(init));
    List<Entry> out = new ArrayList<>();
    for (int pid : pids) {
      String proc = "/proc/" + pid;
      try {
        out.add(new Entry(pid, null, Files.readSymbolicLink(Paths.get(proc, "cwd"))
            .toString()));
      } catch (IOException | UnsupportedOperationException e) {
        // gone
      }
      File[] fds = new File(proc, "fd").listFiles();
      if (fds == null) {
        continue;
      }
      for (File fd : fds) {
        try {
          out.add(new Entry(pid, fd.getName(),
              Files.readSymbolicLink(fd.toPath()).toString()));
        } catch (IOException | UnsupportedOperationException e) {
          // closed meanwhile
        }
      }
    }
    return new TreeFds(out);
  }

  /** Every cwd and fd, in the order read. */
  public List<Entry> all() {
    return entries;
  }

  /**
   * The tree's socket inodes (of every kind, from fds {@code socket:[inode]}) -&gt; the
   * holder of each (its first fd), in the order read.
   */
  public Map<Long, String> socketHolders() {
    Map<Long, String> out = new LinkedHashMap<>();
    for (Entry e : entries) {
      Matcher m = SOCKET_LINK.matcher(e.getTarget());
      if (e.getFd() != null && m.matches()) {
        out.putIfAbsent(Long.parseLong(m.group(1)), e.holder());
      }
    }
    return out;
  }
}
