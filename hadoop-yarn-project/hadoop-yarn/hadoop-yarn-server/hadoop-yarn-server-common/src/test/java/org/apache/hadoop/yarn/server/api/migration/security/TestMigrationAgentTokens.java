/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.security;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.security.token.SecretManager.InvalidToken;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.yarn.server.api.migration.security.MigrationAgentTokenIdentifier.Role;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/** Migration tokens and the sealed transfer secret, with keys held by each side. */
public class TestMigrationAgentTokens {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  private static final String NM1 = "nm1.example:45454";
  private static final String NM2 = "nm2.example:45454";

  /** Master keys 7 (current) and 6; a side that holds only some nodes' base keys. */
  static MigrationAgentKeys keys(int current, String... nodes) {
    return new MigrationAgentKeys() {
      @Override
      public int currentKeyId() {
        return current;
      }

      @Override
      public byte[] baseKey(int keyId, String nodeId) {
        if ((keyId != 7 && keyId != 6) || keyId > current) {
          return null;
        }
        for (String n : nodes) {
          if (n.equals(nodeId)) {
            return MigrationAgentKeys.derive(("master-" + keyId).getBytes(
                StandardCharsets.UTF_8), nodeId);
          }
        }
        return null;
      }
    };
  }

  private static final InetSocketAddress ADDR = new InetSocketAddress("127.0.0.1", 1);

  @Test
  public void givenRmToken_whenNm1ChecksIt_thenSamePasswordElseRefused() throws Exception {
    MigrationAgentKeys rm = keys(7, NM1, NM2);
    MigrationAgentSecretManager nm1 = new MigrationAgentSecretManager(keys(7, NM1),
        Role.RESOURCE_MANAGER, () -> NM1);
    Token<MigrationAgentTokenIdentifier> t = MigrationAgentSecretManager.token(rm,
        Role.RESOURCE_MANAGER, NM1, ADDR);
    MigrationAgentTokenIdentifier id = new MigrationAgentTokenIdentifier();
    id.readFields(new java.io.DataInputStream(new java.io.ByteArrayInputStream(
        t.getIdentifier())));
    assertEquals(7, id.getKeyId());
    assertArrayEquals(t.getPassword(), nm1.retrievePassword(id));

    // the same token at another node, a NodeManager's token at an agent, an old key
    MigrationAgentSecretManager nm2 = new MigrationAgentSecretManager(keys(7, NM2),
        Role.RESOURCE_MANAGER, () -> NM2);
    assertInvalid("the token is for node " + NM1 + ", this is " + NM2, nm2, id);
    assertInvalid("a NODE_MANAGER token does not open this server", nm1,
        new MigrationAgentTokenIdentifier(Role.NODE_MANAGER, NM1, 7, 0));
    assertInvalid("NM-token master key 5 is not held here", nm1,
        new MigrationAgentTokenIdentifier(Role.RESOURCE_MANAGER, NM1, 5, 0));
    // a password made with another key is not this one
    Token<MigrationAgentTokenIdentifier> forged = MigrationAgentSecretManager.token(
        new MigrationAgentKeys() {
          @Override
          public int currentKeyId() {
            return 7;
          }

          @Override
          public byte[] baseKey(int keyId, String nodeId) {
            return new byte[20];
          }
        }, Role.RESOURCE_MANAGER, NM1, ADDR);
    assertTrue(!java.util.Arrays.equals(forged.getPassword(), t.getPassword()));
  }

  @Test
  public void givenNmToken_whenRmChecksIt_thenAcceptedWithThePreviousKeyToo() throws Exception {
    MigrationAgentSecretManager rm = new MigrationAgentSecretManager(keys(7, NM1, NM2),
        Role.NODE_MANAGER, null);
    Token<MigrationAgentTokenIdentifier> t = MigrationAgentSecretManager.token(keys(6, NM1),
        Role.NODE_MANAGER, NM1, ADDR);
    MigrationAgentTokenIdentifier id = new MigrationAgentTokenIdentifier(Role.NODE_MANAGER,
        NM1, 6, 0);
    MigrationAgentTokenIdentifier got = new MigrationAgentTokenIdentifier();
    got.readFields(new java.io.DataInputStream(new java.io.ByteArrayInputStream(
        t.getIdentifier())));
    assertEquals(id.getNodeId(), got.getNodeId());
    assertArrayEquals(t.getPassword(), rm.retrievePassword(got));
    assertInvalid("a RESOURCE_MANAGER token does not open this server", rm,
        new MigrationAgentTokenIdentifier(Role.RESOURCE_MANAGER, NM1, 7, 0));
    try {
      MigrationAgentSecretManager.token(keys(-1), Role.NODE_MANAGER, NM1, ADDR);
      fail("token without a key");
    } catch (IllegalStateException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("no NM-token master key yet"));
    }
  }

  @Test
  public void givenIdentifierWithAnUnknownRole_whenRead_thenIOExceptionNamingIt()
      throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
    org.apache.hadoop.io.Text.writeString(out, "ROOT");
    org.apache.hadoop.io.Text.writeString(out, NM1);
    out.writeInt(7);
    out.writeLong(0);
    try {
      new MigrationAgentTokenIdentifier().readFields(new java.io.DataInputStream(
          new java.io.ByteArrayInputStream(bytes.toByteArray())));
      fail("an identifier with role ROOT was read");
    } catch (java.io.IOException e) {
      assertTrue(e.getMessage(), e.getMessage().startsWith("not a migration token: ")
          && e.getMessage().contains("ROOT"));
    }
  }

  @Test
  public void givenSealedSecret_whenOpened_thenOnlyByThatNodesKeyAndUnchanged() {
    byte[] secret = new byte[32];
    new java.util.Random(1).nextBytes(secret);
    byte[] sealed = SealedSecret.seal(secret, keys(7, NM1, NM2), NM1);
    assertArrayEquals(secret, SealedSecret.open(sealed, keys(7, NM1), NM1));
    assertTrue("not in clear", new String(sealed, StandardCharsets.ISO_8859_1).indexOf(
        new String(secret, StandardCharsets.ISO_8859_1)) < 0);
    for (int i = 0; i < sealed.length; i++) {
      byte[] bad = sealed.clone();
      bad[i] ^= 1;
      try {
        SealedSecret.open(bad, keys(7, NM1), NM1);
        fail("byte " + i + " changed, still opened");
      } catch (IllegalArgumentException e) {
        // refused
      }
    }
    try {
      SealedSecret.open(sealed, keys(7, NM2), NM2);
      fail("opened with another node's key");
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("does not verify"));
    }
  }

  private static void assertInvalid(String expected, MigrationAgentSecretManager sm,
      MigrationAgentTokenIdentifier id) {
    try {
      sm.retrievePassword(id);
      fail("accepted " + id);
    } catch (InvalidToken e) {
      assertTrue(e.getMessage(), e.getMessage().contains(expected));
    }
  }
}
