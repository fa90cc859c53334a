/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.agent;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether the one connection a page server on loopback took is this NodeManager's: a
 * local process that connected to its port first would otherwise get the migration's page
 * stream served (its own bytes written as pages; the dump that then finds nobody serving
 * its connection waits for its timeout). Read from the kernel's TCP table of this network
 * namespace ({@code /proc/self/net/tcp}) and the page server's file descriptors.
 */
final class PageServerPeer {

  /** "ESTABLISHED" in /proc/net/tcp. */
  private static final String ESTABLISHED = "01";

  private PageServerPeer() {
  }

  /**
   * Waits, at most {@code waitMs}, until the page server holds an established connection
   * on {@code serverPort}.
   *
   * @return null when that connection comes from {@code ourPort}, else what it comes from
   *     (or that none came)
   */
  static String strangerOf(int serverPid, int serverPort, int ourPort, long waitMs)
      throws IOException {
    long deadline = System.nanoTime() + waitMs * 1_000_000L;
    while (true) {
      Set<String> inodes = socketInodes(serverPid);
      for (String[] e : established(serverPort)) {
        if (inodes.contains(e[1])) {
          int from = Integer.parseInt(e[0], 16);
          return from == ourPort ? null : "a connection from port " + from;
        }
      }
      if (System.nanoTime() > deadline) {
        return "no connection taken within " + waitMs + " ms";
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while checking the page server's peer", e);
      }
    }
  }

  /**
   * {remote port (hex), inode} of each established connection on local port, IPv4 (CRIU's
   * sockets) and IPv6 (a JVM's, also for IPv4-mapped addresses).
   */
  static List<String[]> established(int localPort) throws IOException {
    List<String[]> out = new java.util.ArrayList<>();
    String port = String.format(":%04X", localPort);
    for (String table : new String[] {"/proc/self/net/tcp", "/proc/self/net/tcp6"}) {
      File f = new File(table);
      if (!f.exists()) {
        continue;
      }
      for (String line : Files.readAllLines(f.toPath())) {
        String[] c = line.trim().split("\\s+");
        if (c.length < 10 || !c[1].endsWith(port) || !ESTABLISHED.equals(c[3])) {
          continue;
        }
        String remote = c[2];
        out.add(new String[] {remote.substring(remote.lastIndexOf(':') + 1), c[9]});
      }
    }
    return out;
  }

  /** The inodes of the sockets a process holds. */
  static Set<String> socketInodes(int pid) {
    Set<String> out = new HashSet<>();
    File[] fds = new File("/proc/" + pid + "/fd").listFiles();
    for (File fd : fds == null ? new File[0] : fds) {
      try {
        String link = Files.readSymbolicLink(fd.toPath()).toString();
        if (link.startsWith("socket:[") && link.endsWith("]")) {
          out.add(link.substring(8, link.length() - 1));
        }
      } catch (IOException | UnsupportedOperationException gone) {
        // closed meanwhile
      }
    }
    return out;
  }
}
