/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.protocolrecords;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.util.Records;

/** Response of {@link org.apache.hadoop.yarn.server.api.migration.NodeMigrationAgentProtocol#shipImages}. */
@Private
@Unstable
public abstract class ShipImagesResponse {

  /**
   * A new record.
   * @param transferTimeMs the transfer alone, as the source NM measured it, in ms
   * @param transferredBytes payload bytes shipped (images, work dir copy, spec)
   * @param frozenTimeMs time the tree has been frozen when the call returns, in ms
   */
  public static ShipImagesResponse newInstance(long transferTimeMs, long transferredBytes,
      long frozenTimeMs) {
    ShipImagesResponse record = Records.newRecord(ShipImagesResponse.class);
    record.setTransferTimeMs(transferTimeMs);
    record.setTransferredBytes(transferredBytes);
    record.setFrozenTimeMs(frozenTimeMs);
    return record;
  }

  /** @return the transfer alone, as the source NM measured it, in ms */
  public abstract long getTransferTimeMs();

  public abstract void setTransferTimeMs(long transferTimeMs);

  /** @return payload bytes shipped (images, work dir copy, spec) */
  public abstract long getTransferredBytes();

  public abstract void setTransferredBytes(long transferredBytes);

  /** @return time the tree has been frozen when the call returns, in ms */
  public abstract long getFrozenTimeMs();

  public abstract void setFrozenTimeMs(long frozenTimeMs);
}
