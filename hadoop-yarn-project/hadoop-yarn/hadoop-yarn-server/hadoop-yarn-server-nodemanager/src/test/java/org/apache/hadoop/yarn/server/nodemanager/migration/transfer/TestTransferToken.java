/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.hadoop.criu.BoundedRun;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.TestRule;

public class TestTransferToken {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  private static final byte[] KEY = TransferTestSupport.KEY;
  private static final byte[] OTHER =
      "ffffffffffffffffffffffffffffffff".getBytes(StandardCharsets.UTF_8);

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void givenKeyAndIdWhenCreatedThenItIsTheHmacSha256OfTheId() throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
    byte[] expected = mac.doFinal("migration_1_2".getBytes(StandardCharsets.UTF_8));
    byte[] token = TransferToken.create(KEY, "migration_1_2");
    assertEquals(32, token.length);
    assertArrayEquals(expected, token);
    assertTrue(TransferToken.verify(KEY, "migration_1_2", token));
  }

  @Test
  public void givenWrongKeyIdOrShapeWhenVerifiedThenFalse() {
    byte[] token = TransferToken.create(KEY, "migration_1_2");
    assertFalse(TransferToken.verify(OTHER, "migration_1_2", token));
    assertFalse(TransferToken.verify(KEY, "migration_1_3", token));
    assertFalse(TransferToken.verify(KEY, "migration_1_2", Arrays.copyOf(token, 31)));
    assertFalse(TransferToken.verify(KEY, "migration_1_2", new byte[0]));
    assertFalse(TransferToken.verify(KEY, "migration_1_2", null));
    assertFalse(TransferToken.verify(KEY, null, token));
    byte[] flipped = token.clone();
    flipped[31] ^= 1;
    assertFalse(TransferToken.verify(KEY, "migration_1_2", flipped));
  }

  @Test
  public void givenShortKeyWhenCreatedThenRefused() {
    try {
      TransferToken.create(new byte[15], "m");
      fail();
    } catch (IllegalArgumentException e) {
      assertEquals("transfer key must be at least 16 bytes", e.getMessage());
    }
  }

  /** Whether the manager accepts a handshake's proof of this token for migration m. */
  private static boolean accepts(TransferSecretManager m, byte[] token) {
    byte[] nonce = TransferMac.nonce();
    byte[] proven = m.tokenProven("m", nonce, TransferMac.proof(token, "m", nonce));
    assertTrue("the proven token is the token", proven == null
        || Arrays.equals(proven, token));
    return proven != null;
  }

  @Test
  public void givenNoKeyWhenVerifiedThenRefusedAndNoTokenCanBeMade() {
    TransferSecretManager m = new TransferSecretManager();
    assertFalse(m.hasKey());
    assertFalse(accepts(m, TransferToken.create(KEY, "m")));
    try {
      m.createToken("m");
      fail();
    } catch (IllegalStateException e) {
      assertEquals("no transfer key is set", e.getMessage());
    }
  }

  @Test
  public void givenRolledKeyWhenVerifiedThenPreviousStillAcceptedUntilRetired() {
    TransferSecretManager m = new TransferSecretManager();
    m.setCurrentKey(KEY);
    byte[] old = m.createToken("m");
    m.setCurrentKey(OTHER);
    assertArrayEquals(TransferToken.create(OTHER, "m"), m.createToken("m"));
    assertTrue(accepts(m, old));
    assertTrue(accepts(m, m.createToken("m")));
    m.retirePreviousKey();
    assertFalse(accepts(m, old));
    assertTrue(accepts(m, m.createToken("m")));
    m.clear();
    assertFalse(accepts(m, TransferToken.create(OTHER, "m")));
  }

  /**
   * The RM rolls its key (current K1, next K2 -> current K2, next K3) while NM A has
   * registered since and NM B not yet: each accepts what the other sends, both ways, and
   * after B registered too, and the roll after, K1 is no longer accepted.
   */
  @Test
  public void givenAKeyRollThatOneNodeLearnedFirst_whenEitherSends_thenTheOtherAccepts() {
    byte[] k1 = "transfer-key-one-0123456789".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] k2 = "transfer-key-two-0123456789".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] k3 = "transfer-key-three-012345678".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] k4 = "transfer-key-four-0123456789".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    TransferSecretManager a = new TransferSecretManager();
    TransferSecretManager b = new TransferSecretManager();
    a.setKeys(k1, k2);
    b.setKeys(k1, k2);
    a.setKeys(k2, k3); // A registered after the roll
    assertTrue("B takes what A sends with the new key", accepts(b, a.createToken("m")));
    assertTrue("A takes what B sends with the old key", accepts(a, b.createToken("m")));
    b.setKeys(k2, k3);
    assertTrue(accepts(a, b.createToken("m")));
    a.setKeys(k3, k4);
    b.setKeys(k3, k4);
    assertFalse("two rolls later the first key is refused",
        accepts(a, TransferToken.create(k1, "m")));
    assertTrue(accepts(a, TransferToken.create(k2, "m")));
  }

  /**
   * A proof holds for its migration, token and nonce only; the session keys of two
   * connections differ, and each direction has its own: a tag over what one side wrote is
   * checked by the other, and a changed byte, a cut stream or a tag of another session or
   * direction is refused.
   */
  @Test
  public void givenAProofAndASession_whenChecked_thenOnlyTheSameBytesOfTheSameSessionPass()
      throws Exception {
    byte[] token = TransferToken.create(KEY, "m");
    byte[] n1 = TransferMac.nonce();
    byte[] n2 = TransferMac.nonce();
    byte[] proof = TransferMac.proof(token, "m", n1);
    assertTrue(TransferMac.proves(token, "m", n1, proof));
    assertFalse("another nonce", TransferMac.proves(token, "m", n2, proof));
    assertFalse("another migration", TransferMac.proves(token, "n", n1, proof));
    assertFalse("another token", TransferMac.proves(TransferToken.create(OTHER, "m"), "m",
        n1, proof));
    assertFalse(TransferMac.proves(token, "m", n1, Arrays.copyOf(proof, 31)));

    byte[] data = "manifest and images".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] sent = sentWithTag(TransferMac.sessionKey(token, n1, n2), TransferMac.TO_RECEIVER,
        data);
    readAndCheck(TransferMac.sessionKey(token, n1, n2), TransferMac.TO_RECEIVER, sent,
        data.length);
    for (int i = 0; i < sent.length; i++) {
      byte[] changed = sent.clone();
      changed[i] ^= 1;
      assertRefused("byte " + i + " flipped", TransferMac.sessionKey(token, n1, n2),
          TransferMac.TO_RECEIVER, changed, data.length, "does not match");
    }
    assertRefused("cut short", TransferMac.sessionKey(token, n1, n2),
        TransferMac.TO_RECEIVER, Arrays.copyOf(sent, sent.length - 1), data.length,
        "ended before the tag of the test bytes");
    assertRefused("another session (a new receiver nonce)",
        TransferMac.sessionKey(token, n1, TransferMac.nonce()), TransferMac.TO_RECEIVER,
        sent, data.length, "does not match");
    assertRefused("the other direction", TransferMac.sessionKey(token, n1, n2),
        TransferMac.TO_SENDER, sent, data.length, "does not match");
  }

  private static byte[] sentWithTag(byte[] key, String direction, byte[] data)
      throws java.io.IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    TransferMac.Out out = new TransferMac.Out(bytes, TransferMac.mac(key, direction));
    out.write(data);
    out.tag();
    return bytes.toByteArray();
  }

  private static void readAndCheck(byte[] key, String direction, byte[] sent, int length)
      throws java.io.IOException {
    TransferMac.In in = new TransferMac.In(new java.io.ByteArrayInputStream(sent),
        TransferMac.mac(key, direction));
    byte[] got = new byte[length];
    new java.io.DataInputStream(in).readFully(got);
    in.checkTag("the test bytes");
  }

  private static void assertRefused(String what, byte[] key, String direction, byte[] sent,
      int length, String why) {
    try {
      readAndCheck(key, direction, sent, length);
      fail(what + ": accepted");
    } catch (java.io.IOException e) {
      assertTrue(what + ": " + e.getMessage(), e.getMessage().contains(why));
    }
  }

  @Test
  public void givenPrivateKeyFileWhenLoadedThenItsBytesAreTheKey() throws Exception {
    Path f = tmp.newFile("key").toPath();
    Files.write(f, KEY);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    assertArrayEquals(KEY, TransferSecretManager.loadKeyFile(f));
  }

  @Test
  public void givenGroupReadableOrShortKeyFileWhenLoadedThenRefused() throws Exception {
    Path f = tmp.newFile("key").toPath();
    Files.write(f, KEY);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
    try {
      TransferSecretManager.loadKeyFile(f);
      fail();
    } catch (IOException e) {
      assertEquals("transfer key file " + f
          + " must not be accessible by group or others (chmod 600)", e.getMessage());
    }
    Files.write(f, new byte[4]);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    try {
      TransferSecretManager.loadKeyFile(f);
      fail();
    } catch (IOException e) {
      assertEquals("transfer key file " + f + " holds 4 bytes, at least 16 are needed",
          e.getMessage());
    }
  }
}
