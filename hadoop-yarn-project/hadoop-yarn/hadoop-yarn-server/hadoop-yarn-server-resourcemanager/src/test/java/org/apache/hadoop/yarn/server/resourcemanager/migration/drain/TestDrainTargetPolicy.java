/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.drain;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.server.resourcemanager.migration.drain.DrainTargetPolicy.Candidate;
import org.apache.hadoop.yarn.server.resourcemanager.migration.drain.DrainTargetPolicy.Plan;
import org.apache.hadoop.yarn.server.resourcemanager.migration.drain.DrainTargetPolicy.Request;
import org.apache.hadoop.yarn.server.resourcemanager.migration.placement.MigrationPlacementPolicy;
import org.apache.hadoop.yarn.server.resourcemanager.migration.placement.MostRoomPlacementPolicy;
import org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler.SchedulerFit;
import org.apache.hadoop.yarn.util.resource.DefaultResourceCalculator;
import org.apache.hadoop.yarn.util.resource.DominantResourceCalculator;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/** The placement rule on plain inputs. */
public class TestDrainTargetPolicy {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  private static final ApplicationAttemptId ATTEMPT =
      ApplicationAttemptId.newInstance(ApplicationId.newInstance(1700000000000L, 1), 1);
  private static final NodeId A = NodeId.newInstance("a", 1);
  private static final NodeId B = NodeId.newInstance("b", 1);
  private static final NodeId C = NodeId.newInstance("c", 1);

  /** Every resource type must fit (as under the DominantResourceCalculator). */
  private final DrainTargetPolicy policy =
      new DrainTargetPolicy(new SchedulerFit(new DominantResourceCalculator()),
          new MostRoomPlacementPolicy());
  /** Memory only (the CapacityScheduler's default calculator). */
  private final DrainTargetPolicy memoryOnly =
      new DrainTargetPolicy(new SchedulerFit(new DefaultResourceCalculator()),
          new MostRoomPlacementPolicy());

  private static ContainerId c(int id) {
    return ContainerId.newContainerId(ATTEMPT, id);
  }

  private static Resource mb(int mb) {
    return Resource.newInstance(mb, 1);
  }

  private static Resource free(int mb) {
    return Resource.newInstance(mb, 8);
  }

  private static Request req(int id, int mb, NodeId... excluded) {
    return new Request(c(id), mb(mb), new HashSet<>(Arrays.asList(excluded)));
  }

  private static Map<ContainerId, NodeId> expect(Object... pairs) {
    Map<ContainerId, NodeId> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(c((Integer) pairs[i]), (NodeId) pairs[i + 1]);
    }
    return m;
  }

  /** Plans containers of the default partition, from a node that is no candidate. */
  private static Plan plan(DrainTargetPolicy p, java.util.Collection<Request> containers,
      java.util.Collection<Candidate> candidates) {
    return p.plan(containers, candidates, null, "");
  }

  @Test
  public void givenThreeContainers_whenPlanned_thenMostFreeMemoryFirstAndAccounted() {
    Plan p = plan(policy, Arrays.asList(req(2, 1024), req(3, 1024), req(4, 1024)),
        Arrays.asList(new Candidate(A, free(3072), ""), new Candidate(B, free(2048), "")));
    // A (3 GB) -> 2; then A = B = 2 GB, B has more free vcores (8 vs 7) -> B;
    // then A 2 GB > B 1 GB -> A.
    assertEquals(expect(2, A, 3, B, 4, A), p.getAssignments());
    assertTrue(p.getNoRoom().isEmpty());
  }

  @Test
  public void givenMixedSizes_whenPlanned_thenLargestPlacedFirst() {
    Plan p = plan(policy, Arrays.asList(req(2, 1024), req(3, 3072)),
        Arrays.asList(new Candidate(A, free(3072), ""), new Candidate(B, free(1024), "")));
    // Arrival order would put 2 on A and leave no room for 3.
    assertEquals(expect(3, A, 2, B), p.getAssignments());
    assertTrue(p.getNoRoom().isEmpty());
  }

  @Test
  public void givenContainerTooBig_whenPlanned_thenNoRoomAndOthersStillPlaced() {
    Plan p = plan(policy, Arrays.asList(req(2, 6144), req(3, 1024)),
        Arrays.asList(new Candidate(A, free(4096), ""), new Candidate(B, free(2048), "")));
    assertEquals(expect(3, A), p.getAssignments());
    assertEquals(Collections.singletonList(c(2)), p.getNoRoom());
  }

  @Test
  public void givenExcludedNode_whenPlanned_thenAnotherNodeOrNoRoom() {
    Plan p = plan(policy, Arrays.asList(req(2, 1024, A), req(3, 1024, A, B)),
        Arrays.asList(new Candidate(A, free(8192), ""), new Candidate(B, free(1024), "")));
    assertEquals(expect(2, B), p.getAssignments());
    assertEquals(Collections.singletonList(c(3)), p.getNoRoom());
  }

  @Test
  public void givenAConfiguredPolicy_whenPlanned_thenItChoosesAndAChoiceWithoutRoomIsRefused() {
    // a policy that takes the node with the LEAST memory among those that fit, or,
    // misbehaving, the first node when none fits
    MigrationPlacementPolicy leastRoom = (container, nodes) -> {
      MigrationPlacementPolicy.Candidate pick = null;
      for (MigrationPlacementPolicy.Candidate n : nodes) {
        if (n.fits() && (pick == null || n.getUnallocated().getMemorySize()
            < pick.getUnallocated().getMemorySize())) {
          pick = n;
        }
      }
      return new MigrationPlacementPolicy.Placement(pick != null ? pick.getNode()
          : nodes.isEmpty() ? null : nodes.get(0).getNode(), "least room");
    };
    DrainTargetPolicy drain = new DrainTargetPolicy(
        new SchedulerFit(new DominantResourceCalculator()), leastRoom);
    Plan p = drain.plan(Arrays.asList(req(2, 1024), req(3, 1024), req(4, 4096)),
        Arrays.asList(new Candidate(A, free(8192), ""), new Candidate(B, free(2048), "")), C, "");
    // 4 (largest) -> A, the only fit; 2 -> B (least room of A 4 GB, B 2 GB); 3 -> B again
    // (1 GB left there, still the least that fits); nothing over-commits
    assertEquals(expect(4, A, 2, B, 3, B), p.getAssignments());
    // the policy's choice of a node without room is refused: no room
    Plan full = drain.plan(Collections.singletonList(req(5, 4096)),
        Collections.singletonList(new Candidate(B, free(2048), "")), C, "");
    assertEquals(Collections.singletonList(c(5)), full.getNoRoom());
  }

  @Test
  public void givenNodesOfOtherPartitions_whenPlanned_thenOnlyTheDrainedNodesPartition() {
    Plan p = policy.plan(Arrays.asList(req(2, 1024), req(3, 1024)),
        Arrays.asList(new Candidate(A, free(8192), "gpu"), new Candidate(B, free(1024), "")),
        C, "");
    assertEquals(expect(2, B), p.getAssignments());
    assertEquals(Collections.singletonList(c(3)), p.getNoRoom());
  }

  @Test
  public void givenVcoresShort_whenPlanned_thenNodeSkipped() {
    Plan p = plan(policy, Collections.singletonList(
        new Request(c(2), Resource.newInstance(512, 4), null)),
        Arrays.asList(new Candidate(A, Resource.newInstance(8192, 2), ""),
            new Candidate(C, Resource.newInstance(1024, 4), "")));
    assertEquals(expect(2, C), p.getAssignments());
  }

  @Test
  public void givenInputs_whenPlanned_thenInputsUnchanged() {
    Resource free = free(2048);
    plan(policy, Collections.singletonList(req(2, 1024)),
        Collections.singletonList(new Candidate(A, free, "")));
    assertEquals(free(2048), free);
    assertTrue(plan(policy, Collections.<Request>emptyList(),
        Collections.<Candidate>emptyList()).getAssignments().isEmpty());
  }

  @Test
  public void givenNodeWithMoreContainersThanVcores_whenPlannedByMemory_thenItReceives() {
    // A holds more containers than vcores: -3 vcores unallocated, 2 GB free
    Candidate a = new Candidate(A, Resource.newInstance(2048, -3), "");
    Plan p = plan(memoryOnly, Arrays.asList(req(2, 1024), req(3, 1024), req(4, 1024)),
        Arrays.asList(a));
    assertEquals(expect(2, A, 3, A), p.getAssignments());
    assertEquals(Arrays.asList(c(4)), p.getNoRoom());
    // every resource type counted: no room at all
    Plan strict = plan(policy, Arrays.asList(req(2, 1024)), Arrays.asList(a));
    assertTrue(strict.getAssignments().isEmpty());
    assertEquals(Arrays.asList(c(2)), strict.getNoRoom());
  }
}
