/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.criu.Criu;
import org.apache.hadoop.criu.cgroup.CgroupFreezers;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.api.migration.MigrationContract;
import org.apache.hadoop.yarn.server.nodemanager.migration.MigrationTestCluster;
import org.apache.hadoop.yarn.server.nodemanager.migration.ProcSnapshot;
import org.apache.hadoop.yarn.server.nodemanager.migration.executor.CheckpointableContainerExecutor;
import org.apache.hadoop.yarn.server.nodemanager.migration.executor.Workload;
import org.apache.hadoop.yarn.server.nodemanager.migration.restore.MigrationDirs;
import org.apache.hadoop.yarn.server.nodemanager.migration.restore.RestoreStatus;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real CRIU, real NodeManagers: a stateful container is checkpointed on NM1 and restored
 * as a new container on NM2; and a real CRIU dump failure leaves the container running.
 */
public class TestContainerCheckpointRestore {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(300);

  private static final Logger LOG = LoggerFactory.getLogger(TestContainerCheckpointRestore.class);

  private static MigrationTestCluster cluster;

  @BeforeClass
  public static void startCluster() throws Exception {
    MigrationTestCluster.assumeRootAndCriu();
    // the aux service keeps NM2's record of the migrations it receives: the restore takes
    // the images from it
    cluster = new MigrationTestCluster("TestContainerCheckpointRestore",
        MigrationTestCluster.transferConf(new File(System.getProperty("test.build.dir",
            "target"), "migration-keys/TestContainerCheckpointRestore.key"),
            "checkpoint-restore-test-key-0123".getBytes(
                java.nio.charset.StandardCharsets.UTF_8)));
  }

  @AfterClass
  public static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static ContainerCheckpointer checkpointer(int nm) throws Exception {
    return new ContainerCheckpointer(new Criu("criu"), CgroupFreezers.detect(),
        cluster.nodeId(nm).toString(), 10_000);
  }

  private static File outputDir(String migrationId) {
    return new File(new File(System.getProperty("test.build.dir", "target"), "checkpoints"),
        migrationId).getAbsoluteFile();
  }

  /** The uid of {@code nobody}, the default non-secure local user. */
  static final int NOBODY = 65534;

  /** Every one of these processes (there is one at least) runs as nobody, uid and gid. */
  static void assertRunAsNobody(List<Integer> pids) throws IOException {
    assertFalse("the container's processes", pids.isEmpty());
    for (int pid : pids) {
      int[] ids = org.apache.hadoop.criu.CriuCredentials.idsOf(pid);
      assertEquals("uid of " + pid, NOBODY, ids[0]);
      assertEquals("gid of " + pid, NOBODY, ids[1]);
    }
  }

  /**
   * A container launched by a real NodeManager with the checkpointable executor runs in a
   * pid namespace of its own, with a private TMPDIR, and its stop leaves no process (in
   * this class to share its cluster: a cluster of its own cost 10 s).
   */
  @Test
  public void givenRunningContainer_whenInspected_thenOwnPidNamespaceAndStopLeavesNoProcess()
      throws Exception {
    Container c = cluster.start(0, Workload.command(), Collections.<String, String>emptyMap());
    int launcher = cluster.launcherPid(c);
    ContainerProcesses procs = TestHelpers.awaitTree(launcher);
    int init = procs.getNamespaceInit();
    Workload.awaitCount(cluster.workDir(c), 5, 20_000);

    List<String> nspid = ContainerProcesses.nsPids(init);
    assertEquals("NSpid of the namespace init: " + nspid, "1", nspid.get(nspid.size() - 1));
    assertNotEquals(Files.readSymbolicLink(Paths.get("/proc/self/ns/pid")),
        Files.readSymbolicLink(Paths.get("/proc/" + init + "/ns/pid")));
    assertTrue("TMPDIR is private: " + Workload.environOf(init),
        Workload.environOf(init).contains("TMPDIR=" + cluster.workDir(c) + "/tmp"));
    ProcSnapshot tree = ProcSnapshot.ofTree(launcher);
    tree.addAll(MigrationTestCluster.processesOf(c.getId()));
    assertTrue("launcher, unshare, ns init, cat, sleep: " + tree, tree.size() >= 4);

    cluster.stop(c);

    TestHelpers.awaitNoSurvivors(tree, 10_000);
    assertEquals(Collections.emptyList(), MigrationTestCluster.processesOf(c.getId()));
  }

  @Test
  public void givenStatefulContainerOnNm1_whenCheckpointedAndRestoredOnNm2_thenItContinues()
      throws Exception {
    String m = "m-restore-" + System.currentTimeMillis();
    Container source = cluster.start(0, Workload.command(), Collections.<String, String>emptyMap());
    int launcher = cluster.launcherPid(source);
    File sourceWork = cluster.workDir(source);
    TestHelpers.awaitTree(launcher);
    Workload.awaitCount(sourceWork, 10, 20_000);
    ProcSnapshot sourceProcs = ProcSnapshot.ofTree(launcher)
        .addAll(MigrationTestCluster.processesOf(source.getId()));
    // the container runs as the default non-secure local user, not as the NM's root
    assertRunAsNobody(MigrationTestCluster.processesOf(source.getId()));

    // Given: the tree is checkpointed on NM1 and stays frozen
    FrozenCheckpoint cp = checkpointer(0).checkpoint(new CheckpointRequest(
        source.getId().toString(), launcher, sourceWork, cluster.logDir(source), m,
        outputDir(m)), TargetCheck.NOT_ASKED);
    LOG.info("MIGRATION-METRICS migration={} frozenTimeMs={} dumpTimeMs={} imageBytes={}"
        + " workDirBytes={}", m, cp.getFrozenTimeMs(), cp.getDumpTimeMs(),
        cp.getImageBytes(), cp.getWorkDirBytes());
    // a failure before the source completes thaws it (frozen on cgroup v1, it could not be killed)
    boolean completed = false;
    List<String> dumped;
    int dumpedCount;
    File nm2Dir;
    Container target;
    try {
      dumped = Workload.counterLines(new File(cp.getOutputDir(), "workdir"));
      dumpedCount = Integer.parseInt(dumped.get(dumped.size() - 1));
      Thread.sleep(500);
      assertEquals("frozen: the counter does not move", dumpedCount, Workload.lastCount(sourceWork));

      // images + work dir + spec where NM2 expects migration m (same host: a plain copy)
      nm2Dir = MigrationDirs.under(cluster.localDirs(1).get(0),
          MigrationConfiguration.DEFAULT_NM_MIGRATION_IMAGES_DIR, m);
      TestHelpers.copyTree(cp.getOutputDir(), nm2Dir);
      // what NM2's receiver does once every image arrived and was verified
      cluster.aux(1).getTargetMigrations().imagesReceived(m, nm2Dir.toPath());

      // When: a new container on NM2 restores migration m
      target = cluster.startRestore(1, m, source.getId());
      RestoreStatus status = new RestoreStatus(nm2Dir);
      if (!status.awaitRestored(60_000)) {
        fail("not restored: " + cluster.status(target) + "\n" + status.restoreLogTail(30));
      }
      cp.complete();
      completed = true;
    } finally {
      if (!completed) {
        cp.abort();
      }
    }

    // Then: the source ends as migrated, nothing of it remains on NM1
    assertEquals(MigrationContract.EXIT_MIGRATED, cluster.awaitExit(source, 30_000));
    assertEquals(Collections.emptyList(), sourceProcs.survivors());

    // the counter continued from its dumped value in the target's work dir
    File targetWork = cluster.workDir(target);
    Workload.awaitCount(targetWork, dumpedCount + 10, 20_000);
    // the restored tree runs as the same user, and its files on NM2 are that user's
    assertRunAsNobody(MigrationTestCluster.processesOf(source.getId()));
    assertEquals(NOBODY, Files.getAttribute(new File(targetWork, "counter.txt").toPath(),
        "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS));
    assertEquals(NOBODY, Files.getAttribute(targetWork.toPath(), "unix:uid",
        java.nio.file.LinkOption.NOFOLLOW_LINKS));
    List<String> lines = Workload.counterLines(targetWork);
    assertEquals("all pre-migration lines kept", dumped, lines.subList(0, dumped.size()));
    assertEquals("continued, not restarted", String.valueOf(dumpedCount + 1),
        lines.get(dumped.size()));
    String stdout = new String(Files.readAllBytes(
        new File(cluster.logDir(target), "stdout").toPath()), StandardCharsets.UTF_8);
    assertTrue("new output in NM2's stdout: " + stdout,
        stdout.contains("count " + (dumpedCount + 1) + "\n"));
    assertFalse("no pre-migration output in NM2's stdout", stdout.contains("count 1\n"));
    List<String> child = Files.readAllLines(new File(targetWork, Workload.CHILD_FILE).toPath());
    assertTrue("the piped child runs on: " + child.size(),
        child.contains(String.valueOf(dumpedCount + 5)));
    assertFalse("source freezer cgroup removed", new File("/sys/fs/cgroup/freezer/"
        + ContainerCheckpointer.cgroupName(source.getId().toString())).exists());

    // stopping the restored container leaves no process
    int targetLauncher = cluster.launcherPid(target);
    ProcSnapshot targetProcs = ProcSnapshot.ofTree(targetLauncher)
        .addAll(MigrationTestCluster.processesOf(target.getId()))
        .addAll(MigrationTestCluster.processesOf(source.getId()));
    assertTrue("launcher, unshare/criu, restored init, cat: " + targetProcs, targetProcs.size() >= 4);
    cluster.stop(target);
    TestHelpers.awaitNoSurvivors(targetProcs, 10_000);
    assertEquals(Collections.emptyList(), MigrationTestCluster.processesOf(source.getId()));
    assertEquals(Collections.emptyList(), MigrationTestCluster.processesOf(target.getId()));
    TestHelpers.deleteTree(nm2Dir);
  }

  /**
   * An application's environment reaches no root shell of the launch: with stock
   * DefaultContainerExecutor a {@code BASH_ENV} (or {@code LD_PRELOAD}) in the launch
   * context runs the application's code in the NodeManager's root shells. Here the script
   * it names runs, but only as the container's user.
   */
  @Test
  public void givenBashEnvInTheLaunchContext_whenLaunched_thenItsScriptRunsOnlyAsTheUser()
      throws Exception {
    File dir = new File(System.getProperty("test.build.dir", "target"), "bash-env")
        .getAbsoluteFile();
    TestHelpers.deleteTree(dir);
    assertTrue(dir.mkdirs());
    for (File f = dir; f != null; f = f.getParentFile()) {
      f.setExecutable(true, false);
    }
    dir.setWritable(true, false);
    File ran = new File(dir, "ran-as");
    File script = new File(dir, "bash-env.sh");
    Files.write(script.toPath(), ("echo \"$(id -u) $(tr '\\0' ' ' < /proc/$$/cmdline)\" >> "
        + ran + "\n").getBytes(StandardCharsets.UTF_8));
    script.setReadable(true, false);
    Container c = cluster.start(0, Workload.command(),
        Collections.singletonMap("BASH_ENV", script.getPath()));
    TestHelpers.awaitTree(cluster.launcherPid(c));
    Workload.awaitCount(cluster.workDir(c), 3, 20_000);
    cluster.stop(c);
    // and a container stopped while it is being launched
    Container d = cluster.start(0, Workload.command(),
        Collections.singletonMap("BASH_ENV", script.getPath()));
    cluster.stop(d);
    cluster.awaitExit(d, 30_000);
    List<String> ids = Files.readAllLines(ran.toPath(), StandardCharsets.UTF_8);
    assertFalse("the script ran, in the container", ids.isEmpty());
    assertEquals("never as root: " + ids, Collections.emptyList(), ids.stream()
        .filter(id -> !id.startsWith(NOBODY + " "))
        .collect(java.util.stream.Collectors.toList()));
  }

  /**
   * Images are untrusted input: a tree dumped as root (NM1 configured to run containers as
   * root) restored for a container that runs as nobody (NM2, the default) would come back
   * with root's ids. The restore kills it before it resumes and fails naming the task; the
   * source, thawed by the abort, counts on.
   */
  @Test
  public void givenImagesOfARootTree_whenRestoredForANobodyContainer_thenKilledBeforeItRuns()
      throws Exception {
    String m = "migration_1_rootimages";
    // the executor's own configuration, which it reads at each launch
    Configuration nm1 = cluster.getNodeManager(0).getNMContext().getContainerExecutor()
        .getConf();
    nm1.set(YarnConfiguration.NM_NONSECURE_MODE_LOCAL_USER_KEY, "root");
    Container source;
    int launcher;
    File sourceWork;
    try {
      source = cluster.start(0, Workload.command(), Collections.<String, String>emptyMap());
      // the launch is asynchronous: the key stays until the tree runs
      launcher = cluster.launcherPid(source);
      sourceWork = cluster.workDir(source);
      TestHelpers.awaitTree(launcher);
      Workload.awaitCount(sourceWork, 5, 20_000);
    } finally {
      nm1.unset(YarnConfiguration.NM_NONSECURE_MODE_LOCAL_USER_KEY);
    }
    assertEquals("runs as root, as NM1 was told", 0, org.apache.hadoop.criu.CriuCredentials
        .idsOf(MigrationTestCluster.processesOf(source.getId()).get(0))[0]);

    FrozenCheckpoint cp = checkpointer(0).checkpoint(new CheckpointRequest(
        source.getId().toString(), launcher, sourceWork, cluster.logDir(source), m,
        outputDir(m)), TargetCheck.NOT_ASKED);
    File nm2Dir = MigrationDirs.under(cluster.localDirs(1).get(0),
        MigrationConfiguration.DEFAULT_NM_MIGRATION_IMAGES_DIR, m);
    Container target;
    try {
      TestHelpers.copyTree(cp.getOutputDir(), nm2Dir);
      cluster.aux(1).getTargetMigrations().imagesReceived(m, nm2Dir.toPath());
      target = cluster.startRestore(1, m, source.getId());
      // the restore container ends (the agent reports a restore container that ended
      // unmarked as RESTORE_FAILED, whatever its exit status)
      cluster.awaitExit(target, 60_000);
      RestoreStatus status = new RestoreStatus(nm2Dir);
      assertFalse("never marked restored", status.isRestored());
      String log = status.restoreLogTail(200);
      assertTrue("CRIU ran the check: " + log, log.contains("Pre-resume script ret code"));
      assertTrue("names the task and the user: " + log, log.contains(
          "the images bring back a task that would not run as 65534:65534"));
      assertEquals("nothing of the tree runs on NM2", Collections.emptyList(),
          MigrationTestCluster.processesOf(source.getId()).stream()
              .filter(pid -> pid != launcher && !isDescendant(pid, launcher))
              .collect(java.util.stream.Collectors.toList()));
    } finally {
      cp.abort();
    }
    // the source thawed and counts on
    int at = Workload.lastCount(sourceWork);
    Workload.awaitCount(sourceWork, at + 5, 20_000);
    cluster.stop(source);
    TestHelpers.deleteTree(nm2Dir);
  }

  private static boolean isDescendant(int pid, int ancestor) {
    try {
      for (int p = pid; p > 1; ) {
        if (p == ancestor) {
          return true;
        }
        String stat = new String(Files.readAllBytes(Paths.get("/proc", Integer.toString(p),
            "stat")), StandardCharsets.UTF_8);
        p = Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  @Test
  public void givenContainerWithEstablishedTcpConnection_whenCheckpointed_thenCriuReasonAndItRunsOn()
      throws Exception {
    String m = "m-fail-" + System.currentTimeMillis();
    try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      // the workload holds an established TCP connection: CRIU refuses without --tcp-established
      String cmd = "exec 5<>/dev/tcp/127.0.0.1/" + server.getLocalPort() + "; " + Workload.command();
      Container c = cluster.start(0, cmd, Collections.<String, String>emptyMap());
      List<Socket> accepted = new ArrayList<>();
      accepted.add(server.accept());
      int launcher = cluster.launcherPid(c);
      File work = cluster.workDir(c);
      TestHelpers.awaitTree(launcher);
      Workload.awaitCount(work, 5, 20_000);
      File out = outputDir(m);
      try {
        checkpointer(0).checkpoint(new CheckpointRequest(c.getId().toString(), launcher, work,
            cluster.logDir(c), m, out), TargetCheck.NOT_ASKED);
        fail("checkpoint with an established TCP connection succeeded");
      } catch (CheckpointException e) {
        LOG.info("Expected failure: {}", e.getMessage());
        assertTrue(e.getMessage(), e.getMessage().startsWith("Checkpoint of " + c.getId()
            + " (migration " + m + ", node " + cluster.nodeId(0) + ") failed: "));
        assertTrue("CRIU's reason: " + e.getReason(),
            e.getReason().contains("Connected TCP socket"));
      }
      // the container runs on, thawed; nothing left behind
      int before = Workload.lastCount(work);
      Workload.awaitCount(work, before + 5, 10_000);
      assertFalse("partial output deleted", out.exists());
      assertFalse("freezer cgroup removed", new File("/sys/fs/cgroup/freezer/"
          + ContainerCheckpointer.cgroupName(c.getId().toString())).exists());
      cluster.stop(c);
      for (Socket s : accepted) {
        s.close();
      }
    }
  }
}
