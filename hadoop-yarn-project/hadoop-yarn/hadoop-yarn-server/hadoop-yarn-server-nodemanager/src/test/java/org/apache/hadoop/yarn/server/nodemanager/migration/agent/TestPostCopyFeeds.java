/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.agent;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.PageStream;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.PageStreams;
import org.junit.After;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.TestRule;

/**
 * The target's records of post-copy page streams before a restore relays them (the relay
 * itself runs with CRIU in the end-to-end tests): a stream is held only for a migration
 * with images here, once; the images discarded close a stream no restore took.
 */
public class TestPostCopyFeeds {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private final List<Socket> sockets = new ArrayList<>();

  @After
  public void closeSockets() throws Exception {
    for (Socket s : sockets) {
      s.close();
    }
  }

  /** A connected stream; {@code peer[0]} gets the other end. */
  private PageStream.Remote stream(Socket[] peer) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
      Socket accepted = server.accept();
      sockets.add(client);
      sockets.add(accepted);
      peer[0] = accepted;
      return PageStreams.remote(client);
    }
  }

  private PostCopyFeeds feeds(TargetMigrations targets) {
    return new PostCopyFeeds(targets, 1_000, (m, c, why) -> {
      throw new AssertionError("no tree to end: " + m);
    });
  }

  @Test
  public void givenNoImages_whenAStreamComes_thenRefusedAndNothingHeld() throws Exception {
    PostCopyFeeds feeds = feeds(new TargetMigrations(null, 60_000));
    Socket[] peer = new Socket[1];
    String why = feeds.take("m1", stream(peer));
    assertTrue(why, why.contains("has no restore waiting for its pages"));
    assertNull(feeds.state("m1"));
  }

  @Test
  public void givenImages_whenTwoStreamsCome_thenTheFirstIsHeldAndTheSecondRefused()
      throws Exception {
    TargetMigrations targets = new TargetMigrations(null, 60_000);
    Path images = tmp.newFolder("m1").toPath();
    targets.fire("m1", TargetMigrations.Event.IMAGES_RECEIVED, images, null, null);
    PostCopyFeeds feeds = feeds(targets);
    Socket[] first = new Socket[1];
    PageStream.Remote held = stream(first);
    assertNull(feeds.take("m1", held));
    assertEquals(PostCopyFeeds.FeedState.HELD, feeds.state("m1"));
    Socket[] second = new Socket[1];
    String why = feeds.take("m1", stream(second));
    assertTrue(why, why.contains("has a page stream already"));

    // the migration ends before any restore took it: the held stream is closed
    feeds.imagesDiscarded("m1");
    assertNull(feeds.state("m1"));
    first[0].setSoTimeout(5_000);
    assertEquals("the source's side sees the stream end", -1, first[0].getInputStream().read());
    assertFalse("a stream of another migration is untouched", second[0].isClosed());
  }
}
