/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.protocolrecords;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.util.Records;

/** Response of {@link org.apache.hadoop.yarn.server.api.migration.NodeMigrationAgentProtocol#checkpointContainer}. */
@Private
@Unstable
public abstract class CheckpointContainerResponse {

  /**
   * A new record.
   * @param imageBytes size of the CRIU images, in bytes
   * @param frozenTimeMs time the tree has been frozen when the call returns, in ms
   * @param dumpTimeMs duration of the CRIU dump, in ms
   */
  public static CheckpointContainerResponse newInstance(long imageBytes, long frozenTimeMs,
      long dumpTimeMs) {
    CheckpointContainerResponse record = Records.newRecord(CheckpointContainerResponse.class);
    record.setImageBytes(imageBytes);
    record.setFrozenTimeMs(frozenTimeMs);
    record.setDumpTimeMs(dumpTimeMs);
    return record;
  }

  /** @return size of the CRIU images, in bytes */
  public abstract long getImageBytes();

  public abstract void setImageBytes(long imageBytes);

  /** @return time the tree has been frozen when the call returns, in ms */
  public abstract long getFrozenTimeMs();

  public abstract void setFrozenTimeMs(long frozenTimeMs);

  /** @return duration of the CRIU dump, in ms */
  public abstract long getDumpTimeMs();

  public abstract void setDumpTimeMs(long dumpTimeMs);

  /**
   * @return the source container's LocalResources by link name (empty if none): the
   *     restore container carries them, so the target NodeManager localizes them itself
   */
  public abstract java.util.Map<String, org.apache.hadoop.yarn.api.records.LocalResource>
      getLocalResources();

  public abstract void setLocalResources(
      java.util.Map<String, org.apache.hadoop.yarn.api.records.LocalResource> resources);
}
