/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.channel;

/** What {@link NodeMigrationChannel#checkpoint} measured on the source node. */
public final class CheckpointResult {

  /** Nothing measured. */
  public static final CheckpointResult UNMEASURED = new CheckpointResult(0, 0);

  private final long dumpMs;
  private final long imageBytes;

  /**
   * @param dumpMs CRIU's dump alone, as the source NodeManager measured it (0 if unknown)
   * @param imageBytes size of CRIU's images (0 if unknown)
   */
  public CheckpointResult(long dumpMs, long imageBytes) {
    this.dumpMs = Math.max(0, dumpMs);
    this.imageBytes = Math.max(0, imageBytes);
  }

  public long getDumpMs() {
    return dumpMs;
  }

  public long getImageBytes() {
    return imageBytes;
  }

  @Override
  public String toString() {
    return "dump " + dumpMs + " ms, images " + imageBytes + " bytes";
  }
}
