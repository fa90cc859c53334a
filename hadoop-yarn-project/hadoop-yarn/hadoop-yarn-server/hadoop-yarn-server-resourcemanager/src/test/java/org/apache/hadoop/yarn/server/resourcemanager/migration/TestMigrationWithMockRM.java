/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.metrics2.lib.DefaultMetricsSystem;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException.Reason;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportsRequest;
import org.apache.hadoop.yarn.api.migration.protocolrecords.MigrateContainerRequest;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationOptions;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationStrategy;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateResponse;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.ResourceRequest;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.resourcemanager.MockAM;
import org.apache.hadoop.yarn.server.resourcemanager.MockNM;
import org.apache.hadoop.yarn.server.resourcemanager.MockRM;
import org.apache.hadoop.yarn.server.resourcemanager.migration.ams.MigrationIdMap;
import org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler.CapacitySchedulerTargetAllocator;
import org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler.TargetAllocation;
import org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler.TargetContainerAllocator;
import org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine.ContainerMigration;
import org.apache.hadoop.yarn.server.resourcemanager.nodelabels.RMNodeLabelsManager;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMApp;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMAppState;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.attempt.RMAppAttempt;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.attempt.RMAppAttemptState;
import org.apache.hadoop.yarn.server.resourcemanager.rmcontainer.RMContainer;
import org.apache.hadoop.yarn.server.resourcemanager.rmcontainer.RMContainerState;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.capacity.CapacityScheduler;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.capacity.LeafQueue;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.capacity.SchedulingMode;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.common.fica.FiCaSchedulerApp;
import org.apache.hadoop.yarn.util.resource.DefaultResourceCalculator;
import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;
import org.apache.hadoop.yarn.server.resourcemanager.migration.records.MigrationSpec;

/**
 * Validation and the CapacityScheduler seam against a real in-process RM (MockRM, two
 * MockNMs of 8 GB (host 127.0.0.1: token services need resolvable hosts), a small third one, CapacityScheduler, ACLs on): an app of "alice" with
 * its AM on nm1, worker container C2 RUNNING on nm1 and C3 ACQUIRED (not launched).
 */
public class TestMigrationWithMockRM {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(180);

  @org.junit.Rule
  public org.junit.rules.TemporaryFolder storeDir = new org.junit.rules.TemporaryFolder();

  private static final int GB = MigrationMockRMFixture.GB;

  private MockRM rm;
  private MockNM nm1;
  private MockNM nm2;
  private MockNM nm3;
  private MockAM am;
  private RMApp app;
  private ContainerId running;
  private ContainerId acquired;
  private MigrationManager manager;
  private TestMigrationOrchestrator.FakeChannel channel;

  private static final UserGroupInformation ALICE =
      UserGroupInformation.createRemoteUser("alice");
  private static final UserGroupInformation EVE =
      UserGroupInformation.createRemoteUser("eve");
  private static final UserGroupInformation ADMIN =
      UserGroupInformation.createRemoteUser("admin");

  @BeforeClass
  public static void miniClusterMetrics() {
    DefaultMetricsSystem.setMiniClusterMode(true);
  }

  @Before
  public void setUp() throws Exception {
    // minimum allocation small enough for the half-GB node to register
    YarnConfiguration conf = MigrationMockRMFixture.aclConf();
    conf.set("yarn.scheduler.capacity.root.acl_administer_queue", " ");
    conf.set("yarn.scheduler.capacity.root.default.acl_administer_queue", " ");
    rm = new MockRM(conf);
    rm.start();
    nm1 = rm.registerNode("127.0.0.1:1234", 8 * GB);
    nm2 = rm.registerNode("127.0.0.1:2345", 8 * GB);
    nm3 = rm.registerNode("127.0.0.1:3456", GB / 2);
    app = rm.submitApp(GB, "app", "alice");
    am = MockRM.launchAndRegisterAM(app, rm, nm1);

    List<Container> granted = MigrationMockRMFixture.grant(rm, nm1, am, 2, GB, 50);
    running = granted.get(0).getId();
    acquired = granted.get(1).getId();
    MigrationMockRMFixture.markRunning(rm, nm1, am, running);
    assertEquals(RMContainerState.ACQUIRED,
        scheduler().getRMContainer(acquired).getState());

    channel = new TestMigrationOrchestrator.FakeChannel();
    channel.checkpoint = TestMigrationOrchestrator.Outcome.HANG;
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

  /** Every usage figure a migration could disturb, as one comparable string. */
  private String usage() {
    CapacityScheduler cs = scheduler();
    LeafQueue queue = (LeafQueue) cs.getQueue("default");
    FiCaSchedulerApp attempt = attempt();
    return "root=" + cs.getRootQueue().getUsedResources()
        + " queue=" + queue.getUsedResources()
        + " user=" + queue.getUser("alice").getUsed()
        + " app=" + attempt.getCurrentConsumption()
        + " live=" + attempt.getLiveContainers().size()
        + " pending=" + attempt.hasPendingResourceRequest(new DefaultResourceCalculator(),
            RMNodeLabelsManager.NO_LABEL, cs.getClusterResource(),
            SchedulingMode.RESPECT_PARTITION_EXCLUSIVITY)
        + " nm1=" + node(nm1) + " nm2=" + node(nm2) + " nm3=" + node(nm3)
        + " metrics=" + cs.getRootQueueMetrics().getAllocatedMB() + "MB/"
        + cs.getRootQueueMetrics().getAllocatedContainers();
  }

  private String node(MockNM nm) {
    org.apache.hadoop.yarn.server.resourcemanager.scheduler.SchedulerNode n =
        scheduler().getSchedulerNode(nm.getNodeId());
    return n == null ? "removed" : n.getAllocatedResource() + "/" + n.getNumContainers();
  }

  private void assertRejected(UserGroupInformation caller, ContainerId container,
      NodeId target, Reason reason, String message) {
    assertRejected(caller, container, target, null, reason, message);
  }

  private void assertRejected(UserGroupInformation caller, ContainerId container,
      NodeId target, ContainerMigrationOptions options, Reason reason, String message) {
    String before = usage();
    try {
      manager.migrate(MigrateContainerRequest.newInstance(container, target, options), caller);
      fail("expected a rejection: " + message);
    } catch (ContainerMigrationException e) {
      assertEquals(message, e.getMessage());
      assertEquals(reason, e.getReason());
    }
    rm.drainEvents();
    assertEquals("a rejected request changes nothing", before, usage());
  }

  @Test
  public void givenNoTargetNode_whenMigrating_thenThePolicyPicksTheNodeWithMostRoomAndSaysWhy()
      throws Exception {
    // nm1 is the source, nm3 (half a GB) has no room for the 1 GB container: nm2
    ContainerMigrationReport r = manager.migrate(MigrateContainerRequest.newInstance(running,
        null, ContainerMigrationOptions.newInstance(ContainerMigrationStrategy.AUTO, 0)),
        ALICE);
    assertEquals(nm2.getNodeId(), r.getTargetNode());
    assertEquals("AUTO between nodes whose agents do no lazy pages: stop-and-copy, and the"
        + " report says so", ContainerMigrationStrategy.STOP_AND_COPY, r.getStrategy());
    assertTrue(r.getPlacement(), r.getPlacement().startsWith("MostRoomPlacementPolicy: most"
        + " room of 1 eligible node: " + nm2.getNodeId() + " has 8192 MB and "));
    assertEquals(r.getPlacement(), manager.getReport(r.getMigrationId(), ALICE)
        .getPlacement());
    assertEquals("why it ran", "requested by alice", r.getReason());
  }

  @Test
  public void givenBadRequests_whenMigrating_thenEachGetsItsErrorAndNothingChanges()
      throws Exception {
    NodeId h2 = nm2.getNodeId();
    ContainerId unknown = ContainerId.newContainerId(am.getApplicationAttemptId(), 999);

    assertRejected(ALICE, unknown, h2, Reason.NOT_FOUND, "Migration of " + unknown
        + " to node 127.0.0.1:2345 rejected: the ResourceManager knows no live container " + unknown
        + ". Check the id, e.g. with 'yarn container -list <application attempt id>'.");
    assertRejected(EVE, running, h2, Reason.ACCESS_DENIED, "Migration of " + running
        + " to node 127.0.0.1:2345 rejected: user eve is neither the owner of "
        + app.getApplicationId() + " (alice), a YARN admin, nor allowed to modify it. Ask"
        + " the application owner or an administrator to migrate it.");
    assertRejected(ALICE, acquired, h2, Reason.CONFLICT, "Migration of " + acquired
        + " to node 127.0.0.1:2345 rejected: " + acquired + " is ACQUIRED, not RUNNING. Retry once"
        + " the container runs.");
    NodeId nowhere = NodeId.newInstance("nowhere", 1);
    assertRejected(ADMIN, running, nowhere, Reason.NOT_FOUND, "Migration of " + running
        + " to node nowhere:1 rejected: node nowhere:1 is not a node of this cluster. Pick"
        + " a node listed by 'yarn node -list'.");
    assertRejected(ALICE, running, nm1.getNodeId(), Reason.INVALID_REQUEST, "Migration of "
        + running + " to node 127.0.0.1:1234 rejected: " + running + " already runs on node"
        + " 127.0.0.1:1234. Pick another node.");
    assertRejected(ALICE, running, nm3.getNodeId(), Reason.CONFLICT, "Migration of "
        + running + " to node 127.0.0.1:3456 rejected: node 127.0.0.1:3456 has no room for "
        + running + ": memory 1024 MB needed, 512 MB unallocated (DefaultResourceCalculator:"
        + " memory only). Pick a node with enough free resources.");
    nm3.nodeHeartbeat(false);
    rm.drainEvents();
    assertRejected(ALICE, running, nm3.getNodeId(), Reason.CONFLICT, "Migration of "
        + running + " to node 127.0.0.1:3456 rejected: node 127.0.0.1:3456 is UNHEALTHY, not RUNNING."
        + " Pick a RUNNING node.");
    assertRejected(ALICE, running, h2,
        ContainerMigrationOptions.newInstance(ContainerMigrationStrategy.LAZY_PAGES, 0),
        Reason.CONFLICT, "Migration of " + running + " to node 127.0.0.1:2345 rejected:"
        + " strategy LAZY_PAGES (post-copy) needs lazy pages on both nodes, and the source "
        + nm1.getNodeId() + " has no migration agent registered. Use the default strategy"
        + " STOP_AND_COPY, or AUTO.");
    assertEquals(8, manager.getMetrics().getRejected());
    assertEquals(0, manager.getMetrics().getStarted());
  }

  @Test
  public void givenARunningContainer_whenTheAllocatorAsksForATarget_thenTheSchedulerAccountsForItUntilReleased()
      throws Exception {
    String baseline = usage();
    assertTrue(baseline, baseline.contains("pending=false"));
    RMContainer source = scheduler().getRMContainer(running);
    MigrationSpec spec = MigrationSpec.newBuilder()
        .migrationId("migration_1_0001")
        .containerId(running)
        .user("alice").appOwner("alice")
        .sourceNode(nm1.getNodeId()).targetNode(nm2.getNodeId())
        .resource(source.getAllocatedResource())
        .priority(source.getContainer().getPriority())
        .submitTime(1).build();
    CapacitySchedulerTargetAllocator allocator =
        new CapacitySchedulerTargetAllocator(rm.getRMContext());

    TargetAllocation allocation = allocator.allocate(spec);
    rm.drainEvents();

    Container target = allocation.getContainer();
    assertEquals(nm2.getNodeId(), target.getNodeId());
    assertEquals(source.getAllocatedResource(), target.getResource());
    assertEquals(am.getApplicationAttemptId(), target.getId().getApplicationAttemptId());
    assertNotNull("the RM can start it: it has a container token",
        target.getContainerToken());
    assertTrue(target.getAllocationTags().contains("yarn-migration:migration_1_0001"));
    assertTrue(TargetContainerAllocator.isMigrationTarget(target));
    RMContainer rmTarget = scheduler().getRMContainer(target.getId());
    assertEquals(RMContainerState.ACQUIRED, rmTarget.getState());
    assertEquals("<memory:1024, vCores:1>/1", node(nm2));
    String during = usage();
    assertTrue(during, during.contains("queue=<memory:4096, vCores:4>"));
    assertTrue(during, during.contains("app=<memory:4096, vCores:4>"));
    assertTrue(during, during.contains("pending=false"));

    // The AM's next heartbeat does not see the target container.
    nm2.nodeHeartbeat(true);
    rm.drainEvents();
    AllocateResponse response = am.allocate(new ArrayList<ResourceRequest>(),
        new ArrayList<ContainerId>());
    for (Container c : response.getAllocatedContainers()) {
      assertFalse("handed to the AM: " + c, c.getId().equals(target.getId()));
    }

    allocator.release(allocation, "test release");
    rm.drainEvents();
    assertNull(scheduler().getRMContainer(target.getId()));
    assertEquals("release restores the exact baseline", baseline, usage());

    // Today the release shows up as a completed container in the AM's next response:
    // the AMS processor must drop statuses of migration targets.
    response = am.allocate(new ArrayList<ResourceRequest>(), new ArrayList<ContainerId>());
    boolean seen = false;
    for (ContainerStatus s : response.getCompletedContainersStatuses()) {
      seen |= s.getContainerId().equals(target.getId());
    }
    assertTrue("completion of the released target is reported to the AM", seen);
    allocator.release(allocation, "twice is harmless");
    assertEquals(baseline, usage());
  }

  @Test
  public void givenAMigrationInFlight_whenAskedAgain_thenRejected_andTimeoutRollsBackToBaseline()
      throws Exception {
    String baseline = usage();
    ContainerMigrationReport report = manager.migrate(MigrateContainerRequest.newInstance(
        running, nm2.getNodeId(), ContainerMigrationOptions.newInstance(
            ContainerMigrationStrategy.STOP_AND_COPY, 1500)), ALICE);
    String id = report.getMigrationId();
    assertTrue(id, id.startsWith("migration_"));
    assertEquals("a named node is no placement", null, report.getPlacement());
    ContainerMigration m = manager.getMigration(id);
    waitFor(m, ContainerMigrationState.CHECKPOINTING);
    rm.drainEvents();
    String during = usage();

    assertRejected(ALICE, running, nm2.getNodeId(), Reason.CONFLICT, "Migration of "
        + running + " to node 127.0.0.1:2345 rejected: " + running + " is already being migrated"
        + " (migration " + id + ", CHECKPOINTING). Wait for that migration to finish.");
    assertEquals(during, usage());

    waitFor(m, ContainerMigrationState.FAILED);
    rm.drainEvents();
    assertEquals("rollback restores the exact baseline", baseline, usage());
    ContainerMigrationReport done = manager.getReport(id, ALICE);
    assertEquals(ContainerMigrationState.FAILED, done.getState());
    assertTrue(done.getDiagnostics(), done.getDiagnostics().startsWith(
        "TIMEOUT: no result within 1500 ms"));
    assertNotNull(done.getTargetContainerId());
    assertEquals(1, manager.getReports(
        org.apache.hadoop.yarn.api.migration.protocolrecords
            .GetContainerMigrationReportsRequest.newInstance(), ALICE).size());
    assertEquals(0, manager.getReports(
        org.apache.hadoop.yarn.api.migration.protocolrecords
            .GetContainerMigrationReportsRequest.newInstance(), EVE).size());
    assertTrue(channel.calls.contains("abort"));
  }

  /**
   * One successful move of what {@code named} stands for to {@code to}: asserts the report
   * names {@code expectedSource} (the chain's current container) and its node, lets the
   * target NM report the new container RUNNING and the source NM report the source ended.
   *
   * @return the new current container
   */
  private ContainerId move(ContainerId named, ContainerId expectedSource, MockNM from,
      MockNM to) throws Exception {
    ContainerMigrationReport accepted = manager.migrate(
        MigrateContainerRequest.newInstance(named, to.getNodeId(), null), ALICE);
    assertEquals("the report shows the container that moves", expectedSource,
        accepted.getContainerId());
    assertEquals(from.getNodeId(), accepted.getSourceNode());
    assertEquals(to.getNodeId(), accepted.getTargetNode());
    ContainerMigration m = manager.getMigration(accepted.getMigrationId());
    waitFor(m, ContainerMigrationState.SUCCEEDED);
    ContainerId target = m.toReport().getTargetContainerId();
    assertNotNull(target);
    assertEquals(to.getNodeId(), scheduler().getRMContainer(target).getAllocatedNode());
    MigrationMockRMFixture.markRunning(rm, to, am, target);
    // The source NM ends the source (exit 175): its RMContainer is gone afterwards.
    from.nodeHeartbeat(am.getApplicationAttemptId(), expectedSource.getContainerId(),
        org.apache.hadoop.yarn.api.records.ContainerState.COMPLETE);
    rm.drainEvents();
    waitUntilGone(expectedSource);
    return target;
  }

  private void waitUntilGone(ContainerId id) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (scheduler().getRMContainer(id) != null && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertNull(id + " should have ended", scheduler().getRMContainer(id));
  }

  private List<ContainerMigrationReport> historyOf(ContainerId id) {
    GetContainerMigrationReportsRequest request =
        GetContainerMigrationReportsRequest.newInstance();
    request.setContainerId(id);
    return manager.getReports(request, ALICE);
  }

  /**
   * The ApplicationMaster's container moves like any other, and its attempt follows it:
   * the source's end (exit 175) does not fail the attempt, the target is the attempt's
   * master container, AM container and AM host; the AM then finishes on the target and so
   * does its application.
   */
  @Test
  public void givenTheApplicationMaster_whenMovedTwice_thenTheAttemptFollowsItToTheEnd()
      throws Exception {
    channel.checkpoint = TestMigrationOrchestrator.Outcome.SUCCEED;
    RMAppAttempt attempt = app.getCurrentAppAttempt();
    ContainerId first = attempt.getMasterContainer().getId();
    MigrationMockRMFixture.markRunning(rm, nm1, am, first);

    ContainerId b = move(first, first, nm1, nm2);
    assertEquals(b, attempt.getMasterContainer().getId());
    assertEquals(nm2.getNodeId(), attempt.getMasterContainer().getNodeId());
    assertEquals(nm2.getNodeId().getHost(), attempt.getHost());
    assertTrue(scheduler().getRMContainer(b).isAMContainer());
    assertEquals("the source's end is not the AM's", RMAppAttemptState.RUNNING,
        attempt.getAppAttemptState());
    ContainerId c = move(first, b, nm2, nm1);
    assertEquals(c, attempt.getMasterContainer().getId());
    assertEquals(RMAppAttemptState.RUNNING, attempt.getAppAttemptState());
    assertEquals(c, attempt.createApplicationAttemptReport().getAMContainerId());
    assertEquals(nm1.getNodeId().getHost(),
        app.createAndGetApplicationReport("alice", true).getHost());

    // the AM finishes where it runs now, and its container's end ends the attempt
    am.unregisterAppAttempt();
    rm.waitForState(am.getApplicationAttemptId(), RMAppAttemptState.FINISHING);
    nm1.nodeHeartbeat(am.getApplicationAttemptId(), c.getContainerId(),
        org.apache.hadoop.yarn.api.records.ContainerState.COMPLETE);
    rm.waitForState(am.getApplicationAttemptId(), RMAppAttemptState.FINISHED);
    rm.waitForState(app.getApplicationId(), RMAppState.FINISHED);
    assertEquals(2, manager.getMetrics().getSucceeded());
  }

  /**
   * With RM recovery the final reports go to the migration store: a manager that starts
   * again on that store (an RM that restarted) shows a move of the earlier one, by its id
   * and in the history of the container's original id, to those who may view it.
   */
  @Test
  public void givenRecovery_whenTheManagerStartsAgain_thenTheEarlierMoveIsReported()
      throws Exception {
    MigrationMockRMFixture.stop(manager, null);
    YarnConfiguration conf = MigrationMockRMFixture.aclConf();
    conf.set("yarn.scheduler.capacity.root.acl_administer_queue", " ");
    conf.set("yarn.scheduler.capacity.root.default.acl_administer_queue", " ");
    conf.setBoolean(YarnConfiguration.RECOVERY_ENABLED, true);
    conf.set(org.apache.hadoop.yarn.conf.MigrationConfiguration.RM_MIGRATION_STATE_STORE_URI,
        storeDir.getRoot().toURI().toString());
    manager = MigrationMockRMFixture.startManager(rm, channel, conf);
    channel.checkpoint = TestMigrationOrchestrator.Outcome.SUCCEED;
    ContainerId b = move(running, running, nm1, nm2);
    String m = historyOf(running).get(0).getMigrationId();
    MigrationMockRMFixture.stop(manager, null); // the RM stops

    manager = MigrationMockRMFixture.startManager(rm, channel, conf);
    assertNull("this RM ran no migration", manager.getMigration(m));
    ContainerMigrationReport r = manager.getReport(m, ALICE);
    assertEquals(ContainerMigrationState.SUCCEEDED, r.getState());
    assertEquals(running, r.getContainerId());
    assertEquals(b, r.getTargetContainerId());
    assertEquals(nm2.getNodeId(), r.getTargetNode());
    List<ContainerMigrationReport> history = historyOf(running);
    assertEquals(1, history.size());
    assertEquals(m, history.get(0).getMigrationId());
    try {
      manager.getReport(m, EVE);
      fail("eve may not view alice's migrations");
    } catch (ContainerMigrationException e) {
      assertEquals(Reason.ACCESS_DENIED, e.getReason());
    }
    GetContainerMigrationReportsRequest all = GetContainerMigrationReportsRequest.newInstance();
    assertTrue(manager.getReports(all, EVE).isEmpty());
  }

  @Test
  public void givenAContainerMigratedOnce_whenMigratedAgainByItsOriginalOrCurrentId_thenEveryMoveIsAcceptedAndListed()
      throws Exception {
    channel.checkpoint = TestMigrationOrchestrator.Outcome.SUCCEED;
    // A -> B (nm1 -> nm2), by the original id
    ContainerId b = move(running, running, nm1, nm2);
    assertEquals(b, manager.getMigrationIdMap().currentOf(running));

    // Named by its original id again: the current container B is validated and moved.
    assertRejected(ALICE, running, nm2.getNodeId(), Reason.INVALID_REQUEST, "Migration of "
        + running + " (now " + b + ") to node 127.0.0.1:2345 rejected: it already runs on"
        + " node 127.0.0.1:2345. Pick another node.");
    assertRejected(EVE, running, nm1.getNodeId(), Reason.ACCESS_DENIED, "Migration of "
        + running + " (now " + b + ") to node 127.0.0.1:1234 rejected: user eve is neither"
        + " the owner of " + app.getApplicationId() + " (alice), a YARN admin, nor allowed"
        + " to modify it. Ask the application owner or an administrator to migrate it.");
    // B -> C (nm2 -> nm1), by the original id
    ContainerId c = move(running, b, nm2, nm1);
    // C -> D (nm1 -> nm2), by the current id
    ContainerId d = move(c, c, nm1, nm2);

    MigrationIdMap ids = manager.getMigrationIdMap();
    assertEquals(d, ids.currentOf(running));
    assertEquals(running, ids.originalOf(d));
    assertEquals(java.util.Arrays.asList(running, b, c, d), ids.chainOf(b));

    // The history of any id of the chain lists every move, newest first.
    for (ContainerId named : new ContainerId[] {running, b, c, d}) {
      List<ContainerMigrationReport> history = historyOf(named);
      assertEquals("history of " + named, 3, history.size());
      assertEquals(c, history.get(0).getContainerId());
      assertEquals(d, history.get(0).getTargetContainerId());
      assertEquals(b, history.get(1).getContainerId());
      assertEquals(c, history.get(1).getTargetContainerId());
      assertEquals(running, history.get(2).getContainerId());
      assertEquals(b, history.get(2).getTargetContainerId());
    }
    // Another container of the application has a history of its own (none).
    assertEquals(0, historyOf(acquired).size());
    assertEquals(3, manager.getMetrics().getSucceeded());
  }

  @Test
  public void givenAMovedContainerBeingMigratedAgain_whenAnyIdOfItsChainIsNamed_thenInFlightConflicts()
      throws Exception {
    channel.checkpoint = TestMigrationOrchestrator.Outcome.SUCCEED;
    ContainerId b = move(running, running, nm1, nm2);
    channel.checkpoint = TestMigrationOrchestrator.Outcome.HANG;
    ContainerMigrationReport second = manager.migrate(
        MigrateContainerRequest.newInstance(running, nm1.getNodeId(), null), ALICE);
    ContainerMigration m = manager.getMigration(second.getMigrationId());
    waitFor(m, ContainerMigrationState.CHECKPOINTING);
    ContainerId c = m.toReport().getTargetContainerId();
    assertNotNull(c);

    assertRejected(ALICE, running, nm1.getNodeId(), Reason.CONFLICT, "Migration of "
        + running + " (now " + b + ") to node 127.0.0.1:1234 rejected: it is already being"
        + " migrated (migration " + second.getMigrationId() + ", CHECKPOINTING). Wait for"
        + " that migration to finish.");
    assertRejected(ALICE, b, nm1.getNodeId(), Reason.CONFLICT, "Migration of " + b
        + " to node 127.0.0.1:1234 rejected: " + b + " is already being migrated (migration "
        + second.getMigrationId() + ", CHECKPOINTING). Wait for that migration to finish.");
    assertRejected(ALICE, c, nm2.getNodeId(), Reason.CONFLICT, "Migration of " + c
        + " to node 127.0.0.1:2345 rejected: " + c + " is the target container of migration "
        + second.getMigrationId() + " of " + b + " (CHECKPOINTING). Wait for that migration"
        + " to finish, then name " + b + " or " + c + ".");
    // The unfinished second move is already part of the chain's history.
    List<ContainerMigrationReport> history = historyOf(running);
    assertEquals(2, history.size());
    assertEquals(second.getMigrationId(), history.get(0).getMigrationId());
    // The in-flight target joins the chain only once its migration succeeded.
    assertEquals(1, historyOf(c).size());
    m.handle(org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine
        .ContainerMigrationEvent.of(m.getMigrationId(),
            org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine
                .ContainerMigrationEventType.ABORTED));
    waitFor(m, ContainerMigrationState.FAILED);
    assertEquals(b, manager.getMigrationIdMap().currentOf(running));
  }

  private static void waitFor(ContainerMigration m, ContainerMigrationState state)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (m.getState() != state && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(m.getDiagnostics(), state, m.getState());
  }
}
