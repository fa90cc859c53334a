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
   * @param transferSecret the key NodeManagers use to HMAC transfer tokens (same for every NM of this RM)
   * @param heartbeatIntervalMs how often, in ms, the agent registers again
   */
  public static RegisterMigrationAgentResponse newInstance(ByteBuffer transferSecret, long heartbeatIntervalMs) {
    RegisterMigrationAgentResponse record = Records.newRecord(RegisterMigrationAgentResponse.class);
    record.setTransferSecret(transferSecret);
    record.setHeartbeatIntervalMs(heartbeatIntervalMs);
    return record;
  }

  /** @return the key NodeManagers use to HMAC transfer tokens (same for every NM of this RM) */
  public abstract ByteBuffer getTransferSecret();

  public abstract void setTransferSecret(ByteBuffer transferSecret);

  /** @return how often, in ms, the agent registers again */
  public abstract long getHeartbeatIntervalMs();

  public abstract void setHeartbeatIntervalMs(long heartbeatIntervalMs);
}
