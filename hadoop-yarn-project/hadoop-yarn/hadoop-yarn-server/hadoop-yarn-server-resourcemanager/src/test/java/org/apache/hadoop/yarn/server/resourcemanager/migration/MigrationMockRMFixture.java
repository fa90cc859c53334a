/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.ResourceRequest;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.resourcemanager.MockAM;
import org.apache.hadoop.yarn.server.resourcemanager.MockNM;
import org.apache.hadoop.yarn.server.resourcemanager.MockRM;
import org.apache.hadoop.yarn.server.resourcemanager.migration.channel.CheckpointResult;
import org.apache.hadoop.yarn.server.resourcemanager.migration.channel.NodeMigrationChannel;
import org.apache.hadoop.yarn.server.resourcemanager.migration.channel.ShipResult;
import org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler.TargetAllocation;
import org.apache.hadoop.yarn.server.resourcemanager.rmcontainer.RMContainerState;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.ResourceScheduler;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.capacity.CapacityScheduler;
import org.apache.hadoop.yarn.util.SystemClock;
import org.apache.hadoop.yarn.server.resourcemanager.migration.records.MigrationSpec;

/**
 * The setup the MockRM migration tests share: a CapacityScheduler configuration, a
 * {@link MigrationManager} on the MockRM with a fake node channel (no RPC server), worker
 * containers granted on a MockNM, and {@link SucceedingChannel}.
 */
public final class MigrationMockRMFixture {

  public static final int GB = 1024;

  private MigrationMockRMFixture() {
  }

  /** A configuration whose scheduler is the CapacityScheduler. */
  public static YarnConfiguration capacitySchedulerConf() {
    YarnConfiguration conf = new YarnConfiguration();
    conf.setClass(YarnConfiguration.RM_SCHEDULER, CapacityScheduler.class,
        ResourceScheduler.class);
    return conf;
  }

  /**
   * {@link #capacitySchedulerConf()} with ACLs on ("admin" and the current user administer
   * YARN, anyone submits to root) and a half-GB minimum allocation (small nodes register).
   */
  public static YarnConfiguration aclConf() throws IOException {
    YarnConfiguration conf = capacitySchedulerConf();
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, GB / 2);
    conf.setBoolean(YarnConfiguration.YARN_ACL_ENABLE, true);
    conf.set(YarnConfiguration.YARN_ADMIN_ACL,
        "admin," + UserGroupInformation.getCurrentUser().getShortUserName());
    conf.set("yarn.scheduler.capacity.root.acl_submit_applications", "*");
    return conf;
  }

  /** A started MigrationManager of the RM, driving the given channel, without RPC server. */
  public static MigrationManager startManager(MockRM rm, NodeMigrationChannel channel,
      Configuration conf) {
    MigrationManager manager = new MigrationManager(rm.getRMContext(),
        rm.getApplicationACLsManager(), rm.getQueueACLsManager(), null, channel,
        SystemClock.getInstance()).withoutRpcServer();
    manager.init(conf);
    manager.start();
    return manager;
  }

  /** Stops the manager, then the RM (either may be null). */
  public static void stop(MigrationManager manager, MockRM rm) {
    if (manager != null) {
      manager.stop();
    }
    if (rm != null) {
      rm.stop();
    }
  }

  /**
   * Asks for n containers of mb MB and heartbeats nm (at most {@code heartbeats} times, 20 ms
   * apart) until they are granted; asserts that n were.
   */
  public static List<Container> grant(MockRM rm, MockNM nm, MockAM am, int n, int mb,
      int heartbeats) throws Exception {
    am.allocate("127.0.0.1", mb, n, new ArrayList<ContainerId>());
    List<Container> granted = new ArrayList<>();
    for (int i = 0; i < heartbeats && granted.size() < n; i++) {
      nm.nodeHeartbeat(true);
      rm.drainEvents();
      granted.addAll(am.allocate(new ArrayList<ResourceRequest>(),
          new ArrayList<ContainerId>()).getAllocatedContainers());
      Thread.sleep(20);
    }
    assertEquals(n, granted.size());
    return granted;
  }

  /** nm reports the container RUNNING; waits until the RM has it RUNNING. */
  public static void markRunning(MockRM rm, MockNM nm, MockAM am, ContainerId id)
      throws Exception {
    nm.nodeHeartbeat(am.getApplicationAttemptId(), id.getContainerId(), ContainerState.RUNNING);
    assertTrue(rm.waitForState(nm, id, RMContainerState.RUNNING));
  }

  /** A node channel whose every step succeeds at once, with the given measurements. */
  public static class SucceedingChannel implements NodeMigrationChannel {
    private final long transferredBytes;
    private final long restoreMs;

    public SucceedingChannel(long transferredBytes, long restoreMs) {
      this.transferredBytes = transferredBytes;
      this.restoreMs = restoreMs;
    }

    @Override
    public CompletableFuture<CheckpointResult> checkpoint(MigrationSpec spec,
        TargetAllocation target) {
      return CompletableFuture.completedFuture(CheckpointResult.UNMEASURED);
    }

    @Override
    public CompletableFuture<ShipResult> ship(MigrationSpec spec,
        TargetAllocation target) {
      return CompletableFuture.completedFuture(new ShipResult(0, transferredBytes));
    }

    @Override
    public CompletableFuture<Void> restore(MigrationSpec spec, TargetAllocation target) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Long> awaitRestored(MigrationSpec spec,
        TargetAllocation target) {
      return CompletableFuture.completedFuture(restoreMs);
    }

    @Override
    public CompletableFuture<Void> complete(MigrationSpec spec, TargetAllocation target) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> abort(MigrationSpec spec, TargetAllocation target,
        String reason) {
      return CompletableFuture.completedFuture(null);
    }
  }
}
