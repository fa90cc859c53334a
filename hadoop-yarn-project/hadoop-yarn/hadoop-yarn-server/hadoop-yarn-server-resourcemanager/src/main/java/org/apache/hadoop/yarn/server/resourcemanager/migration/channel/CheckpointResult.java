/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.channel;

/**
 * What {@link NodeMigrationChannel#checkpoint} measured on the source node. When the source
 * NM already ships the images inside the checkpoint call (the RPC agent does), the call's
 * wall time covers two phases; {@link #getTransferMs()} says how much of its end was the
 * transfer, so the RM can close CHECKPOINTING and open TRANSFERRING at the right moment
 * instead of reporting a 0 s transfer.
 */
public final class CheckpointResult {

  /** Nothing measured: the whole call counts as CHECKPOINTING. */
  public static final CheckpointResult UNMEASURED = new CheckpointResult(-1, 0, 0, 0);

  private final long checkpointMs;
  private final long transferMs;
  private final long dumpMs;
  private final long transferredBytes;

  /**
   * @param checkpointMs freeze + dump + work-dir copy on the source, -1 if unknown
   *   (informational)
   * @param transferMs time the source spent shipping the images inside the same call (the
   *   last {@code transferMs} of the call); 0 if the call did not ship
   */
  public CheckpointResult(long checkpointMs, long transferMs) {
    this(checkpointMs, transferMs, 0, 0);
  }

  /**
   * @param dumpMs CRIU's dump alone, as the source NodeManager measured it (0 if unknown)
   * @param transferredBytes bytes the source shipped to the target (0 if unknown)
   */
  public CheckpointResult(long checkpointMs, long transferMs, long dumpMs,
      long transferredBytes) {
    this.checkpointMs = checkpointMs;
    this.transferMs = Math.max(0, transferMs);
    this.dumpMs = Math.max(0, dumpMs);
    this.transferredBytes = Math.max(0, transferredBytes);
  }

  public long getCheckpointMs() {
    return checkpointMs;
  }

  public long getTransferMs() {
    return transferMs;
  }

  public long getDumpMs() {
    return dumpMs;
  }

  public long getTransferredBytes() {
    return transferredBytes;
  }

  @Override
  public String toString() {
    return "checkpoint " + checkpointMs + " ms (dump " + dumpMs + " ms), transfer "
        + transferMs + " ms, " + transferredBytes + " bytes";
  }
}
