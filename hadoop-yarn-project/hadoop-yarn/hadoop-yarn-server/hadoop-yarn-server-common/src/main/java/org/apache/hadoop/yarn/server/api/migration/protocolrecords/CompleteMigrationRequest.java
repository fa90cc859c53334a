/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.protocolrecords;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.util.Records;

/** Request of {@link org.apache.hadoop.yarn.server.api.migration.NodeMigrationAgentProtocol#completeMigration}. */
@Private
@Unstable
public abstract class CompleteMigrationRequest {

  /**
   * A new record.
   * @param migrationId the migration
   * @param containerId the source container
   */
  public static CompleteMigrationRequest newInstance(String migrationId, ContainerId containerId) {
    CompleteMigrationRequest record = Records.newRecord(CompleteMigrationRequest.class);
    record.setMigrationId(migrationId);
    record.setContainerId(containerId);
    return record;
  }

  /**
   * A new record for the source of a migration that succeeded.
   * @param migrationId the migration
   * @param containerId the source container
   * @param targetContainerId the container the tree runs in now
   * @param targetNodeId the node it runs on now
   */
  public static CompleteMigrationRequest newInstance(String migrationId, ContainerId containerId,
      ContainerId targetContainerId, NodeId targetNodeId) {
    CompleteMigrationRequest record = newInstance(migrationId, containerId);
    record.setTargetContainerId(targetContainerId);
    record.setTargetNodeId(targetNodeId);
    return record;
  }

  /** @return the migration */
  public abstract String getMigrationId();

  public abstract void setMigrationId(String migrationId);

  /** @return the source container */
  public abstract ContainerId getContainerId();

  public abstract void setContainerId(ContainerId containerId);

  /** @return the container the tree runs in now (in the call to the source), or null */
  public abstract ContainerId getTargetContainerId();

  public abstract void setTargetContainerId(ContainerId targetContainerId);

  /** @return the node the tree runs on now (in the call to the source), or null */
  public abstract NodeId getTargetNodeId();

  public abstract void setTargetNodeId(NodeId targetNodeId);
}
