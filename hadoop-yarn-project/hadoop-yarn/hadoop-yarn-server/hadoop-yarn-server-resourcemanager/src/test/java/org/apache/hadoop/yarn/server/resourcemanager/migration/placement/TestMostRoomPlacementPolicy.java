/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.placement;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.server.resourcemanager.migration.placement.MigrationPlacementPolicy.Candidate;
import org.apache.hadoop.yarn.server.resourcemanager.migration.placement.MigrationPlacementPolicy.Container;
import org.apache.hadoop.yarn.server.resourcemanager.migration.placement.MigrationPlacementPolicy.Placement;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/** The default placement as a table: labels, full nodes, decommissioning nodes, ties. */
public class TestMostRoomPlacementPolicy {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  private static final ContainerId C = ContainerId.newContainerId(
      ApplicationAttemptId.newInstance(ApplicationId.newInstance(1, 1), 1), 2);
  private static final NodeId SRC = NodeId.newInstance("h0", 1);

  private static NodeId n(int i) {
    return NodeId.newInstance("h" + i, 1);
  }

  /** A candidate of the default partition; fits when it has 1024 MB and 1 vcore free. */
  private static Candidate node(int i, NodeState state, String partition, int mb,
      int vcores) {
    return new Candidate(n(i), state, partition, Resource.newInstance(mb, vcores),
        mb >= 1024 && vcores >= 1);
  }

  private static Candidate running(int i, int mb, int vcores) {
    return node(i, NodeState.RUNNING, "", mb, vcores);
  }

  private static Placement place(String partition, Candidate... nodes) {
    List<Candidate> all = new ArrayList<>(Arrays.asList(nodes));
    all.add(0, new Candidate(SRC, NodeState.RUNNING, partition, Resource.newInstance(
        16384, 16), true));
    return new MostRoomPlacementPolicy().place(new Container(C,
        Resource.newInstance(1024, 1), SRC, partition), all);
  }

  @Test
  public void givenEachCase_whenPlaced_thenTheTablesNodeAndReason() {
    Object[][] table = {
        // case, placement, expected node (null: none), expected reason
        {"the most memory wins, the source (16 GB free) never",
            place("", running(1, 2048, 4), running(2, 4096, 1)), n(2),
            "most room of 2 eligible nodes: h2:1 has 4096 MB and 1 vcores unallocated"},
        {"tie on memory: more vcores",
            place("", running(1, 4096, 2), running(2, 4096, 3)), n(2),
            "most room of 2 eligible nodes: h2:1 has 4096 MB and 3 vcores unallocated"},
        {"tie on both: the lower node id",
            place("", running(2, 4096, 3), running(1, 4096, 3)), n(1),
            "most room of 2 eligible nodes: h1:1 has 4096 MB and 3 vcores unallocated"},
        {"a full node is passed over",
            place("", running(1, 512, 8), running(2, 2048, 1)), n(2),
            "most room of 1 eligible node: h2:1 has 2048 MB and 1 vcores unallocated"},
        {"DECOMMISSIONING and UNHEALTHY nodes are passed over",
            place("", node(1, NodeState.DECOMMISSIONING, "", 8192, 8),
                node(2, NodeState.UNHEALTHY, "", 8192, 8), running(3, 1024, 1)), n(3),
            "most room of 1 eligible node: h3:1 has 1024 MB and 1 vcores unallocated"},
        {"only nodes of the container's partition",
            place("gpu", node(1, NodeState.RUNNING, "", 8192, 8),
                node(2, NodeState.RUNNING, "gpu", 2048, 2)), n(2),
            "most room of 1 eligible node: h2:1 has 2048 MB and 2 vcores unallocated,"
                + " partition gpu"},
        {"a labelled node is not for a container of the default partition",
            place("", node(1, NodeState.RUNNING, "gpu", 8192, 8), running(2, 1024, 1)),
            n(2), "most room of 1 eligible node: h2:1 has 1024 MB and 1 vcores unallocated"},
        {"none: each node named with what ruled it out",
            place("", running(1, 512, 4), node(2, NodeState.DECOMMISSIONING, "", 8192, 8),
                node(3, NodeState.RUNNING, "gpu", 8192, 8)), null,
            "no node can take " + C + " (<memory:1024, vCores:1>): h1:1 has no room"
                + " (<memory:512, vCores:4> unallocated); h2:1 is DECOMMISSIONING; h3:1 is in"
                + " partition 'gpu', not ''"},
        {"none: a cluster of one node",
            place(""), null, "no node can take " + C + " (<memory:1024, vCores:1>): the"
                + " cluster has no other node"},
    };
    for (Object[] row : table) {
      Placement p = (Placement) row[1];
      assertEquals(row[0] + ": node", row[2], p.getNode());
      assertEquals(row[0] + ": reason", row[3], p.getReason());
    }
  }
}
