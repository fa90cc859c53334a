/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.records;

import java.util.List;

import org.apache.hadoop.classification.InterfaceAudience.Public;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.util.Records;

/** The drain of one decommissioning node. */
@Public
@Unstable
public abstract class NodeDrainReport {

  public static NodeDrainReport newInstance(NodeId node, NodeDrainState state,
      int timeoutSecs, long startTime, long finishTime,
      List<NodeDrainContainerReport> containers, String diagnostics) {
    NodeDrainReport r = Records.newRecord(NodeDrainReport.class);
    r.setNode(node);
    r.setState(state);
    r.setTimeoutSecs(timeoutSecs);
    r.setStartTime(startTime);
    r.setFinishTime(finishTime);
    r.setContainers(containers);
    r.setDiagnostics(diagnostics);
    return r;
  }

  public abstract NodeId getNode();

  public abstract void setNode(NodeId node);

  public abstract NodeDrainState getState();

  public abstract void setState(NodeDrainState state);

  /** The graceful decommission timeout of the node, in seconds. */
  public abstract int getTimeoutSecs();

  public abstract void setTimeoutSecs(int timeoutSecs);

  /** When the drain began, ms since the epoch. */
  public abstract long getStartTime();

  public abstract void setStartTime(long startTime);

  /** When it reached a final state, ms since the epoch; 0 before. */
  public abstract long getFinishTime();

  public abstract void setFinishTime(long finishTime);

  /** One entry per container seen on the node, ordered by container id. */
  public abstract List<NodeDrainContainerReport> getContainers();

  public abstract void setContainers(List<NodeDrainContainerReport> containers);

  public abstract String getDiagnostics();

  public abstract void setDiagnostics(String diagnostics);
}
