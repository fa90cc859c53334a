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

  @Test
  public void givenNoKeyWhenVerifiedThenRefusedAndNoTokenCanBeMade() {
    TransferSecretManager m = new TransferSecretManager();
    assertFalse(m.hasKey());
    assertFalse(m.verify("m", TransferToken.create(KEY, "m")));
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
    assertTrue(m.verify("m", old));
    assertTrue(m.verify("m", m.createToken("m")));
    m.retirePreviousKey();
    assertFalse(m.verify("m", old));
    assertTrue(m.verify("m", m.createToken("m")));
    m.clear();
    assertFalse(m.verify("m", TransferToken.create(OTHER, "m")));
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
