/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.ams;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.metrics2.lib.DefaultMetricsSystem;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException.Reason;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException;
import org.apache.hadoop.yarn.api.migration.protocolrecords.MigrateContainerRequest;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateResponse;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.ExecutionType;
import org.apache.hadoop.yarn.api.records.ExecutionTypeRequest;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.ResourceRequest;
import org.apache.hadoop.yarn.api.records.ResourceSizing;
import org.apache.hadoop.yarn.api.records.SchedulingRequest;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.api.migration.MigrationContract;
import org.apache.hadoop.yarn.server.resourcemanager.MockAM;
import org.apache.hadoop.yarn.server.resourcemanager.MockNM;
import org.apache.hadoop.yarn.server.resourcemanager.MockRM;
import org.apache.hadoop.yarn.server.resourcemanager.migration.MigrationManager;
import org.apache.hadoop.yarn.server.resourcemanager.migration.MigrationMockRMFixture;
import org.apache.hadoop.yarn.server.resourcemanager.migration.records.MigrationSpec;
import org.apache.hadoop.yarn.server.resourcemanager.migration.channel.CheckpointResult;
import org.apache.hadoop.yarn.server.resourcemanager.migration.channel.NodeMigrationChannel;
import org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler.TargetAllocation;
import org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine.ContainerMigration;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMApp;
import org.apache.hadoop.yarn.server.resourcemanager.rmcontainer.RMContainer;
import org.apache.hadoop.yarn.server.resourcemanager.rmcontainer.RMContainerState;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.capacity.CapacityScheduler;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.common.fica.FiCaSchedulerApp;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.attempt.RMAppAttempt;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.attempt.RMAppAttemptImpl;
import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/**
 * {@link MigrationAMSProcessor} in a real in-process RM (MockRM, CapacityScheduler, the
 * processor installed first the way MigrationResourceManager does it) with a
 * MigrationManager whose node channel is a fake: an app of alice with its AM on nm1 and a
 * RUNNING worker container on nm1; migrations go to nm2.
 */
public class TestMigrationAMSProcessor {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(180);

  private static final int GB = MigrationMockRMFixture.GB;
  private static final UserGroupInformation ALICE =
      UserGroupInformation.createRemoteUser("alice");

  private MockRM rm;
  private MockNM nm1;
  private MockNM nm2;
  private MockAM am;
  private ContainerId running;
  private MigrationManager manager;
  private final FakeChannel channel = new FakeChannel();

  /** Every NM step succeeds, except checkpoint when told to fail. */
  static final class FakeChannel extends MigrationMockRMFixture.SucceedingChannel {
    volatile boolean failCheckpoint;

    FakeChannel() {
      super(4096L, 42L);
    }

    @Override
    public CompletableFuture<CheckpointResult> checkpoint(MigrationSpec spec,
        TargetAllocation target) {
      if (failCheckpoint) {
        CompletableFuture<CheckpointResult> f = new CompletableFuture<>();
        f.completeExceptionally(new ContainerMigrationException(Reason.INTERNAL,
            "checkpoint broke on purpose"));
        return f;
      }
      return super.checkpoint(spec, target);
    }
  }

  @BeforeClass
  public static void miniClusterMetrics() {
    DefaultMetricsSystem.setMiniClusterMode(true);
  }

  @Before
  public void setUp() throws Exception {
    YarnConfiguration conf = MigrationMockRMFixture.capacitySchedulerConf();
    MigrationAMSProcessor.installFirst(conf);
    rm = new MockRM(conf);
    rm.start();
    nm1 = rm.registerNode("127.0.0.1:1234", 8 * GB);
    nm2 = rm.registerNode("127.0.0.1:2345", 8 * GB);
    RMApp app = rm.submitApp(GB, "app", "alice");
    am = MockRM.launchAndRegisterAM(app, rm, nm1);
    running = MigrationMockRMFixture.grant(rm, nm1, am, 1, GB, 50).get(0).getId();
    MigrationMockRMFixture.markRunning(rm, nm1, am, running);
    manager = MigrationMockRMFixture.startManager(rm, channel, conf);
  }

  @After
  public void tearDown() {
    MigrationMockRMFixture.stop(manager, rm);
  }

  private CapacityScheduler scheduler() {
    return (CapacityScheduler) rm.getResourceScheduler();
  }

  private FiCaSchedulerApp attempt() {
    return scheduler().getApplicationAttempt(am.getApplicationAttemptId());
  }

  private AllocateResponse allocate(List<ContainerId> release) throws Exception {
    return am.allocate(new ArrayList<ResourceRequest>(), release);
  }

  /** Completions the AM receives over a few heartbeats. */
  private List<ContainerStatus> completionsSeenByAM() throws Exception {
    List<ContainerStatus> seen = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      rm.drainEvents();
      seen.addAll(allocate(new ArrayList<ContainerId>()).getCompletedContainersStatuses());
      Thread.sleep(20);
    }
    return seen;
  }

  private static ContainerStatus find(List<ContainerStatus> statuses, ContainerId id) {
    for (ContainerStatus s : statuses) {
      if (s.getContainerId().equals(id)) {
        return s;
      }
    }
    return null;
  }

  private ContainerMigration migrateAndWait(ContainerMigrationState state) throws Exception {
    String id = manager.migrate(MigrateContainerRequest.newInstance(running,
        nm2.getNodeId(), null), ALICE).getMigrationId();
    ContainerMigration m = manager.getMigration(id);
    long deadline = System.currentTimeMillis() + 10_000;
    while (m.getState() != state && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(m.getDiagnostics(), state, m.getState());
    rm.drainEvents();
    return m;
  }

  private void report(MockNM nm, ContainerId id, ContainerState state, int exit,
      String diagnostics) throws Exception {
    nm.nodeHeartbeat(Collections.singletonList(
        ContainerStatus.newInstance(id, state, diagnostics, exit)), true);
    rm.drainEvents();
  }

  /**
   * After an RM restart the recovered attempt names the container its AM was launched in
   * (the RM state store's record), while the AM runs where it moved: at the AM's next
   * heartbeat through the processor, the attempt follows it again (the id map was read
   * back from its store; here it was never lost).
   */
  @Test
  public void givenAMovedAm_whenItsAttemptNamesTheLaunchContainerAgain_thenTheAttemptFollowsItAtTheNextHeartbeat()
      throws Exception {
    RMAppAttempt attempt = rm.getRMContext().getRMApps().get(am.getApplicationAttemptId()
        .getApplicationId()).getCurrentAppAttempt();
    org.apache.hadoop.yarn.api.records.Container launched = attempt.getMasterContainer();
    MigrationMockRMFixture.markRunning(rm, nm1, am, launched.getId());
    ContainerMigration m = manager.getMigration(manager.migrate(MigrateContainerRequest
        .newInstance(launched.getId(), nm2.getNodeId(), null), ALICE).getMigrationId());
    long deadline = System.currentTimeMillis() + 10_000;
    while (m.getState() != ContainerMigrationState.SUCCEEDED
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(m.getDiagnostics(), ContainerMigrationState.SUCCEEDED, m.getState());
    ContainerId target = m.getAllocation().getContainer().getId();
    assertEquals(target, attempt.getMasterContainer().getId());

    // as a recovered attempt has it
    ((RMAppAttemptImpl) attempt).setMasterContainer(launched);
    allocate(new ArrayList<ContainerId>());
    assertEquals(target, attempt.getMasterContainer().getId());
    assertEquals(nm2.getNodeId().getHost(), attempt.getHost());
    assertTrue(scheduler().getRMContainer(target).isAMContainer());
  }

  @Test
  public void givenTheProcessor_whenRMStarts_thenItIsTheOutermostOfTheChain() {
    assertEquals(MigrationAMSProcessor.class.getName() + ","
        + "org.example.Other", installed("org.example.Other"));
    assertEquals(MigrationAMSProcessor.class.getName() + ",a.B,c.D",
        installed("a.B," + MigrationAMSProcessor.class.getName() + ",c.D"));
    assertEquals(MigrationAMSProcessor.class.getName(), installed(null));
  }

  private static String installed(String configured) {
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(false);
    if (configured != null) {
      conf.set(YarnConfiguration.RM_APPLICATION_MASTER_SERVICE_PROCESSORS, configured);
    }
    MigrationAMSProcessor.installFirst(conf);
    return conf.get(YarnConfiguration.RM_APPLICATION_MASTER_SERVICE_PROCESSORS);
  }

  @Test
  public void givenATaggedContainerPulledByTheAM_whenItAllocates_thenTheAMNeverSeesIt()
      throws Exception {
    SchedulingRequest request = SchedulingRequest.newBuilder()
        .priority(Priority.newInstance(1))
        .executionType(ExecutionTypeRequest.newInstance(ExecutionType.GUARANTEED, true))
        .allocationTags(Collections.singleton("yarn-migration:migration_test_0001"))
        .resourceSizing(ResourceSizing.newInstance(1, Resource.newInstance(GB, 1)))
        .build();
    assertTrue(scheduler().attemptAllocationOnNode(attempt(), request,
        scheduler().getSchedulerNode(nm2.getNodeId())));
    RMContainer tagged = null;
    for (RMContainer c : attempt().getLiveContainers()) {
      if (c.getAllocationTags() != null
          && c.getAllocationTags().contains("yarn-migration:migration_test_0001")) {
        tagged = c;
      }
    }
    assertNotNull(tagged);

    AllocateResponse response = allocate(new ArrayList<ContainerId>());
    rm.drainEvents();

    assertEquals("the heartbeat pulled it (ALLOCATED -> ACQUIRED)", RMContainerState.ACQUIRED,
        tagged.getState());
    for (Container c : response.getAllocatedContainers()) {
      assertFalse("handed to the AM: " + c, c.getId().equals(tagged.getContainerId()));
    }
  }

  @Test
  public void givenASucceededMigration_whenSourceAndTargetComplete_thenTheAMSeesOnlyTheOriginalId()
      throws Exception {
    ContainerMigration m = migrateAndWait(ContainerMigrationState.SUCCEEDED);
    ContainerId target = m.getAllocation().getContainer().getId();
    MigrationIdMap aliases = manager.getMigrationIdMap();
    assertEquals(running, aliases.originalOf(target));
    assertEquals(target, aliases.currentOf(running));
    assertTrue(aliases.isHiddenSource(running));

    // The source NM ends the source with EXIT_MIGRATED; the target runs on nm2.
    report(nm1, running, ContainerState.COMPLETE, MigrationContract.EXIT_MIGRATED,
        "Container migrated");
    report(nm2, target, ContainerState.RUNNING, 0, "");
    List<ContainerStatus> seen = completionsSeenByAM();
    assertNull("the source's 175 is hidden: " + seen, find(seen, running));
    assertNull(find(seen, target));
    assertFalse(aliases.isHiddenSource(running));

    // The restored work ends on nm2: the AM hears of it under the original id.
    report(nm2, target, ContainerState.COMPLETE, 3, "work failed with 3");
    seen = completionsSeenByAM();
    ContainerStatus done = find(seen, running);
    assertNotNull("completion under the original id: " + seen, done);
    assertNull(find(seen, target));
    assertEquals(3, done.getExitStatus());
    assertTrue(done.getDiagnostics(), done.getDiagnostics().contains("work failed with 3"));
    assertEquals(ContainerState.COMPLETE, done.getState());
    assertEquals("nothing is left in the map", 0, aliases.size());
  }

  @Test
  public void givenASucceededMigration_whenTheAMReleasesTheOriginalId_thenTheTargetIsReleased()
      throws Exception {
    ContainerMigration m = migrateAndWait(ContainerMigrationState.SUCCEEDED);
    ContainerId target = m.getAllocation().getContainer().getId();
    report(nm1, running, ContainerState.COMPLETE, MigrationContract.EXIT_MIGRATED, "");
    report(nm2, target, ContainerState.RUNNING, 0, "");
    completionsSeenByAM();
    assertEquals("AM + target", Resource.newInstance(2 * GB, 2),
        attempt().getCurrentConsumption());
    assertNotNull(scheduler().getRMContainer(target));

    List<ContainerStatus> seen = new ArrayList<>(
        allocate(Collections.singletonList(running)).getCompletedContainersStatuses());
    rm.drainEvents();
    seen.addAll(completionsSeenByAM());

    assertNull("the target is gone", scheduler().getRMContainer(target));
    assertEquals("back to the AM alone", Resource.newInstance(GB, 1),
        attempt().getCurrentConsumption());
    assertNotNull("the release is confirmed under the original id: " + seen,
        find(seen, running));
    assertNull(find(seen, target));
    // As in stock 3.1.0, the node's share is freed once its NM reports the kill.
    report(nm2, target, ContainerState.COMPLETE, -105, "killed by the NM");
    assertEquals(Resource.newInstance(0, 0),
        scheduler().getSchedulerNode(nm2.getNodeId()).getAllocatedResource());
    seen = completionsSeenByAM();
    assertNull(find(seen, target));
    assertNull("reported once: " + seen, find(seen, running));
    assertEquals("nothing is left in the map", 0, manager.getMigrationIdMap().size());
  }

  @Test
  public void givenARolledBackMigration_whenTheTargetIsReleased_thenTheAMNeverSeesItsCompletion()
      throws Exception {
    channel.failCheckpoint = true;
    Resource before = attempt().getCurrentConsumption();
    ContainerMigration m = migrateAndWait(ContainerMigrationState.FAILED);
    ContainerId target = m.getAllocation().getContainer().getId();
    assertNull("the rollback released the target", scheduler().getRMContainer(target));

    List<ContainerStatus> seen = completionsSeenByAM();

    assertNull("target completion hidden: " + seen, find(seen, target));
    assertNull(find(seen, running));
    assertEquals(before, attempt().getCurrentConsumption());
    assertEquals(RMContainerState.RUNNING, scheduler().getRMContainer(running).getState());
    assertEquals(running, manager.getMigrationIdMap().currentOf(running));
    assertEquals("nothing is left in the map", 0, manager.getMigrationIdMap().size());
  }
}
