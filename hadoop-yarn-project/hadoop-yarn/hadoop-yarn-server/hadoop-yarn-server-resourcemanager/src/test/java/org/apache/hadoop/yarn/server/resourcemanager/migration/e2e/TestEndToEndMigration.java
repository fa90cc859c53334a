/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.e2e;

import static org.apache.hadoop.yarn.server.nodemanager.migration.executor.Workload.awaitCount;
import static org.apache.hadoop.yarn.server.nodemanager.migration.executor.Workload.counterLines;
import static org.apache.hadoop.yarn.server.nodemanager.migration.executor.Workload.lastCount;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationPhase;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.NMClient;
import org.apache.hadoop.yarn.client.api.migration.ContainerMigrationClient;
import org.apache.hadoop.yarn.client.cli.ContainerMigrationCLI;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.ipc.YarnRPC;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.hadoop.yarn.server.api.migration.MigrationAgentTrackerProtocol;
import org.apache.hadoop.yarn.server.api.migration.NodeMigrationAgentProtocol;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.AbortMigrationRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.CheckpointContainerRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.RegisterMigrationAgentRequest;
import org.apache.hadoop.yarn.server.nodemanager.Context;
import org.apache.hadoop.yarn.server.nodemanager.NodeManager;
import org.apache.hadoop.yarn.server.nodemanager.migration.MigrationTestCluster;
import org.apache.hadoop.yarn.server.nodemanager.migration.ProcSnapshot;
import org.apache.hadoop.yarn.server.nodemanager.migration.UnmanagedAm;
import org.apache.hadoop.yarn.server.nodemanager.migration.agent.MigrationAuxService;
import org.apache.hadoop.yarn.server.nodemanager.migration.agent.NodeManagerSeam;
import org.apache.hadoop.yarn.server.nodemanager.migration.executor.Workload;
import org.apache.hadoop.yarn.server.resourcemanager.ResourceManager;
import org.apache.hadoop.yarn.server.resourcemanager.migration.MigrationResourceManager;
import org.apache.hadoop.yarn.server.resourcemanager.migration.channel.MigrationAgentTracker;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.ResourceScheduler;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.capacity.CapacityScheduler;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole thing, real daemons and real CRIU: a MiniYARNCluster whose RM is a
 * {@link MigrationResourceManager} (CapacityScheduler) and whose two NMs run the
 * CheckpointableContainerExecutor and the {@code container_migration} aux service (with its
 * NodeMigrationAgent). The test acts as an unmanaged AM, starts a stateful container on
 * NM1 and asks the RM, through {@link ContainerMigrationClient}, to move it to NM2. The RM
 * drives both agents (RpcNodeMigrationChannel) and starts the restore container on NM2
 * itself.
 */
@org.junit.FixMethodOrder(org.junit.runners.MethodSorters.NAME_ASCENDING)
public class TestEndToEndMigration {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(600);

  private static final Logger LOG = LoggerFactory.getLogger(TestEndToEndMigration.class);

  static final int MB = 128;

  private static MiniYARNCluster cluster;
  private static YarnConfiguration conf;
  /** The test is the application's unmanaged AM. */
  private static UnmanagedAm am;
  private static ContainerMigrationClient client;

  /** MiniYARNCluster whose RM is the migration RM ({@code createResourceManager} hook). */
  static final class MigrationMiniYARNCluster extends MiniYARNCluster {
    MigrationMiniYARNCluster(String name) {
      super(name, 1, 2, 1, 1);
    }

    @Override
    protected ResourceManager createResourceManager() {
      return new MigrationResourceManager() {
        @Override
        protected void doSecureLogin() {
          // as MiniYARNCluster's own RM: no Kerberos login in tests
        }
      };
    }
  }

  /**
   * The RM's node channel is the RPC one with a hook that stops NM2 before a restore, for
   * the container {@link TargetLostScenario} names only: that scenario runs last.
   */
  @BeforeClass
  public static void startCluster() throws Exception {
    startCluster("TestEndToEndMigration",
        c -> c.set(MigrationConfiguration.RM_MIGRATION_NODE_CHANNEL_CLASS,
            TargetLostScenario.StopTargetBeforeRestoreChannel.class.getName()));
  }

  /**
   * Runs last (name order): the target NodeManager stops for good after the checkpoint and
   * the transfer, before the restore; the migration rolls back and the source runs on
   * ({@link TargetLostScenario}).
   */
  @Test(timeout = 240_000)
  public void whenTheTargetNodeManagerStopsBeforeTheRestore_thenRolledBackAndTheSourceRunsOn()
      throws Exception {
    TargetLostScenario.run();
  }

  /**
   * Starts the cluster into this class's static fields (sibling classes share the setup and
   * the helpers; surefire runs test classes one after another). {@code extra} may change the
   * configuration before the cluster is created.
   */
  static void startCluster(String name, Consumer<YarnConfiguration> extra) throws Exception {
    MigrationTestCluster.assumeRootAndCriu();
    // the NM module's cluster settings (CheckpointableContainerExecutor, heartbeats, sizes)
    conf = MigrationTestCluster.clusterConf();
    conf.setClass(YarnConfiguration.RM_SCHEDULER, CapacityScheduler.class,
        ResourceScheduler.class);
    conf.set(YarnConfiguration.NM_AUX_SERVICES, MigrationAuxService.SERVICE_NAME);
    conf.set(String.format(YarnConfiguration.NM_AUX_SERVICE_FMT,
        MigrationAuxService.SERVICE_NAME), MigrationAuxService.class.getName());
    conf.setInt(MigrationConfiguration.NM_MIGRATION_TRANSFER_PORT, 0);
    conf.set(MigrationConfiguration.NM_MIGRATION_TRANSFER_BIND_HOST, "127.0.0.1");
    conf.set(MigrationConfiguration.NM_MIGRATION_AGENT_ADDRESS, "127.0.0.1:0");
    conf.set(MigrationConfiguration.RM_MIGRATION_ADDRESS, "127.0.0.1:" + freePort());
    conf.setLong(MigrationConfiguration.RM_MIGRATION_AGENT_HEARTBEAT_INTERVAL_MS, 2_000);
    // the transfer key rolls during the class (the shortest the RM allows: 10 heartbeats)
    conf.setLong(MigrationConfiguration.RM_MIGRATION_TRANSFER_KEY_ROLLING_INTERVAL_SECS, 20);
    conf.setLong(MigrationConfiguration.RM_MIGRATION_DEFAULT_TIMEOUT_MS, 90_000);
    conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, MB);
    conf.setInt("ipc.client.connect.max.retries", 2);
    if (extra != null) {
      extra.accept(conf);
    }
    cluster = new MigrationMiniYARNCluster(name);
    cluster.init(conf);
    cluster.start();
    assertTrue("NMs connect", cluster.waitForNodeManagersToConnect(20_000));
    assertTrue("the RM is the migration RM",
        cluster.getResourceManager() instanceof MigrationResourceManager);
    awaitAgentsRegistered(30_000);
    // the NodeManagers' aux services are reachable through the seam
    MigrationAuxService aux2 = NodeManagerSeam.auxService(nodeManager(1).getConfig());
    assertNotNull("NM2's aux service found through the seam", aux2);
    am = UnmanagedAm.start(cluster.getConfig(), "e2e-migration-test", MB);
    client = ContainerMigrationClient.createContainerMigrationClient();
    client.init(cluster.getConfig());
    client.start();
  }

  @AfterClass
  public static void stopCluster() {
    if (client != null) {
      client.stop();
    }
    ApplicationId appId = am == null ? null : am.getApplicationId();
    if (am != null) {
      am.close();
    }
    if (cluster != null) {
      cluster.stop();
    }
    if (appId != null) {
      // safety net: no process of this test's application survives the test
      for (int pid : MigrationTestCluster.processesWithEnv("CONTAINER_ID=container_"
          + appId.getClusterTimestamp()
          + "_" + String.format("%04d", appId.getId()))) {
        LOG.warn("Killing leftover process {}", pid);
        try {
          new ProcessBuilder("kill", "-9", String.valueOf(pid)).start().waitFor();
        } catch (Exception e) {
          LOG.warn("kill {} failed", pid, e);
        }
      }
    }
    client = null;
    am = null;
    cluster = null;
  }

  // ------------------------------------------------------------------ tests

  /** A python process that holds N MB (every page written), then counts like Workload. */
  private static final String MEMORY_WORKLOAD = String.join("\n",
      "import sys, time",
      "mem = bytearray(b'\\x5a') * (int(sys.argv[1]) << 20)",
      "i = 0",
      "while True:",
      "    i += 1",
      "    with open('" + Workload.COUNTER_FILE + "', 'a') as f:",
      "        f.write('%d\\n' % i)",
      "    time.sleep(0.1)",
      "");

  /**
   * {@code criu restore} killed (-9) on the target while it restores a 256 MB tree: the
   * restore fails, the migration rolls back with CRIU's status, the source thaws and counts
   * on in the same container, and nothing of the migration stays on the target: no
   * process of the target container, no images, its allocation released.
   */
  @Test(timeout = 240_000)
  public void givenAHeavyContainer_whenCriuRestoreIsKilled_thenRolledBackAndTheSourceRunsOn()
      throws Exception {
    NodeId nm2 = nodeId(1);
    File script = new File(new File(System.getProperty("test.build.dir", "target"),
        "restore-kill"), "memory-workload.py").getAbsoluteFile();
    script.getParentFile().mkdirs();
    Files.write(script.toPath(), MEMORY_WORKLOAD.getBytes(StandardCharsets.UTF_8));
    long nm2Before = usedOn(nm2).getMemorySize();
    Container source = startContainer(0, "python3 " + script + " 256");
    File sourceWork = workDir(0, source.getId());
    awaitCount(sourceWork, 3, 60_000);
    List<long[]> sourceTree = treeOf(launcherPid(0, source.getId()));

    ContainerMigrationReport accepted = client.migrate(source.getId(), nm2, null);
    String m = accepted.getMigrationId();
    long deadline = System.nanoTime() + 120_000_000_000L;
    int criu;
    while ((criu = ProcSnapshot.criuPid("restore", m)) < 0) {
      ContainerMigrationReport now = client.getReport(m);
      assertTrue("criu restore of " + m + " never seen: " + now, !now.getState().isFinal()
          && System.nanoTime() - deadline < 0);
      Thread.sleep(2);
    }
    assertEquals(0, new ProcessBuilder("kill", "-9", Integer.toString(criu)).start()
        .waitFor());
    ContainerMigrationReport done = client.waitForCompletion(m, 100, 120_000, null);
    LOG.info("criu restore (pid {}) killed during {}: {}", criu, m, done);
    assertEquals("a restore whose criu was killed: " + done, ContainerMigrationState.FAILED,
        done.getState());
    assertTrue(done.getDiagnostics(), done.getDiagnostics().startsWith("RESTORE_FAILED"));

    // the source thawed and counts on, in the same processes
    int before = lastCount(sourceWork);
    awaitCount(sourceWork, before + 5, 20_000);
    assertEquals("the source's processes", Collections.emptyList(), survivorsLost(sourceTree));
    // nothing of the migration on NM2
    assertTrue("no criu process of " + m + " left", ProcSnapshot.criuPid("restore", m) < 0);
    awaitUsedOn(nm2, nm2Before, 30_000);
    ContainerId target = done.getTargetContainerId();
    if (target != null) {
      assertEquals("no process of the target " + target, Collections.emptyList(),
          MigrationTestCluster.processesOf(target));
    }
    for (String d : nodeManager(1).getNMContext().getLocalDirsHandler().getLocalDirs()) {
      File images = new File(new File(new java.net.URI(d.startsWith("file:") ? d
          : "file://" + d).getPath(), "migration-images"), m);
      assertTrue(images + " left", !images.exists());
    }
    nmClient().stopContainer(source.getId(), nodeId(0));
  }

  /** The processes of the tree that are gone (none while it runs). */
  private static List<long[]> survivorsLost(List<long[]> tree) {
    List<long[]> alive = survivors(tree);
    List<long[]> gone = new ArrayList<>();
    for (long[] p : tree) {
      boolean found = false;
      for (long[] a : alive) {
        found |= a[0] == p[0];
      }
      if (!found) {
        gone.add(p);
      }
    }
    return gone;
  }

  @Test(timeout = 240_000)
  public void givenStatefulContainerOnNm1_whenRmMigratesIt_thenCounterContinuesOnNm2()
      throws Exception {
    NodeId nm1 = nodeId(0);
    NodeId nm2 = nodeId(1);
    Container source = startContainer(0, Workload.command());
    File sourceWork = workDir(0, source.getId());
    awaitCount(sourceWork, 10, 30_000);
    // other tests' containers may still run (e.g. one the CLI test moved to NM2)
    long nm1Before = usedOn(nm1).getMemorySize();
    long nm2Before = usedOn(nm2).getMemorySize();
    assertTrue("the source is charged to NM1: " + nm1Before, nm1Before >= MB);
    Resource appBefore = appUsage();
    List<long[]> sourceTree = treeOf(launcherPid(0, source.getId()));
    assertTrue("launcher, unshare, ns init, cat, sleep: " + sourceTree.size(),
        sourceTree.size() >= 4);

    long t0 = System.currentTimeMillis();
    ContainerMigrationReport accepted = client.migrate(source.getId(), nm2, null);
    ContainerMigrationReport done = client.waitForCompletion(accepted.getMigrationId(), 100,
        120_000, null);
    long wall = System.currentTimeMillis() - t0;
    assertEquals("migration failed: " + done.getDiagnostics(),
        ContainerMigrationState.SUCCEEDED, done.getState());
    ContainerId targetId = done.getTargetContainerId();
    assertNotNull(targetId);
    assertEquals(nm2, done.getTargetNode());
    assertTrue("frozen time " + done.getFrozenTimeMs(), done.getFrozenTimeMs() > 0);
    assertTrue("image bytes " + done.getImageBytes(), done.getImageBytes() > 0);
    List<ContainerMigrationState> phases = new ArrayList<>();
    StringBuilder phaseText = new StringBuilder();
    for (ContainerMigrationPhase p : done.getPhases()) {
      phases.add(p.getState());
      phaseText.append(' ').append(p.getState()).append('=')
          .append(p.getEndTime() > 0 ? p.getEndTime() - p.getStartTime() : -1).append("ms");
    }
    assertTrue("phases " + phases, phases.containsAll(java.util.Arrays.asList(
        ContainerMigrationState.ALLOCATING, ContainerMigrationState.CHECKPOINTING,
        ContainerMigrationState.TRANSFERRING, ContainerMigrationState.RESTORING,
        ContainerMigrationState.SUCCEEDED)));
    String metrics = String.format("MIGRATION-METRICS e2e frozenMs=%d imageBytes=%d"
        + " rmDurationMs=%d clientWallMs=%d phases:%s", done.getFrozenTimeMs(),
        done.getImageBytes(), done.getFinishTime() - done.getSubmitTime(), wall, phaseText);
    LOG.info(metrics);
    System.out.println(metrics);

    // the counter continued on NM2 (the restored tree writes into NM2's work dir)
    File targetWork = workDir(1, targetId);
    List<String> sourceLines = counterLines(sourceWork);
    int dumped = lastCount(sourceWork);
    awaitCount(targetWork, dumped + 10, 30_000);
    List<String> lines = counterLines(targetWork);
    assertEquals("all pre-migration lines kept", sourceLines,
        lines.subList(0, sourceLines.size()));
    assertEquals("continued, not restarted", String.valueOf(dumped + 1),
        lines.get(sourceLines.size()));

    // nothing of the source tree left on NM1; its container ended as migrated
    awaitNoSurvivors(sourceTree, 20_000);
    // the scheduler: used on NM2, freed on NM1, the application's usage unchanged
    awaitUsage(nm1, nm1Before - MB, nm2, nm2Before + MB);
    LOG.info("Scheduler: NM1 {} -> {} MB, NM2 {} -> {} MB, application {} -> {}", nm1Before,
        usedOn(nm1).getMemorySize(), nm2Before, usedOn(nm2).getMemorySize(), appBefore,
        appUsage());
    assertEquals("application usage unchanged", appBefore, awaitAppUsage(appBefore, 10_000));
  }

  @Test(timeout = 240_000)
  public void givenCli_whenMigrateWithWait_thenExit0AndPhaseLines() throws Exception {
    Container source = startContainer(0, Workload.command());
    awaitCount(workDir(0, source.getId()), 5, 30_000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ContainerMigrationCLI cli = new ContainerMigrationCLI(cluster.getConfig());
    cli.setSysOutPrintStream(new PrintStream(out, true, "UTF-8"));
    cli.setSysErrPrintStream(new PrintStream(err, true, "UTF-8"));
    cli.setPollIntervalMs(100);
    int rc = cli.run(new String[] {"-migrate", source.getId().toString(), "-node",
        nodeId(1).toString()});
    String text = out.toString("UTF-8");
    LOG.info("CLI rc={} out:\n{}\nerr:\n{}", rc, text, err.toString("UTF-8"));
    System.out.println("CLI output:\n" + text);
    assertEquals(err.toString("UTF-8"), 0, rc);
    assertTrue(text, text.contains("SUCCEEDED"));
    assertTrue(text, text.contains("RESTORING"));
  }

  /**
   * The RM rolls the transfer key (every 20 s here): both NodeManagers learn the new one at
   * their next registration, and a migration made with it succeeds.
   */
  @Test(timeout = 240_000)
  public void givenTheTransferKeyRolled_whenMigrated_thenBothNodesHoldTheNewKeyAndItSucceeds()
      throws Exception {
    MigrationAuxService aux1 = NodeManagerSeam.auxService(nodeManager(0).getConfig());
    MigrationAuxService aux2 = NodeManagerSeam.auxService(nodeManager(1).getConfig());
    // a roll may be under way as the test starts (one node has the new key, the other not
    // yet until its next registration): start from one key for the cluster
    long agreed = System.currentTimeMillis() + 30_000;
    byte[] before1 = aux1.getSecretManager().createToken("probe");
    byte[] before2 = aux2.getSecretManager().createToken("probe");
    while (!java.util.Arrays.equals(before1, before2)
        && System.currentTimeMillis() < agreed) {
      Thread.sleep(100);
      before1 = aux1.getSecretManager().createToken("probe");
      before2 = aux2.getSecretManager().createToken("probe");
    }
    assertTrue("one key for the cluster within 30 s", java.util.Arrays.equals(before1,
        before2));
    long deadline = System.currentTimeMillis() + 60_000;
    while (java.util.Arrays.equals(before1, aux1.getSecretManager().createToken("probe"))
        || java.util.Arrays.equals(before2, aux2.getSecretManager().createToken("probe"))
        || !java.util.Arrays.equals(aux1.getSecretManager().createToken("probe"),
            aux2.getSecretManager().createToken("probe"))) {
      assertTrue("the nodes did not both learn a new transfer key within 60 s",
          System.currentTimeMillis() < deadline);
      Thread.sleep(200);
    }
    Container source = startContainer(0, Workload.command());
    awaitCount(workDir(0, source.getId()), 5, 30_000);
    int before = lastCount(workDir(0, source.getId()));
    ContainerMigrationReport accepted = client.migrate(source.getId(), nodeId(1), null);
    ContainerMigrationReport done = client.waitForCompletion(accepted.getMigrationId(), 100,
        120_000, null);
    assertEquals("migration with the rolled key failed: " + done.getDiagnostics(),
        ContainerMigrationState.SUCCEEDED, done.getState());
    // the counter goes on on NM2
    awaitCount(workDir(1, done.getTargetContainerId()), before + 5, 30_000);
  }

  // ------------------------------------------------------------------ cluster helpers

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static ContainerMigrationClient migrationClient() {
    return client;
  }

  static NMClient nmClient() {
    return am.getNMClient();
  }

  static MiniYARNCluster cluster() {
    return cluster;
  }

  /**
   * Issue 11, item 2: a caller that is neither the ResourceManager nor the NodeManager of
   * a node (no migration token) tries to re-point NM1's agent and take the transfer secret
   * at the RM, then to checkpoint and abort NM1's running container at its agent: each is
   * refused, the RM keeps NM1's real agent, and the container runs on, never frozen.
   */
  @Test(timeout = 120_000)
  public void givenCallerWithoutMigrationToken_whenItDrivesAgentsAndTracker_thenRefused()
      throws Exception {
    NodeId nm1 = nodeId(0);
    Container victim = startContainer(0, Workload.command());
    File work = workDir(0, victim.getId());
    awaitCount(work, 3, 30_000);
    MigrationAgentTracker.Agent before = tracker().get(nm1);
    YarnRPC rpc = YarnRPC.create(conf);
    MigrationAgentTrackerProtocol rm = (MigrationAgentTrackerProtocol) rpc.getProxy(
        MigrationAgentTrackerProtocol.class, MigrationConfiguration.getRmMigrationAddress(
            cluster.getResourceManager().getConfig()), conf);
    NodeMigrationAgentProtocol agent = (NodeMigrationAgentProtocol) rpc.getProxy(
        NodeMigrationAgentProtocol.class,
        org.apache.hadoop.net.NetUtils.createSocketAddr(before.getAgentAddress()), conf);
    try {
      assertRefused("registerMigrationAgent for node " + nm1 + " refused: the caller proved"
          + " no NodeManager migration token", () -> rm.registerMigrationAgent(
              RegisterMigrationAgentRequest.newInstance(nm1, "198.18.0.66:1",
                  "198.18.0.66:2", "4.2", Collections.<String>emptyList())));
      MigrationAgentTracker.Agent after = tracker().get(nm1);
      assertEquals(before.getAgentAddress(), after.getAgentAddress());
      assertEquals(before.getTransferAddress(), after.getTransferAddress());
      assertRefused("NodeMigrationAgentProtocol.checkpointContainer on NodeManager " + nm1
          + " refused", () -> agent.checkpointContainer(CheckpointContainerRequest.newInstance(
              "m-attack-1", victim.getId(), nodeId(1), "198.18.0.66:2",
              org.apache.hadoop.yarn.api.migration.records.ContainerMigrationStrategy
                  .STOP_AND_COPY, 10_000)));
      assertRefused("NodeMigrationAgentProtocol.abortMigration on NodeManager " + nm1
          + " refused", () -> agent.abortMigration(AbortMigrationRequest.newInstance(
              "m-attack-1", victim.getId(), "attack")));
      assertTrue("no migration is pending on NM1: " + NodeManagerSeam.auxService(
          nodeManager(0).getConfig()).getAgent().getPendingSources(), NodeManagerSeam
          .auxService(nodeManager(0).getConfig()).getAgent().getPendingSources().isEmpty());
      // the container ran on, never frozen: its counter keeps growing
      long count = lastCount(work);
      awaitCount(work, (int) count + 3, 20_000);
    } finally {
      rpc.stopProxy(rm, conf);
      rpc.stopProxy(agent, conf);
    }
  }

  private interface Call {
    Object run() throws Exception;
  }

  private static void assertRefused(String expected, Call call) {
    try {
      call.run();
      throw new AssertionError("not refused: " + expected);
    } catch (AssertionError e) {
      throw e;
    } catch (Exception e) {
      assertTrue("expected '" + expected + "' in: " + e, String.valueOf(e.getMessage())
          .contains(expected));
    }
  }

  static NodeManager nodeManager(int i) {
    return cluster.getNodeManager(i);
  }

  static NodeId nodeId(int i) {
    return nodeManager(i).getNMContext().getNodeId();
  }

  static MigrationAgentTracker tracker() {
    return ((MigrationResourceManager) cluster.getResourceManager()).getMigrationManager()
        .getAgentTracker();
  }

  static void awaitAgentsRegistered(long timeoutMs) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (tracker().get(nodeId(0)) == null || tracker().get(nodeId(1)) == null
        || !NodeManagerSeam.auxService(nodeManager(0).getConfig()).getAgent().isRegistered()
        || !NodeManagerSeam.auxService(nodeManager(1).getConfig()).getAgent().isRegistered()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("migration agents did not register: " + tracker().getAgents());
      }
      Thread.sleep(100);
    }
    LOG.info("Agents registered: {}", tracker().getAgents());
  }

  static ResourceScheduler scheduler() {
    return cluster.getResourceManager().getResourceScheduler();
  }

  static Resource usedOn(NodeId node) {
    return scheduler().getNodeReport(node).getUsedResource();
  }

  static Resource appUsage() {
    return scheduler().getAppResourceUsageReport(am.getApplicationAttemptId())
        .getUsedResources();
  }

  static Resource awaitAppUsage(Resource want, long timeoutMs) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMs;
    Resource r = appUsage();
    while (!r.equals(want) && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
      r = appUsage();
    }
    return r;
  }

  static void awaitUsedOn(NodeId node, long mb, long timeoutMs) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (usedOn(node).getMemorySize() != mb) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("used on " + node + ": " + usedOn(node) + ", expected " + mb
            + " MB");
      }
      Thread.sleep(100);
    }
  }

  /** Waits for the memory used on both nodes (other tests' containers are stopped). */
  static void awaitUsage(NodeId a, long mbA, NodeId b, long mbB) throws Exception {
    awaitUsedOn(a, mbA, 30_000);
    awaitUsedOn(b, mbB, 30_000);
  }

  /** Allocates a container on NM i (releasing those placed elsewhere) and starts it. */
  static synchronized Container startContainer(int nmIndex, String command) throws Exception {
    Container got = am.startContainer(nodeId(nmIndex), command, new HashMap<String, String>());
    launcherPid(nmIndex, got.getId()); // waits until it runs
    return got;
  }

  static int launcherPid(int i, ContainerId id) throws Exception {
    return MigrationTestCluster.launcherPid(nodeManager(i).getNMContext(), id);
  }

  static File workDir(int i, ContainerId id) throws Exception {
    Context ctx = nodeManager(i).getNMContext();
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      org.apache.hadoop.yarn.server.nodemanager.containermanager.container.Container c =
          ctx.getContainers().get(id);
      if (c != null && c.getWorkDir() != null) {
        return new File(c.getWorkDir());
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("no work dir for " + id + " on NM" + (i + 1));
  }

  // ------------------------------------------------------------------ /proc helpers

  /** {pid, starttime} of pid and all its descendants. */
  static List<long[]> treeOf(int root) throws IOException {
    Map<Integer, List<Integer>> children = new HashMap<>();
    File[] procs = new File("/proc").listFiles();
    for (File p : procs == null ? new File[0] : procs) {
      if (!p.getName().matches("\\d+")) {
        continue;
      }
      String[] f = stat(Integer.parseInt(p.getName()));
      if (f != null) {
        children.computeIfAbsent(Integer.parseInt(f[1]), k -> new ArrayList<>())
            .add(Integer.parseInt(p.getName()));
      }
    }
    List<long[]> out = new ArrayList<>();
    List<Integer> todo = new ArrayList<>(Collections.singletonList(root));
    while (!todo.isEmpty()) {
      int pid = todo.remove(todo.size() - 1);
      String[] f = stat(pid);
      if (f != null) {
        out.add(new long[] {pid, Long.parseLong(f[19])});
        todo.addAll(children.getOrDefault(pid, Collections.<Integer>emptyList()));
      }
    }
    return out;
  }

  /** Fields after the command: [0]=state, [1]=ppid, ..., [19]=starttime. */
  static String[] stat(int pid) {
    try {
      String s = new String(Files.readAllBytes(Paths.get("/proc/" + pid + "/stat")),
          StandardCharsets.UTF_8);
      return s.substring(s.lastIndexOf(')') + 2).trim().split(" ");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  static List<long[]> survivors(List<long[]> tree) {
    List<long[]> alive = new ArrayList<>();
    for (long[] p : tree) {
      String[] f = stat((int) p[0]);
      if (f != null && !"Z".equals(f[0]) && Long.parseLong(f[19]) == p[1]) {
        alive.add(p);
      }
    }
    return alive;
  }

  static void awaitNoSurvivors(List<long[]> tree, long timeoutMs) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (!survivors(tree).isEmpty()) {
      if (System.currentTimeMillis() > deadline) {
        StringBuilder b = new StringBuilder();
        for (long[] p : survivors(tree)) {
          b.append(' ').append(p[0]);
        }
        throw new AssertionError("source processes still alive:" + b);
      }
      Thread.sleep(100);
    }
  }

}
