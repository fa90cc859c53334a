/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.protocolrecords;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationStrategy;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationTcpMode;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.util.Records;

/** Request of {@link org.apache.hadoop.yarn.server.api.migration.NodeMigrationAgentProtocol#checkpointContainer}. */
@Private
@Unstable
public abstract class CheckpointContainerRequest {

  /**
   * A new record.
   * @param migrationId the migration ({@code migration_<ts>_<seq>})
   * @param containerId the RUNNING container to checkpoint, on this node
   * @param targetNodeId the NodeManager the images go to
   * @param targetTransferAddress {@code host:port} of the target NM's image transfer port
   * @param strategy how to migrate; null = {@code STOP_AND_COPY}
   * @param timeoutMs longest the checkpoint and transfer may take, in ms; 0 = the agent's default
   */
  public static CheckpointContainerRequest newInstance(String migrationId, ContainerId containerId, NodeId targetNodeId, String targetTransferAddress, ContainerMigrationStrategy strategy, long timeoutMs) {
    CheckpointContainerRequest record = Records.newRecord(CheckpointContainerRequest.class);
    record.setMigrationId(migrationId);
    record.setContainerId(containerId);
    record.setTargetNodeId(targetNodeId);
    record.setTargetTransferAddress(targetTransferAddress);
    record.setStrategy(strategy);
    record.setTimeoutMs(timeoutMs);
    return record;
  }

  /** @return the migration ({@code migration_<ts>_<seq>}) */
  public abstract String getMigrationId();

  public abstract void setMigrationId(String migrationId);

  /** @return the RUNNING container to checkpoint, on this node */
  public abstract ContainerId getContainerId();

  public abstract void setContainerId(ContainerId containerId);

  /** @return the NodeManager the images go to */
  public abstract NodeId getTargetNodeId();

  public abstract void setTargetNodeId(NodeId targetNodeId);

  /** @return {@code host:port} of the target NM's image transfer port */
  public abstract String getTargetTransferAddress();

  public abstract void setTargetTransferAddress(String targetTransferAddress);

  /** @return how to migrate; null = {@code STOP_AND_COPY} */
  public abstract ContainerMigrationStrategy getStrategy();

  public abstract void setStrategy(ContainerMigrationStrategy strategy);

  /** @return longest the checkpoint and transfer may take, in ms; 0 = the agent's default */
  public abstract long getTimeoutMs();

  public abstract void setTimeoutMs(long timeoutMs);

  /**
   * @return what the checkpoint and the restore do with the tree's TCP connections; null =
   *     no mode: a tree holding a connection cannot be checkpointed
   */
  public abstract ContainerMigrationTcpMode getTcpMode();

  public abstract void setTcpMode(ContainerMigrationTcpMode tcpMode);
}
