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

  @Test
  public void givenMigrationsAtoBtoC_whenResolved_thenEverythingMapsBackToA() {
    MigrationIdMap map = new MigrationIdMap();
    map.targetAllocated("m1", b);
    assertTrue(map.isMigrationTarget(b));
    map.succeeded(a, b);
    map.targetAllocated("m2", c);
    map.succeeded(b, c);

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
    map.targetAllocated("m1", b);
    assertEquals("m1", map.inFlightMigrationTargeting(b));
    assertEquals("an in-flight target is no member yet", Collections.singletonList(a),
        map.chainOf(a));
    map.succeeded(a, b);
    assertNull(map.inFlightMigrationTargeting(b));
    map.targetAllocated("m2", c);
    map.succeeded(b, c);
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
    map.targetAllocated("m1", b);
    map.targetReleased(b);
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
   * the moved-away sources hidden); a move still in flight is not kept; the finished
   * application's record goes with it.
   */
  @Test
  public void givenCommittedMoves_whenTheRmRestarts_thenTheNewMapTranslatesAsTheOldOne()
      throws Exception {
    MigrationIdStore store = new FileSystemMigrationIdStore(new Path(tmp.getRoot().toURI()),
        new Configuration());
    MigrationIdMap before = new MigrationIdMap(store);
    before.targetAllocated("m1", b);
    before.succeeded(a, b);
    before.targetAllocated("m2", c);
    before.succeeded(b, c);
    before.sourceCompletionHidden(a);
    ContainerId inFlight = ContainerId.newContainerId(attempt, 5);
    before.targetAllocated("m3", inFlight);

    MigrationIdMap after = new MigrationIdMap(store);
    assertEquals(Collections.singleton(attempt.getApplicationId()), after.recover());
    assertEquals(a, after.originalOf(c));
    assertEquals(c, after.currentOf(a));
    assertEquals(Arrays.asList(a, b, c), after.chainOf(b));
    assertTrue("b's completion is still to be hidden", after.isHiddenSource(b));
    assertFalse("in flight: not stored", after.isMigrationTarget(inFlight));

    after.forgetApplication(attempt.getApplicationId());
    assertTrue(new MigrationIdMap(store).recover().isEmpty());
  }

  @Test
  public void givenAnApplicationThatFinished_whenForgotten_thenTheMapIsEmpty() {
    MigrationIdMap map = new MigrationIdMap();
    map.targetAllocated("m1", b);
    map.succeeded(a, b);
    map.targetAllocated("m2", c);
    map.forgetApplication(attempt.getApplicationId());
    assertEquals(0, map.size());
  }
}
