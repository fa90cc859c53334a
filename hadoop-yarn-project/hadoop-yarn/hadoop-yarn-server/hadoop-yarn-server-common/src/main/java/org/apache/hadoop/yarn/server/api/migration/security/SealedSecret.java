/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.security;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The transfer secret as the RM hands it to a NodeManager: sealed under a key derived from
 * the NM-token master key, so that only a holder of that key (the RM, the NodeManagers it
 * registered) reads it, on a connection that carries it in clear.
 *
 * <p>Layout: key id (4 bytes), nonce (16), secret XOR HMAC-SHA256(encryption key, nonce)
 * (at most 32 bytes), HMAC-SHA256(MAC key, everything before) (32). The keys are derived
 * from the master key's base key with the labels {@code yarn-migration-seal/enc} and
 * {@code yarn-migration-seal/mac} ({@link MigrationAgentKeys}).
 */
public final class SealedSecret {

  static final int NONCE = 16;
  static final int MAC = 32;
  /** The longest secret sealed (one HMAC-SHA256 block of key stream). */
  public static final int MAX_SECRET = 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  private SealedSecret() {
  }

  /**
   * Seals {@code secret} (at most {@value #MAX_SECRET} bytes) for node {@code nodeId} under
   * the current master key.
   */
  public static byte[] seal(byte[] secret, MigrationAgentKeys keys, String nodeId) {
    if (secret.length > MAX_SECRET) {
      throw new IllegalArgumentException("a sealed secret holds at most " + MAX_SECRET
          + " bytes, not " + secret.length);
    }
    int keyId = keys.currentKeyId();
    byte[] base = keyId == -1 ? null : keys.baseKey(keyId, nodeId);
    if (base == null) {
      throw new IllegalStateException("no NM-token master key to seal the secret with");
    }
    byte[] nonce = new byte[NONCE];
    RANDOM.nextBytes(nonce);
    byte[] stream = MigrationAgentKeys.hmac(
        MigrationAgentKeys.derive(base, "yarn-migration-seal/enc"), nonce);
    ByteBuffer b = ByteBuffer.allocate(4 + NONCE + secret.length + MAC);
    b.putInt(keyId).put(nonce);
    for (int i = 0; i < secret.length; i++) {
      b.put((byte) (secret[i] ^ stream[i]));
    }
    byte[] mac = MigrationAgentKeys.hmac(
        MigrationAgentKeys.derive(base, "yarn-migration-seal/mac"),
        Arrays.copyOf(b.array(), b.position()));
    b.put(mac);
    return b.array();
  }

  /**
   * The secret, or an exception: not sealed by a holder of a master key this side holds,
   * or changed on the way.
   */
  public static byte[] open(byte[] sealed, MigrationAgentKeys keys, String nodeId) {
    int n = sealed.length - 4 - NONCE - MAC;
    if (n <= 0 || n > MAX_SECRET) {
      throw new IllegalArgumentException("not a sealed secret (" + sealed.length + " bytes)");
    }
    int keyId = ByteBuffer.wrap(sealed).getInt();
    byte[] base = keys.baseKey(keyId, nodeId);
    if (base == null) {
      throw new IllegalArgumentException("the secret is sealed under NM-token master key "
          + keyId + ", which this side does not hold");
    }
    byte[] mac = MigrationAgentKeys.hmac(
        MigrationAgentKeys.derive(base, "yarn-migration-seal/mac"),
        Arrays.copyOf(sealed, sealed.length - MAC));
    if (!MessageDigest.isEqual(mac, Arrays.copyOfRange(sealed, sealed.length - MAC,
        sealed.length))) {
      throw new IllegalArgumentException("the sealed secret does not verify (changed on the"
          + " way, or sealed under another key)");
    }
    byte[] stream = MigrationAgentKeys.hmac(
        MigrationAgentKeys.derive(base, "yarn-migration-seal/enc"),
        Arrays.copyOfRange(sealed, 4, 4 + NONCE));
    byte[] secret = new byte[n];
    for (int i = 0; i < n; i++) {
      secret[i] = (byte) (sealed[4 + NONCE + i] ^ stream[i]);
    }
    return secret;
  }
}
