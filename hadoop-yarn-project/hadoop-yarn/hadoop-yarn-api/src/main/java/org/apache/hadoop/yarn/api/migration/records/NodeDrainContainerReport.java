/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.records;

import org.apache.hadoop.classification.InterfaceAudience.Public;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.util.Records;

/** One container of a draining node: its state, its (last) migration and why. */
@Public
@Unstable
public abstract class NodeDrainContainerReport {

  public static NodeDrainContainerReport newInstance(ContainerId containerId,
      String migrationId, NodeId targetNode, NodeDrainContainerState state, int attempts,
      String diagnostics) {
    NodeDrainContainerReport r = Records.newRecord(NodeDrainContainerReport.class);
    r.setContainerId(containerId);
    r.setMigrationId(migrationId);
    r.setTargetNode(targetNode);
    r.setState(state);
    r.setAttempts(attempts);
    r.setDiagnostics(diagnostics);
    return r;
  }

  public abstract ContainerId getContainerId();

  public abstract void setContainerId(ContainerId containerId);

  /** The last migration started for it; null before the first. */
  public abstract String getMigrationId();

  public abstract void setMigrationId(String migrationId);

  /** The node of its last migration; null before the first. */
  public abstract NodeId getTargetNode();

  public abstract void setTargetNode(NodeId targetNode);

  public abstract NodeDrainContainerState getState();

  public abstract void setState(NodeDrainContainerState state);

  /** Migrations started for it so far. */
  public abstract int getAttempts();

  public abstract void setAttempts(int attempts);

  public abstract String getDiagnostics();

  public abstract void setDiagnostics(String diagnostics);
}
