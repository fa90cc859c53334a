/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;

import static org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferTestSupport.write;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.hadoop.criu.BoundedRun;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.TestRule;

public class TestImageManifest {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void givenTreeWhenBuiltThenPreOrderSortedWithModesDigestsAndLinksNotFollowed()
      throws Exception {
    Path root = tmp.newFolder("root").toPath();
    write(root.resolve("b/inner.txt"), "inner", "rw-r-----");
    write(root.resolve("a.txt"), "hello", "rwxr-xr-x");
    Files.createSymbolicLink(root.resolve("c-link"), Paths.get("b"));
    Files.createSymbolicLink(root.resolve("d-out"), tmp.getRoot().toPath());
    Files.setPosixFilePermissions(root.resolve("b"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));

    ImageManifest m = ImageManifest.build(root);

    List<String> paths = new ArrayList<String>();
    for (ManifestEntry e : m.getEntries()) {
      paths.add(e.getType() + " " + e.getPath());
    }
    assertEquals(Arrays.asList("FILE a.txt", "DIR b", "FILE b/inner.txt", "SYMLINK c-link",
        "SYMLINK d-out"), paths);
    ManifestEntry a = m.getEntries().get(0);
    assertEquals(5, a.getSize());
    assertEquals(0755, a.getMode());
    assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(
        "hello".getBytes(StandardCharsets.UTF_8)), a.getSha256());
    assertEquals(0750, m.getEntries().get(1).getMode());
    assertEquals(0640, m.getEntries().get(2).getMode());
    assertEquals("b", m.getEntries().get(3).getLinkTarget());
    assertEquals(2, m.fileCount());
    assertEquals(10, m.totalFileBytes());
    m.validate(10);
  }

  @Test
  public void givenManifestWhenWrittenAndReadThenEqual() throws Exception {
    ImageManifest m = new ImageManifest(Arrays.asList(
        ManifestEntry.dir("d", 0755),
        ManifestEntry.file("d/f \u00e9", 123456789012L, 0640, new byte[32]),
        ManifestEntry.symlink("d/l", "/somewhere/else")));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    m.write(new DataOutputStream(bytes));
    ImageManifest back = ImageManifest.read(new DataInputStream(
        new ByteArrayInputStream(bytes.toByteArray())), 3, Long.MAX_VALUE);
    assertEquals(m, back);
  }

  @Test
  public void givenMoreEntriesThanTheLimitWhenReadThenRefused() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new DataOutputStream(bytes).writeInt(Integer.MAX_VALUE);
    try {
      ImageManifest.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())),
          1000, Long.MAX_VALUE);
      fail();
    } catch (IOException e) {
      assertEquals("manifest has 2147483647 entries, limit is 1000", e.getMessage());
    }
  }

  /** Reads what the bytes hold; returns the refusal's text (fails if accepted). */
  private static String refusalOf(byte[] bytes, long maxTotalBytes) {
    try {
      ImageManifest.read(new DataInputStream(new ByteArrayInputStream(bytes)), 200000,
          maxTotalBytes);
      fail("accepted");
      return null;
    } catch (IOException e) {
      return e.getMessage();
    }
  }

  @Test
  public void givenOversizedNamesOrSizesWhenReadThenRefusedBeforeAllocated() throws Exception {
    // a path that claims 65535 bytes and sends none: refused on its length, not on EOF
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(1);
    out.writeByte(EntryType.DIR.code());
    out.writeShort(65535);
    assertEquals("manifest path of entry 0 is 65535 bytes long (at most 4096 characters)",
        refusalOf(bytes.toByteArray(), Long.MAX_VALUE));
    // names of 12000 bytes each: refused once they pass 32 MiB together
    bytes.reset();
    out.writeInt(3000);
    StringBuilder euros = new StringBuilder();
    for (int i = 0; i < 4000; i++) {
      euros.append('\u20ac');
    }
    for (int i = 0; i < 3000; i++) {
      out.writeByte(EntryType.DIR.code());
      out.writeUTF(euros.toString());
      out.writeLong(0);
      out.writeShort(0755);
      out.writeUTF("");
    }
    assertEquals("manifest names exceed 33554432 bytes",
        refusalOf(bytes.toByteArray(), Long.MAX_VALUE));
    // file sizes beyond the limit, and a negative size
    for (long size : new long[] {1001, -1}) {
      bytes.reset();
      out.writeInt(1);
      out.writeByte(EntryType.FILE.code());
      out.writeUTF("f");
      out.writeLong(size);
      assertEquals(size < 0 ? "manifest entry 'f' has a negative size"
          : "images exceed the limit of 1000 bytes"
          + " (yarn.nodemanager.migration.transfer.max-total-bytes)",
          refusalOf(bytes.toByteArray(), 1000));
    }
  }

  @Test
  public void givenUnknownTypeCodeWhenReadThenRefused() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(1);
    out.writeByte(9);
    try {
      ImageManifest.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())),
          10, Long.MAX_VALUE);
      fail();
    } catch (IOException e) {
      assertEquals("unknown manifest entry type 9", e.getMessage());
    }
  }

  @Test
  public void givenBadEntriesWhenValidatedThenEachIsRejectedWithItsReason() {
    byte[] d = new byte[32];
    assertRejected("rejected entry '../x': '..' component", ManifestEntry.file("../x", 1, 0, d));
    assertRejected("rejected entry '/etc/x': absolute path",
        ManifestEntry.file("/etc/x", 1, 0, d));
    assertRejected("rejected entry 'a?b': NUL character in path",
        ManifestEntry.file("a\u0000b", 1, 0, d));
    assertRejected("rejected entry 'a/': empty or '.' component",
        ManifestEntry.dir("a", 0700), ManifestEntry.dir("a/", 0700));
    assertRejected("rejected entry 'f': negative size -1", ManifestEntry.file("f", -1, 0, d));
    assertRejected("rejected entry 'f': SHA-256 must be 32 bytes",
        ManifestEntry.file("f", 1, 0, new byte[3]));
    assertRejected("rejected entry 'l': invalid symlink target",
        ManifestEntry.symlink("l", ""));
    assertRejected("rejected entry 'd': size must be 0 for a DIR",
        new ManifestEntry("d", EntryType.DIR, 5, 0700, "", null));
    assertRejected("rejected entry 'p': size must be 0 for a FIFO",
        new ManifestEntry("p", EntryType.FIFO, 5, 0600, "", null));
    assertRejected("rejected entry 'l/x': parent 'l' is not a directory listed before it",
        ManifestEntry.symlink("l", "/tmp"), ManifestEntry.file("l/x", 1, 0, d));
    assertRejected("images exceed the limit of 100 bytes"
        + " (yarn.nodemanager.migration.transfer.max-total-bytes)",
        ManifestEntry.file("a", 60, 0, d), ManifestEntry.file("b", 60, 0, d));
    assertRejected("images exceed the limit of 100 bytes"
        + " (yarn.nodemanager.migration.transfer.max-total-bytes)",
        ManifestEntry.file("a", 60, 0, d), ManifestEntry.file("b", Long.MAX_VALUE, 0, d));
  }

  private static void assertRejected(String message, ManifestEntry... entries) {
    try {
      new ImageManifest(Arrays.asList(entries)).validate(100);
      fail("accepted " + Arrays.toString(entries));
    } catch (IOException e) {
      assertEquals(message, e.getMessage());
    }
  }

  @Test
  public void givenRootThatIsASymlinkWhenBuiltThenRefused() throws Exception {
    Path real = tmp.newFolder("real").toPath();
    Path link = tmp.getRoot().toPath().resolve("link");
    Files.createSymbolicLink(link, real);
    try {
      ImageManifest.build(link);
      fail();
    } catch (IOException e) {
      assertEquals("image root " + link + " is not a directory", e.getMessage());
    }
  }
}
