/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;

import java.util.concurrent.TimeUnit;

/** What a successful {@link ImageSender#send} moved, and how fast. Immutable. */
public final class TransferResult {

  private final String migrationId;
  private final String node;
  private final int files;
  private final long payloadBytes;
  private final long wireBytes;
  private final long durationNanos;
  private final String receiverMessage;

  TransferResult(String migrationId, String node, int files, long payloadBytes,
      long wireBytes, long durationNanos, String receiverMessage) {
    this.migrationId = migrationId;
    this.node = node;
    this.files = files;
    this.payloadBytes = payloadBytes;
    this.wireBytes = wireBytes;
    this.durationNanos = durationNanos;
    this.receiverMessage = receiverMessage;
  }

  public String getMigrationId() {
    return migrationId;
  }

  /** @return target "host:port" */
  public String getNode() {
    return node;
  }

  /** @return number of files sent */
  public int getFiles() {
    return files;
  }

  /** @return bytes of file contents sent */
  public long getPayloadBytes() {
    return payloadBytes;
  }

  /** @return all bytes written to the socket (handshake, manifest, contents) */
  public long getBytesSent() {
    return wireBytes;
  }

  /** @return time from connect to the final reply */
  public long getDurationMillis() {
    return TimeUnit.NANOSECONDS.toMillis(durationNanos);
  }

  public long getDurationNanos() {
    return durationNanos;
  }

  /** @return payload throughput in MiB/s (0 for an instant transfer) */
  public double getMiBPerSecond() {
    return durationNanos <= 0 ? 0
        : (payloadBytes / (1024.0 * 1024.0)) / (durationNanos / 1e9);
  }

  /** @return the receiver's final OK message */
  public String getReceiverMessage() {
    return receiverMessage;
  }

  @Override
  public String toString() {
    return String.format("migration %s to %s: %d files, %d payload bytes, %d bytes sent,"
        + " %d ms, %.1f MiB/s", migrationId, node, files, payloadBytes, wireBytes,
        getDurationMillis(), getMiBPerSecond());
  }
}
