/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.util.List;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.metrics2.lib.DefaultMetricsSystem;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException.Reason;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException;
import org.apache.hadoop.yarn.api.migration.protocolrecords.MigrateContainerRequest;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.resourcemanager.MockAM;
import org.apache.hadoop.yarn.server.resourcemanager.MockNM;
import org.apache.hadoop.yarn.server.resourcemanager.MockRM;
import org.apache.hadoop.yarn.server.resourcemanager.migration.MigrationManager;
import org.apache.hadoop.yarn.server.resourcemanager.migration.MigrationMockRMFixture;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMApp;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.SchedulerNode;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.capacity.CapacityScheduler;
import org.apache.hadoop.yarn.util.resource.DominantResourceCalculator;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/**
 * Admission asks the scheduler's question (real in-process RM, CapacityScheduler): a node
 * holding more containers than vcores receives a migration that fits by memory under the
 * default calculator, and is refused, with the figures, under the DominantResourceCalculator.
 */
public class TestAdmissionWithMockRM {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(120);

  private static final int GB = MigrationMockRMFixture.GB;
  private static final UserGroupInformation ALICE =
      UserGroupInformation.createRemoteUser("alice");

  private MockRM rm;
  private MockNM nm2;
  private MockAM am;
  private MigrationManager manager;

  @BeforeClass
  public static void miniClusterMetrics() {
    DefaultMetricsSystem.setMiniClusterMode(true);
  }

  @After
  public void tearDown() {
    MigrationMockRMFixture.stop(manager, rm);
  }

  /** nm1 (8 GB, 8 vcores): the AM and one running worker; nm2 (8 GB, 2 vcores). */
  private ContainerId start(YarnConfiguration conf, int workersOnNm2) throws Exception {
    rm = new MockRM(conf);
    rm.start();
    MockNM nm1 = rm.registerNode("127.0.0.1:1234", 8 * GB, 8);
    nm2 = rm.registerNode("127.0.0.1:2345", 8 * GB, 2);
    RMApp app = rm.submitApp(GB, "app", "alice");
    am = MockRM.launchAndRegisterAM(app, rm, nm1);
    ContainerId running = MigrationMockRMFixture.grant(rm, nm1, am, 1, GB, 50).get(0).getId();
    MigrationMockRMFixture.markRunning(rm, nm1, am, running);
    List<Container> onNm2 = MigrationMockRMFixture.grant(rm, nm2, am, workersOnNm2, GB, 50);
    for (Container c : onNm2) {
      MigrationMockRMFixture.markRunning(rm, nm2, am, c.getId());
    }
    manager = MigrationMockRMFixture.startManager(rm,
        new MigrationMockRMFixture.SucceedingChannel(1L, 1L), conf);
    return running;
  }

  private SchedulerNode node2() {
    return rm.getResourceScheduler().getSchedulerNode(nm2.getNodeId());
  }

  @Test
  public void givenDefaultCalculatorAndNodeWithMoreContainersThanVcores_whenMigratedThere_thenAccepted()
      throws Exception {
    ContainerId running = start(MigrationMockRMFixture.capacitySchedulerConf(), 3);
    assertEquals("3 containers on a 2-vcore node", -1,
        node2().getUnallocatedResource().getVirtualCores());

    ContainerMigrationReport accepted = manager.migrate(
        MigrateContainerRequest.newInstance(running, nm2.getNodeId(), null), ALICE);
    for (int i = 0; i < 250 && manager.getMigration(accepted.getMigrationId()).getState()
        != ContainerMigrationState.SUCCEEDED; i++) {
      Thread.sleep(20);
    }
    assertEquals(manager.getMigration(accepted.getMigrationId()).toReport().toString(),
        ContainerMigrationState.SUCCEEDED,
        manager.getMigration(accepted.getMigrationId()).getState());
    // the scheduler itself placed the target there: 4 workers, 4 GB, -2 vcores
    assertEquals(4, node2().getNumContainers());
    assertEquals(4 * GB, node2().getAllocatedResource().getMemorySize());
    assertEquals(-2, node2().getUnallocatedResource().getVirtualCores());
  }

  @Test
  public void givenDominantCalculatorAndNoFreeVcores_whenMigratedThere_thenRefusedWithFigures()
      throws Exception {
    YarnConfiguration conf = MigrationMockRMFixture.capacitySchedulerConf();
    conf.set("yarn.scheduler.capacity.resource-calculator",
        DominantResourceCalculator.class.getName());
    ContainerId running = start(conf, 2);
    assertEquals(0, node2().getUnallocatedResource().getVirtualCores());
    try {
      manager.migrate(MigrateContainerRequest.newInstance(running, nm2.getNodeId(), null),
          ALICE);
      fail("a migration whose vcores do not fit was accepted");
    } catch (ContainerMigrationException e) {
      assertEquals(Reason.CONFLICT, e.getReason());
      assertEquals("Migration of " + running + " to node 127.0.0.1:2345 rejected: node"
          + " 127.0.0.1:2345 has no room for " + running + ": vcores 1 needed, 0 unallocated"
          + " (DominantResourceCalculator: every resource type must fit). Pick a node with"
          + " enough free resources.", e.getMessage());
    }
    assertEquals("nothing started", 0, manager.getMetrics().getStarted());
    // had the scheduler refused the allocation itself, its answer would name the same cause
    CapacityScheduler cs = (CapacityScheduler) rm.getResourceScheduler();
    assertEquals("node 127.0.0.1:2345 has no room: vcores 1 needed, 0 unallocated"
        + " (DominantResourceCalculator: every resource type must fit)",
        CapacitySchedulerTargetAllocator.whyNotGranted(cs,
            cs.getApplicationAttempt(am.getApplicationAttemptId()), node2(),
            Resource.newInstance(GB, 1)));
  }
}
