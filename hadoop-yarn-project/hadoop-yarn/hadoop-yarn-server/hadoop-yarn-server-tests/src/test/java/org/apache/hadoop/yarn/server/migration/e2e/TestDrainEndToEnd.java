/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.migration.e2e;

import static org.apache.hadoop.yarn.server.migration.e2e.PseudoCluster.log;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.hadoop.criu.BoundedRun;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestRule;
import org.junit.rules.TestWatcher;
import org.junit.runners.MethodSorters;

/**
 * Node drain end to end: {@code yarn rmadmin -decommission} on a node running a MapReduce
 * job's AM and tasks live-migrates them to the other node, which holds the empty node
 * until the job ends SUCCEEDED with nothing run again; and the stock trigger,
 * {@code yarn rmadmin -refreshNodes -g <timeout> -client} with the node's host in the RM's
 * exclude file, on a node running three stateful distributed-shell containers, which ends
 * DECOMMISSIONED while the application goes on and succeeds.
 *
 * <p>3.1.0's exclude file names hosts ({@code NodesListManager.isValidNode} matches the
 * RMNode's host name and its resolved IP against the file's entries; ports play no
 part); on the pseudo cluster's isolated hosts every NodeManager has a host of its own
 * (the cluster is started with {@code PSEUDO_CLUSTER_DISTINCT_HOSTS=1}, which also makes
 * them distinct in the shared-host mode). One cluster for both tests: each begins with
 * both nodes RUNNING again ({@link #bothNodesRunning}).
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class TestDrainEndToEnd {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(600);

  private static final int PORT_BASE = 24300;
  private static final int ITERATIONS = 300;

  private static PseudoCluster cluster;

  @Rule
  public TestWatcher dumpLogsOnFailure = PseudoCluster.dumpLogsOnFailure(() -> cluster);

  /** One cluster for the class; each test begins with both nodes RUNNING. */
  @BeforeClass
  public static void startCluster() throws Exception {
    PseudoCluster.checkPrerequisites();
    // A decommissioned NodeManager shuts down. When the distributed shell's AM ends, its
    // NMClient stops every container it started, by the ORIGINAL id on the ORIGINAL node
    // (3.1.0 NMClientImpl.cleanupRunningContainers; the RM's id translation cannot reach
    // that direct AM->NM call): for each migrated container it retries the dead NM1 for
    // yarn.client.nodemanager-connect.max-wait-ms (3 min by default), i.e. 9 min here
    // before the AM unregisters. The containers' NM config (which the AM reads) gets a
    // short wait instead; the application still has to end SUCCEEDED.
    cluster = new PseudoCluster("drain", PORT_BASE)
        .withYarnSite("yarn.client.nodemanager-connect.max-wait-ms", "1000")
        .withYarnSite("yarn.client.nodemanager-connect.retry-interval-ms", "500")
        // the containers' logs stay on their nodes once aggregated: the test reads the AM's
        .withDeleteDelaySeconds(600)
        .withDistinctHosts();
    cluster.start();
  }

  @AfterClass
  public static void stopCluster() throws Exception {
    if (cluster != null && cluster.isStarted()) {
      cluster.stop();
    }
  }

  /**
   * Both nodes RUNNING: a node an earlier test drained leaves the exclude file (the RM
   * recommissions it on -refreshNodes), its NodeManager (which the RM shut down) ends, and
   * it is started again; a node drained by 'yarn rmadmin -decommission' registers again
   * once its NodeManager starts.
   */
  @Before
  public void bothNodesRunning() throws Exception {
    if (cluster.excludeFile().length() > 0) {
      Files.write(cluster.excludeFile().toPath(), new byte[0]);
      PseudoCluster.Result r = cluster.yarn("rmadmin", "-refreshNodes");
      assertEquals("yarn rmadmin -refreshNodes:\n" + r, 0, r.exitCode);
    }
    String[][] nms = {{"nm1", cluster.nm1()}, {"nm2", cluster.nm2()}};
    for (String[] nm : nms) {
      JsonNode n = cluster.nodes().get(nm[1]);
      if (n != null && "RUNNING".equals(n.path("state").asText())) {
        continue;
      }
      int pid = cluster.daemonPid(nm[0]);
      long deadline = System.currentTimeMillis() + 60_000;
      while (pid > 0 && new java.io.File("/proc/" + pid).exists()) {
        assertTrue(nm[0] + " (pid " + pid + ") still runs 60 s after its node was "
            + (n == null ? "gone" : n.path("state").asText()), System.currentTimeMillis()
            < deadline);
        Thread.sleep(250);
      }
      cluster.startDaemon(nm[0]);
    }
  }

  /**
   * The stock graceful decommission: NM1's host in conf-rm/nodes.exclude and
   * {@code yarn rmadmin -refreshNodes -g 120 -client} (3.1.0 RMAdminCLI: sends
   * refreshNodes(GRACEFUL, 120), then polls checkForDecommissioningNodes every second
   * until none is left, "Graceful decommissioning completed in N seconds.", or forces
   * the decommission after 120 + 5 s). The RM's NodesListManager fires
   * RMNodeDecommissioningEvent for NM1 only, the drainer migrates its six containers (three
   * workers of each of two applications) to NM2 and decommissions NM1 once it is empty, so
   * the CLI returns well before the timeout.
   */
  @Test(timeout = 300_000)
  public void givenStockGracefulDecommission_whenRefreshNodesGraceful_thenContainersMigrateAndNodeDecommissioned()
      throws Exception {
    String nm1 = cluster.nm1();
    String nm2 = cluster.nm2();
    String nm1Host = PseudoCluster.host(nm1);
    assertTrue("NM1 " + nm1 + " and NM2 " + nm2 + " must differ by host",
        !nm1Host.equals(PseudoCluster.host(nm2)));
    List<DistributedShellJob> jobs = Arrays.asList(
        DistributedShellJob.submitOnNm1(cluster, "drain-stock", 3, ITERATIONS),
        DistributedShellJob.submitAlongsideOnNm1(cluster, "drain-stock-2", 3, ITERATIONS));
    Map<String, Integer> before = new LinkedHashMap<>();
    for (DistributedShellJob job : jobs) {
      for (String w : job.workers) {
        List<Integer> c = job.counter(nm1, w);
        before.put(w, c.get(c.size() - 1));
      }
    }

    Files.write(cluster.excludeFile().toPath(),
        (nm1Host + "\n").getBytes(StandardCharsets.UTF_8));
    log("exclude file " + cluster.excludeFile() + ": " + nm1Host);
    PseudoCluster.Result r = cluster.yarnWithTimeout(200, "rmadmin", "-refreshNodes", "-g",
        "120", "-client");
    log("yarn rmadmin -refreshNodes -g 120 -client:\n" + r);
    assertEquals("yarn rmadmin -refreshNodes:\n" + r, 0, r.exitCode);
    assertTrue("the graceful decommission did not complete before its timeout:\n" + r,
        Pattern.compile("(?m)^Graceful decommissioning completed in \\d+ seconds\\.$")
            .matcher(r.stdout).find());

    // each worker of both applications migrated (SUCCEEDED) to NM2 and its counter
    // continues there
    List<Map<String, String>> targetsOf = new ArrayList<>();
    for (DistributedShellJob job : jobs) {
      JsonNode ms = cluster.get("/ws/v1/cluster/migrations?appId=" + job.appId)
          .path("migrations").path("migration");
      Map<String, String> targets = new LinkedHashMap<>();
      for (JsonNode m : ms) {
        if ("SUCCEEDED".equals(m.path("state").asText())) {
          targets.put(m.path("containerId").asText(), m.path("targetContainerId").asText());
          assertEquals(m.toString(), nm2, m.path("targetNode").asText());
          log("DOWNTIME (stock drain) " + m.path("containerId").asText() + " -> "
              + m.path("targetContainerId").asText() + ": "
              + m.path("frozenTimeMs").asLong() / 1000.0 + " s");
        }
      }
      assertEquals("SUCCEEDED migrations of " + job.appId + ": " + ms, job.workers,
          new ArrayList<>(new TreeMap<>(targets).keySet()));
      for (String w : job.workers) {
        job.assertContinues(nm2, w, targets.get(w), before.get(w));
      }
      job.assertNoProcessLeft(nm1, "nm1", job.workers);
      targetsOf.add(targets);
    }

    // NM1 DECOMMISSIONED, NM2 still RUNNING (the exclude entry named NM1's host only)
    assertDecommissionedAndRunning(nm1, nm2);

    for (int i = 0; i < jobs.size(); i++) {
      jobs.get(i).finish(nm2, new ArrayList<>(targetsOf.get(i).values()));
    }
    assertEquals("NM1 left DECOMMISSIONED: " + cluster.node(nm1), "DECOMMISSIONED",
        cluster.node(nm1).path("state").asText());
    assertEquals("NM2 left RUNNING: " + cluster.node(nm2), "RUNNING",
        cluster.node(nm2).path("state").asText());
  }

  /**
   * A MapReduce job on one node: wordcount's AM (with an address of its own), its running
   * map and its running reduce (the AM and the reduce moved beside the map by the CLI when
   * they started elsewhere). {@code yarn rmadmin -decommission} moves them all
   * to the other node (the AM after its tasks), then holds the empty node DECOMMISSIONING
   * while the job runs -- its shuffle serves the moved map's output, pulled back from the
   * other node, and the MR AM is never told the node is gone -- and decommissions it once
   * the job ended: SUCCEEDED, exactly the expected counts, no attempt run again, one AM
   * attempt.
   */
  @Test(timeout = 420_000)
  public void givenWordcountsAmAndRunningMapOnOneNode_whenDecommissioned_thenAllMoveAndTheJobSucceedsWithNothingRunAgain()
      throws Exception {
    assertTrue("MapReduce on HDFS runs on the isolated hosts only",
        cluster.env("FS_DEFAULT").startsWith("hdfs://"));
    // 192 MB in one split (one map; its two blocks are read in turn): the map still runs
    // after the reduce and the AM came beside it and the drain began. 128 MB once ended 2 s
    // before the drain's first round (a map of 30 s on a quiet machine), so nothing moved.
    WordcountJob job = WordcountJob.withInput(cluster, 192);
    String app = job.submit("yarn.app.mapreduce.am.env=HADOOP_MAPRED_HOME=${env."
        + "HADOOP_MAPRED_HOME},YARN_MIGRATION_NETWORK=own",
        "mapreduce.input.fileinputformat.split.minsize=" + (256L << 20));
    try {
      WordcountJob.Task map = job.awaitSpillingMap(app, 2);
      String drained = map.node;
      String other = drained.equals(cluster.nm1()) ? cluster.nm2() : cluster.nm1();
      // the reduce runs beside the map (the small map ended at once): their restores on the
      // other node run at the same time and need links at the same source paths
      WordcountJob.Task reduce = job.awaitRunningReduce(app);
      if (!reduce.node.equals(drained)) {
        PseudoCluster.Result r = cluster.yarn("container", "-migrate", reduce.container,
            "-node", drained);
        log("the reduce " + reduce + " -> " + drained + " (beside the map):\n" + r);
        assertEquals(r.toString(), 0, r.exitCode);
      }
      WordcountJob.Task am = job.am(app);
      if (!am.node.equals(drained)) {
        PseudoCluster.Result r = cluster.yarn("container", "-migrate", am.container, "-node",
            drained, "-tcp", "established");
        log("the MapReduce AM " + am + " -> " + drained + " (beside its map):\n" + r);
        assertEquals(r.toString(), 0, r.exitCode);
        am = job.am(app);
        assertEquals(am.toString(), drained, am.node);
      }
      log("draining " + drained + ": the AM " + am.container + ", tasks " + job.tasks(app));
      PseudoCluster.Result r = cluster.yarnWithTimeout(240, "rmadmin", "-decommission",
          drained, "-timeout", "120");
      log("yarn rmadmin -decommission " + drained + " -timeout 120:\n" + r);
      assertEquals("yarn rmadmin -decommission:\n" + r, 0, r.exitCode);
      assertTrue(r.stdout, r.stdout.startsWith("Decommissioning " + drained
          + " (graceful decommission timeout 120 s)"));
      // every container of the node moved to the other one, the map and the AM among them
      Matcher moved = Pattern.compile("(?m)^\\s+(container_\\S+)\\s+MIGRATED"
          + "\\s+migration_\\S+ -> (\\S+)$").matcher(r.stdout);
      List<String> movedContainers = new ArrayList<>();
      while (moved.find()) {
        assertEquals(moved.group(), other, moved.group(2));
        movedContainers.add(moved.group(1));
      }
      assertTrue(r.stdout, movedContainers.contains(map.container));
      assertTrue(r.stdout, movedContainers.contains(am.container));
      assertTrue(r.stdout, r.stdout.contains("Node " + drained + " DECOMMISSIONED: "
          + movedContainers.size() + " of " + movedContainers.size()
          + " containers migrated\n"));
      // the empty node was held for the job, and said so
      assertTrue(r.stdout, r.stdout.contains("Node " + drained + " DRAINED: drained;"
          + " decommissioned once [MAPREDUCE] application(s) [" + app + "] that ran on it"
          + " finish"));
      for (JsonNode m : cluster.get("/ws/v1/cluster/migrations?appId=" + app)
          .path("migrations").path("migration")) {
        assertEquals(m.toString(), "SUCCEEDED", m.path("state").asText());
        if (drained.equals(m.path("sourceNode").asText())) {
          log("DOWNTIME (drain) " + m.path("containerId").asText() + " -> "
              + m.path("targetContainerId").asText() + ": "
              + m.path("frozenTimeMs").asLong() / 1000.0 + " s");
        }
      }

      String out = job.awaitEnd();
      log("wordcount client:\n" + out);
      job.assertCounts();
      WordcountJob.assertNoAttemptRunAgain(out, "wordcount with its AM, map and reduce"
          + " drained");
      assertEquals("the AM's attempt survived the drain", 1,
          cluster.get("/ws/v1/cluster/apps/" + app + "/appattempts").path("appAttempts")
              .path("appAttempt").size());
      assertEquals("the AM ran on " + other + " in the end", other, job.am(app).node);
      // the drain named no TCP mode: AUTO kept the connections of the AM, which has an
      // address of its own -- none broke (closed ones fail a pending NameNode call, and the
      // open job-history file's pipeline: the .jhist then never reaches the history server)
      String amLog = job.syslog(other, app, job.am(app).container);
      for (String broken : new String[] {"End of File Exception between local host is",
          "Error Recovery for", "Error writing History Event"}) {
        assertFalse("the moved AM lost a connection (" + broken + "):\n" + amLog,
            amLog.contains(broken));
      }
      assertEquals(cluster.app(app).toString(), "SUCCEEDED",
          cluster.app(app).path("finalStatus").asText());

      assertDecommissionedAndRunning(drained, other);
    } finally {
      job.killIfRunning(app);
      job.delete();
    }
  }

  /** One node DECOMMISSIONED, the other RUNNING: by REST and by yarn node -list -all. */
  private static void assertDecommissionedAndRunning(String decommissioned, String running)
      throws Exception {
    assertEquals(cluster.node(decommissioned).toString(), "DECOMMISSIONED",
        cluster.node(decommissioned).path("state").asText());
    assertEquals(cluster.node(running).toString(), "RUNNING",
        cluster.node(running).path("state").asText());
    PseudoCluster.Result nl = cluster.yarn("node", "-list", "-all");
    log(nl.toString());
    assertEquals(nl.toString(), 0, nl.exitCode);
    assertTrue(nl.stdout, Pattern.compile("(?m)^\\s*" + Pattern.quote(decommissioned)
        + "\\s+DECOMMISSIONED\\s").matcher(nl.stdout).find());
    assertTrue(nl.stdout, Pattern.compile("(?m)^\\s*" + Pattern.quote(running)
        + "\\s+RUNNING\\s").matcher(nl.stdout).find());
  }
}
