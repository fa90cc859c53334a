/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;

/**
 * Immutable settings of the image transfer, shared by {@link ImageSender} and
 * {@link ImageTransferServer}. Built from a {@link Configuration} (the only place the
 * {@code yarn.nodemanager.migration.transfer.*} keys of {@link MigrationConfiguration}
 * are read) or from {@link #defaults()} and the {@code with*} copies.
 */
public final class TransferSettings {

  /** Smallest accepted {@link #getBufferBytes()}. */
  public static final int MIN_BUFFER_BYTES = 4 * 1024;
  /** Largest accepted {@link #getBufferBytes()}. */
  public static final int MAX_BUFFER_BYTES = 8 * 1024 * 1024;

  private final String bindHost;
  private final int port;
  private final int serverThreads;
  private final int connectTimeoutMs;
  private final int readTimeoutMs;
  private final int bufferBytes;
  private final long maxTotalBytes;
  private final int maxEntries;
  private final String secretFile;

  private TransferSettings(String bindHost, int port, int serverThreads,
      int connectTimeoutMs, int readTimeoutMs, int bufferBytes, long maxTotalBytes,
      int maxEntries, String secretFile) {
    this.bindHost = require(bindHost, MigrationConfiguration.NM_MIGRATION_TRANSFER_BIND_HOST);
    this.port = check(port, 0, 65535, MigrationConfiguration.NM_MIGRATION_TRANSFER_PORT);
    this.serverThreads = check(serverThreads, 1, 1024,
        MigrationConfiguration.NM_MIGRATION_TRANSFER_SERVER_THREADS);
    this.connectTimeoutMs = check(connectTimeoutMs, 1, Integer.MAX_VALUE,
        MigrationConfiguration.NM_MIGRATION_TRANSFER_CONNECT_TIMEOUT_MS);
    this.readTimeoutMs = check(readTimeoutMs, 1, Integer.MAX_VALUE,
        MigrationConfiguration.NM_MIGRATION_TRANSFER_READ_TIMEOUT_MS);
    this.bufferBytes = check(bufferBytes, MIN_BUFFER_BYTES, MAX_BUFFER_BYTES,
        MigrationConfiguration.NM_MIGRATION_TRANSFER_BUFFER_BYTES);
    if (maxTotalBytes < 0) {
      throw new IllegalArgumentException(
          MigrationConfiguration.NM_MIGRATION_TRANSFER_MAX_TOTAL_BYTES + " must be >= 0, was "
          + maxTotalBytes);
    }
    this.maxTotalBytes = maxTotalBytes;
    this.maxEntries = check(maxEntries, 1, Integer.MAX_VALUE,
        MigrationConfiguration.NM_MIGRATION_TRANSFER_MAX_ENTRIES);
    this.secretFile = secretFile == null ? "" : secretFile.trim();
  }

  /** @return the defaults of every key */
  public static TransferSettings defaults() {
    return new TransferSettings(MigrationConfiguration.DEFAULT_NM_MIGRATION_TRANSFER_BIND_HOST,
        MigrationConfiguration.DEFAULT_NM_MIGRATION_TRANSFER_PORT,
        MigrationConfiguration.DEFAULT_NM_MIGRATION_TRANSFER_SERVER_THREADS,
        MigrationConfiguration.DEFAULT_NM_MIGRATION_TRANSFER_CONNECT_TIMEOUT_MS,
        MigrationConfiguration.DEFAULT_NM_MIGRATION_TRANSFER_READ_TIMEOUT_MS,
        MigrationConfiguration.DEFAULT_NM_MIGRATION_TRANSFER_BUFFER_BYTES,
        MigrationConfiguration.DEFAULT_NM_MIGRATION_TRANSFER_MAX_TOTAL_BYTES,
        MigrationConfiguration.DEFAULT_NM_MIGRATION_TRANSFER_MAX_ENTRIES,
        MigrationConfiguration.DEFAULT_NM_MIGRATION_TRANSFER_SECRET_FILE);
  }

  /**
   * Reads every {@code yarn.nodemanager.migration.transfer.*} key.
   *
   * @param conf the NM configuration
   * @return the settings
   * @throws IllegalArgumentException if a value is out of range (the message names the key)
   */
  public static TransferSettings fromConfiguration(Configuration conf) {
    return new TransferSettings(
        conf.getTrimmed(MigrationConfiguration.NM_MIGRATION_TRANSFER_BIND_HOST,
            MigrationConfiguration.DEFAULT_NM_MIGRATION_TRANSFER_BIND_HOST),
        conf.getInt(MigrationConfiguration.NM_MIGRATION_TRANSFER_PORT,
            MigrationConfiguration.DEFAULT_NM_MIGRATION_TRANSFER_PORT),
        conf.getInt(MigrationConfiguration.NM_MIGRATION_TRANSFER_SERVER_THREADS,
            MigrationConfiguration.DEFAULT_NM_MIGRATION_TRANSFER_SERVER_THREADS),
        conf.getInt(MigrationConfiguration.NM_MIGRATION_TRANSFER_CONNECT_TIMEOUT_MS,
            MigrationConfiguration.DEFAULT_NM_MIGRATION_TRANSFER_CONNECT_TIMEOUT_MS),
        conf.getInt(MigrationConfiguration.NM_MIGRATION_TRANSFER_READ_TIMEOUT_MS,
            MigrationConfiguration.DEFAULT_NM_MIGRATION_TRANSFER_READ_TIMEOUT_MS),
        conf.getInt(MigrationConfiguration.NM_MIGRATION_TRANSFER_BUFFER_BYTES,
            MigrationConfiguration.DEFAULT_NM_MIGRATION_TRANSFER_BUFFER_BYTES),
        conf.getLong(MigrationConfiguration.NM_MIGRATION_TRANSFER_MAX_TOTAL_BYTES,
            MigrationConfiguration.DEFAULT_NM_MIGRATION_TRANSFER_MAX_TOTAL_BYTES),
        conf.getInt(MigrationConfiguration.NM_MIGRATION_TRANSFER_MAX_ENTRIES,
            MigrationConfiguration.DEFAULT_NM_MIGRATION_TRANSFER_MAX_ENTRIES),
        conf.getTrimmed(MigrationConfiguration.NM_MIGRATION_TRANSFER_SECRET_FILE,
            MigrationConfiguration.DEFAULT_NM_MIGRATION_TRANSFER_SECRET_FILE));
  }

  /** @param value new bind host @return a copy */
  public TransferSettings withBindHost(String value) {
    return new TransferSettings(value, port, serverThreads, connectTimeoutMs,
        readTimeoutMs, bufferBytes, maxTotalBytes, maxEntries, secretFile);
  }

  /** @param value new port (0 = ephemeral) @return a copy */
  public TransferSettings withPort(int value) {
    return new TransferSettings(bindHost, value, serverThreads, connectTimeoutMs,
        readTimeoutMs, bufferBytes, maxTotalBytes, maxEntries, secretFile);
  }

  /** @param value new number of server threads @return a copy */
  public TransferSettings withServerThreads(int value) {
    return new TransferSettings(bindHost, port, value, connectTimeoutMs,
        readTimeoutMs, bufferBytes, maxTotalBytes, maxEntries, secretFile);
  }

  /** @param value new connect timeout @return a copy */
  public TransferSettings withConnectTimeoutMs(int value) {
    return new TransferSettings(bindHost, port, serverThreads, value,
        readTimeoutMs, bufferBytes, maxTotalBytes, maxEntries, secretFile);
  }

  /** @param value new read timeout @return a copy */
  public TransferSettings withReadTimeoutMs(int value) {
    return new TransferSettings(bindHost, port, serverThreads, connectTimeoutMs,
        value, bufferBytes, maxTotalBytes, maxEntries, secretFile);
  }

  /** @param value new buffer size @return a copy */
  public TransferSettings withBufferBytes(int value) {
    return new TransferSettings(bindHost, port, serverThreads, connectTimeoutMs,
        readTimeoutMs, value, maxTotalBytes, maxEntries, secretFile);
  }

  /** @param value new limit of total file bytes @return a copy */
  public TransferSettings withMaxTotalBytes(long value) {
    return new TransferSettings(bindHost, port, serverThreads, connectTimeoutMs,
        readTimeoutMs, bufferBytes, value, maxEntries, secretFile);
  }

  /** @param value new limit of manifest entries @return a copy */
  public TransferSettings withMaxEntries(int value) {
    return new TransferSettings(bindHost, port, serverThreads, connectTimeoutMs,
        readTimeoutMs, bufferBytes, maxTotalBytes, value, secretFile);
  }

  public String getBindHost() {
    return bindHost;
  }

  public int getPort() {
    return port;
  }

  public int getServerThreads() {
    return serverThreads;
  }

  public int getConnectTimeoutMs() {
    return connectTimeoutMs;
  }

  public int getReadTimeoutMs() {
    return readTimeoutMs;
  }

  public int getBufferBytes() {
    return bufferBytes;
  }

  public long getMaxTotalBytes() {
    return maxTotalBytes;
  }

  public int getMaxEntries() {
    return maxEntries;
  }

  /** @return the interim key file, "" when unset */
  public String getSecretFile() {
    return secretFile;
  }

  @Override
  public String toString() {
    return "TransferSettings{bindHost=" + bindHost + ", port=" + port
        + ", serverThreads=" + serverThreads + ", connectTimeoutMs=" + connectTimeoutMs
        + ", readTimeoutMs=" + readTimeoutMs + ", bufferBytes=" + bufferBytes
        + ", maxTotalBytes=" + maxTotalBytes + ", maxEntries=" + maxEntries
        + ", secretFile=" + (secretFile.isEmpty() ? "<unset>" : secretFile) + "}";
  }

  private static int check(int value, int min, int max, String key) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(key + " must be in [" + min + ", " + max
          + "], was " + value);
    }
    return value;
  }

  private static String require(String value, String key) {
    if (value == null || value.trim().isEmpty()) {
      throw new IllegalArgumentException(key + " must not be empty");
    }
    return value.trim();
  }
}
