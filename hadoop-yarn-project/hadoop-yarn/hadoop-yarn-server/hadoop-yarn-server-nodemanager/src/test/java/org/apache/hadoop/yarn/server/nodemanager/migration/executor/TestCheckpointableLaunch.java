/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.executor;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.List;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.server.nodemanager.migration.MigrationTestCluster;
import org.apache.hadoop.yarn.server.nodemanager.migration.ProcSnapshot;
import org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint.ContainerProcesses;
import org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint.TestHelpers;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/** Containers launched by a real NodeManager with {@link CheckpointableContainerExecutor}. */
public class TestCheckpointableLaunch {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(180);

  private static MigrationTestCluster cluster;

  @BeforeClass
  public static void startCluster() throws Exception {
    MigrationTestCluster.assumeRootAndCriu();
    cluster = new MigrationTestCluster("TestCheckpointableLaunch");
  }

  @AfterClass
  public static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

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
}
