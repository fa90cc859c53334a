/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.migration.e2e;

import static org.apache.hadoop.yarn.server.migration.e2e.PseudoCluster.log;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.hadoop.criu.BoundedRun;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestRule;
import org.junit.rules.TestWatcher;

/**
 * The RM's rebalancer on the pseudo cluster's isolated hosts (real RM, NMs, CRIU): four
 * workers of a distributed shell job on one host of two are spread two and two, each
 * moved one continuing its count, and nothing moves again during the cool-down.
 */
public class TestRebalancerEndToEnd {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(360);

  private static final int PORT_BASE = 24900;
  private static final int WORKER_MB = 512;
  private static final long INTERVAL_MS = 1000;
  private static final long UNEVEN_FOR_MS = 4000;

  private static PseudoCluster cluster;

  @Rule
  public TestWatcher dumpLogsOnFailure = PseudoCluster.dumpLogsOnFailure(() -> cluster);

  @BeforeClass
  public static void checkPrerequisites() {
    PseudoCluster.checkPrerequisites();
  }

  @After
  public void stopCluster() throws Exception {
    if (cluster != null && cluster.isStarted()) {
      cluster.stop();
    }
  }

  /**
   * NM1 holds four 512 MB workers (2048 of 4096 MB, 50%), NM2 the 256 MB AM (6%): above the
   * threshold (0.1) for longer than uneven-for, the rebalancer moves two workers to NM2
   * (then 1024 MB against 1280 MB: even). Their reports say why; their counts go on on
   * NM2; NM1 keeps two; no process is left of the moved ones on NM1; no further migration
   * starts while they cool down; the application SUCCEEDED.
   */
  @Test(timeout = 300_000)
  public void givenFourWorkersOnOneHostOfTwo_whenUnevenLongEnough_thenTwoAndTwoAndNothingMovesAgain()
      throws Exception {
    String prefix = "yarn.resourcemanager.migration.rebalancer.";
    // no HDFS: the rebalancer moves containers, which needs none (starts faster)
    cluster = new PseudoCluster("rebalance", PORT_BASE).withoutHdfs()
        .withYarnSite(prefix + "enabled", "true")
        .withYarnSite(prefix + "interval-ms", Long.toString(INTERVAL_MS))
        .withYarnSite(prefix + "threshold", "0.1")
        .withYarnSite(prefix + "uneven-for-ms", Long.toString(UNEVEN_FOR_MS))
        .withYarnSite(prefix + "max-concurrent", "2")
        .withYarnSite(prefix + "cooldown-ms", "600000");
    cluster.start();
    String nm1 = cluster.nm1();
    String nm2 = cluster.nm2();
    DistributedShellJob job = DistributedShellJob.submitOnNm1(cluster, "rebalance", 4, 600,
        WORKER_MB);
    Map<String, Integer> before = new TreeMap<>();
    for (String w : job.workers) {
      List<Integer> c = job.counter(nm1, w);
      before.put(w, c.get(c.size() - 1));
    }
    log("workers on NM1 and their counts: " + before);

    // two SUCCEEDED migrations of the job, each started by the rebalancer, NM1 -> NM2
    Map<String, String> moved = new TreeMap<>();
    long deadline = System.currentTimeMillis() + 120_000;
    JsonNode ms = null;
    while (moved.size() < 2) {
      if (System.currentTimeMillis() > deadline) {
        fail("the rebalancer did not move two workers within 120 s: " + ms);
      }
      Thread.sleep(500);
      moved.clear();
      ms = cluster.get("/ws/v1/cluster/migrations?appId=" + job.appId).path("migrations")
          .path("migration");
      for (JsonNode m : ms) {
        String state = m.path("state").asText();
        assertTrue("a migration of the rebalancer failed: " + m, !"FAILED".equals(state));
        if ("SUCCEEDED".equals(state)) {
          moved.put(m.path("containerId").asText(), m.path("targetContainerId").asText());
        }
      }
    }
    assertEquals("migrations of " + job.appId + ": " + ms, 2, ms.size());
    for (JsonNode m : ms) {
      assertEquals(m.toString(), nm1, m.path("sourceNode").asText());
      assertEquals(m.toString(), nm2, m.path("targetNode").asText());
      String reason = m.path("reason").asText();
      assertTrue("reason of " + m, reason.startsWith("rebalance: memory allocated " + nm1
          + " "));
      log("REBALANCED " + m.path("containerId").asText() + " -> "
          + m.path("targetContainerId").asText() + " (downtime "
          + m.path("frozenTimeMs").asLong() / 1000.0 + " s): " + reason);
    }
    for (Map.Entry<String, String> e : moved.entrySet()) {
      job.assertContinues(nm2, e.getKey(), e.getValue(), before.get(e.getKey()));
    }
    job.assertNoProcessLeft(nm1, "nm1", new ArrayList<>(moved.keySet()));
    List<String> stayed = new ArrayList<>(job.workers);
    stayed.removeAll(moved.keySet());
    assertEquals("two and two: the workers left on NM1 " + stayed, 2, stayed.size());
    // the scheduler's usage: the sources are released once their NM reports them ended
    int[] expected = {2 * WORKER_MB, DistributedShellJob.AM_MB + 2 * WORKER_MB};
    int[] used = {-1, -1};
    long usageBy = System.currentTimeMillis() + 30_000;
    while (used[0] != expected[0] || used[1] != expected[1]) {
      if (System.currentTimeMillis() > usageBy) {
        fail("memory used on NM1, NM2: " + used[0] + ", " + used[1] + " MB 30 s after the"
            + " moves; expected two workers on NM1 (" + expected[0] + ") and the AM and two"
            + " workers on NM2 (" + expected[1] + ")");
      }
      Thread.sleep(250);
      used[0] = cluster.node(nm1).path("usedMemoryMB").asInt();
      used[1] = cluster.node(nm2).path("usedMemoryMB").asInt();
    }

    // the cool-down: several times uneven-for, and no further migration of anything
    long quietUntil = System.currentTimeMillis() + 2 * (UNEVEN_FOR_MS + INTERVAL_MS);
    while (System.currentTimeMillis() < quietUntil) {
      JsonNode all = cluster.get("/ws/v1/cluster/migrations").path("migrations")
          .path("migration");
      assertEquals("no migration after the rebalance: " + all, 2, all.size());
      Thread.sleep(1000);
    }

    job.stop(nm1, stayed);
    job.finish(nm2, new ArrayList<>(moved.values()));
  }
}
