/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Small /proc helpers: children, descendants, state, signals. Linux only. */
public final class ProcessTree {
  private static final Path PROC = Paths.get("/proc");

  private ProcessTree() {
  }

  /** Direct children of {@code pid} (all its threads), empty if it is gone. */
  public static List<Integer> children(int pid) {
    Set<Integer> result = new LinkedHashSet<Integer>();
    Path tasks = PROC.resolve(Integer.toString(pid)).resolve("task");
    boolean viaChildrenFile = false;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(tasks)) {
      for (Path task : ds) {
        Path children = task.resolve("children");
        if (!Files.exists(children)) {
          break;
        }
        viaChildrenFile = true;
        for (String tok : read(children).trim().split("\\s+")) {
          if (!tok.isEmpty()) {
            result.add(Integer.parseInt(tok));
          }
        }
      }
    } catch (IOException e) {
      return new ArrayList<Integer>(result);
    }
    if (!viaChildrenFile) {
      result.addAll(scanChildren(pid));
    }
    return new ArrayList<Integer>(result);
  }

  private static List<Integer> scanChildren(int pid) {
    List<Integer> result = new ArrayList<Integer>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path p : ds) {
        int child = Integer.parseInt(p.getFileName().toString());
        String[] stat = stat(child);
        if (stat != null && Integer.parseInt(stat[1]) == pid) {
          result.add(child);
        }
      }
    } catch (IOException e) {
      // /proc unreadable: nothing found
    }
    return result;
  }

  /** Every descendant of {@code pid}, breadth first, without pid itself. */
  public static List<Integer> descendants(int pid) {
    List<Integer> result = new ArrayList<Integer>();
    Deque<Integer> todo = new ArrayDeque<Integer>(children(pid));
    while (!todo.isEmpty()) {
      int p = todo.removeFirst();
      if (!result.contains(p)) {
        result.add(p);
        todo.addAll(children(p));
      }
    }
    return result;
  }

  /** The state letter of /proc/pid/stat (R, S, D, T, Z, ...), or 0 when gone. */
  public static char state(int pid) {
    String[] stat = stat(pid);
    return stat == null ? 0 : stat[0].charAt(0);
  }

  /** True while {@code pid} exists and is not a zombie. */
  public static boolean isAlive(int pid) {
    char s = state(pid);
    return s != 0 && s != 'Z' && s != 'X';
  }

  /** Fields of /proc/pid/stat after "(comm)": [state, ppid, pgrp, session, ...]. */
  private static String[] stat(int pid) {
    try {
      String s = read(PROC.resolve(Integer.toString(pid)).resolve("stat"));
      int close = s.lastIndexOf(')');
      return close < 0 ? null : s.substring(close + 2).trim().split("\\s+");
    } catch (IOException e) {
      return null;
    }
  }

  /** The pid of a started {@link Process} (Process.pid() on Java 9+, a field on 8). */
  public static int pidOf(Process process) {
    try {
      Method m = Process.class.getMethod("pid");
      return ((Long) m.invoke(process)).intValue();
    } catch (ReflectiveOperationException e) {
      try {
        java.lang.reflect.Field f = process.getClass().getDeclaredField("pid");
        f.setAccessible(true);
        return f.getInt(process);
      } catch (ReflectiveOperationException e2) {
        throw new IllegalStateException("cannot get the pid of " + process, e2);
      }
    }
  }

  /**
   * Sends {@code signal} (e.g. "KILL", "TERM", "CONT") to {@code pid} with kill(1).
   * @return true when kill(1) succeeded
   */
  public static boolean signal(int pid, String signal) throws IOException {
    return kill(signal, Integer.toString(pid));
  }

  /**
   * Sends {@code signal} to every process of the process group {@code pgid}, then to each
   * of {@code andPids}, with one kill(1) (the signals follow each other at once).
   * @return true when kill(1) succeeded
   */
  public static boolean signalGroup(int pgid, String signal, int... andPids)
      throws IOException {
    if (pgid <= 1) {
      throw new IllegalArgumentException("not a process group to signal: " + pgid);
    }
    List<String> targets = new ArrayList<>(Arrays.asList("--", "-" + pgid));
    for (int pid : andPids) {
      targets.add(Integer.toString(pid));
    }
    return kill(signal, targets.toArray(new String[0]));
  }

  /** kill(1) -{@code signal} {@code targets}, bounded; true when it exited 0. */
  private static boolean kill(String signal, String... targets) throws IOException {
    List<String> cmd = new ArrayList<>(Arrays.asList("kill", "-" + signal));
    cmd.addAll(Arrays.asList(targets));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(new File("/dev/null")).start();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted sending " + signal + " to "
          + String.join(" ", targets));
    }
  }

  /**
   * The value of one field of {@code /proc/<pid>/status} ({@code "self"} for this process),
   * trimmed, e.g. {@code statusField("self", "CapPrm")}.
   *
   * @throws IOException when the file cannot be read or has no such field
   */
  public static String statusField(String pid, String field) throws IOException {
    Path status = Paths.get("/proc", pid, "status");
    String value = field(Files.readAllLines(status, StandardCharsets.UTF_8), field);
    if (value == null) {
      throw new IOException("no " + field + " line in " + status);
    }
    return value;
  }

  /** The value of {@code field} in the lines of a status file, trimmed, or null. */
  public static String field(List<String> status, String field) {
    String prefix = field + ":";
    for (String line : status) {
      if (line.startsWith(prefix)) {
        return line.substring(prefix.length()).trim();
      }
    }
    return null;
  }

  /** Waits until {@code pid} is gone or a zombie; true if it went in time. */
  public static boolean awaitExit(int pid, long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (isAlive(pid)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  private static String read(Path p) throws IOException {
    return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
  }
}
