/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.drain;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.metrics2.lib.DefaultMetricsSystem;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException.Reason;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException;
import org.apache.hadoop.yarn.api.migration.protocolrecords.DrainNodeRequest;
import org.apache.hadoop.yarn.api.migration.protocolrecords.MigrateContainerRequest;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState;
import org.apache.hadoop.yarn.api.migration.records.NodeDrainContainerReport;
import org.apache.hadoop.yarn.api.migration.records.NodeDrainContainerState;
import org.apache.hadoop.yarn.api.migration.records.NodeDrainReport;
import org.apache.hadoop.yarn.api.migration.records.NodeDrainState;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.api.protocolrecords.NodeHeartbeatResponse;
import org.apache.hadoop.yarn.server.api.records.NodeAction;
import org.apache.hadoop.yarn.server.resourcemanager.MockAM;
import org.apache.hadoop.yarn.server.resourcemanager.MockNM;
import org.apache.hadoop.yarn.server.resourcemanager.MockRM;
import org.apache.hadoop.yarn.server.resourcemanager.ResourceTrackerService;
import org.apache.hadoop.yarn.server.resourcemanager.migration.MigrationManager;
import org.apache.hadoop.yarn.server.resourcemanager.migration.MigrationMockRMFixture;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMApp;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMAppState;
import org.apache.hadoop.yarn.server.resourcemanager.rmcontainer.RMContainerState;
import org.apache.hadoop.yarn.server.resourcemanager.rmnode.RMNodeDecommissioningEvent;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.capacity.CapacityScheduler;
import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/**
 * Drains against an in-process RM (MockRM, CapacityScheduler): nm1 (8 GB) runs the app's
 * worker containers, its AM runs on nm2 (4 GB), nm3 has 4 GB. The node channel "succeeds"
 * every step at once, so a migration reaches SUCCEEDED as soon as its target is allocated.
 */
public class TestNodeDrainWithMockRM {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(180);

  private static final int GB = MigrationMockRMFixture.GB;
  private static final UserGroupInformation ADMIN = UserGroupInformation.createRemoteUser("admin");
  private static final UserGroupInformation EVE = UserGroupInformation.createRemoteUser("eve");

  private MockRM rm;
  private MockNM nm1;
  private MockNM nm2;
  private MockNM nm3;
  private MockAM am;
  private MigrationManager manager;

  @BeforeClass
  public static void miniClusterMetrics() {
    DefaultMetricsSystem.setMiniClusterMode(true);
  }

  @Before
  public void setUp() throws Exception {
    YarnConfiguration conf = MigrationMockRMFixture.aclConf();
    conf.setLong(MigrationConfiguration.RM_MIGRATION_DRAIN_POLL_INTERVAL_MS, 100);
    conf.set(YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS, "127.0.0.1:0");
    // MigrationResourceManager's resource tracker (keeps nodes decommissioned by command
    // out), with the master keys rolled as MockRM's own tracker does.
    rm = new MockRM(conf) {
      @Override
      protected ResourceTrackerService createResourceTrackerService() {
        getRMContext().getContainerTokenSecretManager().rollMasterKey();
        getRMContext().getNMTokenSecretManager().rollMasterKey();
        return new MigrationResourceTrackerService(getRMContext(), nodesListManager,
            nmLivelinessMonitor, getRMContext().getContainerTokenSecretManager(),
            getRMContext().getNMTokenSecretManager());
      }
    };
    rm.start();
    nm1 = rm.registerNode("127.0.0.1:1234", 8 * GB);
    nm2 = rm.registerNode("127.0.0.1:2345", 4 * GB);
    nm3 = rm.registerNode("127.0.0.1:3456", 4 * GB);
    RMApp app = rm.submitApp(GB, "app", "alice");
    am = MockRM.launchAndRegisterAM(app, rm, nm2);
    // every step succeeds at once
    manager = MigrationMockRMFixture.startManager(rm,
        new MigrationMockRMFixture.SucceedingChannel(1L, 1L), conf);
  }

  @After
  public void tearDown() {
    MigrationMockRMFixture.stop(manager, rm);
  }

  /** n RUNNING containers of the given size, all on nm1. */
  private List<ContainerId> runOnNm1(int n, int mb) throws Exception {
    List<ContainerId> ids = new ArrayList<>();
    for (Container c : MigrationMockRMFixture.grant(rm, nm1, am, n, mb, 100)) {
      assertEquals(nm1.getNodeId(), c.getNodeId());
      ids.add(c.getId());
      MigrationMockRMFixture.markRunning(rm, nm1, am, c.getId());
    }
    return ids;
  }

  private NodeDrainer drainer() {
    return manager.getNodeDrainer();
  }

  private NodeDrainReport report() throws Exception {
    return drainer().getReport(nm1.getNodeId(), ADMIN);
  }

  private NodeDrainReport waitFor(NodeDrainState state) throws Exception {
    NodeDrainReport r = null;
    for (int i = 0; i < 200; i++) {
      r = report();
      if (r.getState() == state) {
        return r;
      }
      Thread.sleep(50);
    }
    fail("drain never reached " + state + ": " + r);
    return r;
  }

  private void waitForNode(NodeState state) throws Exception {
    for (int i = 0; i < 200; i++) {
      NodeState now = nodeState(nm1.getNodeId());
      if (now == state) {
        return;
      }
      Thread.sleep(50);
    }
    fail("node never reached " + state + ", is " + nodeState(nm1.getNodeId()));
  }

  private NodeState nodeState(NodeId id) {
    if (rm.getRMContext().getRMNodes().get(id) != null) {
      return rm.getRMContext().getRMNodes().get(id).getState();
    }
    return rm.getRMContext().getInactiveRMNodes().get(id).getState();
  }

  @Test
  public void givenThreeRunningContainers_whenDrainedByCommand_thenMigratedAndDecommissioned()
      throws Exception {
    List<ContainerId> workers = runOnNm1(3, GB);
    NodeDrainReport first = drainer().drainNode(
        DrainNodeRequest.newInstance(nm1.getNodeId(), 600), ADMIN);
    assertEquals(NodeDrainState.DRAINING, first.getState());
    assertEquals(600, first.getTimeoutSecs());
    waitForNode(NodeState.DECOMMISSIONING);

    NodeDrainReport drained = waitFor(NodeDrainState.DRAINED);
    assertEquals(3, drained.getContainers().size());
    Set<ContainerId> seen = new HashSet<>();
    for (NodeDrainContainerReport c : drained.getContainers()) {
      seen.add(c.getContainerId());
      assertEquals(c.toString(), NodeDrainContainerState.MIGRATED, c.getState());
      assertNotNull(c.getMigrationId());
      assertTrue(c.toString(), c.getTargetNode().equals(nm2.getNodeId())
          || c.getTargetNode().equals(nm3.getNodeId()));
      assertEquals(1, c.getAttempts());
      assertEquals("why it ran", "drain of " + nm1.getNodeId(),
          manager.reportOf(c.getMigrationId()).getReason());
    }
    assertEquals(new HashSet<>(workers), seen);
    // Still DECOMMISSIONING: the sources are still on nm1 until the NM reports them ended
    // (and DecommissioningNodesWatcher would wait for the application itself).
    assertEquals(NodeState.DECOMMISSIONING, nodeState(nm1.getNodeId()));

    // The source NM reports the migrated sources as ended (exit 175).
    for (ContainerId id : workers) {
      nm1.nodeHeartbeat(am.getApplicationAttemptId(), id.getContainerId(),
          ContainerState.COMPLETE);
    }
    rm.drainEvents();
    NodeDrainReport done = waitFor(NodeDrainState.DECOMMISSIONED);
    assertEquals(NodeState.DECOMMISSIONED, nodeState(nm1.getNodeId()));
    assertTrue(done.getFinishTime() >= done.getStartTime());

    // The host is in no exclude file: stock YARN would tell the NM to resync and the node
    // would come back RUNNING. A node decommissioned by command is told to shut down.
    NodeHeartbeatResponse beat = nm1.nodeHeartbeat(true);
    assertEquals(NodeAction.SHUTDOWN, beat.getNodeAction());
    assertEquals("Node " + nm1.getNodeId() + " was decommissioned by 'yarn rmadmin"
        + " -decommission': shutting down. Start the NodeManager again to bring the node"
        + " back.", beat.getDiagnosticsMessage());
    rm.drainEvents();
    assertEquals(NodeState.DECOMMISSIONED, nodeState(nm1.getNodeId()));
    // A NodeManager started there again registers normally and the node is back.
    nm1.registerNode();
    rm.drainEvents();
    assertEquals(NodeState.RUNNING, nodeState(nm1.getNodeId()));
    assertFalse(drainer().isKeptOut(nm1.getNodeId()));
  }

  /**
   * An application of a type configured as keeping data on its nodes (the fixture's, type
   * YARN, as MapReduce is by default) ran containers on nm1: once they moved away and ended
   * there, nm1 stays DECOMMISSIONING, empty, its drain naming the application, until the
   * application ends; then nm1 is decommissioned.
   */
  @Test
  public void givenAnApplicationKeepingDataOnTheNode_whenDrained_thenTheNodeWaitsForItsEnd()
      throws Exception {
    MigrationMockRMFixture.stop(manager, null);
    YarnConfiguration conf = new YarnConfiguration(rm.getConfig());
    conf.set(MigrationConfiguration.RM_MIGRATION_DRAIN_WAIT_FOR_APPLICATION_TYPES,
        "mapreduce, yarn");
    manager = MigrationMockRMFixture.startManager(rm,
        new MigrationMockRMFixture.SucceedingChannel(1L, 1L), conf);
    List<ContainerId> workers = runOnNm1(2, GB);
    drainer().drainNode(DrainNodeRequest.newInstance(nm1.getNodeId(), 600), ADMIN);
    waitFor(NodeDrainState.DRAINED);
    for (ContainerId id : workers) {
      nm1.nodeHeartbeat(am.getApplicationAttemptId(), id.getContainerId(),
          ContainerState.COMPLETE);
    }
    rm.drainEvents();
    ApplicationId app = am.getApplicationAttemptId().getApplicationId();
    NodeDrainReport kept = null;
    for (int i = 0; i < 200; i++) {
      kept = report();
      if (kept.getDiagnostics() != null) {
        break;
      }
      Thread.sleep(50);
    }
    assertEquals(kept.toString(), NodeDrainState.DRAINED, kept.getState());
    assertEquals("drained; decommissioned once [MAPREDUCE, YARN] application(s) [" + app
        + "] that ran on it finish (the node serves their data, e.g. map outputs), or at the"
        + " decommission timeout", kept.getDiagnostics());
    assertEquals(0, rm.getResourceScheduler().getSchedulerNode(nm1.getNodeId())
        .getNumContainers());
    // the poll that named the application held the node
    assertEquals(NodeState.DECOMMISSIONING, nodeState(nm1.getNodeId()));

    // the application ends: the node goes
    am.unregisterAppAttempt();
    nm2.nodeHeartbeat(am.getApplicationAttemptId(), 1, ContainerState.COMPLETE);
    rm.waitForState(app, RMAppState.FINISHED);
    waitFor(NodeDrainState.DECOMMISSIONED);
    assertEquals(NodeState.DECOMMISSIONED, nodeState(nm1.getNodeId()));
  }

  @Test
  public void givenASourceAlreadyMigratedAway_whenItsNodeIsDrained_thenItIsNotMigratedAgain()
      throws Exception {
    List<ContainerId> workers = runOnNm1(2, GB);
    ContainerId moved = workers.get(0);
    ContainerMigrationReport first = manager.migrate(
        MigrateContainerRequest.newInstance(moved, nm3.getNodeId(), null), ADMIN);
    for (int i = 0; i < 200 && manager.getMigration(first.getMigrationId()).getState()
        != ContainerMigrationState.SUCCEEDED; i++) {
      Thread.sleep(20);
    }
    assertEquals(ContainerMigrationState.SUCCEEDED,
        manager.getMigration(first.getMigrationId()).getState());
    // Its NM has not reported the source ended yet: it still sits on nm1.
    assertNotNull(rm.getResourceScheduler().getRMContainer(moved));

    drainer().drainNode(DrainNodeRequest.newInstance(nm1.getNodeId(), 600), ADMIN);
    NodeDrainReport drained = waitFor(NodeDrainState.DRAINED);
    assertEquals(drained.toString(), 1, drained.getContainers().size());
    assertEquals(workers.get(1), drained.getContainers().get(0).getContainerId());
    assertEquals("one migration by hand, one by the drain", 2,
        manager.getMetrics().getStarted());
  }

  @Test
  public void givenContainerTooBig_whenDrained_thenNoRoomAndNodeStaysDecommissioning()
      throws Exception {
    List<ContainerId> big = runOnNm1(1, 5 * GB);
    drainer().drainNode(DrainNodeRequest.newInstance(nm1.getNodeId(), 600), ADMIN);
    NodeDrainReport r = null;
    for (int i = 0; i < 100; i++) {
      r = report();
      if (!r.getContainers().isEmpty()
          && r.getContainers().get(0).getState() == NodeDrainContainerState.NO_ROOM) {
        break;
      }
      Thread.sleep(50);
    }
    assertEquals(1, r.getContainers().size());
    NodeDrainContainerReport c = r.getContainers().get(0);
    assertEquals(big.get(0), c.getContainerId());
    assertEquals(c.toString(), NodeDrainContainerState.NO_ROOM, c.getState());
    assertTrue(c.getDiagnostics(), c.getDiagnostics().startsWith("no RUNNING node has"));
    assertEquals(NodeDrainState.DRAINING, r.getState());
    Thread.sleep(500);
    assertEquals(NodeState.DECOMMISSIONING, nodeState(nm1.getNodeId()));
    assertEquals(RMContainerState.RUNNING,
        rm.getResourceScheduler().getRMContainer(big.get(0)).getState());
  }

  /**
   * The drainer is told when a migration ends: with one migration at a time and a poll of
   * an hour, one round started by hand drains all three containers, each migration's end
   * running the round that starts the next.
   */
  @Test
  public void givenOneMigrationAtATimeWithAnHourLongPoll_whenDrained_thenEachEndStartsTheNext()
      throws Exception {
    manager.stop();
    YarnConfiguration conf = MigrationMockRMFixture.aclConf();
    conf.setLong(MigrationConfiguration.RM_MIGRATION_DRAIN_POLL_INTERVAL_MS, 3_600_000L);
    conf.setInt(MigrationConfiguration.RM_MIGRATION_DRAIN_MAX_CONCURRENT, 1);
    manager = MigrationMockRMFixture.startManager(rm,
        new MigrationMockRMFixture.SucceedingChannel(1L, 1L), conf);
    List<ContainerId> workers = runOnNm1(3, GB);
    drainer().drainNode(DrainNodeRequest.newInstance(nm1.getNodeId(), 600), ADMIN);
    waitForNode(NodeState.DECOMMISSIONING);

    drainer().tick(); // the round the poll would run: the first migration starts

    NodeDrainReport drained = waitFor(NodeDrainState.DRAINED);
    Set<ContainerId> moved = new HashSet<>();
    for (NodeDrainContainerReport c : drained.getContainers()) {
      assertEquals(c.toString(), NodeDrainContainerState.MIGRATED, c.getState());
      moved.add(c.getContainerId());
    }
    assertEquals(new HashSet<>(workers), moved);
  }

  /**
   * Every checkpoint fails (as CRIU does for a tree it cannot dump): once the migration
   * failed on every node with room, the container is FAILED with that cause, not NO_ROOM.
   */
  @Test
  public void givenCheckpointsFail_whenDrained_thenReportNamesTheRealCause() throws Exception {
    final String criu = "Error (criu/file-lock.c:99): Some file locks are hold by dumping"
        + " tasks!";
    manager.stop();
    YarnConfiguration conf = MigrationMockRMFixture.aclConf();
    conf.setLong(MigrationConfiguration.RM_MIGRATION_DRAIN_POLL_INTERVAL_MS, 100);
    manager = MigrationMockRMFixture.startManager(rm,
        new MigrationMockRMFixture.SucceedingChannel(1L, 1L) {
          @Override
          public java.util.concurrent.CompletableFuture<
              org.apache.hadoop.yarn.server.resourcemanager.migration.channel.CheckpointResult>
              checkpoint(org.apache.hadoop.yarn.server.resourcemanager.migration.records.MigrationSpec
                  spec, org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler
                  .TargetAllocation target) {
            java.util.concurrent.CompletableFuture<
                org.apache.hadoop.yarn.server.resourcemanager.migration.channel
                    .CheckpointResult> f = new java.util.concurrent.CompletableFuture<>();
            f.completeExceptionally(new org.apache.hadoop.yarn.api.migration
                .ContainerMigrationException(org.apache.hadoop.yarn.api.migration
                    .ContainerMigrationException.Reason.INTERNAL, "Checkpoint of "
                    + spec.getContainerId() + " failed: " + criu));
            return f;
          }
        }, conf);
    List<ContainerId> ids = runOnNm1(1, GB);
    drainer().drainNode(DrainNodeRequest.newInstance(nm1.getNodeId(), 600), ADMIN);
    NodeDrainContainerReport c = null;
    for (int i = 0; i < 200; i++) {
      NodeDrainReport r = report();
      c = r.getContainers().isEmpty() ? null : r.getContainers().get(0);
      if (c != null && (c.getState() == NodeDrainContainerState.NO_ROOM
          || c.getState() == NodeDrainContainerState.FAILED)) {
        break;
      }
      Thread.sleep(50);
    }
    assertTrue("drain entry never settled: " + c, c != null
        && (c.getState() == NodeDrainContainerState.NO_ROOM
            || c.getState() == NodeDrainContainerState.FAILED));
    assertEquals(ids.get(0), c.getContainerId());
    assertEquals("a node with room exists; the cause is the failure: " + c,
        NodeDrainContainerState.FAILED, c.getState());
    assertTrue("the drain report hides the cause: " + c.getDiagnostics(),
        c.getDiagnostics().contains(criu));
    assertFalse("the cause is said once: " + c.getDiagnostics(),
        c.getDiagnostics().indexOf(criu) != c.getDiagnostics().lastIndexOf(criu));
  }

  @Test
  public void givenNonAdmin_whenDraining_thenAccessDeniedAndNothingChanges() throws Exception {
    try {
      drainer().drainNode(DrainNodeRequest.newInstance(nm1.getNodeId(), 600), EVE);
      fail("eve is no admin");
    } catch (ContainerMigrationException e) {
      assertEquals(Reason.ACCESS_DENIED, e.getReason());
      assertTrue(e.getMessage(), e.getMessage().startsWith("User eve may not drain a node"));
    }
    try {
      drainer().getReport(nm1.getNodeId(), EVE);
      fail("eve is no admin");
    } catch (ContainerMigrationException e) {
      assertEquals(Reason.ACCESS_DENIED, e.getReason());
    }
    rm.drainEvents();
    assertEquals(NodeState.RUNNING, nodeState(nm1.getNodeId()));
  }

  @Test
  public void givenUnknownNode_whenDraining_thenNotFound() throws Exception {
    try {
      drainer().drainNode(DrainNodeRequest.newInstance(NodeId.newInstance("nowhere", 1), -1),
          ADMIN);
      fail();
    } catch (ContainerMigrationException e) {
      assertEquals(Reason.NOT_FOUND, e.getReason());
    }
  }

  @Test
  public void givenStockGracefulDecommission_whenNodeDecommissioning_thenSameDrain()
      throws Exception {
    List<ContainerId> workers = runOnNm1(3, GB);
    // What NodesListManager.refreshNodesGracefully fires for an excluded host.
    rm.getRMContext().getDispatcher().getEventHandler().handle(
        new RMNodeDecommissioningEvent(nm1.getNodeId(), 300));
    waitForNode(NodeState.DECOMMISSIONING);
    NodeDrainReport r = null;
    for (int i = 0; i < 100 && r == null; i++) {
      try {
        r = report();
      } catch (ContainerMigrationException notYet) {
        Thread.sleep(50);
      }
    }
    assertNotNull("the drainer saw the DECOMMISSIONING node", r);
    assertEquals(300, r.getTimeoutSecs());
    r = waitFor(NodeDrainState.DRAINED);
    assertEquals(3, r.getContainers().size());
    for (NodeDrainContainerReport c : r.getContainers()) {
      assertEquals(NodeDrainContainerState.MIGRATED, c.getState());
    }
    for (ContainerId id : workers) {
      nm1.nodeHeartbeat(am.getApplicationAttemptId(), id.getContainerId(),
          ContainerState.COMPLETE);
    }
    waitFor(NodeDrainState.DECOMMISSIONED);
  }

  @Test
  public void givenCommandedDrain_whenStockRefreshRecommissions_thenBackToDecommissioning()
      throws Exception {
    runOnNm1(1, 5 * GB); // stays NO_ROOM, so the drain keeps going
    drainer().drainNode(DrainNodeRequest.newInstance(nm1.getNodeId(), 600), ADMIN);
    waitForNode(NodeState.DECOMMISSIONING);
    Thread.sleep(300); // the drainer saw it DECOMMISSIONING
    // What a stock -refreshNodes fires for a DECOMMISSIONING host not in the exclude file.
    rm.getRMContext().getDispatcher().getEventHandler().handle(
        new org.apache.hadoop.yarn.server.resourcemanager.rmnode.RMNodeEvent(nm1.getNodeId(),
            org.apache.hadoop.yarn.server.resourcemanager.rmnode.RMNodeEventType.RECOMMISSION));
    // The node is RUNNING only until the drainer's next round (100 ms here): wait for the
    // drainer to have seen the recommission rather than for that short window.
    for (int i = 0; i < 200 && report().getDiagnostics() == null; i++) {
      Thread.sleep(50);
    }
    assertEquals("recommissioned 1 time(s) while drained (e.g. by a stock -refreshNodes);"
        + " put back into graceful decommission each time", report().getDiagnostics());
    waitForNode(NodeState.DECOMMISSIONING);
    assertEquals(NodeDrainState.DRAINING, report().getState());
  }
}
