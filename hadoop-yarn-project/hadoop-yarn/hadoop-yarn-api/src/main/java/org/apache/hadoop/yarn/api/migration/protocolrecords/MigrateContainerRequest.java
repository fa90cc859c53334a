/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.protocolrecords;

import org.apache.hadoop.classification.InterfaceAudience.Public;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationOptions;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.util.Records;

/** Asks the ResourceManager to move a RUNNING container to another node. */
@Public
@Unstable
public abstract class MigrateContainerRequest {

  /**
   * @param containerId the RUNNING container to move (required)
   * @param targetNode the NodeManager to move it to, as {@code host:port}; null lets the
   *     server choose (servers may reject that)
   * @param options strategy and timeout; null means the defaults
   */
  public static MigrateContainerRequest newInstance(ContainerId containerId, NodeId targetNode,
      ContainerMigrationOptions options) {
    MigrateContainerRequest request = Records.newRecord(MigrateContainerRequest.class);
    request.setContainerId(containerId);
    request.setTargetNode(targetNode);
    request.setOptions(options);
    return request;
  }

  public abstract ContainerId getContainerId();

  public abstract void setContainerId(ContainerId containerId);

  public abstract NodeId getTargetNode();

  public abstract void setTargetNode(NodeId targetNode);

  /** The options as sent; null when the request carries none (server defaults apply). */
  public abstract ContainerMigrationOptions getOptions();

  public abstract void setOptions(ContainerMigrationOptions options);
}
