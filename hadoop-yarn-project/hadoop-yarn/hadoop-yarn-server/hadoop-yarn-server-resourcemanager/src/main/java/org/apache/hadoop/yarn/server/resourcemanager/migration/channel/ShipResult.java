/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.channel;

/** What {@link NodeMigrationChannel#ship} measured on the source node. */
public final class ShipResult {

  /** Nothing measured. */
  public static final ShipResult UNMEASURED = new ShipResult(0, 0);

  private final long transferMs;
  private final long transferredBytes;

  /**
   * @param transferMs the transfer alone, as the source NodeManager measured it (0 if
   *     unknown)
   * @param transferredBytes payload bytes shipped: images, work dir copy, spec (0 if unknown)
   */
  public ShipResult(long transferMs, long transferredBytes) {
    this.transferMs = Math.max(0, transferMs);
    this.transferredBytes = Math.max(0, transferredBytes);
  }

  public long getTransferMs() {
    return transferMs;
  }

  public long getTransferredBytes() {
    return transferredBytes;
  }

  @Override
  public String toString() {
    return "transfer " + transferMs + " ms, " + transferredBytes + " bytes";
  }
}
