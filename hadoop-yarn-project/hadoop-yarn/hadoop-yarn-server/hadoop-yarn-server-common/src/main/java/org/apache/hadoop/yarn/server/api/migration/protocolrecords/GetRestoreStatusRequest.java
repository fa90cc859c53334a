/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.protocolrecords;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.util.Records;

/** Request of {@link org.apache.hadoop.yarn.server.api.migration.NodeMigrationAgentProtocol#getRestoreStatus}. */
@Private
@Unstable
public abstract class GetRestoreStatusRequest {

  /**
   * A new record.
   * @param migrationId the migration
   * @param targetContainerId the container running the restore
   */
  public static GetRestoreStatusRequest newInstance(String migrationId, ContainerId targetContainerId) {
    GetRestoreStatusRequest record = Records.newRecord(GetRestoreStatusRequest.class);
    record.setMigrationId(migrationId);
    record.setTargetContainerId(targetContainerId);
    return record;
  }

  /** @return the migration */
  public abstract String getMigrationId();

  public abstract void setMigrationId(String migrationId);

  /** @return the container running the restore */
  public abstract ContainerId getTargetContainerId();

  public abstract void setTargetContainerId(ContainerId targetContainerId);
}
