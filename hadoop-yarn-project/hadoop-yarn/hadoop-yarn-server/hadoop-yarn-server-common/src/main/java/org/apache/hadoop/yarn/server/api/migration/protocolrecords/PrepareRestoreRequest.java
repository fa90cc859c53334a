/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.protocolrecords;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.util.Records;

/** Request of {@link org.apache.hadoop.yarn.server.api.migration.NodeMigrationAgentProtocol#prepareRestore}. */
@Private
@Unstable
public abstract class PrepareRestoreRequest {

  /**
   * A new record.
   * @param migrationId the migration
   * @param sourceContainerId the container that was checkpointed
   * @param targetContainerId the container that will restore it on this node
   */
  public static PrepareRestoreRequest newInstance(String migrationId, ContainerId sourceContainerId, ContainerId targetContainerId) {
    PrepareRestoreRequest record = Records.newRecord(PrepareRestoreRequest.class);
    record.setMigrationId(migrationId);
    record.setSourceContainerId(sourceContainerId);
    record.setTargetContainerId(targetContainerId);
    return record;
  }

  /** @return the migration */
  public abstract String getMigrationId();

  public abstract void setMigrationId(String migrationId);

  /** @return the container that was checkpointed */
  public abstract ContainerId getSourceContainerId();

  public abstract void setSourceContainerId(ContainerId sourceContainerId);

  /** @return the container that will restore it on this node */
  public abstract ContainerId getTargetContainerId();

  public abstract void setTargetContainerId(ContainerId targetContainerId);
}
