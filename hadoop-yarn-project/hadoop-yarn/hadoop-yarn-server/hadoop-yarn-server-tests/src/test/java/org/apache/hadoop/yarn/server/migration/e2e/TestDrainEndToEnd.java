/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.migration.e2e;

import static org.apache.hadoop.yarn.server.migration.e2e.PseudoCluster.log;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.hadoop.criu.BoundedRun;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestRule;
import org.junit.rules.TestWatcher;
import org.junit.runner.Description;

/**
 * Node drain end to end: {@code yarn rmadmin -decommission} on a node running three
 * stateful distributed-shell containers live-migrates them to the other node, then the
 * node ends DECOMMISSIONED while the application goes on and succeeds; and the same
 * through the stock trigger, {@code yarn rmadmin -refreshNodes -g <timeout> -client} with
 * the node's host in the RM's exclude file.
 *
 * <p>3.1.0's exclude file names hosts ({@code NodesListManager.isValidNode} matches the
 * RMNode's host name and its resolved IP against the file's entries; ports play no
 * part), and by default both NodeManagers of the pseudo cluster are {@code localhost}, so
 * the stock test runs its own cluster with {@code PSEUDO_CLUSTER_DISTINCT_HOSTS=1}: NM1
 * registers as {@code localhost} (127.0.0.1), NM2 as {@code 127.0.0.2} (both loopback).
 * Each test starts and stops its own cluster.
 */
public class TestDrainEndToEnd {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(600);

  private static final int PORT_BASE = 24300;
  private static final int STOCK_PORT_BASE = 24600;
  private static final int ITERATIONS = 300;

  private static PseudoCluster cluster;

  @Rule
  public TestWatcher dumpLogsOnFailure = new TestWatcher() {
    @Override
    protected void failed(Throwable e, Description d) {
      if (cluster != null) {
        log(d.getMethodName() + " failed: " + e);
        cluster.dumpLogs();
      }
    }
  };

  @BeforeClass
  public static void checkPrerequisites() {
    PseudoCluster.checkPrerequisites();
  }

  private static void startCluster(String name, int portBase, boolean distinctHosts)
      throws Exception {
    // A decommissioned NodeManager shuts down. When the distributed shell's AM ends, its
    // NMClient stops every container it started, by the ORIGINAL id on the ORIGINAL node
    // (3.1.0 NMClientImpl.cleanupRunningContainers; the RM's id translation cannot reach
    // that direct AM->NM call): for each migrated container it retries the dead NM1 for
    // yarn.client.nodemanager-connect.max-wait-ms (3 min by default), i.e. 9 min here
    // before the AM unregisters. The containers' NM config (which the AM reads) gets a
    // short wait instead; the application still has to end SUCCEEDED.
    cluster = new PseudoCluster(name, portBase)
        .withYarnSite("yarn.client.nodemanager-connect.max-wait-ms", "3000")
        .withYarnSite("yarn.client.nodemanager-connect.retry-interval-ms", "1000");
    if (distinctHosts) {
      cluster.withDistinctHosts();
    }
    cluster.start();
  }

  /** Stops the test's cluster (the reference stays for the failure log dump). */
  @After
  public void stopCluster() throws Exception {
    if (cluster != null && cluster.isStarted()) {
      cluster.stop();
    }
  }

  /**
   * NM1 runs three workers and their ApplicationMaster (moved there first by the CLI):
   * the drain moves all four to NM2 (the AM after its workers) and NM1 is DECOMMISSIONED
   * while the application runs on; it then ends SUCCEEDED.
   */
  @Test(timeout = 300_000)
  public void givenAnAmAndThreeWorkersOnNm1_whenDecommissioned_thenAllRunOnNm2AndNm1Decommissioned()
      throws Exception {
    startCluster("drain", PORT_BASE, false);
    String nm1 = cluster.nm1();
    String nm2 = cluster.nm2();
    DistributedShellJob job = DistributedShellJob.submitOnNm1(cluster, "drain", 3, ITERATIONS);
    String amOnNm1 = job.migrateByCli(job.amContainerId(), nm1, "the AM, to drain it with its"
        + " workers");
    Map<String, Integer> before = new LinkedHashMap<>();
    for (String w : job.workers) {
      List<Integer> c = job.counter(nm1, w);
      before.put(w, c.get(c.size() - 1));
    }

    PseudoCluster.Result r = cluster.yarnWithTimeout(240, "rmadmin", "-decommission", nm1,
        "-timeout", "120");
    log("yarn rmadmin -decommission " + nm1 + " -timeout 120:\n" + r);
    assertEquals("yarn rmadmin -decommission:\n" + r, 0, r.exitCode);
    assertTrue(r.stdout, r.stdout.startsWith("Decommissioning " + nm1
        + " (graceful decommission timeout 120 s)"));
    List<String> drained = new ArrayList<>(job.workers);
    drained.add(amOnNm1);
    java.util.Collections.sort(drained);
    for (String c : drained) {
      assertTrue("no MIGRATED line for " + c + ":\n" + r.stdout, Pattern.compile(
          "(?m)^\\s+" + c + "\\s+MIGRATED\\s+migration_\\S+ -> " + Pattern.quote(nm2))
          .matcher(r.stdout).find());
    }
    assertTrue(r.stdout, r.stdout.contains("Node " + nm1 + " DECOMMISSIONED: 4 of 4 "
        + "containers migrated"));
    assertEquals("the application runs on after the drain", "RUNNING",
        cluster.app(job.appId).path("state").asText());

    // each migration SUCCEEDED; its target continues the counter on NM2
    JsonNode ms = cluster.get("/ws/v1/cluster/migrations?appId=" + job.appId)
        .path("migrations").path("migration");
    Map<String, String> targets = new LinkedHashMap<>();
    for (JsonNode m : ms) {
      if ("SUCCEEDED".equals(m.path("state").asText())
          && nm1.equals(m.path("sourceNode").asText())) {
        targets.put(m.path("containerId").asText(), m.path("targetContainerId").asText());
        assertEquals(m.toString(), nm2, m.path("targetNode").asText());
        log("DOWNTIME (drain) " + m.path("containerId").asText() + " -> "
            + m.path("targetContainerId").asText() + ": "
            + m.path("frozenTimeMs").asLong() / 1000.0 + " s");
      }
    }
    assertEquals("SUCCEEDED migrations of " + job.appId + " off NM1: " + ms, drained,
        new java.util.ArrayList<>(new java.util.TreeMap<>(targets).keySet()));
    // the AM runs on NM2 now, in the RM's view too
    PseudoCluster.Result status = cluster.yarn("application", "-status", job.appId);
    assertTrue("AM Host of " + job.appId + ":\n" + status, Pattern.compile("AM Host\\s*:\\s*"
        + Pattern.quote(nm2.split(":")[0]) + "\\s").matcher(status.stdout).find());
    for (String w : job.workers) {
      job.assertContinues(nm2, w, targets.get(w), before.get(w));
    }
    job.assertNoProcessLeft(nm1, "nm1", job.workers);

    // NM1 is DECOMMISSIONED, by REST and by yarn node -list -all
    JsonNode n1 = cluster.node(nm1);
    assertEquals(n1.toString(), "DECOMMISSIONED", n1.path("state").asText());
    PseudoCluster.Result nl = cluster.yarn("node", "-list", "-all");
    log(nl.toString());
    assertEquals(nl.toString(), 0, nl.exitCode);
    assertTrue(nl.stdout, Pattern.compile("(?m)^\\s*" + Pattern.quote(nm1)
        + "\\s+DECOMMISSIONED\\s").matcher(nl.stdout).find());
    assertTrue(nl.stdout, Pattern.compile("(?m)^\\s*" + Pattern.quote(nm2)
        + "\\s+RUNNING\\s").matcher(nl.stdout).find());

    List<String> workersOnNm2 = new ArrayList<>();
    for (String w : job.workers) {
      workersOnNm2.add(targets.get(w));
    }
    job.finish(nm2, workersOnNm2);
    if (!"DECOMMISSIONED".equals(cluster.node(nm1).path("state").asText())) {
      fail("NM1 left DECOMMISSIONED: " + cluster.node(nm1));
    }
  }

  /**
   * The stock graceful decommission: NM1's host in conf-rm/nodes.exclude and
   * {@code yarn rmadmin -refreshNodes -g 120 -client} (3.1.0 RMAdminCLI: sends
   * refreshNodes(GRACEFUL, 120), then polls checkForDecommissioningNodes every second
   * until none is left, "Graceful decommissioning completed in N seconds.", or forces
   * the decommission after 120 + 5 s). The RM's NodesListManager fires
   * RMNodeDecommissioningEvent for NM1 only, the drainer migrates its three containers
   * to NM2 and decommissions NM1 once it is empty, so the CLI returns well before the
   * timeout.
   */
  @Test(timeout = 300_000)
  public void givenStockGracefulDecommission_whenRefreshNodesGraceful_thenContainersMigrateAndNodeDecommissioned()
      throws Exception {
    startCluster("drain-stock", STOCK_PORT_BASE, true);
    String nm1 = cluster.nm1();
    String nm2 = cluster.nm2();
    String nm1Host = PseudoCluster.host(nm1);
    assertTrue("NM1 " + nm1 + " and NM2 " + nm2 + " must differ by host",
        !nm1Host.equals(PseudoCluster.host(nm2)));
    DistributedShellJob job = DistributedShellJob.submitOnNm1(cluster, "drain-stock", 3,
        ITERATIONS);
    Map<String, Integer> before = new LinkedHashMap<>();
    for (String w : job.workers) {
      List<Integer> c = job.counter(nm1, w);
      before.put(w, c.get(c.size() - 1));
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

    // each worker migrated (SUCCEEDED) to NM2 and its counter continues there
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

    // NM1 DECOMMISSIONED, NM2 still RUNNING (the exclude entry named NM1's host only)
    assertEquals(cluster.node(nm1).toString(), "DECOMMISSIONED",
        cluster.node(nm1).path("state").asText());
    assertEquals(cluster.node(nm2).toString(), "RUNNING",
        cluster.node(nm2).path("state").asText());
    PseudoCluster.Result nl = cluster.yarn("node", "-list", "-all");
    log(nl.toString());
    assertEquals(nl.toString(), 0, nl.exitCode);
    assertTrue(nl.stdout, Pattern.compile("(?m)^\\s*" + Pattern.quote(nm1)
        + "\\s+DECOMMISSIONED\\s").matcher(nl.stdout).find());
    assertTrue(nl.stdout, Pattern.compile("(?m)^\\s*" + Pattern.quote(nm2)
        + "\\s+RUNNING\\s").matcher(nl.stdout).find());

    job.finish(nm2, new ArrayList<>(targets.values()));
    assertEquals("NM1 left DECOMMISSIONED: " + cluster.node(nm1), "DECOMMISSIONED",
        cluster.node(nm1).path("state").asText());
    assertEquals("NM2 left RUNNING: " + cluster.node(nm2), "RUNNING",
        cluster.node(nm2).path("state").asText());
  }
}
