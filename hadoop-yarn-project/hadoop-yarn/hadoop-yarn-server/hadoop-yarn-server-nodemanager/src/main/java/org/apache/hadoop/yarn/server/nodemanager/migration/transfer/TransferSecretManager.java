/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Set;

/**
 * Holder of the transfer keys of one NM: the current key, which makes tokens; the next
 * one, which the RM hands out before it becomes current, accepted already; and the
 * previous one, still accepted, so that a roll of the RM's key fails no transfer (see the
 * RM's {@code TransferKeyRing}). Thread-safe. With no key every proof is refused.
 *
 * <p>Keys come from the RM at each registration of the agent ({@link #setKeys}); an
 * interim {@code yarn.nodemanager.migration.transfer.secret-file} loads one at start
 * ({@link #loadKeyFile(Path)}).
 */
public final class TransferSecretManager {

  private byte[] currentKey;
  private byte[] previousKey;
  private byte[] nextKey;

  /** Starts without a key: every token is refused until {@link #setCurrentKey}. */
  public TransferSecretManager() {
  }

  /**
   * Makes key the current key; the former current key stays accepted as the previous.
   *
   * @param key at least {@link TransferToken#MIN_KEY_BYTES} bytes
   */
  public synchronized void setCurrentKey(byte[] key) {
    TransferToken.checkKey(key);
    if (currentKey != null && !Arrays.equals(currentKey, key)) {
      previousKey = currentKey;
    }
    currentKey = key.clone();
  }

  /**
   * The RM's keys: current and next (null: none announced). When the current key changes,
   * the former one stays accepted as the previous.
   */
  public synchronized void setKeys(byte[] current, byte[] next) {
    setCurrentKey(current);
    if (next != null) {
      TransferToken.checkKey(next);
    }
    nextKey = next == null ? null : next.clone();
  }

  /** Stops accepting the previous key. */
  public synchronized void retirePreviousKey() {
    previousKey = null;
  }

  /** Forgets every key: tokens are refused from now on. */
  public synchronized void clear() {
    currentKey = null;
    previousKey = null;
    nextKey = null;
  }

  /** @return true if a current key is set */
  public synchronized boolean hasKey() {
    return currentKey != null;
  }

  /**
   * @param migrationId the migration
   * @return its token under the current key
   * @throws IllegalStateException if no key is set
   */
  public synchronized byte[] createToken(String migrationId) {
    if (currentKey == null) {
      throw new IllegalStateException("no transfer key is set");
    }
    return TransferToken.create(currentKey, migrationId);
  }

  /**
   * The token of a migration, when the proof a sender's handshake carries shows it holds
   * that token under the current, the next or the previous key ({@link TransferMac#proof}).
   *
   * @return the token (the session's secret), or null when the proof does not match
   */
  public synchronized byte[] tokenProven(String migrationId, byte[] senderNonce,
      byte[] proof) {
    byte[] proven = null;
    // every key is always tried, so the answer's timing does not tell which one matched
    for (byte[] key : new byte[][] {currentKey, nextKey, previousKey}) {
      if (key != null && migrationId != null) {
        byte[] token = TransferToken.create(key, migrationId);
        if (TransferMac.proves(token, migrationId, senderNonce, proof) && proven == null) {
          proven = token;
        }
      }
    }
    return proven;
  }

  /**
   * Reads a key file: its whole content is the key. Refused if it is a symlink, shorter
   * than {@link TransferToken#MIN_KEY_BYTES}, or readable or writable by group/others.
   *
   * @param file the key file
   * @return the key
   * @throws IOException if the file cannot be used
   */
  public static byte[] loadKeyFile(Path file) throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("transfer key file " + file + " is not a regular file");
    }
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file,
        LinkOption.NOFOLLOW_LINKS);
    if ((PosixModes.toBits(perms) & 0077) != 0) {
      throw new IOException("transfer key file " + file
          + " must not be accessible by group or others (chmod 600)");
    }
    if (Files.size(file) > 4096) {
      throw new IOException("transfer key file " + file + " is longer than 4096 bytes");
    }
    byte[] key = Files.readAllBytes(file);
    if (key.length < TransferToken.MIN_KEY_BYTES) {
      throw new IOException("transfer key file " + file + " holds " + key.length
          + " bytes, at least " + TransferToken.MIN_KEY_BYTES + " are needed");
    }
    return key;
  }

  /**
   * A secret manager for settings: with the key of the secret file if one is set,
   * otherwise without a key.
   *
   * @param settings transfer settings
   * @return the secret manager
   * @throws IOException if the configured key file cannot be used
   */
  public static TransferSecretManager fromSettings(TransferSettings settings)
      throws IOException {
    TransferSecretManager m = new TransferSecretManager();
    if (!settings.getSecretFile().isEmpty()) {
      m.setCurrentKey(loadKeyFile(Paths.get(settings.getSecretFile())));
    }
    return m;
  }
}
