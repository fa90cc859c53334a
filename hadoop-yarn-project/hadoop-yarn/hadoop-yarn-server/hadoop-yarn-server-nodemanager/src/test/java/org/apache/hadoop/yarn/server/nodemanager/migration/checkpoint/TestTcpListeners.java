/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.criu.BoundedRun;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

public class TestTcpListeners {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  @Test
  public void givenTableLines_whenParsed_thenOnlyTheTreesListenersWithTheirAddresses()
      throws Exception {
    Map<Long, String> holders = new HashMap<>();
    holders.put(1001L, "pid 7 fd 3");
    holders.put(1002L, "pid 7 fd 4");
    holders.put(1003L, "pid 8 fd 5");
    holders.put(1004L, "pid 8 fd 6");
    List<String> tcp = Arrays.asList(
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid"
            + "  timeout inode",
        // 0.0.0.0:8080 listening, the tree's
        "   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0"
            + "        0 1001 1 0000000000000000 100 0 0 10 0",
        // 198.18.240.11:24095 listening, the tree's
        "   1: 0BF012C6:5E1F 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0"
            + "        0 1002 1 0000000000000000 100 0 0 10 0",
        // an established connection of the tree: not a listener
        "   2: 0100007F:8AE2 0100007F:1F90 01 00000000:00000000 00:00000000 00000000     0"
            + "        0 1003 1 0000000000000000 20 4 30 10 -1",
        // someone else's listener
        "   3: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0"
            + "        0 2001 1 0000000000000000 100 0 0 10 0");
    List<TcpListeners.Listener> v4 = TcpListeners.parse(tcp, holders);
    assertEquals("[0.0.0.0:8080 (pid 7 fd 3), 198.18.240.11:24095 (pid 7 fd 4)]",
        v4.toString());
    List<String> tcp6 = Arrays.asList(
        "  sl  local_address                         remote_address                        st",
        // [::1]:9000 listening, the tree's
        "   0: 00000000000000000000000001000000:2328 00000000000000000000000000000000:0000 0A"
            + " 00000000:00000000 00:00000000 00000000     0        0 1004 1 0 100 0 0 10 0");
    assertEquals("[0:0:0:0:0:0:0:1:9000 (pid 8 fd 6)]",
        TcpListeners.parse(tcp6, holders).toString());
  }

  @Test
  public void givenAMalformedAddress_whenParsed_thenRefusedNotGuessed() {
    for (String bad : Arrays.asList("0100007F", "0100007:1F90", "ZZ00007F:1F90",
        "0100007F:XYZ", "0100007F:1FFFFF")) {
      try {
        TcpListeners.address(bad);
        fail("accepted " + bad);
      } catch (IOException expected) {
        assertTrue(expected.getMessage(), expected.getMessage().contains(bad));
      }
    }
  }

  @Test(timeout = 30_000)
  public void givenThisJvmListeningAndConnected_whenRead_thenItsListenersAreFoundOnly()
      throws Exception {
    int self = Integer.parseInt(new java.io.File("/proc/self").getCanonicalFile().getName());
    InetAddress lo = InetAddress.getLoopbackAddress();
    try (ServerSocket v4 = new ServerSocket(0, 1, lo);
        ServerSocket any6 = new ServerSocket();
        Socket client = new Socket(lo, v4.getLocalPort());
        Socket accepted = v4.accept()) {
      any6.bind(new InetSocketAddress(InetAddress.getByName("::"), 0), 1);
      List<TcpListeners.Listener> found = TcpListeners.of(TreeFds.of(self), self);
      java.util.Set<String> addresses = new java.util.HashSet<>();
      for (TcpListeners.Listener l : found) {
        addresses.add(l.getAddress().getAddress().getHostAddress() + ":"
            + l.getAddress().getPort());
        assertTrue(l.toString(), l.getHolder().startsWith("pid " + self + " fd "));
      }
      assertTrue(found.toString(), addresses.contains("127.0.0.1:" + v4.getLocalPort()));
      assertTrue(found.toString(), addresses.contains("0:0:0:0:0:0:0:0:"
          + any6.getLocalPort()));
      for (String a : addresses) {
        assertTrue("a connection taken for a listener: " + found,
            !a.endsWith(":" + client.getLocalPort()));
      }
    }
    assertEquals(Collections.emptyList(), TcpListeners.parse(Collections.<String>emptyList(),
        new HashMap<Long, String>()));
  }
}
