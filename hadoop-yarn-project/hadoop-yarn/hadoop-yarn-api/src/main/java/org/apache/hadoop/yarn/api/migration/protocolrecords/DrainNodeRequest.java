/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.protocolrecords;

import org.apache.hadoop.classification.InterfaceAudience.Public;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.util.Records;

/**
 * Gracefully decommission a node and migrate its running containers away (admin only).
 * {@code timeoutSecs < 0} (the default) means the RM's graceful decommission default
 * ({@code yarn.resourcemanager.nodemanager-graceful-decommission-timeout-secs}).
 */
@Public
@Unstable
public abstract class DrainNodeRequest {

  public static DrainNodeRequest newInstance(NodeId node, int timeoutSecs) {
    DrainNodeRequest request = Records.newRecord(DrainNodeRequest.class);
    request.setNode(node);
    request.setTimeoutSecs(timeoutSecs);
    return request;
  }

  public abstract NodeId getNode();

  public abstract void setNode(NodeId node);

  public abstract int getTimeoutSecs();

  public abstract void setTimeoutSecs(int timeoutSecs);
}
