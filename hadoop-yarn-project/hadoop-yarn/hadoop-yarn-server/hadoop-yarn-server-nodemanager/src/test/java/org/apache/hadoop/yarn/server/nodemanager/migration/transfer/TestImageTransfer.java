/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;

import static org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferTestSupport.ID;
import static org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferTestSupport.KEY;
import static org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferTestSupport.listTree;
import static org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferTestSupport.loopback;
import static org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferTestSupport.loopbackSettings;
import static org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferTestSupport.mode;
import static org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferTestSupport.startServer;
import static org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferTestSupport.write;
import static org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferTestSupport.writeRandom;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.junit.After;
import org.junit.Before;
import org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint.HeldProcess;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.TestRule;

/** Sender and receiver over real loopback sockets. */
public class TestImageTransfer {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  private static final String IMAGES_DIR =
      MigrationConfiguration.DEFAULT_NM_MIGRATION_IMAGES_DIR;

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private Path localDir;
  private Path source;
  private ImageTransferServer server;
  private final List<AutoCloseable> closeables = new ArrayList<AutoCloseable>();

  @Before
  public void setUp() throws IOException {
    localDir = tmp.newFolder("nm-local").toPath();
    source = tmp.newFolder("checkpoint").toPath();
  }

  @After
  public void tearDown() {
    if (server != null) {
      server.stop();
    }
    for (AutoCloseable c : closeables) {
      TransferTestSupport.closeQuietly(c);
    }
  }

  private Path imagesRoot() {
    return localDir.resolve(IMAGES_DIR);
  }

  private ImageSender sender() {
    return new ImageSender(loopbackSettings());
  }

  /** A checkpoint-like tree: images, a work dir copy, a spec file. */
  private void buildTree(long bigBytes) throws IOException {
    Files.createDirectories(source.resolve("images"));
    writeRandom(source.resolve("images/pages-1.img"), bigBytes, 42);
    write(source.resolve("images/core-1.img"), "core", "rw-r--r--");
    write(source.resolve("restore-spec.properties"), "migration.id=" + ID + "\n",
        "rw-------");
    write(source.resolve("workdir/sub/deeper/data.txt"), "data", "rw-r-----");
    write(source.resolve("workdir/run.sh"), "#!/bin/sh\necho hi\n", "rwxr-xr-x");
    write(source.resolve("workdir/readonly.txt"), "ro", "r--------");
    write(source.resolve("workdir/empty.bin"), "", "rw-rw-rw-");
    Files.createDirectories(source.resolve("workdir/emptydir"));
    Files.createSymbolicLink(source.resolve("workdir/link"), Paths.get("sub/deeper/data.txt"));
    Files.createSymbolicLink(source.resolve("workdir/outside-link"), Paths.get("/etc/passwd"));
    Fifos.make(source.resolve("workdir/pipe"), 0640);
  }

  @Test(timeout = 120000)
  public void givenTreeWithNestedDirsEmptyFileLargeFileSymlinksAndModesWhenSentThenArrivesIdentical()
      throws Exception {
    buildTree(64L * 1024 * 1024);
    server = startServer(loopbackSettings(), localDir, KEY);
    final List<String> told = new CopyOnWriteArrayList<String>();
    server.getReceivedImages().addListener((id, dir) -> told.add(id + "@" + dir));

    ImageManifest sent = ImageManifest.build(source);
    TransferResult result = sender().send(loopback(server), ID,
        TransferToken.create(KEY, ID), source);

    assertEquals(7, result.getFiles());
    assertEquals(sent.totalFileBytes(), result.getPayloadBytes());
    assertTrue(result.getBytesSent() > result.getPayloadBytes());
    assertEquals("received 7 files, " + sent.totalFileBytes() + " bytes",
        result.getReceiverMessage());

    Path done = server.getReceivedImages().find(ID);
    assertEquals(imagesRoot().resolve(ID), done);
    assertEquals(Collections.singletonList(ID + "@" + done), told);
    assertFalse(Files.exists(imagesRoot().resolve(ID + ReceivedImages.PARTIAL_SUFFIX)));
    assertEquals(0700, mode(done));
    assertEquals(0700, mode(imagesRoot()));

    ImageManifest received = ImageManifest.build(done);
    TransferTestSupport.assertSameContent(sent, received);
    for (ManifestEntry e : sent.getEntries()) {
      Path p = done.resolve(e.getPath());
      if (e.getType() == EntryType.DIR) {
        assertEquals(e.getPath(), e.getMode() & 0777, mode(p));
      } else if (e.getType() == EntryType.FILE) {
        int m = mode(p);
        assertEquals(e.getPath(), e.getMode() & 0777, m);
        assertEquals(e.getPath() + " more permissive than recorded", 0, m & ~e.getMode());
      } else if (e.getType() == EntryType.FIFO) {
        assertTrue(e.getPath(), Fifos.isFifo(p));
        assertEquals(e.getPath(), 0640, mode(p));
      } else {
        assertTrue(Files.isSymbolicLink(p));
      }
    }
    assertTrue("the FIFO is in the manifest", sent.getEntries().contains(
        ManifestEntry.fifo("workdir/pipe", 0640)));
    assertEquals(0755, mode(done.resolve("workdir/run.sh")));
    assertEquals(0400, mode(done.resolve("workdir/readonly.txt")));
    assertEquals(0666, mode(done.resolve("workdir/empty.bin")));
    assertEquals(0, Files.size(done.resolve("workdir/empty.bin")));
    assertEquals("/etc/passwd",
        Files.readSymbolicLink(done.resolve("workdir/outside-link")).toString());
    assertEquals("data", new String(Files.readAllBytes(done.resolve("workdir/link")),
        StandardCharsets.UTF_8));

    assertTrue(server.getReceivedImages().discard(ID));
    assertNull(server.getReceivedImages().find(ID));
    assertEquals(Collections.singletonList(""), listTree(imagesRoot()));
  }

  @Test
  public void givenStreamingCodeThenFileContentsGoThroughOneBoundedBuffer() throws Exception {
    // The bounded-memory design, asserted on the code rather than on heap use: both sides
    // allocate exactly one buffer of the configured size per transfer, and the settings
    // refuse buffers outside [4 KiB, 8 MiB].
    assertEquals(128 * 1024, TransferSettings.defaults().getBufferBytes());
    try {
      TransferSettings.defaults().withBufferBytes(64 * 1024 * 1024);
      fail("a 64 MiB buffer was accepted");
    } catch (IllegalArgumentException e) {
      assertEquals("yarn.nodemanager.migration.transfer.buffer-bytes must be in [4096, 8388608],"
          + " was 67108864", e.getMessage());
    }
    // A transfer with the smallest buffer moves a file 256 times its size intact.
    writeRandom(source.resolve("f.img"), 1024 * 1024, 7);
    TransferSettings tiny = loopbackSettings().withBufferBytes(TransferSettings.MIN_BUFFER_BYTES);
    server = startServer(tiny, localDir, KEY);
    new ImageSender(tiny).send(loopback(server), ID, TransferToken.create(KEY, ID), source);
    TransferTestSupport.assertSameContent(ImageManifest.build(source),
        ImageManifest.build(server.getReceivedImages().find(ID)));
  }

  @Test(timeout = 60000)
  public void givenReceiverThatAcceptsThenTakesNothing_whenSent_thenTimedOutWithinTheDeadline()
      throws Exception {
    // Given: a peer that answers OK to the handshake and the manifest, then reads nothing
    buildTree(64L * 1024 * 1024);
    final ServerSocket stalled = new ServerSocket(0, 1,
        InetAddress.getLoopbackAddress());
    closeables.add(stalled);
    final List<Socket> accepted = new CopyOnWriteArrayList<>();
    Thread peer = new Thread(new Runnable() {
      @Override
      public void run() {
        try {
          Socket s = stalled.accept();
          accepted.add(s);
          // a receiver that holds the key: it accepts the handshake and the manifest
          TransferSecretManager keys = new TransferSecretManager();
          keys.setCurrentKey(KEY);
          java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
          HandshakeGate.Handshake h = HandshakeGate.readHandshake(in, keys);
          TransferSession session = ImageReceiver.accept(s.getInputStream(),
              s.getOutputStream(), h);
          session.in.readInt();
          ImageManifest.read(session.in, 1000, Long.MAX_VALUE);
          session.checkRead("the manifest");
          session.reply(true, "manifest ok");
        } catch (IOException e) {
          // the test closes the socket
        }
      }
    }, "stalled-receiver");
    peer.setDaemon(true);
    peer.start();

    // When: the images are sent with a 2 s read (and write) timeout
    ImageSender sender = new ImageSender(loopbackSettings().withReadTimeoutMs(2000));
    try {
      sender.send(new InetSocketAddress("127.0.0.1", stalled.getLocalPort()), ID,
          TransferToken.create(KEY, ID), source);
      fail("a receiver that takes nothing let the send finish");
    } catch (ImageTransferException e) {
      // Then: it fails on the write deadline, naming the key that sets it
      assertEquals("Transfer of images (migration " + ID + ", node 127.0.0.1:"
          + stalled.getLocalPort() + ") failed: timed out: the receiver took no data for"
          + " 2000 ms (" + MigrationConfiguration.NM_MIGRATION_TRANSFER_READ_TIMEOUT_MS + ")",
          e.getMessage());
    } finally {
      for (Socket s : accepted) {
        s.close();
      }
    }
  }

  private static final java.util.List<Integer> NO_TERMINALS = Collections.emptyList();

  /**
   * A pseudo-terminal index in use on the target host (a pair a process holds open there)
   * is named by the probe; a free index is not.
   */
  @Test(timeout = 60000)
  public void givenAPtyIndexInUseOnTheTargetHost_whenProbed_thenTheTargetNamesIt()
      throws Exception {
    server = startServer(loopbackSettings(), localDir, KEY);
    try (HeldProcess pty = HeldProcess.start("exec python3 -c \"import os, time\n"
        + "m, s = os.openpty()\nprint(os.ttyname(s).rsplit('/', 1)[1], flush=True)\n"
        + "time.sleep(60)\"")) {
      int held = Integer.parseInt(pty.readLine().trim());
      String why = sender().probeTarget(loopback(server), ID, TransferToken.create(KEY, ID),
          Collections.<InetSocketAddress>emptyList(), java.util.Arrays.asList(held));
      assertEquals("give the pseudo-terminal index " + held + ": /dev/pts/" + held
          + " is in use there", why);
      int free = held + 1;
      while (new java.io.File("/dev/pts/" + free).exists()) {
        free++;
      }
      assertNull(sender().probeTarget(loopback(server), ID, TransferToken.create(KEY, ID),
          Collections.<InetSocketAddress>emptyList(), java.util.Arrays.asList(free)));
    }
    assertEquals(Collections.emptyList(), listTree(imagesRoot()));
  }

  @Test(timeout = 60000)
  public void givenAPortHeldOnTheTargetHost_whenProbed_thenTheTargetNamesItAndNothingIsWritten()
      throws Exception {
    server = startServer(loopbackSettings(), localDir, KEY);
    InetAddress lo = InetAddress.getLoopbackAddress();
    try (ServerSocket held = new ServerSocket(0, 1, lo)) {
      InetSocketAddress taken = new InetSocketAddress(lo, held.getLocalPort());
      // When: the source asks whether the target can bind a free port and the held one
      String why;
      try (ServerSocket free = new ServerSocket(0, 1, lo)) {
        InetSocketAddress freeAddress = new InetSocketAddress(lo, free.getLocalPort());
        free.close();
        why = sender().probeTarget(loopback(server), ID, TransferToken.create(KEY, ID),
            java.util.Arrays.asList(freeAddress, taken), NO_TERMINALS);
      }
      // Then: the target names the held port and why
      assertTrue(why, why != null && why.startsWith("bind port " + held.getLocalPort()
          + " on 127.0.0.1: "));
      assertTrue(why, why.contains("in use"));
    }
    // released: the same port can be bound
    InetSocketAddress again;
    try (ServerSocket s = new ServerSocket(0, 1, lo)) {
      again = new InetSocketAddress(lo, s.getLocalPort());
    }
    assertNull(sender().probeTarget(loopback(server), ID, TransferToken.create(KEY, ID),
        Collections.singletonList(again), NO_TERMINALS));
    // an address this host does not have
    String notHere = sender().probeTarget(loopback(server), ID,
        TransferToken.create(KEY, ID), Collections.singletonList(new InetSocketAddress(
            InetAddress.getByAddress(new byte[] {(byte) 198, 19, (byte) 255, (byte) 254}),
            4000)), NO_TERMINALS);
    assertTrue(notHere, notHere != null && notHere.startsWith(
        "bind port 4000 on 198.19.255.254: "));
    // a probe needs the migration's token like the images do
    try {
      sender().probeTarget(loopback(server), ID, TransferToken.create(KEY, "migration_1_2"),
          Collections.singletonList(again), NO_TERMINALS);
      fail("a probe with the token of another migration was answered");
    } catch (ImageTransferException e) {
      assertEquals("invalid transfer token for migration " + ID, e.getReceiverMessage());
    }
    assertEquals(Collections.emptyList(), listTree(imagesRoot()));
  }

  @Test(timeout = 60000)
  public void givenWrongKeyWhenSentThenRefusedWithInvalidTokenAndNothingWritten()
      throws Exception {
    buildTree(1024);
    server = startServer(loopbackSettings(), localDir, KEY);
    byte[] otherKey = "another-key-of-32-bytes-........".getBytes(StandardCharsets.UTF_8);
    try {
      sender().send(loopback(server), ID, TransferToken.create(otherKey, ID), source);
      fail("a token made with another key was accepted");
    } catch (ImageTransferException e) {
      assertEquals("Transfer of images (migration " + ID + ", node 127.0.0.1:"
          + server.getPort() + ") failed: receiver replied: invalid transfer token for"
          + " migration " + ID, e.getMessage());
      assertEquals("invalid transfer token for migration " + ID, e.getReceiverMessage());
    }
    assertEquals(Collections.emptyList(), listTree(imagesRoot()));
  }

  @Test(timeout = 60000)
  public void givenTokenOfAnotherMigrationWhenSentThenRefusedAndNothingWritten()
      throws Exception {
    buildTree(1024);
    server = startServer(loopbackSettings(), localDir, KEY);
    try {
      sender().send(loopback(server), ID, TransferToken.create(KEY, "migration_1_2"), source);
      fail("a token of another migration was accepted");
    } catch (ImageTransferException e) {
      assertEquals("invalid transfer token for migration " + ID, e.getReceiverMessage());
    }
    assertEquals(Collections.emptyList(), listTree(imagesRoot()));
  }

  @Test(timeout = 60000)
  public void givenReceiverWithoutKeyWhenSentThenRefused() throws Exception {
    buildTree(10);
    server = startServer(loopbackSettings(), localDir, null);
    try {
      sender().send(loopback(server), ID, TransferToken.create(KEY, ID), source);
      fail("accepted without a key");
    } catch (ImageTransferException e) {
      assertEquals("invalid transfer token for migration " + ID, e.getReceiverMessage());
    }
    assertEquals(Collections.emptyList(), listTree(imagesRoot()));
  }

  @Test(timeout = 60000)
  public void givenProxyFlippingOneByteOfAFileWhenSentThenChecksumMismatchAndNothingRemains()
      throws Exception {
    writeRandom(source.resolve("a-big.img"), 4L * 1024 * 1024, 1);
    writeRandom(source.resolve("b-after.img"), 8L * 1024 * 1024, 2);
    server = startServer(loopbackSettings(), localDir, KEY);
    // Handshake and manifest are a few hundred bytes: 2 MiB is inside a-big.img.
    TransferTestSupport.FaultyProxy proxy =
        TransferTestSupport.FaultyProxy.corrupting(loopback(server), 2L * 1024 * 1024);
    closeables.add(proxy);
    try {
      sender().send(proxy.address(), ID, TransferToken.create(KEY, ID), source);
      fail("a corrupted stream was accepted");
    } catch (ImageTransferException e) {
      assertEquals("checksum mismatch for 'a-big.img'", e.getReceiverMessage());
      assertTrue(e.getMessage(), e.getMessage().endsWith(
          "failed: receiver replied: checksum mismatch for 'a-big.img'"));
    }
    awaitIdle(server);
    assertEquals(Collections.singletonList(""), listTree(imagesRoot()));
    assertNull(server.getReceivedImages().find(ID));
  }

  /** Bytes of the handshake of migration {@link #ID}: magic, version, id, nonce, proof. */
  private static int handshakeBytes() {
    return 4 + 4 + 2 + ID.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1
        + TransferMac.NONCE_BYTES + 1 + TransferMac.TAG_BYTES;
  }

  /**
   * A party in the middle changes one bit of the manifest (the last byte of a file's
   * SHA-256, which still parses): the receiver refuses it by the session's tag before it
   * reserves or writes anything -- it never gets as far as a checksum.
   */
  @Test(timeout = 60000)
  public void givenManifestChangedOnTheWay_whenSent_thenRefusedByItsTagAndNothingWritten()
      throws Exception {
    writeRandom(source.resolve("only.img"), 4096, 3);
    server = startServer(loopbackSettings(), localDir, KEY);
    java.io.ByteArrayOutputStream manifest = new java.io.ByteArrayOutputStream();
    ImageManifest.build(source).write(new DataOutputStream(manifest));
    long lastDigestByte = handshakeBytes() + 4 + manifest.size() - 1;
    TransferTestSupport.FaultyProxy proxy =
        TransferTestSupport.FaultyProxy.corrupting(loopback(server), lastDigestByte);
    closeables.add(proxy);
    try {
      sender().send(proxy.address(), ID, TransferToken.create(KEY, ID), source);
      fail("a changed manifest was accepted");
    } catch (ImageTransferException e) {
      assertEquals("the tag of the manifest does not match: the transfer stream was"
          + " changed, or not sent by a holder of the migration's token",
          e.getReceiverMessage());
    }
    awaitIdle(server);
    assertEquals("not even the images dir was made", Collections.emptyList(),
        listTree(imagesRoot()));
    assertNull(server.getReceivedImages().find(ID));
  }

  /**
   * A party in the middle records a whole transfer and plays it back to another receiver
   * holding the same key: the handshake's proof passes (it is the sender's), but that
   * receiver's nonce is new, so the recorded manifest's tag fails and nothing is written.
   */
  @Test(timeout = 60000)
  public void givenRecordedTransfer_whenReplayed_thenRefusedAndNothingWritten()
      throws Exception {
    writeRandom(source.resolve("only.img"), 4096, 4);
    server = startServer(loopbackSettings(), localDir, KEY);
    TransferTestSupport.FaultyProxy recorder =
        TransferTestSupport.FaultyProxy.recording(loopback(server));
    closeables.add(recorder);
    TransferResult sent = sender().send(recorder.address(), ID, TransferToken.create(KEY,
        ID), source);
    assertEquals(1, sent.getFiles());
    byte[] recorded;
    synchronized (recorder.recorded) {
      recorded = recorder.recorded.toByteArray();
    }
    assertEquals("the whole stream was recorded", sent.getBytesSent(), recorded.length);

    Path otherDir = tmp.newFolder("other-nm-local").toPath();
    ImageTransferServer other = startServer(loopbackSettings(), otherDir, KEY);
    closeables.add(other::stop);
    try (Socket s = new Socket("127.0.0.1", other.getPort())) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
      out.write(recorded, 0, handshakeBytes());
      out.flush();
      assertTrue("the recorded handshake", TransferProtocol.readReply(in).ok);
      in.readFully(new byte[TransferMac.NONCE_BYTES]);
      out.write(recorded, handshakeBytes(), recorded.length - handshakeBytes());
      out.flush();
      TransferProtocol.Reply r = TransferProtocol.readReply(in);
      assertFalse("a replayed transfer was accepted", r.ok);
      assertEquals("the tag of the manifest does not match: the transfer stream was"
          + " changed, or not sent by a holder of the migration's token", r.message);
    }
    awaitIdle(other);
    assertEquals("not even the images dir was made", Collections.emptyList(),
        listTree(otherDir.resolve(IMAGES_DIR)));
    assertNull(other.getReceivedImages().find(ID));
  }

  @Test(timeout = 60000)
  public void givenManifestWhoseChecksumDoesNotMatchWhenSentThenRejectedAndNothingRemains()
      throws Exception {
    write(source.resolve("spec"), "x=1\n", "rw-------");
    write(source.resolve("z-last"), "last\n", "rw-------");
    server = startServer(loopbackSettings(), localDir, KEY);
    List<ManifestEntry> entries = new ArrayList<ManifestEntry>(
        ImageManifest.build(source).getEntries());
    ManifestEntry spec = entries.get(0);
    entries.set(0, ManifestEntry.file(spec.getPath(), spec.getSize(), spec.getMode(),
        new byte[ManifestEntry.SHA256_BYTES]));
    try {
      sender().send(loopback(server), ID, TransferToken.create(KEY, ID), source,
          new ImageManifest(entries));
      fail("a wrong checksum was accepted");
    } catch (ImageTransferException e) {
      assertEquals("checksum mismatch for 'spec'", e.getReceiverMessage());
    }
    awaitIdle(server);
    assertEquals(Collections.singletonList(""), listTree(imagesRoot()));
  }

  @Test(timeout = 60000)
  public void givenSenderVanishingMidFileThenPartialDirectoryIsDeleted() throws Exception {
    server = startServer(loopbackSettings(), localDir, KEY);
    try (Socket s = halfSent(ID)) {
      assertTrue(Files.isDirectory(imagesRoot().resolve(ID + ".partial")));
    }
    awaitIdle(server);
    assertEquals(Collections.singletonList(""), listTree(imagesRoot()));
  }

  /** Opens a stream, sends handshake, manifest and half of file "f"; leaves it open. */
  private Socket halfSent(String id) throws IOException {
    Socket s = new Socket("127.0.0.1", server.getPort());
    TransferSession session = ImageSender.handshake(new java.io.BufferedOutputStream(
        s.getOutputStream()), s.getInputStream(), id, TransferToken.create(KEY, id),
        "the test's receiver");
    session.out.writeInt(TransferProtocol.REQUEST_IMAGES);
    new ImageManifest(Collections.singletonList(ManifestEntry.file("f", 1000, 0600,
        new byte[32]))).write(session.out);
    session.endWrite();
    assertTrue(session.readReply().ok);
    session.out.write(new byte[500]);
    session.out.flush();
    return s;
  }

  @Test(timeout = 60000)
  public void givenTransferInProgressWhenSameMigrationSentAgainThenRefused()
      throws Exception {
    write(source.resolve("a"), "a", "rw-------");
    server = startServer(loopbackSettings(), localDir, KEY);
    try (Socket first = halfSent(ID)) {
      try {
        sender().send(loopback(server), ID, TransferToken.create(KEY, ID), source);
        fail("two concurrent transfers of one migration");
      } catch (ImageTransferException e) {
        assertEquals("a transfer for migration " + ID + " is already in progress",
            e.getReceiverMessage());
      }
      assertTrue(Files.isDirectory(imagesRoot().resolve(ID + ".partial")));
    }
    awaitIdle(server);
    assertEquals(Collections.singletonList(""), listTree(imagesRoot()));
  }

  @Test(timeout = 60000)
  public void givenTransferInProgressWhenServerStopsThenPartialDirectoryIsDeleted()
      throws Exception {
    server = startServer(loopbackSettings(), localDir, KEY);
    try (Socket open = halfSent(ID)) {
      assertTrue(Files.isDirectory(imagesRoot().resolve(ID + ".partial")));
      server.stop();
      assertEquals(Collections.singletonList(""), listTree(imagesRoot()));
    }
  }

  @Test(timeout = 60000)
  public void givenImagesOverTheLimitWhenSentThenRejectedBeforeAnythingIsWritten()
      throws Exception {
    writeRandom(source.resolve("big.img"), 2000, 3);
    server = startServer(loopbackSettings().withMaxTotalBytes(1000), localDir, KEY);
    try {
      sender().send(loopback(server), ID, TransferToken.create(KEY, ID), source);
      fail("over the limit was accepted");
    } catch (ImageTransferException e) {
      assertEquals("images exceed the limit of 1000 bytes"
          + " (yarn.nodemanager.migration.transfer.max-total-bytes)", e.getReceiverMessage());
    }
    assertEquals(Collections.emptyList(), listTree(imagesRoot()));
  }

  @Test(timeout = 60000)
  public void givenImagesAlreadyReceivedWhenSentAgainThenRefusedAndFirstCopyKept()
      throws Exception {
    write(source.resolve("a"), "a", "rw-------");
    server = startServer(loopbackSettings(), localDir, KEY);
    byte[] token = TransferToken.create(KEY, ID);
    sender().send(loopback(server), ID, token, source);
    try {
      sender().send(loopback(server), ID, token, source);
      fail("a second transfer of the same migration was accepted");
    } catch (ImageTransferException e) {
      assertEquals("images of migration " + ID + " were already received",
          e.getReceiverMessage());
    }
    assertEquals("a", new String(Files.readAllBytes(
        server.getReceivedImages().find(ID).resolve("a")), StandardCharsets.UTF_8));
  }

  @Test(timeout = 60000)
  public void givenTwoServersWithPortZeroOnOneHostThenEachGetsItsOwnPortAndReceives()
      throws Exception {
    write(source.resolve("a"), "a", "rw-------");
    Path otherLocal = tmp.newFolder("nm2-local").toPath();
    server = startServer(loopbackSettings(), localDir, KEY);
    ImageTransferServer second = startServer(loopbackSettings(), otherLocal, KEY);
    try {
      assertTrue(server.getPort() > 0);
      assertTrue(second.getPort() > 0);
      assertNotEquals(server.getPort(), second.getPort());
      sender().send(loopback(server), ID, TransferToken.create(KEY, ID), source);
      sender().send(loopback(second), "migration_1_2", TransferToken.create(KEY,
          "migration_1_2"), source);
      assertTrue(Files.isDirectory(localDir.resolve("migration-images/" + ID)));
      assertTrue(Files.isDirectory(otherLocal.resolve("migration-images/migration_1_2")));
      assertFalse(Files.exists(otherLocal.resolve("migration-images/" + ID)));
    } finally {
      second.stop();
    }
  }

  @Test(timeout = 60000)
  public void givenNothingListeningWhenSentThenFailureNamesMigrationAndNode()
      throws Exception {
    write(source.resolve("a"), "a", "rw-------");
    int port;
    try (ServerSocket ss = new ServerSocket(0)) {
      port = ss.getLocalPort();
    }
    try {
      sender().send(new InetSocketAddress("127.0.0.1", port), ID, TransferToken.create(KEY,
          ID), source);
      fail("sent to nobody");
    } catch (ImageTransferException e) {
      assertTrue(e.getMessage(), e.getMessage().startsWith("Transfer of images (migration "
          + ID + ", node 127.0.0.1:" + port + ") failed: java.net.ConnectException"));
      assertNull(e.getReceiverMessage());
    }
  }

  @Test(timeout = 60000)
  public void givenReceiverThatNeverRepliesWhenSentThenReadTimeoutFailsTheTransfer()
      throws Exception {
    write(source.resolve("a"), "a", "rw-------");
    try (ServerSocket silent = new ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      ImageSender impatient = new ImageSender(loopbackSettings().withReadTimeoutMs(300));
      try {
        impatient.send(new InetSocketAddress("127.0.0.1", silent.getLocalPort()), ID,
            TransferToken.create(KEY, ID), source);
        fail("no reply but no timeout");
      } catch (ImageTransferException e) {
        assertEquals("Transfer of images (migration " + ID + ", node 127.0.0.1:"
            + silent.getLocalPort() + ") failed: timed out (Read timed out)", e.getMessage());
      }
    }
  }

  @Test(timeout = 60000)
  public void givenServerStoppedThenItsPortIsReleasedAndStopIsIdempotent() throws Exception {
    server = startServer(loopbackSettings(), localDir, KEY);
    int port = server.getPort();
    server.stop();
    server.stop();
    assertEquals(-1, server.getPort());
    try (ServerSocket again = new ServerSocket()) {
      again.bind(new InetSocketAddress("127.0.0.1", port));
    }
  }

  static void awaitIdle(ImageTransferServer s) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30000;
    while (s.openConnections() > 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(0, s.openConnections());
  }
}
