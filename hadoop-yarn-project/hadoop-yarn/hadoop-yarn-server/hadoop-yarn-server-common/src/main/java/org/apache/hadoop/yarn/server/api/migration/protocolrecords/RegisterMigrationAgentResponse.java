/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.protocolrecords;

import java.nio.ByteBuffer;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.util.Records;

/** Response of {@link org.apache.hadoop.yarn.server.api.migration.MigrationAgentTrackerProtocol#registerMigrationAgent}. */
@Private
@Unstable
public abstract class RegisterMigrationAgentResponse {

  /**
   * A new record.
   * @param transferSecret the key NodeManagers make transfer tokens with now (the same for
   *     every NM of this RM), sealed for the node
   * @param heartbeatIntervalMs how often, in ms, the agent registers again
   */
  public static RegisterMigrationAgentResponse newInstance(ByteBuffer transferSecret, long heartbeatIntervalMs) {
    RegisterMigrationAgentResponse record = Records.newRecord(RegisterMigrationAgentResponse.class);
    record.setTransferSecret(transferSecret);
    record.setHeartbeatIntervalMs(heartbeatIntervalMs);
    return record;
  }

  /** @return the key NodeManagers make transfer tokens with now, sealed for the node */
  public abstract ByteBuffer getTransferSecret();

  public abstract void setTransferSecret(ByteBuffer transferSecret);

  /**
   * @return the transfer key that comes next, sealed for the node: receivers accept it
   *     already, senders use it once the RM made it the current one; null from an RM that
   *     does not roll its key
   */
  public abstract ByteBuffer getNextTransferSecret();

  public abstract void setNextTransferSecret(ByteBuffer nextTransferSecret);

  /** @return how often, in ms, the agent registers again */
  public abstract long getHeartbeatIntervalMs();

  public abstract void setHeartbeatIntervalMs(long heartbeatIntervalMs);
}
