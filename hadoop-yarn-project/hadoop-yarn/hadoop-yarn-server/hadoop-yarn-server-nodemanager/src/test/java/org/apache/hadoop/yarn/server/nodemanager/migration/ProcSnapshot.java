/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.criu.ProcessTree;

/** Pids with their start times, so a reused pid is not mistaken for a survivor. */
public final class ProcSnapshot {

  private final Map<Integer, String> startTimes = new LinkedHashMap<>();

  /** pid and all its descendants. */
  public static ProcSnapshot ofTree(int pid) {
    ProcSnapshot s = new ProcSnapshot();
    s.add(pid);
    for (int d : ProcessTree.descendants(pid)) {
      s.add(d);
    }
    return s;
  }

  public ProcSnapshot add(int pid) {
    String st = startTime(pid);
    if (st != null) {
      startTimes.put(pid, st);
    }
    return this;
  }

  public ProcSnapshot addAll(List<Integer> pids) {
    for (int p : pids) {
      add(p);
    }
    return this;
  }

  public int size() {
    return startTimes.size();
  }

  /** Processes of the snapshot that still run (same pid, same start time, not zombie). */
  public List<String> survivors() {
    List<String> alive = new ArrayList<>();
    for (Map.Entry<Integer, String> e : startTimes.entrySet()) {
      String st = startTime(e.getKey());
      if (e.getValue().equals(st)) {
        alive.add(e.getKey() + " " + cmdline(e.getKey()));
      }
    }
    return alive;
  }

  /** Field 22 of /proc/pid/stat, null if gone or a zombie. */
  static String startTime(int pid) {
    try {
      String stat = new String(Files.readAllBytes(Paths.get("/proc", Integer.toString(pid),
          "stat")), StandardCharsets.UTF_8);
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      if ("Z".equals(f[0]) || "X".equals(f[0])) {
        return null;
      }
      return f[19];
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  public static String cmdline(int pid) {
    try {
      return new String(Files.readAllBytes(Paths.get("/proc", Integer.toString(pid),
          "cmdline")), StandardCharsets.UTF_8).replace('\0', ' ').trim();
    } catch (IOException e) {
      return "?";
    }
  }

  /**
   * The pid of a {@code criu <action>} (dump, restore) of migration {@code m} (its images
   * dir names m), or -1: a process whose program is criu (run directly or by the dynamic
   * loader of a private install), not a launcher whose command line names it after
   * {@code --} (restore-launcher.sh, unshare).
   */
  public static int criuPid(String action, String m) {
    java.io.File[] procs = new java.io.File("/proc").listFiles();
    for (java.io.File p : procs == null ? new java.io.File[0] : procs) {
      if (!p.getName().matches("[0-9]+")) {
        continue;
      }
      int pid = Integer.parseInt(p.getName());
      String cmd = cmdline(pid);
      if ((cmd.startsWith("criu " + action + " ") || cmd.contains("/criu " + action + " "))
          && cmd.contains(m)) {
        return pid;
      }
    }
    return -1;
  }

  @Override
  public String toString() {
    return startTimes.keySet().toString();
  }
}
