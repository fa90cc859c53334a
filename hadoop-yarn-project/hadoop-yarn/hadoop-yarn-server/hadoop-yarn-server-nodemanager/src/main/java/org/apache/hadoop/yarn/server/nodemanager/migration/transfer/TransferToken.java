/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The proof a sender holds the right to ship images for a migration:
 * {@code HMAC-SHA256(key, UTF-8(migrationId))}. The key is handed out by the RM (for now
 * see {@link TransferSecretManager}); only the sender and the receiver of that migration
 * learn the token.
 */
public final class TransferToken {

  /** Algorithm of the MAC. */
  public static final String ALGORITHM = "HmacSHA256";
  /** Length of a token. */
  public static final int TOKEN_BYTES = 32;
  /** Shortest accepted key. */
  public static final int MIN_KEY_BYTES = 16;

  private TransferToken() {
  }

  /**
   * @param key secret key, at least {@link #MIN_KEY_BYTES} bytes
   * @param migrationId the migration
   * @return the token (32 bytes)
   */
  public static byte[] create(byte[] key, String migrationId) {
    checkKey(key);
    if (migrationId == null) {
      throw new IllegalArgumentException("migrationId must not be null");
    }
    return TransferMac.newMac(key).doFinal(migrationId.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Checks a token in constant time (for tokens of the right length).
   *
   * @param key secret key
   * @param migrationId the migration the peer claims
   * @param token the token the peer sent; null or of a wrong length fails
   * @return true if the token was made with key for migrationId
   */
  public static boolean verify(byte[] key, String migrationId, byte[] token) {
    if (token == null || token.length != TOKEN_BYTES || migrationId == null) {
      return false;
    }
    return MessageDigest.isEqual(create(key, migrationId), token);
  }

  static void checkKey(byte[] key) {
    if (key == null || key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException("transfer key must be at least " + MIN_KEY_BYTES
          + " bytes");
    }
  }
}
