/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.agent;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.criu.ProcessTree;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/**
 * The check that a page server on loopback serves this NodeManager's connection, with this
 * JVM as the "page server": real sockets, the kernel's TCP table.
 */
public class TestPageServerPeer {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  /** This JVM's pid. */
  private static int self() throws java.io.IOException {
    return Integer.parseInt(java.nio.file.Files.readSymbolicLink(
        new java.io.File("/proc/self").toPath()).toString());
  }

  @Test
  public void givenOurConnectionTaken_whenChecked_thenNoStranger() throws Exception {
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    try (ServerSocket server = new ServerSocket(0, 1, lo); Socket ours = new Socket()) {
      ours.connect(new InetSocketAddress(lo, server.getLocalPort()), 5_000);
      try (Socket taken = server.accept()) {
        assertNull(PageServerPeer.strangerOf(self(), server.getLocalPort(),
            ours.getLocalPort(), 2_000));
      }
    }
  }

  @Test
  public void givenAStrangersConnectionTakenFirst_whenChecked_thenItIsNamed() throws Exception {
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    try (ServerSocket server = new ServerSocket(0, 2, lo); Socket stranger = new Socket();
        Socket ours = new Socket()) {
      stranger.connect(new InetSocketAddress(lo, server.getLocalPort()), 5_000);
      try (Socket taken = server.accept()) {
        ours.connect(new InetSocketAddress(lo, server.getLocalPort()), 5_000);
        assertEquals("a connection from port " + stranger.getLocalPort(),
            PageServerPeer.strangerOf(self(), server.getLocalPort(), ours.getLocalPort(),
                2_000));
      }
    }
  }

  @Test
  public void givenNoConnectionTaken_whenChecked_thenSaidSoInTime() throws Exception {
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    try (ServerSocket server = new ServerSocket(0, 1, lo); Socket ours = new Socket()) {
      ours.connect(new InetSocketAddress(lo, server.getLocalPort()), 5_000);
      assertEquals("no connection taken within 200 ms", PageServerPeer.strangerOf(self(),
          server.getLocalPort(), ours.getLocalPort(), 200));
    }
    assertEquals(true, ProcessTree.isAlive(self()));
  }
}
