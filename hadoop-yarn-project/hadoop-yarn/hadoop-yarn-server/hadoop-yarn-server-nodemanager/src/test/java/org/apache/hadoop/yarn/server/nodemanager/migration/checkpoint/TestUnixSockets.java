/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.hadoop.criu.BoundedRun;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.TestRule;

public class TestUnixSockets {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private static final String SS = ""
      + "Netid State  Recv-Q Send-Q Local Address:Port  Peer Address:Port Process\n"
      + "u_str LISTEN 0      128    /run/db.sock 500    * 0\n"
      + "u_str ESTAB  0      0      /run/db.sock 501    * 601\n"
      + "u_str ESTAB  0      0      * 601               * 501\n"
      + "u_str ESTAB  0      0      * 700               * 701\n"
      + "u_str ESTAB  0      0      * 701               * 700\n"
      + "u_dgr ESTAB  0      0      * 800               /dev/log 12\n"
      + "u_seq ESTAB  0      0      @abstract name 900  * 901\n";

  private static Map<Long, String> tree(Object... inodeAndHolder) {
    Map<Long, String> m = new LinkedHashMap<>();
    for (int i = 0; i < inodeAndHolder.length; i += 2) {
      m.put(((Number) inodeAndHolder[i]).longValue(), (String) inodeAndHolder[i + 1]);
    }
    return m;
  }

  @Test
  public void givenSsListing_whenParsed_thenEveryUnixSocketWithItsPeer() {
    Map<Long, UnixSockets.Socket> s = UnixSockets.parse(SS);
    assertEquals(Arrays.asList(500L, 501L, 601L, 700L, 701L, 800L), Arrays.asList(
        s.keySet().toArray(new Long[0])));
    assertEquals("/run/db.sock", s.get(501L).name);
    assertEquals(601L, s.get(501L).peerInode);
    assertEquals("/dev/log", s.get(800L).peerName);
  }

  @Test
  public void givenSocketsBetweenTheTreesProcessesOnly_whenChecked_thenMovable() {
    // a socketpair inside, a listener, and sockets that are not unix (no ss line)
    assertNull(UnixSockets.firstExternalPeer(UnixSockets.parse(SS), tree(
        700, "pid 10 fd 3", 701, "pid 11 fd 3", 500, "pid 10 fd 4", 4242, "pid 10 fd 5")));
  }

  @Test
  public void givenAConnectionToAProcessOutside_whenChecked_thenNamedWithItsPeer() {
    // the client end is in the tree, the server's accepted end (bound to the name) outside
    String why = UnixSockets.firstExternalPeer(UnixSockets.parse(SS),
        tree(601, "pid 12 fd 7"));
    assertEquals("a unix stream socket (held by pid 12 fd 7) is connected to a process"
        + " outside the container (peer socket 501 /run/db.sock): CRIU cannot move one end"
        + " of a unix connection. The container runs on where it is; migrate it once the"
        + " connection is closed", why);
    assertTrue(why, UnixSockets.firstExternalPeer(UnixSockets.parse(SS),
        tree(800, "pid 12 fd 3")).startsWith("a unix datagram socket (held by pid 12 fd 3)"
        + " is connected to a process outside the container (peer socket 12 /dev/log)"));
  }

  /**
   * Real processes: a tree connected to a unix server outside it is refused, naming the
   * server's socket; a tree whose processes talk over a socketpair is movable.
   */
  @Test(timeout = 60_000)
  public void givenRealProcesses_whenAPeerIsOutside_thenRefusedElseMovable() throws Exception {
    File path = new File(tmp.getRoot(), "s.sock");
    HeldProcess pair = null;
    try (HeldProcess server = HeldProcess.start("exec python3 -c \"import socket, time\n"
        + "s = socket.socket(socket.AF_UNIX)\ns.bind('" + path + "')\ns.listen(1)\n"
        + "print('ready', flush=True)\nc, _ = s.accept()\ntime.sleep(60)\"")) {
      server.await("ready");
      try (HeldProcess client = HeldProcess.start("exec python3 -c \"import socket, time\n"
          + "s = socket.socket(socket.AF_UNIX)\ns.connect('" + path + "')\n"
          + "print('ready', flush=True)\ntime.sleep(60)\"")) {
        client.await("ready");
        String why = UnixSockets.firstExternalPeer(TreeFds.of(client.pid()));
        assertTrue(why, why != null && why.startsWith("a unix stream socket (held by pid "
            + client.pid() + " fd 3) is connected to a process outside the container (peer"
            + " socket ") && why.contains(path.getPath()));
      }
      pair = HeldProcess.start("exec python3 -c \"import os, socket, time\n"
          + "a, b = socket.socketpair()\nif os.fork() == 0:\n    time.sleep(60)\n"
          + "print('ready', flush=True)\ntime.sleep(60)\"");
      pair.await("ready");
      assertNull(UnixSockets.firstExternalPeer(TreeFds.of(pair.pid())));
    } finally {
      // the socketpair's forked child, by its pid, before its parent goes
      java.util.List<Integer> forked = pair == null ? java.util.Collections.<Integer>emptyList()
          : org.apache.hadoop.criu.ProcessTree.descendants(pair.pid());
      if (pair != null) {
        pair.close();
      }
      for (int child : forked) {
        new ProcessBuilder("kill", "-9", Integer.toString(child)).start().waitFor();
      }
    }
  }
}
