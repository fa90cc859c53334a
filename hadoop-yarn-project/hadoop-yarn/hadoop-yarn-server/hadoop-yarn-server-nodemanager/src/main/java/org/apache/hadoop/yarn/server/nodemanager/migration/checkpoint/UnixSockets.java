/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unix sockets and a move. Unix sockets between processes of the container's tree (a
 * socketpair, a server and its clients inside the container) move with it. A unix socket
 * whose peer is a process outside the tree cannot: CRIU refuses to dump one end of a
 * stream connection ("Can't dump half of stream unix connection"), and a datagram socket
 * connected to an outside name only with an option this NodeManager does not use. Such a
 * tree is refused before the freeze, naming the socket and its peer, and runs on where it
 * is.
 *
 * <p>The tree's sockets come from its fds ({@code socket:[inode]}); every unix socket's
 * peer from {@code ss -x -a -n} (iproute2, the kernel's sock_diag: /proc/net/unix has no
 * peers), run in the NodeManager's network namespace, which the container shares. Without
 * a working {@code ss} the check is skipped (logged) and CRIU's own refusal, after the
 * freeze, names the socket.
 */
public final class UnixSockets {

  private static final Logger LOG = LoggerFactory.getLogger(UnixSockets.class);

  /** Longest {@code ss} may take; a host answering slower is not checked. */
  static final long SS_TIMEOUT_MS = 10_000L;


  private UnixSockets() {
  }

  /** One unix socket of {@code ss -x -a -n}. */
  static final class Socket {
    final String type;
    final String name;
    final long inode;
    final String peerName;
    final long peerInode;

    Socket(String type, String name, long inode, String peerName, long peerInode) {
      this.type = type;
      this.name = name;
      this.inode = inode;
      this.peerName = peerName;
      this.peerInode = peerInode;
    }
  }

  /**
   * The unix sockets of an {@code ss -x -a -n} listing ({@code Netid State Recv-Q Send-Q
   * Local Port Peer Port}); lines of another shape (the header, a name with blanks) are
   * skipped.
   */
  static Map<Long, Socket> parse(String ss) {
    Map<Long, Socket> out = new LinkedHashMap<>();
    for (String line : ss.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length != 8 || !f[0].startsWith("u_")) {
        continue;
      }
      try {
        Socket s = new Socket(f[0], f[4], Long.parseLong(f[5]), f[6], Long.parseLong(f[7]));
        out.put(s.inode, s);
      } catch (NumberFormatException e) {
        // not a socket line
      }
    }
    return out;
  }

  /**
   * The first socket of the tree whose peer is outside it, as a sentence for the
   * checkpoint's error, or null.
   *
   * @param sockets every unix socket of the network namespace, by inode
   * @param tree the tree's socket inodes -&gt; where it holds them ("pid 12 fd 7")
   */
  static String firstExternalPeer(Map<Long, Socket> sockets, Map<Long, String> tree) {
    for (Map.Entry<Long, String> e : tree.entrySet()) {
      Socket s = sockets.get(e.getKey());
      if (s == null || s.peerInode == 0 || tree.containsKey(s.peerInode)) {
        continue;
      }
      Socket peer = sockets.get(s.peerInode);
      String peerName = !"*".equals(s.peerName) ? s.peerName
          : peer != null && !"*".equals(peer.name) ? peer.name : null;
      return "a unix " + kind(s.type) + " socket" + ("*".equals(s.name) ? "" : " " + s.name)
          + " (held by " + e.getValue() + ") is connected to a process outside the"
          + " container (peer socket " + s.peerInode
          + (peerName == null ? "" : " " + peerName) + "): CRIU cannot move one end of a"
          + " unix connection. The container runs on where it is; migrate it once the"
          + " connection is closed";
    }
    return null;
  }

  private static String kind(String netid) {
    switch (netid) {
    case "u_str":
      return "stream";
    case "u_dgr":
      return "datagram";
    case "u_seq":
      return "seqpacket";
    default:
      return netid;
    }
  }

  /** {@link #firstExternalPeer} for a live tree. */
  public static String firstExternalPeer(TreeFds tree) {
    Map<Long, String> sockets = tree.socketHolders();
    if (sockets.isEmpty()) {
      return null;
    }
    String listing = ss();
    return listing == null ? null : firstExternalPeer(parse(listing), sockets);
  }

  /** {@code ss -x -a -n}'s output, or null (logged) when it cannot be had in time. */
  private static String ss() {
    Process p = null;
    java.nio.file.Path out = null;
    try {
      // to a file, not a pipe: a stuck ss cannot block a read, only the bounded wait
      out = Files.createTempFile("migration-ss", ".txt");
      p = new ProcessBuilder("ss", "-x", "-a", "-n").redirectErrorStream(true)
          .redirectOutput(out.toFile()).start();
      p.getOutputStream().close();
      if (!p.waitFor(SS_TIMEOUT_MS, TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
        LOG.warn("Unix sockets not checked before the freeze: 'ss -x -a -n' failed or"
            + " took over {} ms", SS_TIMEOUT_MS);
        return null;
      }
      return new String(Files.readAllBytes(out), StandardCharsets.UTF_8);
    } catch (IOException e) {
      LOG.warn("Unix sockets not checked before the freeze: cannot run ss (iproute2): {}",
          e.getMessage());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } finally {
      if (p != null) {
        p.destroyForcibly();
      }
      if (out != null) {
        try {
          Files.deleteIfExists(out);
        } catch (IOException e) {
          LOG.debug("Could not delete {}", out, e);
        }
      }
    }
  }
}
