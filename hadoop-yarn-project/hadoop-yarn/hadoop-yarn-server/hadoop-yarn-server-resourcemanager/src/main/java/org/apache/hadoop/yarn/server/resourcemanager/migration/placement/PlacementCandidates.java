/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.server.resourcemanager.RMContext;
import org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler.SchedulerFit;
import org.apache.hadoop.yarn.server.resourcemanager.rmcontainer.RMContainer;
import org.apache.hadoop.yarn.server.resourcemanager.rmnode.RMNode;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.ResourceScheduler;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.SchedulerNode;
import org.apache.hadoop.yarn.util.resource.Resources;

/**
 * The inputs of a {@link MigrationPlacementPolicy}, read from the RM: the container and
 * every node the scheduler knows, each with its state, partition, unallocated resources
 * and whether the container fits there ({@link SchedulerFit}).
 */
public final class PlacementCandidates {

  private PlacementCandidates() {
  }

  /** The container as a policy sees it. */
  public static MigrationPlacementPolicy.Container container(RMContext rmContext,
      RMContainer c) {
    RMNode source = rmContext.getRMNodes().get(c.getAllocatedNode());
    return new MigrationPlacementPolicy.Container(c.getContainerId(),
        c.getAllocatedResource(), c.getAllocatedNode(), partition(source));
  }

  /** Every node the scheduler knows, for a container needing {@code needed}. */
  public static List<MigrationPlacementPolicy.Candidate> nodes(RMContext rmContext,
      Resource needed) {
    ResourceScheduler scheduler = rmContext.getScheduler();
    SchedulerFit fit = SchedulerFit.of(scheduler);
    List<MigrationPlacementPolicy.Candidate> out = new ArrayList<>();
    for (RMNode n : rmContext.getRMNodes().values()) {
      NodeId id = n.getNodeID();
      SchedulerNode sn = scheduler.getSchedulerNode(id);
      if (sn == null) {
        continue; // not (or no longer) in the scheduler: nothing can be allocated there
      }
      Resource free = Resources.clone(sn.getUnallocatedResource());
      out.add(new MigrationPlacementPolicy.Candidate(id, n.getState(), partition(n), free,
          fit.fits(needed, free)));
    }
    return out;
  }

  /** A node's partition: its (one) node label, "" for the default partition. */
  public static String partition(RMNode n) {
    Set<String> labels = n == null ? null : n.getNodeLabels();
    return labels == null || labels.isEmpty() ? "" : labels.iterator().next();
  }
}
