/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.rebalance;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.metrics2.lib.DefaultMetricsSystem;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.resourcemanager.MockAM;
import org.apache.hadoop.yarn.server.resourcemanager.MockNM;
import org.apache.hadoop.yarn.server.resourcemanager.MockRM;
import org.apache.hadoop.yarn.server.resourcemanager.migration.MigrationManager;
import org.apache.hadoop.yarn.server.resourcemanager.migration.MigrationMockRMFixture;
import org.apache.hadoop.yarn.server.resourcemanager.migration.MutableClock;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMApp;
import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/**
 * The rebalancer against an in-process RM (MockRM, CapacityScheduler): nm1 and nm2 of 8 GB
 * each, the application's 1 GB AM on nm2, four 2 GB workers on nm1. The node channel
 * succeeds every step at once; the test's clock decides when the rebalancer acts, and the
 * test calls its rounds (the timer's interval is an hour).
 */
public class TestClusterRebalancerWithMockRM {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(180);

  private static final int GB = MigrationMockRMFixture.GB;
  private static final long UNEVEN_FOR_MS = 60_000;
  private static final long COOLDOWN_MS = 600_000;

  private final MutableClock clock = new MutableClock();
  private MockRM rm;
  private MockNM nm1;
  private MockNM nm2;
  private MockAM am;
  private MigrationManager manager;
  private YarnConfiguration conf;

  @BeforeClass
  public static void miniClusterMetrics() {
    DefaultMetricsSystem.setMiniClusterMode(true);
  }

  @Before
  public void setUp() throws Exception {
    conf = MigrationMockRMFixture.aclConf();
    conf.setBoolean(MigrationConfiguration.RM_MIGRATION_REBALANCER_ENABLED, true);
    conf.setLong(MigrationConfiguration.RM_MIGRATION_REBALANCER_INTERVAL_MS, 3_600_000L);
    conf.setFloat(MigrationConfiguration.RM_MIGRATION_REBALANCER_THRESHOLD, 0.1f);
    conf.setLong(MigrationConfiguration.RM_MIGRATION_REBALANCER_UNEVEN_FOR_MS, UNEVEN_FOR_MS);
    conf.setLong(MigrationConfiguration.RM_MIGRATION_REBALANCER_COOLDOWN_MS, COOLDOWN_MS);
    conf.setInt(MigrationConfiguration.RM_MIGRATION_REBALANCER_MAX_CONCURRENT, 2);
    rm = new MockRM(conf);
    rm.start();
    nm1 = rm.registerNode("127.0.0.1:1234", 8 * GB);
    nm2 = rm.registerNode("127.0.0.1:2345", 8 * GB);
    RMApp app = rm.submitApp(GB, "app", "alice");
    am = MockRM.launchAndRegisterAM(app, rm, nm2);
    clock.setTime(1_000_000L);
  }

  @After
  public void tearDown() {
    MigrationMockRMFixture.stop(manager, rm);
  }

  private MigrationManager start(YarnConfiguration c) {
    manager = new MigrationManager(rm.getRMContext(), rm.getApplicationACLsManager(),
        rm.getQueueACLsManager(), null, new MigrationMockRMFixture.SucceedingChannel(1L, 1L),
        clock).withoutRpcServer();
    manager.init(c);
    manager.start();
    return manager;
  }

  private List<ContainerId> runOnNm1(int n, int mb) throws Exception {
    List<ContainerId> ids = new ArrayList<>();
    for (Container c : MigrationMockRMFixture.grant(rm, nm1, am, n, mb, 100)) {
      assertEquals(nm1.getNodeId(), c.getNodeId());
      ids.add(c.getId());
      MigrationMockRMFixture.markRunning(rm, nm1, am, c.getId());
    }
    return ids;
  }

  private ContainerMigrationReport awaitFinal(String migrationId) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    ContainerMigrationReport r = manager.reportOf(migrationId);
    while (!r.getState().isFinal()) {
      if (System.nanoTime() > deadline) {
        fail("migration " + migrationId + " did not end within 30 s: " + r);
      }
      Thread.sleep(20);
      r = manager.reportOf(migrationId);
    }
    return r;
  }

  @Test
  public void givenFourWorkersOnOneNode_whenUnevenLongEnough_thenTwoMoveAndNoneAgainInTheCooldown()
      throws Exception {
    List<ContainerId> workers = runOnNm1(4, 2 * GB);
    ClusterRebalancer rebalancer = start(conf).getRebalancer();

    assertEquals("uneven, but only just seen", 0, rebalancer.tick().size());
    assertEquals("nm1 100%, nm2 12.5%", 88, manager.getMetrics().getRebalanceSpreadPercent());
    clock.tickMsec(UNEVEN_FOR_MS - 1);
    assertEquals("not yet uneven for " + UNEVEN_FOR_MS + " ms", 0, rebalancer.tick().size());
    clock.tickMsec(1);
    List<ContainerMigrationReport> moves = rebalancer.tick();
    assertEquals("moves: " + moves, 2, moves.size());
    assertEquals(2, manager.getMetrics().getRebalanced());

    Set<ContainerId> moved = new HashSet<>();
    for (ContainerMigrationReport m : moves) {
      assertEquals(m.toString(), nm1.getNodeId(), m.getSourceNode());
      assertEquals(m.toString(), nm2.getNodeId(), m.getTargetNode());
      assertTrue(m.getReason(), m.getReason().startsWith("rebalance: memory allocated "
          + nm1.getNodeId() + " "));
      assertNull("the rebalancer names the node itself", m.getPlacement());
      ContainerMigrationReport done = awaitFinal(m.getMigrationId());
      assertEquals(done.toString(), ContainerMigrationState.SUCCEEDED, done.getState());
      assertEquals("the report keeps the reason", m.getReason(), done.getReason());
      moved.add(m.getContainerId());
    }
    assertEquals("the two lowest ids of the equal workers", new HashSet<>(workers.subList(0,
        2)), moved);
    assertEquals("the first move's reason", "rebalance: memory allocated " + nm1.getNodeId()
        + " 100% (8192/8192 MB) and " + nm2.getNodeId() + " 13% (1024/8192 MB), spread 0.88"
        + " above 0.10", moves.get(0).getReason());
    // the sources end on nm1 (exit 175, as their NM reports it)
    for (ContainerId id : moved) {
      nm1.nodeHeartbeat(am.getApplicationAttemptId(), id.getContainerId(),
          ContainerState.COMPLETE);
    }
    rm.drainEvents();

    // nm1 4 GB (50%), nm2 5 GB (62.5%): still above the threshold, but what could move
    // (the two it moved) cools down, and the AM is never moved
    for (int i = 0; i < 3; i++) {
      clock.tickMsec(UNEVEN_FOR_MS);
      assertEquals("nothing moves in the cool-down", 0, rebalancer.tick().size());
    }
    assertEquals(2, manager.getMetrics().getRebalanced());
    assertEquals(13, manager.getMetrics().getRebalanceSpreadPercent());
  }

  @Test
  public void givenAnEvenCluster_whenLooked_thenNothingMoves() throws Exception {
    runOnNm1(1, GB);
    ClusterRebalancer rebalancer = start(conf).getRebalancer();
    for (int i = 0; i < 3; i++) {
      assertEquals(0, rebalancer.tick().size());
      clock.tickMsec(UNEVEN_FOR_MS);
    }
    assertEquals(0, manager.getMetrics().getRebalanced());
  }

  @Test
  public void givenTheDefaults_whenStarted_thenNoRebalancer() {
    YarnConfiguration c = new YarnConfiguration(conf);
    c.unset(MigrationConfiguration.RM_MIGRATION_REBALANCER_ENABLED);
    assertNull("off by default", start(c).getRebalancer());
  }

  @Test
  public void givenAThresholdOutsideZeroToOne_whenStarted_thenRefusedNamingTheKey() {
    YarnConfiguration c = new YarnConfiguration(conf);
    c.setFloat(MigrationConfiguration.RM_MIGRATION_REBALANCER_THRESHOLD, 1.5f);
    try {
      start(c);
      fail("a threshold of 1.5 was accepted");
    } catch (RuntimeException e) {
      Throwable cause = e;
      while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
        cause = cause.getCause();
      }
      assertEquals(MigrationConfiguration.RM_MIGRATION_REBALANCER_THRESHOLD + " is 1.5; it"
          + " must be between 0 and 1 (a spread of memory utilisation, e.g. 0.25)",
          cause.getMessage());
    } finally {
      manager = null;
    }
  }
}
