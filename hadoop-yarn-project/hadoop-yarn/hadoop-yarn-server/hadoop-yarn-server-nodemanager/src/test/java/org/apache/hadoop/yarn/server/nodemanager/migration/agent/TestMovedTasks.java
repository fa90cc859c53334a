/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.agent;

import static org.junit.Assert.assertArrayEquals;
import static org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferTestSupport.KEY;
import static org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferTestSupport.loopbackSettings;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ImageSender;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ImageTransferServer;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ReceivedImages;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferSecretManager;
import org.junit.After;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.TestRule;

/**
 * A migrated map's output pulled back to the node the MR AM knows (request TOUT over real
 * transfer servers on loopback): once, along a chain of moves, and never for a peer or a
 * path it should not get.
 */
public class TestMovedTasks {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(120);

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private static final String APP = "application_1796523932421_0001";
  private static final String ATTEMPT = "attempt_1796523932421_0001_m_000000_0";
  private static final String M1 = "migration_1796523932421_0001";
  private static final String M2 = "migration_1796523932421_0002";
  private static final String OUTPUT = "output/" + ATTEMPT;

  /** One NodeManager's part: its app dir, its record and (for a target) its server. */
  private final class Node {
    final Path local;
    final Path appDir;
    final MovedTasks tasks;
    ImageTransferServer server;

    Node(String name, byte[] key) throws IOException {
      local = tmp.newFolder(name).toPath();
      appDir = local.resolve("usercache/u/appcache/" + APP);
      Files.createDirectories(appDir);
      TransferSecretManager secrets = new TransferSecretManager();
      secrets.setCurrentKey(key);
      ReceivedImages images = new ReceivedImages(Collections.singletonList(local));
      tasks = new MovedTasks(new ImageSender(loopbackSettings()), secrets, images);
      server = new ImageTransferServer(loopbackSettings(), secrets, images);
      server.setTaskOutputHandler(tasks);
      server.init(new Configuration(false));
      server.start();
      servers.add(server);
    }

    InetSocketAddress address() {
      return new InetSocketAddress("127.0.0.1", server.getPort());
    }

    /** A finished map output of ATTEMPT in this node's app dir. */
    void finishMap(String data) throws IOException {
      Files.createDirectories(appDir.resolve(OUTPUT));
      Files.write(appDir.resolve(OUTPUT + "/file.out"), data.getBytes(StandardCharsets.UTF_8));
      Files.write(appDir.resolve(OUTPUT + "/file.out.index"), index(data));
    }

    String output() throws IOException {
      return new String(Files.readAllBytes(appDir.resolve(OUTPUT + "/file.out")),
          StandardCharsets.UTF_8);
    }
  }

  private final List<ImageTransferServer> servers = new ArrayList<>();

  @After
  public void tearDown() {
    for (ImageTransferServer s : servers) {
      s.stop();
    }
  }

  private static byte[] index(String data) {
    return ("index of " + data.length()).getBytes(StandardCharsets.UTF_8);
  }

  @Test(timeout = 60000)
  public void givenMapMovedAndFinished_whenPulledBack_thenItsOutputIsHereOnceAndNoScratchLeft()
      throws Exception {
    Node a = new Node("a", KEY);
    Node b = new Node("b", KEY);
    b.tasks.movedIn(M1, APP, b.appDir);
    b.finishMap("words 42");
    a.tasks.movedAway(Collections.singletonList(ATTEMPT), M1, b.address(), a.appDir);

    assertTrue(a.tasks.pullBack(ATTEMPT));
    assertEquals("words 42", a.output());
    assertArrayEquals(index("words 42"),
        Files.readAllBytes(a.appDir.resolve(OUTPUT + "/file.out.index")));
    assertEquals("no scratch left", Collections.emptyList(), partials(a.local));
    // once: a second ask finds it here and asks the target nothing
    b.server.stop();
    assertTrue(a.tasks.pullBack(ATTEMPT));
    assertFalse("an attempt that never moved", a.tasks.pullBack(
        "attempt_1796523932421_0001_m_000001_0"));
  }

  @Test(timeout = 60000)
  public void givenMapMovedTwice_whenPulledBackAtItsFirstNode_thenFetchedAlongTheChain()
      throws Exception {
    Node a = new Node("a", KEY);
    Node b = new Node("b", KEY);
    Node c = new Node("c", KEY);
    a.tasks.movedAway(Collections.singletonList(ATTEMPT), M1, b.address(), a.appDir);
    b.tasks.movedIn(M1, APP, b.appDir);
    b.tasks.movedAway(Collections.singletonList(ATTEMPT), M2, c.address(), b.appDir);
    c.tasks.movedIn(M2, APP, c.appDir);
    c.finishMap("finished on c");

    assertTrue(a.tasks.pullBack(ATTEMPT));
    assertEquals("finished on c", a.output());
    assertEquals("b fetched it on the way", "finished on c", b.output());
  }

  @Test(timeout = 60000)
  public void givenPullNotOwed_whenAsked_thenRefusedAndNothingPlaced() throws Exception {
    Node b = new Node("b", KEY);
    b.finishMap("secret");
    // no completed migration M1 brought a task to b
    Node a = new Node("a", KEY);
    a.tasks.movedAway(Collections.singletonList(ATTEMPT), M1, b.address(), a.appDir);
    assertRefused(a, "no completed migration " + M1);
    // M1 brought a task of another application
    b.tasks.movedIn(M1, "application_1796523932421_0002", b.appDir);
    assertRefused(a, "is not of application_1796523932421_0002");
    // a peer without the cluster's key
    b.tasks.movedIn(M1, APP, b.appDir);
    Node stranger = new Node("stranger", "another key of thirty-two bytes!".getBytes(
        StandardCharsets.UTF_8));
    stranger.tasks.movedAway(Collections.singletonList(ATTEMPT), M1, b.address(),
        stranger.appDir);
    assertRefused(stranger, "invalid transfer token");
    // the map has not finished on b
    Files.delete(b.appDir.resolve(OUTPUT + "/file.out.index"));
    assertRefused(a, "no finished output of " + ATTEMPT);
    // a link planted in the output dir is not read through: as the index, it is no
    // finished output; as the data, it is refused
    Files.createSymbolicLink(b.appDir.resolve(OUTPUT + "/file.out.index"), Paths.get(
        "/etc/passwd"));
    assertRefused(a, "no finished output of " + ATTEMPT);
    Files.delete(b.appDir.resolve(OUTPUT + "/file.out.index"));
    b.finishMap("secret");
    Files.delete(b.appDir.resolve(OUTPUT + "/file.out"));
    Files.createSymbolicLink(b.appDir.resolve(OUTPUT + "/file.out"), Paths.get(
        "/etc/passwd"));
    assertRefused(a, "not a plain regular file");
    // the application finished on b: forgotten
    Files.delete(b.appDir.resolve(OUTPUT + "/file.out"));
    b.finishMap("secret");
    b.tasks.applicationFinished(APP);
    assertRefused(a, "no completed migration " + M1);
    a.tasks.applicationFinished(APP);
    assertFalse("forgotten at a too", a.tasks.pullBack(ATTEMPT));
  }

  private void assertRefused(Node a, String why) throws IOException {
    try {
      a.tasks.pullBack(ATTEMPT);
      fail("pulled back although " + why);
    } catch (IOException e) {
      assertTrue(e.getMessage() + " should say " + why, e.getMessage().contains(why));
    }
    assertFalse("nothing placed", Files.exists(a.appDir.resolve(OUTPUT + "/file.out"),
        LinkOption.NOFOLLOW_LINKS));
    assertEquals("no scratch left", Collections.emptyList(), partials(a.local));
  }

  /** Scratch dirs ({@code *.partial}) left anywhere under a node's local dir. */
  private static List<String> partials(Path local) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(local)) {
      s.filter(p -> p.getFileName().toString().endsWith(ReceivedImages.PARTIAL_SUFFIX))
          .forEach(p -> out.add(p.toString()));
    }
    return out;
  }
}
