/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.ams;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateRequest;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateResponse;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.NMToken;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationStrategy;
import org.apache.hadoop.yarn.server.resourcemanager.migration.records.MigrationSpec;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.ResourceRequest;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.TestRule;

/** Chains of migrations in the id map and the processor's filtering, without a cluster. */
public class TestMigrationIdMap {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  private final ApplicationAttemptId attempt =
      ApplicationAttemptId.newInstance(ApplicationId.newInstance(1000L, 1), 1);
  private final ContainerId a = ContainerId.newContainerId(attempt, 2);
  private final ContainerId b = ContainerId.newContainerId(attempt, 3);
  private final ContainerId c = ContainerId.newContainerId(attempt, 4);
  private static final NodeId H1 = NodeId.newInstance("h1", 8041);
  private static final NodeId H2 = NodeId.newInstance("h2", 8041);

  /** The allocator's report of a target granted for migration m of {@code source}. */
  private static void allocated(MigrationIdMap map, String m, ContainerId source,
      ContainerId target) {
    map.targetAllocated(MigrationSpec.newBuilder().migrationId(m).containerId(source)
        .sourceNode(H1).targetNode(H2).strategy(ContainerMigrationStrategy.STOP_AND_COPY)
        .build(), target, H2);
  }

  /** A whole move: granted, committed, completed on the source node. */
  private static void moved(MigrationIdMap map, String m, ContainerId source,
      ContainerId target) {
    allocated(map, m, source, target);
    map.succeeded(source, target);
    map.inFlightEnded(m);
  }

  @Test
  public void givenMigrationsAtoBtoC_whenResolved_thenEverythingMapsBackToA() {
    MigrationIdMap map = new MigrationIdMap();
    allocated(map, "m1", a, b);
    assertTrue(map.isMigrationTarget(b));
    map.succeeded(a, b);
    map.inFlightEnded("m1");
    moved(map, "m2", b, c);

    assertEquals(a, map.originalOf(c));
    assertEquals(a, map.originalOf(b));
    assertEquals(c, map.currentOf(a));
    assertEquals(c, map.currentOf(b));
    assertFalse(map.isMigrationTarget(c));
    assertTrue(map.isHiddenSource(a));
    assertTrue(map.isHiddenSource(b));

    AllocateRequest request = AllocateRequest.newInstance(0, 0f,
        new ArrayList<ResourceRequest>(), Arrays.asList(a), null);
    MigrationAMSProcessor.translateRequest(request, map);
    assertEquals(Collections.singletonList(c), request.getReleaseList());

    AllocateResponse response = AllocateResponse.newInstance(1, Arrays.asList(
        ContainerStatus.newInstance(a, ContainerState.COMPLETE, "migrated", 175),
        ContainerStatus.newInstance(b, ContainerState.COMPLETE, "migrated", 175),
        ContainerStatus.newInstance(c, ContainerState.COMPLETE, "done", 0)),
        new ArrayList<Container>(), new ArrayList<NodeReport>(), null, null, 1, null,
        new ArrayList<NMToken>());
    MigrationAMSProcessor.filterResponse(attempt, response, map);

    assertEquals(1, response.getCompletedContainersStatuses().size());
    ContainerStatus seen = response.getCompletedContainersStatuses().get(0);
    assertEquals(a, seen.getContainerId());
    assertEquals(0, seen.getExitStatus());
    assertEquals("done", seen.getDiagnostics());
    assertEquals(0, map.size());
  }

  @Test
  public void givenMigrationsAtoBtoC_whenAskedForTheChain_thenAnyIdGivesEveryIdOldestFirst() {
    MigrationIdMap map = new MigrationIdMap();
    assertEquals(Collections.singletonList(a), map.chainOf(a));
    allocated(map, "m1", a, b);
    assertEquals("m1", map.inFlightMigrationTargeting(b));
    assertEquals("an in-flight target is no member yet", Collections.singletonList(a),
        map.chainOf(a));
    map.succeeded(a, b);
    assertNull(map.inFlightMigrationTargeting(b));
    moved(map, "m2", b, c);
    for (ContainerId id : new ContainerId[] {a, b, c}) {
      assertEquals(Arrays.asList(a, b, c), map.chainOf(id));
      assertEquals(c, map.currentOf(id));
    }
    // Once C completed and the AM was told, the chain is forgotten.
    map.chainCompleted(c);
    assertEquals(Collections.singletonList(a), map.chainOf(a));
    assertEquals(a, map.currentOf(a));
  }

  @Test
  public void givenARolledBackTarget_whenItCompletes_thenHiddenOnceAndForgotten() {
    MigrationIdMap map = new MigrationIdMap();
    allocated(map, "m1", a, b);
    map.targetReleased(b);
    map.inFlightEnded("m1"); // the rolled-back migration FAILED
    AllocateResponse response = AllocateResponse.newInstance(1, Arrays.asList(
        ContainerStatus.newInstance(b, ContainerState.COMPLETE, "released", -100)),
        new ArrayList<Container>(), new ArrayList<NodeReport>(), null, null, 1, null,
        new ArrayList<NMToken>());
    MigrationAMSProcessor.filterResponse(attempt, response, map);
    assertTrue(response.getCompletedContainersStatuses().isEmpty());
    assertEquals(0, map.size());
    assertEquals(b, map.originalOf(b));
  }

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  /**
   * The RM restarts: a map on the same store gives the AM the same view (the original id,
   * the moved-away sources hidden), and the migrations still in flight (one committed and
   * not completed, one not committed) for the new RM to resolve, their target hidden while
   * not committed; the finished application's record goes with it.
   */
  @Test
  public void givenCommittedMoves_whenTheRmRestarts_thenTheNewMapTranslatesAsTheOldOne()
      throws Exception {
    MigrationIdStore store = new FileSystemMigrationIdStore(new Path(tmp.getRoot().toURI()),
        new Configuration());
    MigrationIdMap before = new MigrationIdMap(store);
    moved(before, "m1", a, b);
    allocated(before, "m2", b, c);
    before.succeeded(b, c); // committed, the source's completion not confirmed
    before.sourceCompletionHidden(a);
    ContainerId other = ContainerId.newContainerId(attempt, 6);
    ContainerId inFlight = ContainerId.newContainerId(attempt, 5);
    allocated(before, "m3", other, inFlight);

    MigrationIdMap after = new MigrationIdMap(store);
    assertEquals(Collections.singleton(attempt.getApplicationId()), after.recover());
    assertEquals(a, after.originalOf(c));
    assertEquals(c, after.currentOf(a));
    assertEquals(Arrays.asList(a, b, c), after.chainOf(b));
    assertTrue("b's completion is still to be hidden", after.isHiddenSource(b));
    assertTrue("a target in flight stays hidden", after.isMigrationTarget(inFlight));
    assertFalse(after.isMigrationTarget(c));
    java.util.Map<String, MigrationIdStore.InFlight> flying = new java.util.HashMap<>();
    for (MigrationIdStore.InFlight m : after.inFlight()) {
      flying.put(m.getMigrationId(), m);
    }
    assertEquals(new java.util.HashSet<>(Arrays.asList("m2", "m3")), flying.keySet());
    assertTrue(flying.get("m2").isCommitted());
    assertEquals(b, flying.get("m2").getSource());
    assertEquals(c, flying.get("m2").getTarget());
    assertFalse(flying.get("m3").isCommitted());
    assertEquals(other, flying.get("m3").getSource());
    assertEquals(H1, flying.get("m3").getSourceNode());
    assertEquals(H2, flying.get("m3").getTargetNode());
    assertEquals(ContainerMigrationStrategy.STOP_AND_COPY, flying.get("m3").getStrategy());

    // each ends: m2's completion lands, m3 is rolled back; a third map finds neither
    after.inFlightEnded("m2");
    after.targetReleased(inFlight);
    after.inFlightEnded("m3");
    MigrationIdMap third = new MigrationIdMap(store);
    third.recover();
    assertTrue(third.inFlight().isEmpty());
    assertEquals(c, third.currentOf(a));

    after.forgetApplication(attempt.getApplicationId());
    assertTrue(new MigrationIdMap(store).recover().isEmpty());
  }

  /**
   * An NM reports a source's completion again to an RM that restarted (it keeps completed
   * containers until an RM acknowledged them): while the move is known, the AM never sees
   * it, however often it comes.
   */
  @Test
  public void givenAMovedSource_whenItsCompletionComesAgain_thenHiddenEachTime() {
    MigrationIdMap map = new MigrationIdMap();
    moved(map, "m1", a, b);
    for (int i = 0; i < 3; i++) {
      AllocateResponse response = AllocateResponse.newInstance(1, new ArrayList<>(
          Arrays.asList(ContainerStatus.newInstance(a, ContainerState.COMPLETE, "migrated",
              175))), new ArrayList<Container>(), new ArrayList<NodeReport>(), null, null, 1,
          null, new ArrayList<NMToken>());
      MigrationAMSProcessor.filterResponse(attempt, response, map);
      assertTrue("delivery " + i + ": " + response.getCompletedContainersStatuses(),
          response.getCompletedContainersStatuses().isEmpty());
    }
    assertEquals(b, map.currentOf(a));
  }

  @Test
  public void givenAnApplicationThatFinished_whenForgotten_thenTheMapIsEmpty() {
    MigrationIdMap map = new MigrationIdMap();
    allocated(map, "m1", a, b);
    map.succeeded(a, b);
    allocated(map, "m2", b, c);
    map.forgetApplication(attempt.getApplicationId());
    assertEquals(0, map.size());
  }
}
