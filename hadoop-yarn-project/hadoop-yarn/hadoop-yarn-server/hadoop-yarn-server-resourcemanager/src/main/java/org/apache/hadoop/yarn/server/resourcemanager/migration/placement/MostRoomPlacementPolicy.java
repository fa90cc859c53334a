/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.placement;

import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.api.records.Resource;

/**
 * The default placement: of the nodes that may take the container -- RUNNING (never
 * DECOMMISSIONING or unhealthy), not its source, in its node label partition (so its queue
 * can use them), with room for it as the scheduler decides -- the one with the most
 * unallocated memory, then the most unallocated vcores, then the lowest node id. The same
 * rule a drain places by ({@code DrainTargetPolicy}).
 */
public class MostRoomPlacementPolicy implements MigrationPlacementPolicy {

  @Override
  public Placement place(Container container, List<Candidate> nodes) {
    Candidate best = null;
    int eligible = 0;
    List<String> ruledOut = new ArrayList<>();
    for (Candidate c : nodes) {
      String why = ruledOut(container, c);
      if (why != null) {
        if (!c.getNode().equals(container.getSource())) {
          ruledOut.add(c.getNode() + " " + why);
        }
        continue;
      }
      eligible++;
      if (best == null || better(c, best)) {
        best = c;
      }
    }
    if (best == null) {
      return new Placement(null, "no node can take " + container.getId() + " ("
          + container.getResource() + ")" + (ruledOut.isEmpty()
              ? ": the cluster has no other node" : ": " + String.join("; ", ruledOut)));
    }
    Resource free = best.getUnallocated();
    return new Placement(best.getNode(), "most room of " + eligible + " eligible node"
        + (eligible == 1 ? "" : "s") + ": " + best.getNode() + " has "
        + free.getMemorySize() + " MB and " + free.getVirtualCores() + " vcores unallocated"
        + (container.getPartition().isEmpty() ? ""
            : ", partition " + container.getPartition()));
  }

  /** Why a node cannot take the container, or null if it can. */
  static String ruledOut(Container container, Candidate c) {
    if (c.getNode().equals(container.getSource())) {
      return "is its source";
    }
    if (c.getState() != NodeState.RUNNING) {
      return "is " + c.getState();
    }
    if (!c.getPartition().equals(container.getPartition())) {
      return "is in partition '" + c.getPartition() + "', not '"
          + container.getPartition() + "'";
    }
    if (!c.fits()) {
      return "has no room (" + c.getUnallocated() + " unallocated)";
    }
    return null;
  }

  /** Most unallocated memory, then vcores, then the lower node id. */
  static boolean better(Candidate a, Candidate b) {
    int c = Long.compare(a.getUnallocated().getMemorySize(),
        b.getUnallocated().getMemorySize());
    if (c == 0) {
      c = Integer.compare(a.getUnallocated().getVirtualCores(),
          b.getUnallocated().getVirtualCores());
    }
    return c != 0 ? c > 0 : a.getNode().compareTo(b.getNode()) < 0;
  }
}
