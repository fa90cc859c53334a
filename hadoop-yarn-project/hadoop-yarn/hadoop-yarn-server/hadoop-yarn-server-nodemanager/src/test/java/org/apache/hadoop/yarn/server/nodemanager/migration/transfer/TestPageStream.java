/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;

import static org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferTestSupport.ID;
import static org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferTestSupport.KEY;
import static org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferTestSupport.loopback;
import static org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferTestSupport.loopbackSettings;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.criu.BoundedRun;
import org.junit.After;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.TestRule;

/**
 * Post-copy's page stream over real loopback sockets: a stand-in for CRIU's page server on
 * the source answers requests from a stand-in for the lazy-pages daemon on the target,
 * through the source's relay, an authenticated transfer connection and the target's relay.
 */
public class TestPageStream {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private static final int PAGES = 300; // 1.2 MB: frames of 64 KiB and more

  private ImageTransferServer server;
  private final BlockingQueue<PageStream.Remote> taken = new ArrayBlockingQueue<>(4);
  private ServerSocket pageServer;
  private final byte[] memory = new byte[PAGES * 4096];

  @Before
  public void setUp() throws IOException {
    new Random(7).nextBytes(memory);
    TransferSecretManager secrets = new TransferSecretManager();
    secrets.setCurrentKey(KEY);
    server = new ImageTransferServer(loopbackSettings(), secrets, new ReceivedImages(
        java.util.Collections.singletonList(tmp.newFolder("nm-local").toPath())));
    server.setPageStreamHandler(new PageStream.Handler() {
      @Override
      public String refuses(String migrationId) {
        return ID.equals(migrationId) ? null : "no restore of " + migrationId + " here";
      }

      @Override
      public String take(String migrationId, PageStream.Remote stream) {
        taken.add(stream);
        return null;
      }
    });
    server.init(new org.apache.hadoop.conf.Configuration(false));
    server.start();
    pageServer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::servePages, "fake-page-server");
    t.setDaemon(true);
    t.start();
  }

  @After
  public void tearDown() throws IOException {
    server.stop();
    pageServer.close();
  }

  /** Answers each request (int page, int count) with those pages, until EOF. */
  private void servePages() {
    try (Socket s = pageServer.accept()) {
      DataInputStream in = new DataInputStream(s.getInputStream());
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      while (true) {
        int page;
        try {
          page = in.readInt();
        } catch (java.io.EOFException end) {
          return;
        }
        int count = in.readInt();
        out.write(memory, page * 4096, count * 4096);
        out.flush();
      }
    } catch (IOException ignored) {
      // the test checks what arrived
    }
  }

  /** The target's local end: a connected pair on loopback, one side for the relay. */
  private static Socket[] pair() throws IOException {
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Socket daemon = new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort());
      return new Socket[] {daemon, ss.accept()};
    }
  }

  @Test(timeout = 30_000)
  public void givenARestoreOnTheTarget_whenItAsksForPages_thenEveryPageArrivesThroughTheStream()
      throws Exception {
    PageStream source = new ImageSender(loopbackSettings()).openPageStream(loopback(server),
        ID, TransferToken.create(KEY, ID), pageServer.getLocalPort());
    PageStream.Remote remote = taken.poll(10, TimeUnit.SECONDS);
    assertNotNull("the target took the stream", remote);
    Socket[] ends = pair();
    PageStream target = PageStream.relay(ID, ends[1], remote);
    DataOutputStream ask = new DataOutputStream(ends[0].getOutputStream());
    InputStream got = ends[0].getInputStream();
    byte[] received = new byte[memory.length];
    // the whole memory in two requests, the second one 200 pages (more than a frame)
    ask.writeInt(0);
    ask.writeInt(100);
    ask.writeInt(100);
    ask.writeInt(200);
    ask.flush();
    new DataInputStream(got).readFully(received);
    assertArrayEquals("every page as the source has it", memory, received);
    ends[0].shutdownOutput(); // the daemon is done: both ways end, the stream closes
    assertEquals("the target's end reads EOF", -1, got.read());
    assertTrue(target.awaitEnd(10_000));
    assertTrue(source.awaitEnd(10_000));
    assertEquals(null, target.getFailure());
    assertEquals(memory.length, target.bytes()[1]);
    assertEquals(memory.length, source.bytes()[0]);
    ends[0].close();
  }

  @Test(timeout = 30_000)
  public void givenAByteChangedOnTheWay_whenRelayed_thenNothingOfThatFrameReachesTheRestore()
      throws Exception {
    // a party in the middle: the first page frame starts after the handshake, request and
    // replies; 40 KB into the stream is inside it
    TransferTestSupport.FaultyProxy proxy =
        TransferTestSupport.FaultyProxy.corrupting(loopback(server), 40_000);
    try {
      PageStream source = new ImageSender(loopbackSettings()).openPageStream(
          proxy.address(), ID, TransferToken.create(KEY, ID), pageServer.getLocalPort());
      PageStream.Remote remote = taken.poll(10, TimeUnit.SECONDS);
      assertNotNull(remote);
      Socket[] ends = pair();
      PageStream target = PageStream.relay(ID, ends[1], remote);
      DataOutputStream ask = new DataOutputStream(ends[0].getOutputStream());
      ask.writeInt(0);
      ask.writeInt(PAGES);
      ask.flush();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      InputStream in = ends[0].getInputStream();
      while ((n = in.read(buf)) > 0) {
        got.write(buf, 0, n);
      }
      byte[] b = got.toByteArray();
      assertTrue("the stream ended before the changed byte's frame: " + b.length,
          b.length < 40_000);
      assertArrayEquals("what arrived is what the source sent",
          Arrays.copyOf(memory, b.length), b);
      assertTrue(target.awaitEnd(10_000));
      assertTrue(target.getFailure(), target.getFailure().contains("tag"));
      source.close();
      ends[0].close();
    } finally {
      proxy.close();
    }
  }

  /**
   * The source's side breaks mid-pull: the target's hook hears it while its local end (the
   * lazy-pages daemon's connection) is still open, and only then is that end closed; a
   * stream whose local end closes first (the daemon done) tells the hook nothing.
   */
  @Test(timeout = 30_000)
  public void givenTheSourceBreaksMidPull_thenTheHookHearsItBeforeTheDaemonSeesTheEnd()
      throws Exception {
    PageStream source = new ImageSender(loopbackSettings()).openPageStream(loopback(server),
        ID, TransferToken.create(KEY, ID), pageServer.getLocalPort());
    PageStream.Remote remote = taken.poll(10, TimeUnit.SECONDS);
    assertNotNull(remote);
    Socket[] ends = pair();
    BlockingQueue<String> heard = new ArrayBlockingQueue<>(4);
    java.util.concurrent.atomic.AtomicBoolean openWhenHeard =
        new java.util.concurrent.atomic.AtomicBoolean();
    PageStream target = PageStream.relay(ID, ends[1], remote, why -> {
      openWhenHeard.set(!ends[1].isClosed());
      heard.add(why);
    });
    DataOutputStream ask = new DataOutputStream(ends[0].getOutputStream());
    ask.writeInt(0);
    ask.writeInt(1);
    ask.flush();
    new DataInputStream(ends[0].getInputStream()).readFully(new byte[4096]);
    source.close(); // the source's NM dies
    String why = heard.poll(10, TimeUnit.SECONDS);
    assertNotNull("the target's hook heard of the broken source", why);
    assertTrue(why, why.contains("failed receiving"));
    assertTrue("the daemon's end was still open when the hook ran", openWhenHeard.get());
    assertTrue(target.awaitEnd(10_000));
    assertEquals("the daemon then reads the end", -1, ends[0].getInputStream().read());
    assertEquals("heard once", null, heard.poll());
    ends[0].close();
  }

  @Test(timeout = 30_000)
  public void givenTheDaemonEndsFirst_thenTheHookHearsNothing() throws Exception {
    PageStream source = new ImageSender(loopbackSettings()).openPageStream(loopback(server),
        ID, TransferToken.create(KEY, ID), pageServer.getLocalPort());
    PageStream.Remote remote = taken.poll(10, TimeUnit.SECONDS);
    assertNotNull(remote);
    Socket[] ends = pair();
    BlockingQueue<String> heard = new ArrayBlockingQueue<>(4);
    PageStream target = PageStream.relay(ID, ends[1], remote, heard::add);
    ends[0].close(); // the daemon is done (or died) on its own
    assertTrue(target.awaitEnd(10_000));
    assertTrue(source.awaitEnd(10_000));
    assertEquals("nothing heard: " + target, null, heard.poll(500, TimeUnit.MILLISECONDS));
  }

  @Test(timeout = 30_000)
  public void givenNoRestoreWaiting_whenAStreamIsOpened_thenTheTargetRefusesIt()
      throws Exception {
    String other = "migration_1700000000000_0002";
    try {
      new ImageSender(loopbackSettings()).openPageStream(loopback(server), other,
          TransferToken.create(KEY, other), pageServer.getLocalPort());
      fail("a stream no restore waits for was taken");
    } catch (ImageTransferException e) {
      assertEquals("no restore of " + other + " here", e.getReceiverMessage());
    }
    assertEquals(0, taken.size());
  }
}
