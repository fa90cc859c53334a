/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.rebalance;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

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
import org.apache.hadoop.yarn.server.resourcemanager.migration.rebalance.RebalancePlanner.Movable;
import org.apache.hadoop.yarn.server.resourcemanager.migration.rebalance.RebalancePlanner.Move;
import org.apache.hadoop.yarn.server.resourcemanager.migration.rebalance.RebalancePlanner.Node;
import org.apache.hadoop.yarn.server.resourcemanager.migration.rebalance.RebalancePlanner.Plan;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/**
 * The rebalancer's plan as a table: even and uneven clusters, the spread each move leaves,
 * ApplicationMasters and cooling containers left alone, full, decommissioning and other
 * partitions' nodes never targets, ties, the limit on moves.
 */
public class TestRebalancePlanner {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  private static final ApplicationAttemptId ATTEMPT = ApplicationAttemptId.newInstance(
      ApplicationId.newInstance(1, 1), 1);

  private static ContainerId c(int i) {
    return ContainerId.newContainerId(ATTEMPT, i);
  }

  private static NodeId n(int i) {
    return NodeId.newInstance("h" + i, 1);
  }

  private static Movable free(int id, int mb) {
    return new Movable(c(id), Resource.newInstance(mb, 1), null);
  }

  private static Movable fixed(int id, int mb, String why) {
    return new Movable(c(id), Resource.newInstance(mb, 1), why);
  }

  /** A node of 4096 MB and 8 vcores with these containers (allocated = their sum). */
  private static Node node(int i, NodeState state, String partition, Movable... cs) {
    return node(i, state, partition, 4096, cs);
  }

  private static Node node(int i, NodeState state, String partition, int capacityMb,
      Movable... cs) {
    long mb = 0;
    int vcores = 0;
    for (Movable m : cs) {
      mb += m.getResource().getMemorySize();
      vcores += m.getResource().getVirtualCores();
    }
    return new Node(n(i), state, partition, Resource.newInstance(capacityMb, 8),
        Resource.newInstance(mb, vcores), Arrays.asList(cs));
  }

  private static Movable w(int id, int mb) {
    return free(id, mb);
  }

  private static Movable am(int id, int mb) {
    return fixed(id, mb, "ApplicationMaster(s)");
  }

  private static Movable cooling(int id, int mb) {
    return fixed(id, mb, "cooling down");
  }

  private static Node running(int i, Movable... cs) {
    return node(i, NodeState.RUNNING, "", cs);
  }

  /** Fits as the DefaultResourceCalculator counts: memory only. */
  private static Plan plan(int maxMoves, Node... nodes) {
    return new RebalancePlanner(0.1f, (needed, free) -> needed.getMemorySize()
        <= free.getMemorySize()).plan(Arrays.asList(nodes), maxMoves);
  }

  private static List<String> moves(Plan p) {
    List<String> out = new ArrayList<>();
    for (Move m : p.getMoves()) {
      out.add(m.getContainer().getContainerId() + ":" + m.getFrom().getHost() + "->"
          + m.getTo().getHost());
    }
    return out;
  }

  @Test
  public void givenEachCase_whenPlanned_thenTheTablesMoves() {
    Object[][] table = {
        // case, plan, uneven?, expected moves (container:from->to)
        {"four 512 MB workers on h1, the 256 MB AM on h2: two move, two and two",
            plan(4, running(1, w(2, 512), w(3, 512), w(4, 512), w(5, 512)),
                running(2, am(1, 256))), true, Arrays.asList("2:h1->h2", "3:h1->h2")},
        {"the limit on moves",
            plan(1, running(1, w(2, 512), w(3, 512), w(4, 512), w(5, 512)),
                running(2, am(1, 256))), true, Arrays.asList("2:h1->h2")},
        {"within the threshold: nothing",
            plan(4, running(1, w(2, 512), w(3, 512)), running(2, w(4, 512), w(5, 256))),
            false, Arrays.<String>asList()},
        {"the one that leaves the two closest (1024 MB), then on a tie the smaller one",
            plan(4, running(1, w(2, 512), w(3, 1024), w(4, 1024), w(5, 1024)), running(2)),
            true, Arrays.asList("3:h1->h2", "2:h1->h2")},
        {"a move that would only swap the imbalance is not made",
            plan(4, running(1, w(2, 2048)), running(2)), true, Arrays.<String>asList()},
        {"ApplicationMasters and cooling containers stay",
            plan(4, running(1, am(2, 1024), cooling(3, 1024), w(4, 512)), running(2)), true,
            Arrays.asList("4:h1->h2")},
        {"the least loaded node first, then the next",
            plan(4, running(1, w(2, 1024), w(3, 1024), w(4, 1024)), running(2, w(5, 512)),
                running(3)), true, Arrays.asList("2:h1->h3", "3:h1->h2")},
        {"tie of loads: the lower node id; tie of containers: the lower container id",
            plan(1, running(1, w(3, 1024), w(2, 1024)), running(3), running(2)), true,
            Arrays.asList("2:h1->h2")},
        {"DECOMMISSIONING and UNHEALTHY nodes are neither sources nor targets",
            plan(4, node(1, NodeState.DECOMMISSIONING, "", w(2, 2048), w(3, 1024)),
                node(2, NodeState.UNHEALTHY, ""), running(3, w(4, 1024), w(5, 1024)),
                running(4)), true, Arrays.asList("4:h3->h4")},
        {"a full node is no target",
            plan(4, running(1, w(2, 1024), w(3, 1024), w(4, 1024)),
                node(2, NodeState.RUNNING, "", 512)), true, Arrays.<String>asList()},
        {"each partition on its own: nothing crosses labels",
            plan(4, node(1, NodeState.RUNNING, "gpu", w(2, 1024), w(3, 1024)),
                node(2, NodeState.RUNNING, ""), node(3, NodeState.RUNNING, "gpu")), true,
            Arrays.asList("2:h1->h3")},
        {"one node per partition: even by definition",
            plan(4, node(1, NodeState.RUNNING, "gpu", w(2, 2048)), running(2)), false,
            Arrays.<String>asList()},
        {"loads are fractions of capacity: 2048 of 8192 against 1024 of 4096 is even",
            plan(4, node(1, NodeState.RUNNING, "", 8192, w(2, 1024), w(3, 1024)),
                running(2, w(4, 1024))), false, Arrays.<String>asList()},
    };
    for (Object[] row : table) {
      Plan p = (Plan) row[1];
      assertEquals(row[0] + ": uneven? " + p, row[2], p.isUneven());
      assertEquals(row[0] + ": " + p, row[3], moves(p));
    }
  }

  @Test
  public void givenAnUnevenCluster_whenPlanned_thenEachMoveSaysWhyAndTheSummaryTheSpread() {
    Plan p = plan(2, running(1, w(2, 512), w(3, 512), w(4, 512), w(5, 512)),
        running(2, am(1, 256)));
    assertEquals("0.44 spread before any move", 0.4375f, p.getSpread(), 0.0001f);
    assertEquals(p.toString(), "rebalance: memory allocated h1:1 50% (2048/4096 MB) and"
        + " h2:1 6% (256/4096 MB), spread 0.44 above 0.10", p.getMoves().get(0).getReason());
    assertEquals(p.toString(), "rebalance: memory allocated h1:1 38% (1536/4096 MB) and"
        + " h2:1 19% (768/4096 MB), spread 0.19 above 0.10", p.getMoves().get(1).getReason());
    assertTrue(p.getSummary(), p.getSummary().startsWith("default partition: spread 0.44"
        + " (h1:1 50% (2048/4096 MB), h2:1 6% (256/4096 MB)) above 0.10: 2 move(s)"));

    Plan stuck = plan(2, running(1, am(2, 2048)), running(2));
    assertEquals(stuck.toString(), "default partition: spread 0.50 (h1:1 50% (2048/4096 MB),"
        + " h2:1 0% (0/4096 MB)) above 0.10: 0 move(s), no container of h1:1 can move to a"
        + " less loaded node and bring them closer (1 ApplicationMaster(s))",
        stuck.getSummary());
  }
}
