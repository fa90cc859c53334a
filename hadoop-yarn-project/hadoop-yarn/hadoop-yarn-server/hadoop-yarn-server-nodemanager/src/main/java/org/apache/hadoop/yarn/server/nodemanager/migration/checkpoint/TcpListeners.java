/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The TCP sockets a tree listens on: the socket inodes of its fds ({@link TreeFds}) looked
 * up in {@code /proc/<init>/net/tcp} and {@code tcp6} (the tables of the tree's network
 * namespace). The restore binds the same address and port on the target host, so the
 * source asks the target before the freeze whether it can.
 */
public final class TcpListeners {

  /** The state column of a listening socket in /proc/net/tcp. */
  static final String LISTEN = "0A";

  /** One listening socket of the tree. */
  public static final class Listener {
    private final InetSocketAddress address;
    private final String holder;

    Listener(InetSocketAddress address, String holder) {
      this.address = address;
      this.holder = holder;
    }

    /** The address and port it is bound to (the wildcard address for "all"). */
    public InetSocketAddress getAddress() {
      return address;
    }

    /** "pid P fd F". */
    public String getHolder() {
      return holder;
    }

    @Override
    public String toString() {
      return address.getAddress().getHostAddress() + ":" + address.getPort() + " (" + holder
          + ")";
    }
  }

  private TcpListeners() {
  }

  /**
   * @param open what the tree holds
   * @param init a process of the tree (its network namespace's tables are read)
   * @return its listening TCP sockets, in the order of the tables
   */
  public static List<Listener> of(TreeFds open, int init) throws IOException {
    Map<Long, String> holders = open.socketHolders();
    if (holders.isEmpty()) {
      return Collections.emptyList();
    }
    List<Listener> out = new ArrayList<>();
    out.addAll(parse(read(init, "tcp"), holders));
    out.addAll(parse(read(init, "tcp6"), holders));
    return out;
  }

  private static List<String> read(int init, String table) throws IOException {
    java.nio.file.Path p = Paths.get("/proc", Integer.toString(init), "net", table);
    if (!Files.exists(p)) {
      return Collections.emptyList(); // no IPv6 in this kernel
    }
    return Files.readAllLines(p, StandardCharsets.US_ASCII);
  }

  /**
   * The listening sockets of a /proc/net/tcp or tcp6 table whose inode is a key of
   * {@code holders}.
   */
  static List<Listener> parse(List<String> table, Map<Long, String> holders)
      throws IOException {
    List<Listener> out = new ArrayList<>();
    for (String line : table) {
      String[] f = line.trim().split("\\s+");
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
      if (f.length < 10 || !f[0].endsWith(":") || !LISTEN.equals(f[3])
          || !f[9].matches("\\d{1,18}")) {
        continue;
      }
      String holder = holders.get(Long.parseLong(f[9]));
      if (holder != null) {
        out.add(new Listener(address(f[1]), holder));
      }
    }
    return out;
  }

  /**
   * An address of the tables: {@code HEX:PORT}, the address as 32-bit words in the
   * kernel's (little-endian) byte order, 8 hex digits for IPv4 and 32 for IPv6.
   */
  static InetSocketAddress address(String field) throws IOException {
    int colon = field.indexOf(':');
    String hex = colon < 0 ? "" : field.substring(0, colon);
    if (colon < 0 || (hex.length() != 8 && hex.length() != 32)) {
      throw new IOException("unreadable address " + field + " in /proc/net/tcp");
    }
    try {
      byte[] bytes = new byte[hex.length() / 2];
      for (int word = 0; word < bytes.length / 4; word++) {
        for (int b = 0; b < 4; b++) {
          int at = (word * 4 + b) * 2;
          bytes[word * 4 + 3 - b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
        }
      }
      int port = Integer.parseInt(field.substring(colon + 1), 16);
      return new InetSocketAddress(InetAddress.getByAddress(bytes), port);
    } catch (IllegalArgumentException | UnknownHostException e) {
      throw new IOException("unreadable address " + field + " in /proc/net/tcp", e);
    }
  }
}
