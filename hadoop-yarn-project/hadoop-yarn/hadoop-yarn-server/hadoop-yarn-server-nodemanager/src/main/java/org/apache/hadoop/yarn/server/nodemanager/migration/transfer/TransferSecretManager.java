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
 * Holder of the transfer key(s) of one NM: the current key, which makes tokens, and the
 * previous one, still accepted so a key roll-over does not fail a transfer already
 * handed a token. Thread-safe. With no key every token is refused.
 *
 * <p>Keys come from the RM (to be wired); until then
 * {@code yarn.nodemanager.migration.transfer.secret-file} can load one at start
 * ({@link #loadKeyFile(Path)}).
 */
public final class TransferSecretManager {

  private byte[] currentKey;
  private byte[] previousKey;

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

  /** Stops accepting the previous key. */
  public synchronized void retirePreviousKey() {
    previousKey = null;
  }

  /** Forgets every key: tokens are refused from now on. */
  public synchronized void clear() {
    currentKey = null;
    previousKey = null;
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
   * @param migrationId the migration the peer claims
   * @param token the peer's token
   * @return true if the current or the previous key made it
   */
  public synchronized boolean verify(String migrationId, byte[] token) {
    boolean ok = false;
    // Both comparisons always run so the answer's timing does not tell which key matched.
    if (currentKey != null) {
      ok |= TransferToken.verify(currentKey, migrationId, token);
    }
    if (previousKey != null) {
      ok |= TransferToken.verify(previousKey, migrationId, token);
    }
    return ok;
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
