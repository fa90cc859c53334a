/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;

import static org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferTestSupport.ID;
import static org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferTestSupport.KEY;
import static org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferTestSupport.listTree;
import static org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferTestSupport.loopback;
import static org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferTestSupport.loopbackSettings;
import static org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferTestSupport.startServer;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.junit.After;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.TestRule;

/**
 * Hand-crafted streams and manifests against a real receiver: path traversal, symlinked
 * parents, bad migration ids, bad magic and versions. Nothing may be written, inside or
 * outside the receiver's root.
 */
public class TestTransferUntrustedInput {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  private static final String IMAGES_DIR =
      MigrationConfiguration.DEFAULT_NM_MIGRATION_IMAGES_DIR;

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private Path localDir;
  private Path outside;
  private Path source;
  private ImageTransferServer server;

  @Before
  public void setUp() throws IOException {
    localDir = tmp.newFolder("nm-local").toPath();
    outside = tmp.newFolder("outside").toPath();
    source = tmp.newFolder("src").toPath();
    server = startServer(loopbackSettings(), localDir, KEY);
  }

  @After
  public void tearDown() {
    server.stop();
  }

  private String sendManifest(ManifestEntry... entries) throws Exception {
    try {
      new ImageSender(loopbackSettings()).send(loopback(server), ID,
          TransferToken.create(KEY, ID), source, new ImageManifest(Arrays.asList(entries)));
      fail("the receiver accepted " + Arrays.toString(entries));
      return null;
    } catch (ImageTransferException e) {
      return e.getReceiverMessage();
    }
  }

  private void assertNothingWritten() throws Exception {
    TestImageTransfer.awaitIdle(server);
    assertEquals(Collections.emptyList(), listTree(localDir.resolve(IMAGES_DIR)));
    assertEquals(Collections.singletonList(""), listTree(outside));
  }

  private static ManifestEntry file(String path) {
    return ManifestEntry.file(path, 1, 0600, new byte[32]);
  }

  @Test(timeout = 60000)
  public void givenDotDotPathWhenReceivedThenRejectedAndNothingWritten() throws Exception {
    assertEquals("rejected entry '../x': '..' component", sendManifest(file("../x")));
    assertNothingWritten();
  }

  @Test(timeout = 60000)
  public void givenDotDotInsideADirWhenReceivedThenRejected() throws Exception {
    assertEquals("rejected entry 'a/../../x': '..' component",
        sendManifest(ManifestEntry.dir("a", 0700), file("a/../../x")));
    assertNothingWritten();
  }

  @Test(timeout = 60000)
  public void givenAbsolutePathWhenReceivedThenRejectedAndNothingWritten() throws Exception {
    assertEquals("rejected entry '/etc/x': absolute path", sendManifest(file("/etc/x")));
    assertNothingWritten();
  }

  @Test(timeout = 60000)
  public void givenEntryUnderASymlinkedDirWhenReceivedThenRejectedAndNothingWrittenOutside()
      throws Exception {
    assertEquals("rejected entry 'link/x': parent 'link' is not a directory listed before it",
        sendManifest(ManifestEntry.symlink("link", outside.toString()), file("link/x")));
    assertNothingWritten();
  }

  @Test(timeout = 60000)
  public void givenEntryWhoseParentIsNotListedWhenReceivedThenRejected() throws Exception {
    assertEquals("rejected entry 'nodir/x': parent 'nodir' is not a directory listed before"
        + " it", sendManifest(file("nodir/x")));
    assertNothingWritten();
  }

  @Test(timeout = 60000)
  public void givenDuplicateEntryWhenReceivedThenRejected() throws Exception {
    assertEquals("rejected entry 'x': duplicate path",
        sendManifest(ManifestEntry.symlink("x", "/etc/passwd"), file("x")));
    assertNothingWritten();
  }

  @Test(timeout = 60000)
  public void givenEmptyOrDotComponentWhenReceivedThenRejected() throws Exception {
    assertEquals("rejected entry 'a//b': empty or '.' component", sendManifest(file("a//b")));
    assertEquals("rejected entry './x': empty or '.' component", sendManifest(file("./x")));
    assertEquals("rejected entry '': empty path", sendManifest(file("")));
    assertNothingWritten();
  }

  @Test(timeout = 60000)
  public void givenSymlinkPointingOutsideWhenReceivedThenKeptAsALinkAndNotFollowed()
      throws Exception {
    Files.createSymbolicLink(source.resolve("escape"), outside);
    new ImageSender(loopbackSettings()).send(loopback(server), ID,
        TransferToken.create(KEY, ID), source);
    Path got = server.getReceivedImages().find(ID).resolve("escape");
    assertTrue(Files.isSymbolicLink(got));
    assertEquals(outside, Files.readSymbolicLink(got));
    assertEquals(Collections.singletonList(""), listTree(outside));
  }

  @Test(timeout = 60000)
  public void givenInvalidMigrationIdsWhenCheckedThenRefused() {
    for (String bad : Arrays.asList("", ".", "..", "../x", "a/b", "/abs", ".hidden",
        "x.partial", "x.pages", "a b", "a\u0000b", null, repeat('a', 129))) {
      assertFalse(String.valueOf(bad), MigrationIds.isValid(bad));
    }
    for (String good : Arrays.asList(ID, "migration_1_2", "m-1.2", "A", repeat('a', 128))) {
      assertTrue(good, MigrationIds.isValid(good));
    }
  }

  @Test(timeout = 60000)
  public void givenMigrationIdWithSeparatorOnTheWireThenRefusedBeforeTheToken()
      throws Exception {
    assertEquals("invalid migration id '../../etc'", rawHandshake(TransferProtocol.MAGIC,
        TransferProtocol.VERSION, "../../etc", TransferToken.create(KEY, "../../etc")));
    assertNothingWritten();
  }

  @Test(timeout = 60000)
  public void givenBadMagicOrVersionThenRefusedWithClearMessage() throws Exception {
    assertEquals("not a migration image stream (bad magic)",
        rawHandshake(0x47455420, 1, ID, TransferToken.create(KEY, ID)));
    assertEquals("unsupported transfer protocol version 9 (this NM speaks "
        + TransferProtocol.VERSION + ")",
        rawHandshake(TransferProtocol.MAGIC, 9, ID, TransferToken.create(KEY, ID)));
    assertNothingWritten();
  }

  @Test(timeout = 60000)
  public void givenMoreEntriesThanTheLimitThenRefusedBeforeReadingThem() throws Exception {
    server.stop();
    server = startServer(loopbackSettings().withMaxEntries(2), localDir, KEY);
    List<ManifestEntry> three = Arrays.asList(ManifestEntry.dir("a", 0700),
        ManifestEntry.dir("b", 0700), ManifestEntry.dir("c", 0700));
    assertEquals("manifest has 3 entries, limit is 2",
        sendManifest(three.toArray(new ManifestEntry[0])));
    assertNothingWritten();
  }

  @Test
  public void givenResolvedPathLeavingRootThenResolveInsideRefuses() throws Exception {
    Path root = Paths.get("/tmp/root");
    assertEquals(Paths.get("/tmp/root/a/b"), ImageReceiver.resolveInside(root, "a/b"));
    for (String bad : Arrays.asList("../x", "a/../../x", "/etc/x", ".")) {
      try {
        ImageReceiver.resolveInside(root, bad);
        fail(bad);
      } catch (IOException e) {
        assertEquals("rejected entry '" + bad + "': escapes the image root", e.getMessage());
      }
    }
  }

  @Test(timeout = 60000)
  public void givenBadRequestOrTargetProbe_thenRefusedWithClearMessageAndNothingBound()
      throws Exception {
    assertEquals("unknown request 47455420 after the handshake",
        afterHandshake(new int[] {0x47455420}));
    int probe = TransferProtocol.REQUEST_TARGET_PROBE;
    assertEquals("target probe of 1025 addresses (at most 1024)",
        afterHandshake(new int[] {probe, 1025}));
    assertEquals("target probe of -1 addresses (at most 1024)",
        afterHandshake(new int[] {probe, -1}));
    assertEquals("target probe address of 5 bytes", afterHandshake(
        new int[] {probe, 1}, 5, 127, 0, 0, 1, 1));
    assertEquals("target probe of port 0", afterHandshake(
        new int[] {probe, 1}, 4, 127, 0, 0, 1, 0, 0));
    assertEquals("target probe of 1025 pseudo-terminals (at most 1024)",
        afterHandshake(new int[] {probe, 0, 1025}));
    assertEquals("target probe of pseudo-terminal index -1",
        afterHandshake(new int[] {probe, 0, 1, -1}));
    assertEquals("target probe of pseudo-terminal index 1048576",
        afterHandshake(new int[] {probe, 0, 1, 1 << 20}));
    assertNothingWritten();
  }

  /**
   * Idle peers (connected, silent, or a handshake half sent) hold no serving thread: with
   * three times as many of them as the receiver has threads and queue, a real transfer is
   * served at once, and a request sent before the handshake's reply is refused.
   */
  @Test(timeout = 60000)
  public void givenIdleConnectionFloodWhenImagesSentThenServedAndIdleOnesHoldNoThread()
      throws Exception {
    int threads = loopbackSettings().getServerThreads();
    List<Socket> idle = new ArrayList<>();
    try {
      for (int i = 0; i < 6 * threads; i++) {
        Socket s = new Socket("127.0.0.1", server.getPort());
        idle.add(s);
        if (i % 2 == 1) {
          // half a handshake: magic and version only
          DataOutputStream out = new DataOutputStream(s.getOutputStream());
          out.writeInt(TransferProtocol.MAGIC);
          out.writeInt(TransferProtocol.VERSION);
          out.flush();
        }
      }
      Files.write(source.resolve("pages.img"), new byte[4096]);
      TransferResult r = new ImageSender(loopbackSettings()).send(loopback(server), ID,
          TransferToken.create(KEY, ID), source);
      assertEquals(1, r.getFiles());
      TestImageTransfer.awaitIdle(server);
    } finally {
      for (Socket s : idle) {
        s.close();
      }
    }
    // a request pipelined behind the handshake, before its reply: refused
    try (Socket s = new Socket("127.0.0.1", server.getPort())) {
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      TransferProtocol.writeHandshake(out, "migration_1700000000000_0002",
          TransferToken.create(KEY, "migration_1700000000000_0002"));
      out.writeInt(TransferProtocol.REQUEST_IMAGES);
      out.flush();
      TransferProtocol.Reply reply = TransferProtocol.readReply(new DataInputStream(
          s.getInputStream()));
      assertFalse(reply.ok);
      assertEquals("data sent before the handshake was accepted", reply.message);
    }
  }

  /** Sends a valid handshake, then the ints and bytes given; returns the error reply. */
  private String afterHandshake(int[] ints, int... bytes) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.getPort())) {
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      DataInputStream in = new DataInputStream(s.getInputStream());
      TransferProtocol.writeHandshake(out, ID, TransferToken.create(KEY, ID));
      out.flush();
      assertTrue(TransferProtocol.readReply(in).ok);
      in.readFully(new byte[TransferMac.NONCE_BYTES]); // the receiver's nonce
      for (int i : ints) {
        out.writeInt(i);
      }
      for (int b : bytes) {
        out.writeByte(b);
      }
      out.flush();
      TransferProtocol.Reply r = TransferProtocol.readReply(in);
      assertFalse(r.ok);
      return r.message;
    }
  }

  private String rawHandshake(int magic, int version, String id, byte[] token)
      throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.getPort())) {
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.writeInt(magic);
      out.writeInt(version);
      out.writeUTF(id);
      byte[] nonce = TransferMac.nonce();
      out.writeByte(nonce.length);
      out.write(nonce);
      byte[] proof = TransferMac.proof(token, id, nonce);
      out.writeByte(proof.length);
      out.write(proof);
      out.flush();
      TransferProtocol.Reply r = TransferProtocol.readReply(new DataInputStream(
          s.getInputStream()));
      assertFalse(r.ok);
      return r.message;
    }
  }

  private static String repeat(char c, int n) {
    char[] a = new char[n];
    Arrays.fill(a, c);
    return new String(a);
  }
}
