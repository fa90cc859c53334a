/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.migration.e2e;

import static org.apache.hadoop.yarn.server.migration.e2e.PseudoCluster.log;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestWatcher;
import org.junit.runner.Description;
import org.junit.runners.MethodSorters;

/**
 * Live migration end to end: a pseudo cluster (RM + 2 NMs, separate JVMs, real CRIU),
 * Apache's unmodified distributed shell with a stateful workload, one container moved
 * with {@code yarn container -migrate}, one with the RM's REST API.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class TestMigrationEndToEnd {

  private static final int PORT_BASE = 24000;
  /** 300 x 0.2 s: about a minute, long enough for two migrations and the checks. */
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
  public static void startCluster() throws Exception {
    PseudoCluster.checkPrerequisites();
    cluster = new PseudoCluster("migration", PORT_BASE);
    cluster.start();
  }

  @AfterClass
  public static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.stop();
      cluster = null;
    }
  }

  @Test(timeout = 300_000)
  public void givenDistributedShellWithTwoStatefulContainers_whenOneMigratedByCliAndOneByRest_thenBothContinueAndAppSucceeds()
      throws Exception {
    String nm1 = cluster.nm1();
    String nm2 = cluster.nm2();
    DistributedShellJob job = DistributedShellJob.submitOnNm1(cluster, "migrate", 2, ITERATIONS);
    String a = job.workers.get(0);
    String b = job.workers.get(1);

    // baseline: what the RM charges each node and the application
    Map<String, JsonNode> nodes = cluster.nodes();
    int nm1Used = nodes.get(nm1).path("usedMemoryMB").asInt();
    int nm2Used = nodes.get(nm2).path("usedMemoryMB").asInt();
    int appAllocated = cluster.app(job.appId).path("allocatedMB").asInt();
    int memA = containerMb(job, a);
    int memB = containerMb(job, b);
    log("baseline: NM1 used " + nm1Used + " MB, NM2 used " + nm2Used + " MB, app allocated "
        + appAllocated + " MB; " + a + " " + memA + " MB, " + b + " " + memB + " MB");

    // A by the CLI
    int beforeA = last(job.counter(nm1, a));
    PseudoCluster.Result r = cluster.yarn("container", "-migrate", a, "-node", nm2);
    log("yarn container -migrate " + a + " -node " + nm2 + ":\n" + r);
    assertEquals("yarn container -migrate:\n" + r, 0, r.exitCode);
    for (String phase : Arrays.asList("NEW", "ALLOCATING", "CHECKPOINTING", "TRANSFERRING",
        "RESTORING", "SUCCEEDED")) {
      assertTrue("no phase line " + phase + ":\n" + r.stdout,
          Pattern.compile("(?m)^\\s+" + phase + "\\s+\\+[0-9.]+ s").matcher(r.stdout).find());
    }
    assertTrue(r.stdout, Pattern.compile("(?m)^Migration migration_\\S+ SUCCEEDED$")
        .matcher(r.stdout).find());
    Matcher dm = Pattern.compile("(?m)^\\s*Downtime\\s*:\\s*([0-9.]+) s").matcher(r.stdout);
    assertTrue("no Downtime line:\n" + r.stdout, dm.find());
    Matcher cm = Pattern.compile("(?m)^\\s*Container\\s*:\\s*(\\S+) -> (container_\\S+)")
        .matcher(r.stdout);
    assertTrue("no Container line:\n" + r.stdout, cm.find());
    assertEquals(a, cm.group(1));
    String targetA = cm.group(2);
    log("DOWNTIME (CLI) " + a + " -> " + targetA + ": " + dm.group(1) + " s");

    // B by REST
    int beforeB = last(job.counter(nm1, b));
    PseudoCluster.HttpResult put = cluster.http("PUT",
        "/ws/v1/cluster/containers/" + b + "/migrate", "{\"node\":\"" + nm2 + "\"}");
    log(put.toString());
    assertEquals(put.toString(), 202, put.status);
    JsonNode accepted = put.json().path("migration");
    String migrationB = accepted.path("migrationId").asText();
    assertTrue(put.toString(), migrationB.startsWith("migration_"));
    assertEquals(b, accepted.path("containerId").asText());
    assertEquals(nm1, accepted.path("sourceNode").asText());
    assertEquals(nm2, accepted.path("targetNode").asText());
    assertEquals("/ws/v1/cluster/migrations/" + migrationB, put.header("Location"));
    JsonNode reportB = waitForFinal(migrationB, 180);
    assertEquals("migration " + migrationB + ": " + reportB, "SUCCEEDED",
        reportB.path("state").asText());
    String targetB = reportB.path("targetContainerId").asText();
    log("DOWNTIME (REST) " + b + " -> " + targetB + ": "
        + reportB.path("frozenTimeMs").asLong() / 1000.0 + " s (report " + reportB + ")");

    // the state continued on NM2, nothing of A or B is left on NM1
    job.assertContinues(nm2, a, targetA, beforeA);
    job.assertContinues(nm2, b, targetB, beforeB);
    job.assertNoProcessLeft(nm1, "nm1", Arrays.asList(a, b));

    // accounting: the containers' memory moved from NM1 to NM2, the app holds the same
    int expectNm1 = nm1Used - memA - memB;
    int expectNm2 = nm2Used + memA + memB;
    long deadline = System.currentTimeMillis() + 20_000;
    while (true) {
      nodes = cluster.nodes();
      int u1 = nodes.get(nm1).path("usedMemoryMB").asInt();
      int u2 = nodes.get(nm2).path("usedMemoryMB").asInt();
      int app = cluster.app(job.appId).path("allocatedMB").asInt();
      if (u1 == expectNm1 && u2 == expectNm2 && app == appAllocated) {
        log("after: NM1 used " + u1 + " MB, NM2 used " + u2 + " MB, app allocated " + app
            + " MB");
        break;
      }
      if (System.currentTimeMillis() > deadline) {
        assertEquals("NM1 used memory after both migrations", expectNm1, u1);
        assertEquals("NM2 used memory after both migrations", expectNm2, u2);
        assertEquals("application allocatedMB after both migrations", appAllocated, app);
      }
      Thread.sleep(500);
    }

    job.assertSucceeded(240);
  }

  @Test(timeout = 180_000)
  public void givenBadInputs_whenMigrating_thenClearErrorsAndNothingChanges() throws Exception {
    String nm1 = cluster.nm1();
    String nm2 = cluster.nm2();
    long clusterTs = cluster.get("/ws/v1/cluster/info").path("clusterInfo").path("id").asLong();
    int migrationsBefore = migrations("").size();

    // unknown container: the CLI prints the server's message, exit 1
    String unknown = "container_" + clusterTs + "_9999_01_000002";
    String notFound = "Migration of " + unknown + " to node " + nm2 + " rejected: the "
        + "ResourceManager knows no live container " + unknown + ". Check the id, e.g. with "
        + "'yarn container -list <application attempt id>'.";
    PseudoCluster.Result r = cluster.yarn("container", "-migrate", unknown, "-node", nm2);
    log(r.toString());
    assertEquals(r.toString(), 1, r.exitCode);
    assertEquals("Cannot migrate " + unknown + " (NOT_FOUND): " + notFound, r.stderr.trim());
    assertEquals(r.toString(), "", r.stdout);

    // malformed node: usage error, nothing sent (the RM address points at a closed port,
    // so any RPC would fail differently and slowly)
    r = cluster.yarn("container", "-D", "yarn.resourcemanager.migration.address=localhost:1",
        "-migrate", unknown, "-node", "no-port-here");
    log(r.toString());
    assertEquals(r.toString(), 255, r.exitCode);
    assertTrue(r.toString(), r.stderr.contains("Invalid node 'no-port-here': expected "
        + "<host>:<port> of a NodeManager, e.g. host-b.example.com:45454"));
    assertFalse(r.toString(), (r.stdout + r.stderr).contains("Connection refused"));

    // REST: unknown container 404, same message as the CLI got
    PseudoCluster.HttpResult h = cluster.http("PUT", "/ws/v1/cluster/containers/" + unknown
        + "/migrate", "{\"node\":\"" + nm2 + "\"}");
    log(h.toString());
    assertEquals(h.toString(), 404, h.status);
    assertRemoteException(h, notFound);

    // a real running container, for the checks that need one
    File log = new File(cluster.workDir(), "badinputs-dshell.log");
    String jar = cluster.env("DSHELL_JAR");
    Process client = cluster.yarnInBackground(log, "jar", jar, "-jar", jar, "-shell_command",
        "sleep 120", "-num_containers", "1", "-container_memory", "128", "-master_memory",
        "256");
    String[] worker = waitForWorker(log, client);
    String app = worker[0];
    String cid = worker[1];
    String node = worker[2];
    try {
      // REST: malformed node 400
      h = cluster.http("PUT", "/ws/v1/cluster/containers/" + cid + "/migrate",
          "{\"node\":\"no-port-here\"}");
      log(h.toString());
      assertEquals(h.toString(), 400, h.status);
      assertRemoteException(h, "Migration of " + cid + " rejected: target node "
          + "'no-port-here' is not host:port. Name the target node as host:port.");

      // target = source node: 400 by REST, exit 1 with the same message by the CLI. The
      // RM validates the RM container state (RUNNING once the NM reported it running,
      // which the REST container report does not tell apart from ALLOCATED/ACQUIRED):
      // until then it answers 409 "... is ACQUIRED, not RUNNING. Retry once the
      // container runs." - as it says, retry.
      String sameNode = "Migration of " + cid + " to node " + node + " rejected: " + cid
          + " already runs on node " + node + ". Pick another node.";
      long deadline = System.currentTimeMillis() + 30_000;
      while (true) {
        h = cluster.http("PUT", "/ws/v1/cluster/containers/" + cid + "/migrate",
            "{\"node\":\"" + node + "\"}");
        log(h.toString());
        if (h.status != 409 || !remoteMessage(h).contains(", not RUNNING. Retry once")
            || System.currentTimeMillis() > deadline) {
          break;
        }
        Thread.sleep(500);
      }
      assertEquals(h.toString(), 400, h.status);
      assertRemoteException(h, sameNode);
      r = cluster.yarn("container", "-migrate", cid, "-node", node);
      log(r.toString());
      assertEquals(r.toString(), 1, r.exitCode);
      assertEquals("Cannot migrate " + cid + " (INVALID_REQUEST): " + sameNode,
          r.stderr.trim());

      // nothing changed: no migration recorded, the container still RUNNING where it was
      assertEquals("migrations after rejected requests: " + migrations(""), migrationsBefore,
          migrations("").size());
      PseudoCluster.Result st = cluster.yarn("container", "-status", cid);
      assertTrue(st.toString(), st.stdout.contains("RUNNING"));
      assertTrue(st.toString(), st.stdout.contains(node));
      log("rejections left " + cid + " RUNNING on " + node + ", no migration recorded");
    } finally {
      PseudoCluster.Result k = cluster.yarn("application", "-kill", app);
      log(k.toString());
      client.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
      DistributedShellJob.deleteStagingDir(app);
      // wait until the nodes are empty again for the next test
      long emptyBy = System.currentTimeMillis() + 60_000;
      while (cluster.node(nm1).path("usedMemoryMB").asInt() != 0
          || cluster.node(nm2).path("usedMemoryMB").asInt() != 0) {
        if (System.currentTimeMillis() > emptyBy) {
          fail("nodes not empty 60 s after killing " + app + ": " + cluster.nodes());
        }
        Thread.sleep(500);
      }
    }
  }

  // ------------------------------------------------------------------ helpers

  private static int last(java.util.List<Integer> values) {
    assertFalse("empty counter", values.isEmpty());
    return values.get(values.size() - 1);
  }

  private static int containerMb(DistributedShellJob job, String containerId) throws Exception {
    JsonNode cs = cluster.get("/ws/v1/cluster/apps/" + job.appId + "/appattempts/"
        + job.attemptId + "/containers").path("container");
    for (JsonNode c : cs) {
      if (containerId.equals(c.path("containerId").asText())) {
        return c.path("allocatedMB").asInt();
      }
    }
    throw new AssertionError("no report of " + containerId + ": " + cs);
  }

  private static JsonNode waitForFinal(String migrationId, int timeoutSeconds)
      throws Exception {
    long deadline = System.currentTimeMillis() + timeoutSeconds * 1000L;
    String lastState = "";
    while (true) {
      JsonNode m = cluster.get("/ws/v1/cluster/migrations/" + migrationId).path("migration");
      String state = m.path("state").asText();
      if (!state.equals(lastState)) {
        log("migration " + migrationId + ": " + state);
        lastState = state;
      }
      if ("SUCCEEDED".equals(state) || "FAILED".equals(state)) {
        return m;
      }
      if (System.currentTimeMillis() > deadline) {
        fail("migration " + migrationId + " not final after " + timeoutSeconds + " s: " + m);
      }
      Thread.sleep(300);
    }
  }

  private static JsonNode migrations(String query) throws Exception {
    return cluster.get("/ws/v1/cluster/migrations" + query).path("migrations")
        .path("migration");
  }

  private static String remoteMessage(PseudoCluster.HttpResult h) {
    JsonNode e = h.json().path("RemoteException");
    assertEquals(h.toString(), "ContainerMigrationException", e.path("exception").asText());
    return e.path("message").asText();
  }

  private static void assertRemoteException(PseudoCluster.HttpResult h, String message) {
    assertEquals(h.toString(), message, remoteMessage(h));
  }

  /** {application id, worker container id, its node} of a dshell just started. */
  private static String[] waitForWorker(File log, Process client) throws Exception {
    Pattern p = Pattern.compile("Submitted application (application_[0-9]+_[0-9]+)");
    long deadline = System.currentTimeMillis() + 120_000;
    String app = null;
    while (true) {
      if (app == null) {
        Matcher m = p.matcher(DistributedShellJob.read(log));
        if (m.find()) {
          app = m.group(1);
        }
      }
      if (app != null) {
        JsonNode attempts = cluster.get("/ws/v1/cluster/apps/" + app + "/appattempts")
            .path("appAttempts").path("appAttempt");
        for (JsonNode a : attempts) {
          JsonNode cs = cluster.get("/ws/v1/cluster/apps/" + app + "/appattempts/"
              + a.path("appAttemptId").asText() + "/containers").path("container");
          for (JsonNode c : cs) {
            String id = c.path("containerId").asText();
            if (!id.endsWith("_000001") && "RUNNING".equals(c.path("containerState").asText())) {
              return new String[] {app, id, c.path("assignedNodeId").asText()};
            }
          }
        }
      }
      if (!client.isAlive()) {
        fail("dshell client exited: " + DistributedShellJob.read(log));
      }
      if (System.currentTimeMillis() > deadline) {
        fail("no RUNNING worker within 120 s: " + DistributedShellJob.read(log));
      }
      Thread.sleep(500);
    }
  }
}
