/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.criu.CriuTestSupport;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.hadoop.yarn.server.api.migration.MigrationContract;
import org.apache.hadoop.yarn.server.nodemanager.Context;
import org.apache.hadoop.yarn.server.nodemanager.NodeManager;
import org.apache.hadoop.yarn.server.nodemanager.containermanager.ContainerManagerImpl;
import org.apache.hadoop.yarn.server.nodemanager.migration.agent.MigrationAuxService;
import org.apache.hadoop.yarn.server.nodemanager.migration.executor.CheckpointableContainerExecutor;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ReceivedImages;

/**
 * 1 RM + 2 NMs (MiniYARNCluster) with {@link CheckpointableContainerExecutor}, and an
 * {@link UnmanagedAm} in this JVM that places containers on a chosen NM. Its static helpers
 * ({@link #assumeRootAndCriu}, {@link #clusterConf}, {@link #launcherPid(Context, ContainerId)},
 * {@link #processesWithEnv}) serve the RM module's end-to-end tests too (test-jar).
 */
public final class MigrationTestCluster implements AutoCloseable {

  private final MiniYARNCluster cluster;
  private final YarnConfiguration conf;
  private UnmanagedAm am;

  /**
   * Skips the test without root or CRIU, unless CI=true (then it fails): the CRIU binding's
   * own check ({@link CriuTestSupport#requireCriu}, bounded). Shared with the RM module's
   * end-to-end tests (test-jar).
   */
  public static void assumeRootAndCriu() throws IOException {
    CriuTestSupport.requireCriu();
  }

  public MigrationTestCluster(String name) throws Exception {
    this(name, null);
  }

  /**
   * @param name cluster name
   * @param extra settings applied last (e.g. {@link #transferConf}), or null
   */
  public MigrationTestCluster(String name, Configuration extra) throws Exception {
    conf = clusterConf();
    if (extra != null) {
      for (Map.Entry<String, String> e : extra) {
        conf.set(e.getKey(), e.getValue());
      }
    }
    cluster = new MiniYARNCluster(name, 2, 1, 1);
    cluster.init(conf);
    cluster.start();
    if (!cluster.waitForNodeManagersToConnect(20_000)) {
      throw new IllegalStateException("NodeManagers did not connect");
    }
    am = UnmanagedAm.start(cluster.getConfig(), "migration-test", 128);
  }

  /**
   * The cluster settings of these tests (shared with the RM module's end-to-end tests):
   * {@link CheckpointableContainerExecutor}, 100 ms NM heartbeats, 4 GB NMs without vmem
   * check, 128 MB minimum allocation, fast kill and clean-up. A stopping NM waits for its
   * applications 250 + 1000 + 1000 ms (not 6.25 s), and its log handler holds no deletion
   * scheduled hours ahead (it would wait 10 s for it): logs of an ended application go
   * after 1 s (an application of these tests ends with its class).
   */
  public static YarnConfiguration clusterConf() {
    YarnConfiguration conf = new YarnConfiguration();
    conf.set(YarnConfiguration.NM_CONTAINER_EXECUTOR,
        CheckpointableContainerExecutor.class.getName());
    conf.setInt(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, 100);
    conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
    conf.setInt(YarnConfiguration.NM_PMEM_MB, 4096);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 128);
    conf.setLong(YarnConfiguration.NM_SLEEP_DELAY_BEFORE_SIGKILL_MS, 250);
    conf.setLong(YarnConfiguration.NM_PROCESS_KILL_WAIT_MS, 1000);
    conf.setLong(YarnConfiguration.NM_LOG_RETAIN_SECONDS, 1);
    conf.setInt(YarnConfiguration.DEBUG_NM_DELETE_DELAY_SEC, 0);
    conf.setLong(YarnConfiguration.NM_CONTAINER_MON_INTERVAL_MS, 500);
    return conf;
  }

  /**
   * Settings that run {@link MigrationAuxService} on every NM: ephemeral port on loopback,
   * the shared key file (written 0600).
   */
  public static Configuration transferConf(File secretFile, byte[] key) throws IOException {
    secretFile.getAbsoluteFile().getParentFile().mkdirs();
    Files.write(secretFile.toPath(), key);
    Files.setPosixFilePermissions(secretFile.toPath(),
        PosixFilePermissions.fromString("rw-------"));
    Configuration c = new Configuration(false);
    c.set(YarnConfiguration.NM_AUX_SERVICES, MigrationAuxService.SERVICE_NAME);
    c.set(String.format(YarnConfiguration.NM_AUX_SERVICE_FMT, MigrationAuxService.SERVICE_NAME),
        MigrationAuxService.class.getName());
    c.setInt(MigrationConfiguration.NM_MIGRATION_TRANSFER_PORT, 0);
    c.set(MigrationConfiguration.NM_MIGRATION_TRANSFER_BIND_HOST, "127.0.0.1");
    c.set(MigrationConfiguration.NM_MIGRATION_TRANSFER_SECRET_FILE,
        secretFile.getAbsolutePath());
    return c;
  }

  /**
   * The transfer address of NM i's {@link MigrationAuxService}: the port it publishes in
   * the NM's aux-service metadata (what container-start responses carry).
   */
  public InetSocketAddress transferAddress(int i) throws IOException {
    ContainerManagerImpl cm = (ContainerManagerImpl) cluster.getNodeManager(i).getNMContext()
        .getContainerManager();
    int port = MigrationAuxService.findPort(cm.getAuxServiceMetaData());
    if (port <= 0) {
      throw new IllegalStateException("NM " + i + " publishes no "
          + MigrationAuxService.SERVICE_NAME + " port: " + cm.getAuxServiceMetaData());
    }
    return new InetSocketAddress("127.0.0.1", port);
  }

  /** NM i's migration aux service (transfer receiver, agent, target record). */
  public MigrationAuxService aux(int i) {
    return org.apache.hadoop.yarn.server.nodemanager.migration.agent.NodeManagerSeam
        .auxService(cluster.getNodeManager(i).getConfig());
  }

  /** The RM's calls on NM i for the restore of migration m into container c. */
  public TargetSide target(int i, String m, Container c) {
    return new TargetSide(aux(i), m, c.getId());
  }

  /** Received images of NM i (the same directories as its aux service's). */
  public ReceivedImages receivedImages(int i) {
    List<java.nio.file.Path> dirs = new ArrayList<>();
    for (String d : localDirs(i)) {
      dirs.add(Paths.get(d));
    }
    return new ReceivedImages(dirs, conf.getTrimmed(MigrationConfiguration.NM_MIGRATION_IMAGES_DIR,
        MigrationConfiguration.DEFAULT_NM_MIGRATION_IMAGES_DIR));
  }

  public NodeManager getNodeManager(int i) {
    return cluster.getNodeManager(i);
  }

  public NodeId nodeId(int i) {
    return cluster.getNodeManager(i).getNMContext().getNodeId();
  }

  /** Allocates a container on NM i (releasing those placed elsewhere) and starts it. */
  public Container start(int nmIndex, String command, Map<String, String> env)
      throws Exception {
    return am.startContainer(nodeId(nmIndex), command, env);
  }

  /**
   * What the RM does for a restore: allocates a container on NM i, has NM i's agent issue
   * it the restore ticket of migration m (prepareRestore, naming the source container), and
   * starts it with {@link MigrationContract#RESTORE_ENV}{@code =m}.
   *
   * @throws IllegalStateException when the agent issues no ticket (its diagnostics)
   */
  public Container startRestore(int nmIndex, String m, ContainerId source) throws Exception {
    return am.startContainer(nodeId(nmIndex), "sleep 1 # replaced by the restore",
        java.util.Collections.singletonMap(MigrationContract.RESTORE_ENV, m), target -> {
          org.apache.hadoop.yarn.server.api.migration.protocolrecords.PrepareRestoreResponse r;
          try {
            r = aux(nmIndex).getAgent().prepareRestore(org.apache.hadoop.yarn.server.api
                .migration.protocolrecords.PrepareRestoreRequest.newInstance(m, source,
                    target.getId()));
          } catch (Exception e) {
            throw new IllegalStateException("prepareRestore of " + m + ": " + e, e);
          }
          if (!r.getReady()) {
            throw new IllegalStateException("no restore ticket for " + target.getId()
                + ": " + r.getDiagnostics());
          }
        });
  }

  public ContainerStatus status(Container c) throws Exception {
    return am.getNMClient().getContainerStatus(c.getId(), c.getNodeId());
  }

  public void stop(Container c) throws Exception {
    am.getNMClient().stopContainer(c.getId(), c.getNodeId());
  }

  /** The NM context of the NM that runs the container. */
  public Context context(Container c) {
    for (int i = 0; i < 2; i++) {
      if (nodeId(i).equals(c.getNodeId())) {
        return cluster.getNodeManager(i).getNMContext();
      }
    }
    throw new IllegalArgumentException("no NM for " + c.getNodeId());
  }

  /** Pid in the NM pid file (the launcher), waiting until it is there. */
  public int launcherPid(Container c) throws Exception {
    return launcherPid(context(c), c.getId());
  }

  /**
   * Pid in the pid file of the NM of {@code ctx} (the container's launcher), waiting up to
   * 30 s until it is there.
   */
  public static int launcherPid(Context ctx, ContainerId id) throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      String pid = ctx.getContainerExecutor().getProcessId(id);
      if (pid != null) {
        return Integer.parseInt(pid.trim());
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("no pid for " + id);
  }

  public File workDir(Container c) {
    return new File(context(c).getContainers().get(c.getId()).getWorkDir());
  }

  public File logDir(Container c) {
    return new File(context(c).getContainers().get(c.getId()).getLogDir());
  }

  public List<String> localDirs(int i) {
    return cluster.getNodeManager(i).getNMContext().getLocalDirsHandler().getLocalDirs();
  }

  /** Waits for the NM to report the container COMPLETE; returns its exit status. */
  public int awaitExit(Container c, long timeoutMs) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (System.currentTimeMillis() < deadline) {
      ContainerStatus s = status(c);
      if (s.getState() == org.apache.hadoop.yarn.api.records.ContainerState.COMPLETE) {
        return s.getExitStatus();
      }
      Thread.sleep(100);
    }
    throw new AssertionError(c.getId() + " did not complete: " + status(c));
  }

  /** Pids of processes whose environment names the container id. */
  public static List<Integer> processesOf(ContainerId id) {
    return processesWithEnv("CONTAINER_ID=" + id);
  }

  /** Pids of the (not zombie) processes whose environment contains {@code text}. */
  public static List<Integer> processesWithEnv(String text) {
    List<Integer> pids = new ArrayList<>();
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    File[] procs = new File("/proc").listFiles();
    if (procs == null) {
      return pids;
    }
    for (File p : procs) {
      if (!p.getName().matches("\\d+")) {
        continue;
      }
      try {
        byte[] env = Files.readAllBytes(Paths.get(p.getPath(), "environ"));
        if (indexOf(env, needle) >= 0 && !isZombie(p)) {
          pids.add(Integer.parseInt(p.getName()));
        }
      } catch (IOException e) {
        // gone or not readable
      }
    }
    return pids;
  }

  private static boolean isZombie(File proc) throws IOException {
    String stat = new String(Files.readAllBytes(Paths.get(proc.getPath(), "stat")),
        StandardCharsets.UTF_8);
    return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Override
  public void close() {
    if (am != null) {
      am.close();
    }
    cluster.stop();
  }
}
