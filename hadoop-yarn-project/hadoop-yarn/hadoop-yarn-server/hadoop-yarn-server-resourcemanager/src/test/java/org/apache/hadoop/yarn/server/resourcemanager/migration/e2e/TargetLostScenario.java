/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.e2e;

import static org.apache.hadoop.yarn.server.nodemanager.migration.executor.Workload.awaitCount;
import static org.apache.hadoop.yarn.server.nodemanager.migration.executor.Workload.lastCount;
import static org.apache.hadoop.yarn.server.resourcemanager.migration.e2e.TestEndToEndMigration.MB;
import static org.apache.hadoop.yarn.server.resourcemanager.migration.e2e.TestEndToEndMigration.appUsage;
import static org.apache.hadoop.yarn.server.resourcemanager.migration.e2e.TestEndToEndMigration.awaitAppUsage;
import static org.apache.hadoop.yarn.server.resourcemanager.migration.e2e.TestEndToEndMigration.awaitNoSurvivors;
import static org.apache.hadoop.yarn.server.resourcemanager.migration.e2e.TestEndToEndMigration.awaitUsedOn;
import static org.apache.hadoop.yarn.server.resourcemanager.migration.e2e.TestEndToEndMigration.launcherPid;
import static org.apache.hadoop.yarn.server.resourcemanager.migration.e2e.TestEndToEndMigration.nodeId;
import static org.apache.hadoop.yarn.server.resourcemanager.migration.e2e.TestEndToEndMigration.nodeManager;
import static org.apache.hadoop.yarn.server.resourcemanager.migration.e2e.TestEndToEndMigration.scheduler;
import static org.apache.hadoop.yarn.server.resourcemanager.migration.e2e.TestEndToEndMigration.startContainer;
import static org.apache.hadoop.yarn.server.resourcemanager.migration.e2e.TestEndToEndMigration.survivors;
import static org.apache.hadoop.yarn.server.resourcemanager.migration.e2e.TestEndToEndMigration.treeOf;
import static org.apache.hadoop.yarn.server.resourcemanager.migration.e2e.TestEndToEndMigration.usedOn;
import static org.apache.hadoop.yarn.server.resourcemanager.migration.e2e.TestEndToEndMigration.workDir;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.service.Service;
import org.apache.hadoop.yarn.api.migration.MigrationFailure;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationPhase;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.server.nodemanager.NodeManager;
import org.apache.hadoop.yarn.server.nodemanager.migration.agent.MigrationAuxService;
import org.apache.hadoop.yarn.server.nodemanager.migration.agent.NodeManagerSeam;
import org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint.ContainerCheckpointer;
import org.apache.hadoop.yarn.server.nodemanager.migration.executor.Workload;
import org.apache.hadoop.yarn.server.resourcemanager.migration.records.MigrationSpec;
import org.apache.hadoop.yarn.server.resourcemanager.migration.channel.NodeMigrationChannel;
import org.apache.hadoop.yarn.server.resourcemanager.migration.channel.RpcNodeMigrationChannel;
import org.apache.hadoop.yarn.server.resourcemanager.rmcontainer.RMContainer;
import org.apache.hadoop.yarn.server.resourcemanager.rmcontainer.RMContainerState;
import org.apache.hadoop.yarn.server.resourcemanager.rmnode.RMNode;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.SchedulerNodeReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rollback requirement with real daemons: the target NM dies after the
 * checkpoint and the transfer (source tree frozen on NM1, images on NM2) and before the RM
 * starts the restore container there. Runs as the last test of {@link TestEndToEndMigration},
 * whose RM uses {@link StopTargetBeforeRestoreChannel} (it acts only for the container this
 * scenario names): it stops NM2 for good.
 */
final class TargetLostScenario {

  private static final Logger LOG = LoggerFactory.getLogger(TargetLostScenario.class);

  private TargetLostScenario() {
  }

  /** What the hook saw on the RM's channel thread; asserted on the test thread. */
  static volatile String frozenStateAtRestore;
  static volatile boolean imagesOnTargetAtRestore;
  static volatile boolean sourcePendingAtRestore;
  static volatile Service.STATE targetStateAfterStop;
  static volatile ContainerId hookSource;

  /**
   * The RPC channel, except that right before the restore container is started (images
   * confirmed by NM2's agent) it stops NM2 for real: the RM's startContainers then meets a
   * dead NodeManager.
   */
  public static class StopTargetBeforeRestoreChannel extends RpcNodeMigrationChannel {
    @Override
    protected void beforeTargetStart(MigrationSpec spec, Container target) throws Exception {
      if (!spec.getContainerId().equals(hookSource)) {
        return;
      }
      hookSource = null;
      frozenStateAtRestore = freezerState(spec.getContainerId());
      MigrationAuxService aux2 = NodeManagerSeam.auxService(nodeManager(1).getConfig());
      imagesOnTargetAtRestore = aux2.getReceivedImages().find(spec.getMigrationId()) != null;
      sourcePendingAtRestore = NodeManagerSeam.auxService(nodeManager(0).getConfig())
          .getAgent().getPendingSources().contains(spec.getMigrationId());
      NodeManager nm2 = nodeManager(1);
      LOG.info("Test hook: stopping NM2 {} before the restore of {} ({})",
          target.getNodeId(), spec.getContainerId(), spec.getMigrationId());
      nm2.stop();
      targetStateAfterStop = nm2.getServiceState();
    }
  }

  /** The scenario; the cluster's NM2 is stopped for good afterwards. */
  static void run() throws Exception {
    NodeId nm1 = nodeId(0);
    NodeId nm2 = nodeId(1);
    Container source = startContainer(0, Workload.command());
    File sourceWork = workDir(0, source.getId());
    awaitCount(sourceWork, 5, 30_000);
    Resource appBefore = appUsage();
    long nm1Before = usedOn(nm1).getMemorySize();
    long nm2Before = usedOn(nm2).getMemorySize();
    List<long[]> sourceTree = treeOf(launcherPid(0, source.getId()));
    assertTrue("launcher, unshare, ns init, cat, sleep: " + sourceTree.size(),
        sourceTree.size() >= 4);

    hookSource = source.getId();
    ContainerMigrationReport accepted = TestEndToEndMigration.migrationClient().migrate(
        source.getId(), nm2, null);
    ContainerMigrationReport done = TestEndToEndMigration.migrationClient()
        .waitForCompletion(accepted.getMigrationId(), 100, 180_000, null);
    String diagnostics = done.getDiagnostics();
    LOG.info("Migration {} ended {}: {}", done.getMigrationId(), done.getState(), diagnostics);
    System.out.println("TARGET-LOST diagnostics: " + diagnostics);

    // the hook ran at the promised point: source frozen on NM1, images on NM2, NM2 stopped
    assertEquals("source frozen when the restore began", "FROZEN", frozenStateAtRestore);
    assertTrue("images on NM2 when the restore began", imagesOnTargetAtRestore);
    assertTrue("NM1's agent held the frozen source", sourcePendingAtRestore);
    assertEquals(Service.STATE.STOPPED, targetStateAfterStop);

    // the report: FAILED, names the target node and the cause, went through ROLLING_BACK
    assertEquals(diagnostics, ContainerMigrationState.FAILED, done.getState());
    assertNotNull(diagnostics);
    // whichever comes first: the restore's call to the stopped NM is refused, or the RM
    // sees NM2's migration agent silent for its expiry (6 s here) and aborts
    MigrationFailure failure = done.getFailure();
    assertNotNull(diagnostics, failure);
    assertEquals(diagnostics, nm2.toString(), failure.getNode());
    assertTrue(diagnostics, failure.getMessage().startsWith("Restore of " + source.getId()
        + " (migration " + done.getMigrationId() + ", node " + nm2 + ") failed: NodeManager "
        + nm2 + " is unreachable (ConnectException") || failure.getMessage().startsWith(
            "Migration of " + source.getId() + " (migration " + done.getMigrationId()
            + ", node " + nm2 + ") failed: the target node is gone: its migration agent has"
            + " not been heard from for "));
    List<ContainerMigrationState> phases = new ArrayList<>();
    for (ContainerMigrationPhase p : done.getPhases()) {
      phases.add(p.getState());
    }
    assertTrue("phases " + phases, phases.contains(ContainerMigrationState.RESTORING));
    assertTrue("phases " + phases, phases.contains(ContainerMigrationState.ROLLING_BACK));

    // the source runs on, on NM1: thawed, counting, nothing of its tree lost
    String freezer = freezerState(source.getId());
    assertTrue("freezer cgroup after the rollback: " + freezer,
        "GONE".equals(freezer) || "THAWED".equals(freezer));
    for (long[] p : sourceTree) {
      String f = freezerOf((int) p[0]);
      assertTrue("pid " + p[0] + " still in freezer cgroup " + f,
          f == null || !f.contains(ContainerCheckpointer.CGROUP_PREFIX)
              || "THAWED".equals(stateOfCgroup(f)));
    }
    // launcher, unshare, ns init and cat live on (a captured 'sleep 0.1' may have ended)
    List<long[]> alive = survivors(sourceTree);
    assertTrue("source tree alive: " + alive.size() + " of " + sourceTree.size(),
        alive.size() >= 4 && alive.get(0)[0] == sourceTree.get(0)[0]);
    int now = lastCount(sourceWork);
    awaitCount(sourceWork, now + 10, 15_000);
    assertTrue("no frozen source left on NM1", NodeManagerSeam.auxService(
        nodeManager(0).getConfig()).getAgent().getPendingSources().isEmpty());

    // the target allocation is released: application back to its pre-migration usage, the
    // target's RMContainer gone or completed
    assertEquals("application usage back", appBefore, awaitAppUsage(appBefore, 20_000));
    ContainerId targetId = done.getTargetContainerId();
    assertNotNull("a target was allocated", targetId);
    RMContainer target = scheduler().getRMContainer(targetId);
    assertTrue("target RMContainer " + (target == null ? null : target.getState()),
        target == null || target.getState() == RMContainerState.COMPLETED
            || target.getState() == RMContainerState.KILLED
            || target.getState() == RMContainerState.RELEASED);
    assertEquals("NM1 still charged for the source", nm1Before, usedOn(nm1).getMemorySize());
    SchedulerNodeReport nm2Report = scheduler().getNodeReport(nm2);
    RMNode rmNode2 = TestEndToEndMigration.cluster().getResourceManager().getRMContext()
        .getRMNodes().get(nm2);
    RMNode inactive2 = TestEndToEndMigration.cluster().getResourceManager().getRMContext()
        .getInactiveRMNodes().get(nm2);
    String nodeSeen = String.format("NM2 %s after the rollback: scheduler node report %s,"
        + " active RMNode %s, inactive RMNode %s (before the migration: %d MB used)", nm2,
        nm2Report == null ? "none (node removed from the scheduler)"
            : nm2Report.getUsedResource() + " used",
        rmNode2 == null ? "none" : rmNode2.getState(),
        inactive2 == null ? "none" : inactive2.getState(), nm2Before);
    LOG.info(nodeSeen);
    System.out.println("TARGET-LOST " + nodeSeen);
    // MiniYARNCluster's short-circuited NM->RM tracker drops unRegisterNodeManager, so the RM
    // keeps NM2 RUNNING until its liveness monitor expires it; the scheduler gave the target's
    // node usage back at once with the release (the target was only ACQUIRED).
    if (nm2Report != null) {
      assertEquals("NM2 usage back", nm2Before, nm2Report.getUsedResource().getMemorySize());
    }

    // the source is still an ordinary container: stopping it leaves no process
    TestEndToEndMigration.nmClient().stopContainer(source.getId(), source.getNodeId());
    awaitNoSurvivors(sourceTree, 20_000);
    awaitUsedOn(nm1, nm1Before - MB, 20_000);
  }

  // ------------------------------------------------------------------ freezer helpers

  /** FROZEN/FREEZING/THAWED of the migration freezer cgroup of a container; GONE if none. */
  static String freezerState(ContainerId id) {
    String s = stateOfCgroup("/" + ContainerCheckpointer.cgroupName(id.toString()));
    return s == null ? "GONE" : s;
  }

  static String stateOfCgroup(String path) {
    try {
      return new String(Files.readAllBytes(Paths.get("/sys/fs/cgroup/freezer" + path,
          "freezer.state")), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      return null;
    }
  }

  /** The freezer cgroup path of a process (cgroup v1), null if it is gone. */
  static String freezerOf(int pid) {
    try {
      for (String l : Files.readAllLines(Paths.get("/proc/" + pid + "/cgroup"),
          StandardCharsets.UTF_8)) {
        String[] f = l.split(":", 3);
        if (f.length == 3 && f[1].equals("freezer")) {
          return f[2];
        }
      }
      return "/";
    } catch (IOException e) {
      return null;
    }
  }
}
