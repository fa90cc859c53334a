/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.net.InetSocketAddress;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.metrics2.lib.DefaultMetricsSystem;
import org.apache.hadoop.service.Service;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationProtocol;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportsRequest;
import org.apache.hadoop.yarn.api.migration.protocolrecords.MigrateContainerRequest;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.ipc.YarnRPC;
import org.apache.hadoop.yarn.server.resourcemanager.MockRM;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.ResourceScheduler;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.capacity.CapacityScheduler;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/**
 * The active-services seam of {@link MigrationResourceManager} (same code path, inside a
 * MockRM) and the ContainerMigrationProtocol server over real Hadoop RPC.
 */
public class TestMigrationResourceManagerSeam {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(180);

  @Test
  public void givenAnRM_whenActiveServicesStartAndStop_thenTheManagerFollowsAndServesRpc()
      throws Exception {
    DefaultMetricsSystem.setMiniClusterMode(true);
    YarnConfiguration conf = new YarnConfiguration();
    conf.setClass(YarnConfiguration.RM_SCHEDULER, CapacityScheduler.class,
        ResourceScheduler.class);
    conf.set(MigrationConfiguration.RM_MIGRATION_ADDRESS, "127.0.0.1:0");
    final MigrationManager[] manager = new MigrationManager[1];
    MockRM rm = new MockRM(conf) {
      @Override
      protected void createAndInitActiveServices(boolean fromActive) {
        super.createAndInitActiveServices(fromActive);
        manager[0] = MigrationResourceManager.attachTo(activeServices, new MigrationManager(
            getRMContext(), getApplicationACLsManager(), getQueueACLsManager()));
      }
    };
    rm.start();
    ContainerMigrationProtocol client = null;
    try {
      assertEquals(Service.STATE.STARTED, manager[0].getServiceState());
      InetSocketAddress address =
          MigrationConfiguration.getRmMigrationAddress(manager[0].getConfig());
      client = (ContainerMigrationProtocol) YarnRPC.create(conf).getProxy(
          ContainerMigrationProtocol.class, address, conf);

      assertEquals(0, client.getContainerMigrationReports(
          GetContainerMigrationReportsRequest.newInstance()).getReports().size());
      ContainerId unknown = ContainerId.newContainerId(ApplicationAttemptId.newInstance(
          ApplicationId.newInstance(1, 1), 1), 7);
      try {
        client.migrateContainer(MigrateContainerRequest.newInstance(unknown,
            NodeId.newInstance("127.0.0.1", 2345), null));
        fail("expected NOT_FOUND");
      } catch (ContainerMigrationException e) {
        assertEquals(ContainerMigrationException.Reason.NOT_FOUND, e.getReason());
        assertEquals("Migration of " + unknown + " to node 127.0.0.1:2345 rejected: the"
            + " ResourceManager knows no live container " + unknown + ". Check the id, e.g."
            + " with 'yarn container -list <application attempt id>'.", e.getMessage());
      }
    } finally {
      if (client != null) {
        org.apache.hadoop.ipc.RPC.stopProxy(client);
      }
      rm.stop();
    }
    assertEquals(Service.STATE.STOPPED, manager[0].getServiceState());
  }
}
