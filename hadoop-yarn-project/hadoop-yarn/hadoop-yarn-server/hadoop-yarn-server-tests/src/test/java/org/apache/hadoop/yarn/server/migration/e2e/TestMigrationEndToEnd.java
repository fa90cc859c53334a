/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.migration.e2e;

import static org.apache.hadoop.yarn.server.migration.e2e.PseudoCluster.log;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.hadoop.criu.BoundedRun;
import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.FixMethodOrder;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestRule;
import org.junit.rules.TestWatcher;
import org.junit.runners.MethodSorters;

/**
 * Live migration end to end: a pseudo cluster (RM + 2 NMs, separate JVMs, real CRIU),
 * Apache's unmodified distributed shell with a stateful workload, one container moved
 * with {@code yarn container -migrate}, one with the RM's REST API.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class TestMigrationEndToEnd {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(960);

  private static final int PORT_BASE = 24000;
  /** 300 x 0.2 s: about a minute, long enough for two migrations and the checks. */
  private static final int ITERATIONS = 300;
  /** 500 x 0.2 s: room for ten moves, each followed by a check that the state continues. */
  private static final int TWENTY_MOVES_ITERATIONS = 1000;
  /** 450 x 0.2 s: the transfer's connect timeout (5 s here), the rollback and the checks. */
  private static final int CUT_OFF_ITERATIONS = 450;

  private static PseudoCluster cluster;

  @Rule
  public TestWatcher dumpLogsOnFailure = PseudoCluster.dumpLogsOnFailure(() -> cluster);

  @org.junit.After
  public void killLeftoverJobs() throws Exception {
    DistributedShellJob.killLeftovers();
  }

  /**
   * Each NM host's /dev/null stays the character device. A CI run once saw it as a FIFO on
   * host 1 (a MapReduce task's stdin, so that task could not be checkpointed), cause not
   * found: this names the test after which it changed.
   */
  @org.junit.After
  public void devNullStaysTheDevice() throws Exception {
    for (String daemon : new String[] {"nm1", "nm2"}) {
      int pid = cluster == null ? -1 : cluster.daemonPid(daemon);
      if (pid <= 0 || !new File("/proc/" + pid).isDirectory()) {
        continue; // stopped by the test; started again by the next one that needs it
      }
      int mode = (Integer) Files.getAttribute(
          new File("/proc/" + pid + "/root/dev/null").toPath(), "unix:mode");
      assertEquals(daemon + "'s /dev/null is no longer the character device (mode "
          + Integer.toOctalString(mode) + ")", 020000, mode & 0170000);
    }
  }

  @BeforeClass
  public static void startCluster() throws Exception {
    PseudoCluster.checkPrerequisites();
    cluster = new PseudoCluster("migration", PORT_BASE)
        // a transfer to a cut-off host gives up after 5 s (default 20 s)
        .withYarnSite("yarn.nodemanager.migration.transfer.connect-timeout-ms", "5000")
        // YARN's ACLs on, as a secured cluster has them: root (every test's user, and the
        // daemons') is the only admin and the only administrator of the queues. The web
        // apps run without Hadoop's HTTP authentication here: their one (static) user is
        // root, so RPC clients (HADOOP_USER_NAME) are the ones that can be someone else
        .withYarnSite("yarn.acl.enable", "true")
        .withYarnSite("hadoop.http.staticuser.user", "root")
        .withYarnSite("yarn.admin.acl", "root")
        .withSchedulerConf("yarn.scheduler.capacity.root.acl_administer_queue", "root")
        .withSchedulerConf("yarn.scheduler.capacity.root.default.acl_administer_queue",
            "root");
    cluster.start();
  }

  @AfterClass
  public static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.stop();
      cluster = null;
    }
  }

  /**
   * Two stateful containers of Apache's distributed shell move from NM1 to NM2, one by the
   * CLI and one by REST; both go on counting there, nothing is left on NM1, the memory the
   * RM charges moves with them and the application SUCCEEDED. Admission asks the
   * scheduler's question: NM2 keeps its memory but gets 1 vcore, which its AM container
   * already holds; under the CapacityScheduler's default DefaultResourceCalculator (memory
   * only) a node may hold more containers than vcores, so both moves, which fit by memory,
   * are accepted, as the scheduler would place them.
   */
  @Test(timeout = 300_000)
  public void givenDistributedShellWithTwoStatefulContainers_whenOneMigratedByCliAndOneByRestToANodeWithoutFreeVcores_thenBothContinueAndAppSucceeds()
      throws Exception {
    String nm1 = cluster.nm1();
    String nm2 = cluster.nm2();
    DistributedShellJob job = DistributedShellJob.submitOnNm1(cluster, "migrate", 2, ITERATIONS);
    String a = job.workers.get(0);
    String b = job.workers.get(1);
    int[] nm2Total = DistributedShellJob.total(cluster.node(nm2));
    DistributedShellJob.updateNodeResource(cluster, nm2, nm2Total[0], 1);
    try {
      moveByCliAndRest(job, a, b);
    } finally {
      DistributedShellJob.updateNodeResource(cluster, nm2, nm2Total[0], nm2Total[1]);
    }
  }

  private void moveByCliAndRest(DistributedShellJob job, String a, String b)
      throws Exception {
    String nm1 = cluster.nm1();
    String nm2 = cluster.nm2();

    // baseline: what the RM charges each node and the application
    Map<String, JsonNode> nodes = cluster.nodes();
    int nm1Used = nodes.get(nm1).path("usedMemoryMB").asInt();
    int nm2Used = nodes.get(nm2).path("usedMemoryMB").asInt();
    int appAllocated = cluster.app(job.appId).path("allocatedMB").asInt();
    int memA = containerMb(job, a);
    int memB = containerMb(job, b);
    log("baseline: NM1 used " + nm1Used + " MB, NM2 used " + nm2Used + " MB, app allocated "
        + appAllocated + " MB; " + a + " " + memA + " MB, " + b + " " + memB + " MB");

    // the workers run as the non-secure local user, never as root
    job.assertRunsAsNobody("nm1", a);

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
    String downtime = downtime(r);
    String[] movedA = DistributedShellJob.movedContainers(r);
    assertEquals(a, movedA[0]);
    String targetA = movedA[1];
    log("DOWNTIME (CLI) " + a + " -> " + targetA + ": " + downtime + " s");
    // the same report as JSON, with what the source NodeManager measured
    Matcher mid = Pattern.compile("Migration (migration_\\S+) SUCCEEDED").matcher(r.stdout);
    assertTrue(r.stdout, mid.find());
    PseudoCluster.Result js = cluster.yarn("container", "-migration", mid.group(1), "-json");
    assertEquals(js.toString(), 0, js.exitCode);
    JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(js.stdout.trim()).path("migration");
    assertEquals(js.stdout, "SUCCEEDED", report.path("state").asText());
    assertEquals(js.stdout, targetA, report.path("targetContainerId").asText());
    assertTrue("CRIU's dump measured on the source: " + js.stdout,
        report.path("dumpTimeMs").asLong() > 0);
    assertTrue("the images shipped: " + js.stdout,
        report.path("transferredBytes").asLong() >= report.path("imageBytes").asLong()
            && report.path("imageBytes").asLong() > 0);
    log("report of " + a + "'s move: dump " + report.path("dumpTimeMs").asLong()
        + " ms, transfer " + report.path("transferTimeMs").asLong() + " ms, "
        + report.path("transferredBytes").asLong() + " bytes shipped, image "
        + report.path("imageBytes").asLong() + " bytes");

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

    JsonNode n2 = cluster.node(nm2);
    log("NM2 after both moves: " + n2);
    assertEquals("AM and both workers on NM2: " + n2, 3, n2.path("numContainers").asInt());
    assertTrue("more containers than vcores on NM2: " + n2,
        n2.path("availableVirtualCores").asInt() < 0);

    // the state continued on NM2, nothing of A or B is left on NM1
    job.assertContinues(nm2, a, targetA, beforeA);
    job.assertContinues(nm2, b, targetB, beforeB);
    // the moved trees came back with their user's ids
    job.assertRunsAsNobody("nm2", a);
    job.assertRunsAsNobody("nm2", b);
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

    job.finish(nm2, Arrays.asList(targetA, targetB));

    // the logs: yarn logs shows each one's output before the move under the source and
    // after it under the target, and their migration.log names each other
    if (hasHdfs()) {
      AggregatedLogs logs = AggregatedLogs.of(cluster, job.appId, 120);
      logs.assertStory(Arrays.asList(new String[] {a, nm1}, new String[] {targetA, nm2}));
      logs.assertStory(Arrays.asList(new String[] {b, nm1}, new String[] {targetB, nm2}));
    }
  }

  /** Isolated hosts run HDFS, and log aggregation to it; shared mode has neither. */
  private static boolean hasHdfs() {
    return cluster.env("FS_DEFAULT").startsWith("hdfs://");
  }

  /**
   * The isolated hosts run a real Hadoop stack: HDFS (NameNode on the RM's host, a DataNode
   * on each NM's host) as the default file system and MapReduce on YARN (the shuffle aux
   * service beside the migration service). Apache's wordcount runs there over a big and a
   * small file; while it runs, its big map is migrated after it closed spill files under its
   * application's local dir, and its reduce is migrated while it shuffles (waiting for that
   * map). The map goes on where it was (its open and closed spills travel, its umbilical to
   * the MR AM reconnects); the reduce fetches the moved map's output from the node the MR
   * AM knows (the source's MigratingShuffleHandler pulls it back from the target). After
   * the two, the MR AM itself moves in TCP mode ESTABLISHED: it has an address of its own
   * (yarn.app.mapreduce.am.env), which it advertised to its tasks, so their connections to
   * it go on. The job SUCCEEDED with no attempt re-executed and its counts are exactly the
   * generated text's.
   */
  @Test(timeout = 360_000)
  public void givenWordcountOnHdfs_whenItsMapAmAndReduceAreMigratedWhileRunning_thenJobSucceedsWithRightCounts()
      throws Exception {
    Assume.assumeTrue("HDFS runs on isolated hosts only", hasHdfs());
    WordcountJob job = WordcountJob.withInput(cluster, 64);
    // the AM gets an address of its own, which it advertises to its tasks (NM_HOST)
    String app = job.submit("yarn.app.mapreduce.am.env=HADOOP_MAPRED_HOME=${env."
        + "HADOOP_MAPRED_HOME},YARN_MIGRATION_NETWORK=own");
    try {
      WordcountJob.Task map = job.awaitSpillingMap(app, 2);
      String to = map.node.equals(cluster.nm1()) ? cluster.nm2() : cluster.nm1();
      PseudoCluster.Result r = cluster.yarn("container", "-migrate", map.container, "-node",
          to);
      log("the running map " + map + " -> " + to + ":\n" + r);
      assertEquals(r.toString(), 0, r.exitCode);
      // while the moved map runs, the reduce waiting for its output moves (at once: it
      // shuffles only until that map ends)
      WordcountJob.Task reduce = job.awaitRunningReduce(app);
      to = reduce.node.equals(cluster.nm1()) ? cluster.nm2() : cluster.nm1();
      r = cluster.yarn("container", "-migrate", reduce.container, "-node", to);
      log("the running reduce " + reduce + " -> " + to + ":\n" + r);
      assertEquals(r.toString(), 0, r.exitCode);
      // then their AM moves, its tasks' connections kept open
      WordcountJob.Task am = job.am(app);
      to = am.node.equals(cluster.nm1()) ? cluster.nm2() : cluster.nm1();
      r = cluster.yarn("container", "-migrate", am.container, "-node", to, "-tcp",
          "established");
      log("the MapReduce AM " + am + " -> " + to + ":\n" + r);
      assertEquals(r.toString(), 0, r.exitCode);
      String out = job.awaitEnd();
      log("wordcount client:\n" + out);
      job.assertCounts();
      WordcountJob.assertNoAttemptRunAgain(out, "wordcount with its map, AM and reduce"
          + " migrated");
      // each move's images came on its target's shuffle port (MigratingShuffleHandler
      // shares it), not on the transfer's own port
      int moved = 0;
      for (JsonNode m : migrations("?appId=" + app)) {
        assertEquals(m.toString(), "SUCCEEDED", m.path("state").asText());
        assertImagesCameOnTheShufflePort(m.path("migrationId").asText(),
            m.path("targetNode").asText());
        moved++;
      }
      assertEquals("the map, the AM and the reduce moved", 3, moved);
    } finally {
      job.killIfRunning(app);
      job.delete();
    }
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

      // YARN's ACLs (on in this cluster: yarn.acl.enable, yarn.admin.acl=root, root's
      // queues administered by root): another user may neither move root's container nor
      // drain its node (the REST API's ACL check: TestMigrationWebFilter, the web apps
      // here have no HTTP authentication)
      String other = node.equals(nm1) ? nm2 : nm1;
      String denied = "Migration of " + cid + " to node " + other + " rejected: user mallory"
          + " is neither the owner of " + app + " (root), a YARN admin, nor allowed to modify"
          + " it. Ask the application owner or an administrator to migrate it.";
      r = cluster.yarnAs("mallory", "container", "-migrate", cid, "-node", other);
      log(r.toString());
      assertEquals(r.toString(), 1, r.exitCode);
      assertEquals("Cannot migrate " + cid + " (ACCESS_DENIED): " + denied, r.stderr.trim());
      r = cluster.yarnAs("mallory", "rmadmin", "-decommission", node, "-timeout", "60");
      log(r.toString());
      assertNotEquals(r.toString(), 0, r.exitCode);
      assertTrue(r.toString(), r.stderr.contains("User mallory may not drain a node: only"
          + " YARN admins (yarn.admin.acl) may."));
      assertEquals("the node mallory tried to drain: " + cluster.node(node), "RUNNING",
          cluster.node(node).path("state").asText());

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

  /**
   * One container moved twenty times back and forth between the two hosts, always named by
   * its original id (the first and the tenth with {@code yarn container -migrate}, the tenth
   * naming no node; the others over REST, which starts no client JVM): its state continues
   * after every move and its AM ends SUCCEEDED.
   */
  @Test(timeout = 600_000)
  public void givenContainerOnNm1_whenMovedTwentyTimesByOriginalId_thenStateContinuesAndAppSucceeds()
      throws Exception {
    String nm1 = cluster.nm1();
    String nm2 = cluster.nm2();
    DistributedShellJob job = DistributedShellJob.submitOnNm1(cluster, "twentymoves", 1,
        TWENTY_MOVES_ITERATIONS);
    String original = job.workers.get(0);
    String current = original;
    String node = nm1;
    java.util.List<String> downtimes = new java.util.ArrayList<>();
    java.util.List<String[]> chain = new java.util.ArrayList<>();
    chain.add(new String[] {original, nm1});
    for (int move = 1; move <= 20; move++) {
      String target = node.equals(nm1) ? nm2 : nm1;
      int before = last(job.counter(node, current));
      String[] moved;
      String downtime;
      if (move == 1 || move == 10) {
        // the tenth move names no node: the RM's placement policy picks the other host
        PseudoCluster.Result r = move < 10
            ? cluster.yarn("container", "-migrate", original, "-node", target)
            : cluster.yarn("container", "-migrate", original);
        assertEquals("move " + move + " of " + original + " (now " + current + ") to "
            + target + ":\n" + r, 0, r.exitCode);
        if (move == 10) {
          assertTrue("the RM chose " + target + " and said why:\n" + r, r.stdout.contains(
              " -> " + target + ", strategy STOP_AND_COPY, TCP AUTO (target chosen by the"
                  + " ResourceManager: MostRoomPlacementPolicy: most room of 1 eligible node: "
                  + target + " has "));
        }
        moved = DistributedShellJob.movedContainers(r);
        downtime = downtime(r);
      } else {
        PseudoCluster.HttpResult put = cluster.http("PUT", "/ws/v1/cluster/containers/"
            + original + "/migrate", "{\"node\":\"" + target + "\"}");
        assertEquals("move " + move + ": " + put, 202, put.status);
        JsonNode report = waitForFinal(put.json().path("migration").path("migrationId")
            .asText(), 120);
        assertEquals("move " + move + ": " + report, "SUCCEEDED",
            report.path("state").asText());
        moved = new String[] {report.path("containerId").asText(),
            report.path("targetContainerId").asText()};
        downtime = String.format(java.util.Locale.ROOT, "%.2f",
            report.path("frozenTimeMs").asLong() / 1000.0);
      }
      assertEquals("move " + move + " moved the current container", current, moved[0]);
      downtimes.add(downtime);
      String next = moved[1];
      job.assertContinues(target, current, next, before);
      log("move " + move + ": " + current + " on " + node + " -> " + next + " on " + target
          + ", downtime " + downtime + " s");
      current = next;
      node = target;
      chain.add(new String[] {current, node});
    }
    log("DOWNTIME of the 20 moves (s): " + downtimes + " (first " + downtimes.get(0)
        + ", tenth " + downtimes.get(9) + ", twentieth " + downtimes.get(19) + ")");
    PseudoCluster.Result st = cluster.yarn("container", "-status", original);
    assertEquals(st.toString(), 0, st.exitCode);
    assertTrue("yarn container -status " + original + ":\n" + st, st.stdout.contains(
        "Migrated: " + original + " now runs as " + current + " on " + node + " (20 moves)"));
    JsonNode history = migrations("?containerId=" + original);
    assertEquals("migration history of " + original + ": " + history, 20, history.size());
    job.finish(node, Arrays.asList(current));
    if (hasHdfs()) {
      // one story in the logs of the 11 containers it ran in
      AggregatedLogs.of(cluster, job.appId, 120).assertStory(chain);
    }
  }

  /**
   * The workload of the file-lock test: a SQLite database in WAL mode (while connected
   * SQLite holds POSIX locks on the database and on its -shm file) and an flock'ed file. Every tick it inserts
   * row i, checks that rows 1..i are all there, and that its flock still excludes another
   * open of the file; on any error it writes errors.txt and exits 3.
   */
  private static final String LOCKS_WORKLOAD = ""
      + "import fcntl, os, sqlite3, sys, time\n"
      + "limit = int(sys.argv[1])\n"
      + "db = sqlite3.connect('db.sqlite', isolation_level=None)\n"
      + "db.execute('PRAGMA journal_mode=WAL')\n"
      + "db.execute('CREATE TABLE IF NOT EXISTS t (i INTEGER PRIMARY KEY)')\n"
      + "lock = open('flock.lock', 'w')\n"
      + "fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)\n"
      + "i = 0\n"
      + "while i < limit and not os.path.exists('stop'):\n"
      + "    i += 1\n"
      + "    db.execute('INSERT INTO t VALUES (?)', (i,))\n"
      + "    n, top = db.execute('SELECT count(*), max(i) FROM t').fetchone()\n"
      + "    probe = open('flock.lock', 'r')\n"
      + "    try:\n"
      + "        fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)\n"
      + "        held = False\n"
      + "    except BlockingIOError:\n"
      + "        held = True\n"
      + "    probe.close()\n"
      + "    if n != i or top != i or not held:\n"
      + "        with open('errors.txt', 'a') as e:\n"
      + "            e.write('%d: rows %d, max %s, flock held %s\\n' % (i, n, top, held))\n"
      + "        sys.exit(3)\n"
      + "    with open('counter.txt', 'a') as c:\n"
      + "        c.write('%d\\n' % i)\n"
      + "    print('count %d' % i, flush=True)\n"
      + "    time.sleep(0.2)\n";

  /**
   * A tree holding file locks moves with them: SQLite in WAL mode (POSIX locks) and an
   * flock, both held on the target after the move; every row written before and after is
   * there and no lock was lost (the workload checks both every tick).
   */
  @Test(timeout = 300_000)
  public void givenSqliteInWalModeAndAnFlock_whenMigrated_thenRowsAndLocksContinue()
      throws Exception {
    String nm1 = cluster.nm1();
    String nm2 = cluster.nm2();
    DistributedShellJob job = submitPython("locks", LOCKS_WORKLOAD, "3000");
    String a = job.workers.get(0);
    assertLocksHeld(job, nm1, a);
    // the counter (rows checked every tick) goes on past the move, 1..N in order
    String target = moveAndAwaitCounter(job, a, nm1, nm2, "SQLite + flock");
    assertLocksHeld(job, nm2, target);
    log(a + " -> " + target + ": SQLite rows and locks continue");
    job.finish(nm2, Arrays.asList(target));
  }

  /**
   * The workload of the special-files test: a FIFO in the work dir, both ends held open,
   * always one record in flight (tick i writes record i and reads record i-1), and a
   * pseudo-terminal pair (/dev/ptmx and its /dev/pts/N, raw mode set once) that carries
   * record i every tick (written through the terminal, read back on the master). A wrong or
   * missing record, or a terminal no longer raw, writes errors.txt and ends the workload
   * (exit 3). pty.txt holds the terminal's name.
   */
  private static final String SPECIAL_FILES_WORKLOAD = ""
      + "import os, select, sys, time, tty, termios\n"
      + "limit = int(sys.argv[1])\n"
      + "def fail(why):\n"
      + "    with open('errors.txt', 'a') as e:\n"
      + "        e.write(why + '\\n')\n"
      + "    sys.exit(3)\n"
      + "held = open('held.txt', 'a')\n"
      + "def paths():\n"
      + "    return (os.getcwd(), os.environ.get('PWD'),\n"
      + "            os.readlink('/proc/self/fd/%d' % held.fileno()),\n"
      + "            os.readlink('/proc/self/fd/1'))\n"
      + "paths0 = paths()\n"
      + "with open('paths.txt', 'w') as p:\n"
      + "    p.write('\\n'.join(paths0) + '\\n')\n"
      + "os.mkfifo('pipe')\n"
      + "r = os.open('pipe', os.O_RDONLY | os.O_NONBLOCK)\n"
      + "w = os.open('pipe', os.O_WRONLY)\n"
      + "os.write(w, b'%08d\\n' % 0)\n"
      + "m, s = os.openpty()\n"
      + "tty.setraw(s)\n"
      + "raw = termios.tcgetattr(s)\n"
      + "with open('pty.txt', 'w') as p:\n"
      + "    p.write(os.ttyname(s) + '\\n')\n"
      + "i = 0\n"
      + "while i < limit and not os.path.exists('stop'):\n"
      + "    i += 1\n"
      + "    rec = b'%08d\\n' % i\n"
      + "    os.write(w, rec)\n"
      + "    try:\n"
      + "        got = os.read(r, len(rec))\n"
      + "    except BlockingIOError:\n"
      + "        got = b'(empty)'\n"
      + "    if got != b'%08d\\n' % (i - 1):\n"
      + "        fail('tick %d read %r from the FIFO' % (i, got))\n"
      + "    os.write(s, rec)\n"
      + "    got = b''\n"
      + "    while len(got) < len(rec) and select.select([m], [], [], 5)[0]:\n"
      + "        got += os.read(m, len(rec) - len(got))\n"
      + "    if got != rec:\n"
      + "        fail('tick %d read %r through the terminal' % (i, got))\n"
      + "    if termios.tcgetattr(s) != raw:\n"
      + "        fail('tick %d: the terminal is no longer raw' % i)\n"
      + "    if paths() != paths0 or os.getcwd() != os.environ.get('PWD'):\n"
      + "        fail('tick %d: cwd, PWD, held file, stdout %r were %r' % (i, paths(), paths0))\n"
      + "    with open('counter.txt', 'a') as c:\n"
      + "        c.write('%d\\n' % i)\n"
      + "    print('count %d' % i, flush=True)\n"
      + "    time.sleep(0.2)\n";

  /**
   * A FIFO in the work dir with data in flight, and a pseudo-terminal pair (as script,
   * expect and REPL-driving jobs hold), move there and back (A -> B -> A): the record in
   * flight in the FIFO at each freeze is read on the other side, every record written
   * through the terminal is read on its master, and the terminal keeps its mode; moving it
   * back while another process holds its terminal index there is refused before the
   * freeze. The workload's absolute paths never change: its cwd (= PWD), a file it holds open in its
   * work dir and its stdout (in its log dir) name the original container's directories on
   * every tick, on every host.
   */
  @Test(timeout = 300_000)
  public void givenFifoPtyAndStoredPaths_whenMovedThereAndBack_thenRecordsArriveAndPathsStay()
      throws Exception {
    Assume.assumeTrue("each isolated host has its own pseudo-terminals",
        cluster.isolatedHosts());
    String nm1 = cluster.nm1();
    String nm2 = cluster.nm2();
    DistributedShellJob job = submitPython("specialfiles", SPECIAL_FILES_WORKLOAD, "3000");
    String a = job.workers.get(0);
    String b = moveAndAwaitCounter(job, a, nm1, nm2, "FIFO with data in flight, pty");
    File fifo = new File(job.file(nm2, b, "counter.txt").getParentFile(), "pipe");
    int mode = (Integer) Files.getAttribute(fifo.toPath(), "unix:mode",
        java.nio.file.LinkOption.NOFOLLOW_LINKS);
    assertEquals("a FIFO (S_IFIFO) in the target's work dir: " + fifo + " mode "
        + Integer.toOctalString(mode), 0010000, mode & 0170000);
    String name = DistributedShellJob.read(job.file(nm2, b, "pty.txt")).trim();
    assertPtyIndexTakenRefused(job, b, "nm1", nm1, name);
    String c = moveAndAwaitCounter(job, b, nm2, nm1, "FIFO with data in flight, pty, back");
    List<String> paths = Arrays.asList(DistributedShellJob.read(job.file(nm1, c,
        "paths.txt")).trim().split("\n"));
    for (String p : paths) {
      assertTrue("the workload's paths name its original container " + a + ": " + paths,
          p.contains("/" + a));
    }
    assertFalse("errors of " + c + ": " + DistributedShellJob.read(errorsFile(job, nm1, c)),
        errorsFile(job, nm1, c).exists());
    log(a + " -> " + b + " -> " + c + ": every record through the FIFO and through " + name
        + " read in order, the terminal still raw; cwd, PWD, held file and stdout still "
        + paths);
    job.finish(nm1, Arrays.asList(c));
  }

  /**
   * While a process on the host of {@code node} holds the pseudo-terminal {@code pty} (the
   * tree's index), moving the container there is refused before the freeze, naming the
   * terminal: no downtime. The holder is then ended.
   */
  private static void assertPtyIndexTakenRefused(DistributedShellJob job, String container,
      String host, String node, String pty) throws Exception {
    File held = new File(cluster.workDir(), "pty-occupier.log");
    Process occupier = cluster.onHostInBackground(host, held, "python3", "-c",
        "import os, sys\n"
            + "fds = []\n"
            + "while not fds or os.ttyname(fds[-1][1]) != '" + pty + "':\n"
            + "    fds.append(os.openpty())\n"
            + "    if len(fds) > 64:\n"
            + "        sys.exit('no " + pty + " here')\n"
            + "print('held', flush=True)\n"
            + "sys.stdin.read()\n");
    try {
      long deadline = System.currentTimeMillis() + 20_000;
      while (!DistributedShellJob.read(held).contains("held")) {
        assertTrue("no process holds " + pty + " on " + host + ": "
            + DistributedShellJob.read(held), occupier.isAlive()
            && System.currentTimeMillis() < deadline);
        Thread.sleep(100);
      }
      PseudoCluster.Result r = cluster.yarn("container", "-migrate", container, "-node", node);
      log("yarn container -migrate " + container + " -node " + node + " (" + pty
          + " taken there):\n" + r);
      assertEquals("a tree whose terminal index is taken on the target must not move:\n" + r,
          2, r.exitCode);
      int index = Integer.parseInt(pty.substring(pty.lastIndexOf('/') + 1));
      assertTrue(r.toString(), r.stdout.contains("holds the pseudo-terminal(s) [" + pty
          + "]") && r.stdout.contains(" cannot give the pseudo-terminal index " + index
          + ": " + pty + " is in use there"));
      assertEquals("refused before the freeze: no downtime", "0.000", downtime(r));
    } finally {
      occupier.getOutputStream().close();
      if (!occupier.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        occupier.destroyForcibly();
      }
    }
  }

  /**
   * The workload of the JVM lock test: a JVM holds a FileChannel lock (a POSIX lock) on
   * jvm.lock and keeps a running sum in its heap; every tick it checks both, writes
   * counter.txt, and on any error writes errors.txt and exits 3.
   */
  private static final String JVM_LOCK_WORKLOAD = ""
      + "import java.nio.channels.FileChannel;\n"
      + "import java.nio.channels.FileLock;\n"
      + "import java.nio.file.Files;\n"
      + "import java.nio.file.Paths;\n"
      + "import java.nio.file.StandardOpenOption;\n"
      + "public class LockWorkload {\n"
      + "  public static void main(String[] args) throws Exception {\n"
      + "    int limit = Integer.parseInt(args[0]);\n"
      + "    FileChannel ch = FileChannel.open(Paths.get(\"jvm.lock\"), StandardOpenOption.CREATE,\n"
      + "        StandardOpenOption.WRITE);\n"
      + "    FileLock lock = ch.lock();\n"
      + "    long sum = 0;\n"
      + "    for (int i = 1; i <= limit && !Files.exists(Paths.get(\"stop\")); i++) {\n"
      + "      sum += i;\n"
      + "      if (!lock.isValid() || sum != (long) i * (i + 1) / 2) {\n"
      + "        Files.write(Paths.get(\"errors.txt\"), (\"tick \" + i + \" sum \" + sum + \"\\n\")\n"
      + "            .getBytes());\n"
      + "        System.exit(3);\n"
      + "      }\n"
      + "      Files.write(Paths.get(\"counter.txt\"), (i + \"\\n\").getBytes(),\n"
      + "          StandardOpenOption.CREATE, StandardOpenOption.APPEND);\n"
      + "      System.out.println(\"count \" + i);\n"
      + "      Thread.sleep(200);\n"
      + "    }\n"
      + "  }\n"
      + "}\n";

  /**
   * A JVM holding a FileChannel lock moves with it: its heap state (a running sum) and its
   * lock continue on the target.
   */
  @Test(timeout = 300_000)
  public void givenJvmHoldingAFileChannelLock_whenMigrated_thenItsStateAndLockContinue()
      throws Exception {
    String nm1 = cluster.nm1();
    String nm2 = cluster.nm2();
    File classes = new File(cluster.workDir(), "jvm-lock-workload");
    File src = new File(classes, "LockWorkload.java");
    assertTrue(classes.isDirectory() || classes.mkdirs());
    Files.write(src.toPath(), JVM_LOCK_WORKLOAD.getBytes(StandardCharsets.UTF_8));
    javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
    assertTrue("no Java compiler in the test JVM", javac != null);
    assertEquals("javac LockWorkload.java", 0, javac.run(null, null, null, "-d",
        classes.getPath(), src.getPath()));
    // a small JVM in a 128 MB container: no perf data file in /tmp (another host's /tmp on a
    // real cluster), a small heap and one compiler tier
    DistributedShellJob job = DistributedShellJob.submitOnNm1(cluster, "jvmlock", 1,
        "exec \"${JAVA_HOME:+$JAVA_HOME/bin/}java\" -Xmx32m -Xss512k -XX:+UseSerialGC -XX:-UsePerfData"
            + " -XX:TieredStopAtLevel=1 -cp " + classes.getPath() + " LockWorkload 3000\n",
        false);
    String a = job.workers.get(0);
    String[][] jvmLock = {{"jvm.lock", "POSIX"}};
    assertLocksHeld(job, nm1, a, jvmLock);
    String target = moveAndAwaitCounter(job, a, nm1, nm2, "JVM with a FileChannel lock");
    assertLocksHeld(job, nm2, target, jvmLock);
    log(a + " -> " + target + ": the JVM's sum and FileChannel lock continue");
    job.finish(nm2, Arrays.asList(target));
  }

  /**
   * The workload of the listener test: a TCP server thread answers every connection with
   * the current tick and closes it; the main loop writes counter.txt.
   */
  private static final String LISTENER_WORKLOAD = ""
      + "import os, socket, sys, threading, time\n"
      + "port, limit = int(sys.argv[1]), int(sys.argv[2])\n"
      + "tick = [0]\n"
      + "srv = socket.socket()\n"
      + "srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
      + "srv.bind(('0.0.0.0', port))\n"
      + "srv.listen(8)\n"
      + "def serve():\n"
      + "    while True:\n"
      + "        c, _ = srv.accept()\n"
      + "        c.sendall(b'%d\\n' % tick[0])\n"
      + "        c.close()\n"
      + "threading.Thread(target=serve, daemon=True).start()\n"
      + "i = 0\n"
      + "while i < limit and not os.path.exists('stop'):\n"
      + "    i += 1\n"
      + "    tick[0] = i\n"
      + "    with open('counter.txt', 'a') as c:\n"
      + "        c.write('%d\\n' % i)\n"
      + "    print('count %d' % i, flush=True)\n"
      + "    time.sleep(0.2)\n";

  /**
   * A container serving TCP (listening on all addresses) moves with its listener. First, a
   * listener cannot move onto a host where its port is taken: the source asks the target
   * before the freeze, the migration is refused naming the port, and the workload never
   * paused (no downtime; it serves on the source throughout). Once the port is free there,
   * the same server answers on the target host's address after the move, with its state
   * gone on, and nothing listens on the source host any more.
   */
  @Test(timeout = 300_000)
  public void givenContainerListeningOnAPort_whenMigrated_thenRefusedWhereThePortIsTakenAndServesOnTheTargetOnceFree()
      throws Exception {
    Assume.assumeTrue("two addresses on isolated hosts only", cluster.isolatedHosts());
    String nm2 = cluster.nm2();
    String[] hosts = cluster.env("HOSTS").trim().split("\\s+");
    int port = PORT_BASE + 95;
    Process occupier = cluster.onHostInBackground("nm2", new File(cluster.workDir(),
        "port-occupier.log"), "python3", "-c", "import socket, sys\n"
            + "s = socket.socket()\n"
            + "s.bind(('0.0.0.0', " + port + "))\n"
            + "s.listen(8)\n"
            + "sys.stdin.read()\n");
    DistributedShellJob job;
    String a;
    try {
      awaitListening(hosts[1], port, 20);
      job = submitPython("listener", LISTENER_WORKLOAD, port + " 3000");
      a = job.workers.get(0);
      int before = ask(hosts[0], port, 20);
      PseudoCluster.Result r = cluster.yarn("container", "-migrate", a, "-node", nm2);
      log("yarn container -migrate " + a + " -node " + nm2 + " (port taken there):\n" + r);
      assertEquals("a listener whose port is taken on the target must not move:\n" + r, 2,
          r.exitCode);
      assertTrue(r.toString(), r.stdout.contains("the tree listens on [0.0.0.0:" + port
          + " (pid "));
      assertTrue(r.toString(), r.stdout.contains(" cannot bind port " + port
          + " on 0.0.0.0: Address already in use"));
      assertTrue(r.toString(), r.stdout.contains("choose another target node"));
      assertEquals("refused before the freeze: no downtime", "0.000", downtime(r));
      int after = ask(hosts[0], port, 20);
      assertTrue("the workload serves on the source, past " + before + ": " + after,
          after > before);
      log(a + " refused (port " + port + " taken on " + nm2 + "), serves on " + hosts[0]
          + ": " + before + " -> " + after);
    } finally {
      occupier.getOutputStream().close();
      if (!occupier.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        occupier.destroyForcibly();
      }
    }
    awaitRefused(hosts[1], port, 20);
    int onSource = ask(hosts[0], port, 20);
    String target = job.migrateByCli(a, nm2, "TCP listener, its port free on the target");
    int onTarget = ask(hosts[1], port, 20);
    assertTrue("the server on the target " + hosts[1] + ":" + port + " answered " + onTarget
        + ", not past " + onSource + " (its answer on the source)", onTarget > onSource);
    // SUCCEEDED means the target runs; the source NM ends the frozen tree right after.
    awaitRefused(hosts[0], port, 20);
    log(a + " -> " + target + ": served " + onSource + " on " + hosts[0] + ":" + port + ", "
        + onTarget + " on " + hosts[1] + ":" + port);
    job.finish(nm2, Arrays.asList(target));
  }

  /** Waits until something accepts connections on host:port. */
  private static void awaitListening(String host, int port, int seconds) throws Exception {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    while (true) {
      try (java.net.Socket s = new java.net.Socket()) {
        s.connect(new java.net.InetSocketAddress(host, port), 2000);
        return;
      } catch (java.io.IOException e) {
        if (System.currentTimeMillis() > deadline) {
          throw new AssertionError("nothing listens on " + host + ":" + port + " within "
              + seconds + " s: " + e, e);
        }
        Thread.sleep(250);
      }
    }
  }

  /**
   * The workload of the TCP client test: one connection to a server outside the container;
   * request n is "req n", answered "ack n"; on any error (the connection restored closed
   * after a move) it reconnects and resends the request that was not acknowledged.
   * counter.txt counts acknowledged requests; reconnects.txt says why it reconnected.
   * Inside the container, a forked child echoes every acknowledged number back over a
   * unix socketpair; a wrong echo writes errors.txt and ends the workload (exit 3).
   */
  private static final String TCP_CLIENT_WORKLOAD = ""
      + "import os, socket, sys, time\n"
      + "host, port, limit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])\n"
      + "mine, childs = socket.socketpair()\n"
      + "if os.fork() == 0:\n"
      + "    mine.close()\n"
      + "    for data in iter(lambda: childs.recv(64), b''):\n"
      + "        childs.sendall(data)\n"
      + "    os._exit(0)\n"
      + "childs.close()\n"
      + "n, f = 0, None\n"
      + "while n < limit and not os.path.exists('stop'):\n"
      + "    try:\n"
      + "        if f is None:\n"
      + "            s = socket.create_connection((host, port), timeout=10)\n"
      + "            with open('address.txt', 'w') as a:\n"
      + "                a.write(s.getsockname()[0])\n"
      + "            f = s.makefile('rw')\n"
      + "        f.write('req %d\\n' % (n + 1))\n"
      + "        f.flush()\n"
      + "        line = f.readline()\n"
      + "        if line.strip() != 'ack %d' % (n + 1):\n"
      + "            raise OSError('answer %r' % line)\n"
      + "    except OSError as e:\n"
      + "        with open('reconnects.txt', 'a') as r:\n"
      + "            r.write('%s\\n' % e)\n"
      + "        f = None\n"
      + "        time.sleep(0.2)\n"
      + "        continue\n"
      + "    n += 1\n"
      + "    mine.sendall(b'%d' % n)\n"
      + "    echo = mine.recv(64)\n"
      + "    if echo != b'%d' % n:\n"
      + "        with open('errors.txt', 'a') as e:\n"
      + "            e.write('socketpair echoed %r for %d\\n' % (echo, n))\n"
      + "        sys.exit(3)\n"
      + "    with open('counter.txt', 'a') as c:\n"
      + "        c.write('%d\\n' % n)\n"
      + "    print('count %d' % n, flush=True)\n"
      + "    time.sleep(0.2)\n";

  /**
   * Two containers of one job ask for an address of their own
   * ({@code YARN_MIGRATION_NETWORK=own}): each runs in its own network namespace with an
   * address from NM1's block on the cluster network, and holds a TCP connection to a
   * server outside the cluster and a unix socketpair between its two processes (checked
   * every tick). One moves in TCP mode CLOSE: its connection is restored closed, it
   * reconnects from its address, which moved with it, and resends what was not
   * acknowledged. The other moves in TCP mode ESTABLISHED: the server sees its one
   * connection go on -- no reconnect, no request lost. Neither leaves a veth on NM1.
   */
  @Test(timeout = 300_000)
  public void givenTcpClientsWithAddressesOfTheirOwn_whenMovedClosedAndEstablished_thenOneReconnectsAndTheOtherKeepsItsConnection()
      throws Exception {
    Assume.assumeTrue("addresses of their own on isolated hosts only",
        cluster.isolatedHosts());
    String nm1 = cluster.nm1();
    String nm2 = cluster.nm2();
    List<String> hosts = Arrays.asList(cluster.env("HOSTS").trim().split("\\s+"));
    String serverHost = cluster.env("CLIENT_ADDRESS");
    try (AckServer server = new AckServer(serverHost, PORT_BASE + 96)) {
      File py = new File(cluster.workDir(), "tcpclient-workload.py");
      Files.write(py.toPath(), TCP_CLIENT_WORKLOAD.getBytes(StandardCharsets.UTF_8));
      DistributedShellJob job = DistributedShellJob.submitOnNm1(cluster, "tcpclient", 2,
          "exec python3 " + py.getPath() + " " + serverHost + " " + server.port() + " 3000\n",
          // as an application asks (MigrationContract.NETWORK_ENV, NETWORK_OWN)
          false, Arrays.asList("YARN_MIGRATION_NETWORK=own"));
      String closed = job.workers.get(0);
      String kept = job.workers.get(1);
      String closedAddress = awaitAddress(job, nm1, closed);
      String keptAddress = awaitAddress(job, nm1, kept);
      assertNotEquals("each container has its own address", closedAddress, keptAddress);
      for (String own : Arrays.asList(closedAddress, keptAddress)) {
        assertFalse(own + " is a host's address, not one of its own", hosts.contains(own));
        server.awaitRequests(own, 3, 60);
      }
      assertEquals("connections before the moves", 2, server.peers().size());
      assertEquals("two veths of containers on NM1", 2, containerVeths("nm1").size());

      String closedTarget = moveAndAwaitCounter(job, closed, nm1, nm2, "TCP client (CLOSE)",
          "-tcp", "close");
      assertAllAcknowledgedArrived(job, nm2, closedTarget, server, closedAddress);
      assertEquals("the CLOSE client reconnected once, from its own address: "
          + server.peers(), 2, Collections.frequency(server.peers(), closedAddress));
      String why = DistributedShellJob.read(new File(job.file(nm2, closedTarget,
          "counter.txt").getParentFile(), "reconnects.txt"));

      String keptTarget = moveAndAwaitCounter(job, kept, nm1, nm2, "TCP client (ESTABLISHED)",
          "-tcp", "established");
      int acked = assertAllAcknowledgedArrived(job, nm2, keptTarget, server, keptAddress);
      assertEquals("the ESTABLISHED client's one connection went on: " + server.peers(), 1,
          Collections.frequency(server.peers(), keptAddress));
      assertFalse("the ESTABLISHED connection ended on the server",
          server.awaitEnded(keptAddress, 1));
      assertFalse("the ESTABLISHED client reconnected", new File(job.file(nm2, keptTarget,
          "counter.txt").getParentFile(), "reconnects.txt").exists());
      long deadline = System.currentTimeMillis() + 20_000;
      while (!containerVeths("nm1").isEmpty()) {
        assertTrue("veths left on NM1 after both moved: " + containerVeths("nm1"),
            System.currentTimeMillis() < deadline);
        Thread.sleep(200);
      }
      assertEquals("the two restored containers' veths on NM2", 2,
          containerVeths("nm2").size());
      log(closed + " -> " + closedTarget + " (CLOSE, " + closedAddress + ") reconnected after: "
          + why.trim() + "; " + kept + " -> " + keptTarget + " (ESTABLISHED, " + keptAddress
          + "): " + acked + " requests on one connection");
      job.finish(nm2, Arrays.asList(closedTarget, keptTarget));
      deadline = System.currentTimeMillis() + 20_000;
      while (!containerVeths("nm2").isEmpty()) {
        assertTrue("veths left on NM2 after the job: " + containerVeths("nm2"),
            System.currentTimeMillis() < deadline);
        Thread.sleep(200);
      }
    }
  }

  /** The address the workload connected from (address.txt in its work dir). */
  private static String awaitAddress(DistributedShellJob job, String node, String container)
      throws Exception {
    File f = new File(job.file(node, container, "counter.txt").getParentFile(),
        "address.txt");
    long deadline = System.currentTimeMillis() + 60_000;
    while (!f.isFile() || DistributedShellJob.read(f).trim().isEmpty()) {
      assertTrue(container + " wrote no address.txt within 60 s",
          System.currentTimeMillis() < deadline);
      Thread.sleep(200);
    }
    return DistributedShellJob.read(f).trim();
  }

  /** Every request the client counted reached the server from its address; the count. */
  private static int assertAllAcknowledgedArrived(DistributedShellJob job, String node,
      String container, AckServer server, String address) throws Exception {
    List<Integer> counted = job.counter(node, container);
    int acked = counted.get(counted.size() - 1);
    for (int n = 1; n <= acked; n++) {
      assertTrue("request " + n + " (the client counted " + acked + ") never reached the"
          + " server from " + address, server.requests(address).contains(n));
    }
    return acked;
  }

  /** The host ends of containers' veth pairs on a host ({@code ym...}). */
  private static List<String> containerVeths(String daemon) throws IOException {
    PseudoCluster.Result r = cluster.onHost(daemon, "ip", "-o", "link", "show");
    assertEquals(r.toString(), 0, r.exitCode);
    List<String> names = new ArrayList<>();
    for (String line : r.stdout.split("\n")) {
      String[] f = line.split(":\\s+");
      if (f.length > 1 && f[1].startsWith("ym")) {
        names.add(f[1].split("@")[0]);
      }
    }
    return names;
  }

  /**
   * A line server outside the containers (in the test JVM, on this namespace's address):
   * answers "req n" with "ack n", and records every request, and every connection's peer
   * address and its end.
   */
  private static final class AckServer implements AutoCloseable {
    private final java.net.ServerSocket socket;
    private final List<String> peers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.Set<String> ended =
        java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.Map<String, java.util.Set<Integer>> requests =
        new java.util.concurrent.ConcurrentHashMap<>();
    private final List<java.net.Socket> open =
        new java.util.concurrent.CopyOnWriteArrayList<>();

    AckServer(String host, int port) throws IOException {
      socket = new java.net.ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new java.net.InetSocketAddress(host, port));
      Thread accept = new Thread(this::acceptLoop, "ack-server");
      accept.setDaemon(true);
      accept.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    private void acceptLoop() {
      while (!socket.isClosed()) {
        try {
          java.net.Socket c = socket.accept();
          open.add(c);
          String peer = c.getInetAddress().getHostAddress();
          peers.add(peer);
          Thread t = new Thread(() -> serve(c, peer), "ack-server-" + peer);
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(java.net.Socket c, String peer) {
      try {
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
            c.getInputStream(), StandardCharsets.US_ASCII));
        java.io.Writer out = new java.io.OutputStreamWriter(c.getOutputStream(),
            StandardCharsets.US_ASCII);
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          int n = Integer.parseInt(line.trim().substring("req ".length()));
          requests.computeIfAbsent(peer,
              p -> java.util.concurrent.ConcurrentHashMap.newKeySet()).add(n);
          out.write("ack " + n + "\n");
          out.flush();
        }
      } catch (IOException | RuntimeException e) {
        // a reset: the connection ended as well
      } finally {
        ended.add(peer);
      }
    }

    List<String> peers() {
      return new ArrayList<>(peers);
    }

    /** The requests that came from one address, over all its connections. */
    java.util.Set<Integer> requests(String peer) {
      java.util.Set<Integer> r = requests.get(peer);
      return r == null ? java.util.Collections.<Integer>emptySet() : r;
    }

    void awaitRequests(String peer, int count, int seconds) throws InterruptedException {
      long deadline = System.currentTimeMillis() + seconds * 1000L;
      while (requests(peer).size() < count) {
        assertTrue("the server got " + requests(peer).size() + " requests from " + peer
            + " within " + seconds + " s, not " + count,
            System.currentTimeMillis() < deadline);
        Thread.sleep(200);
      }
    }

    boolean awaitEnded(String peer, int seconds) throws InterruptedException {
      long deadline = System.currentTimeMillis() + seconds * 1000L;
      while (!ended.contains(peer) && System.currentTimeMillis() < deadline) {
        Thread.sleep(200);
      }
      return ended.contains(peer);
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (java.net.Socket c : open) {
        c.close();
      }
    }
  }

  /**
   * Locality: a file written to HDFS on host 2 with one replica (its DataNode holds every
   * block) is the data of a distributed shell job whose worker runs on NM1. {@code yarn
   * container -migrateApp <app> -near <file>} moves the worker to NM2 (the AM stays where
   * it is), the report saying NM2 holds all of the data; the worker counts on there. Asked
   * again, the command leaves it where it is, nearest to its data. The app SUCCEEDED.
   */
  @Test(timeout = 300_000)
  public void givenDataOnHost2_whenTheApplicationIsMovedTowardsIt_thenItsWorkerRunsOnHost2()
      throws Exception {
    String nm1 = cluster.nm1();
    String nm2 = cluster.nm2();
    File local = new File(cluster.workDir(), "locality-input.bin");
    byte[] block = new byte[1 << 20];
    new java.util.Random(7).nextBytes(block);
    Files.write(local.toPath(), block);
    String data = "/locality-input-" + System.currentTimeMillis() + ".bin";
    PseudoCluster.Result put = cluster.hdfsOnHost("nm2", 120, "dfs", "-D",
        "dfs.replication=1", "-put", local.getPath(), data);
    assertEquals("hdfs dfs -put on host 2:\n" + put, 0, put.exitCode);

    DistributedShellJob job = DistributedShellJob.submitOnNm1(cluster, "locality", 1,
        ITERATIONS);
    String worker = job.workers.get(0);
    List<Integer> seen = job.counter(nm1, worker);
    int before = seen.get(seen.size() - 1);

    PseudoCluster.Result r = cluster.yarn("container", "-migrateApp", job.appId, "-near",
        data);
    log("yarn container -migrateApp " + job.appId + " -near " + data + ":\n" + r);
    assertEquals("-migrateApp:\n" + r, 0, r.exitCode);
    assertTrue("the worker alone (not the AM) is listed:\n" + r, r.stdout.contains(
        "1 running container(s) of " + job.appId + " besides its ApplicationMaster: ["
            + worker + "]"));
    assertTrue("the RM placed it by its data, NM2 holding all of it:\n" + r,
        Pattern.compile("accepted: " + Pattern.quote(nm1) + " -> " + Pattern.quote(nm2)
            + ".*DataPlacement: nearest to its data: " + Pattern.quote(nm2) + " holds 100% \\("
            + block.length + " of " + block.length + " bytes\\)").matcher(r.stdout).find());
    assertTrue(r.stdout, r.stdout.contains(job.appId + ": 1 moved, 0 stayed, 0 not moved"));
    String target = DistributedShellJob.movedContainers(r)[1];
    job.assertContinues(nm2, worker, target, before);

    PseudoCluster.Result again = cluster.yarn("container", "-migrateApp", job.appId, "-near",
        data);
    log("again:\n" + again);
    assertEquals("-migrateApp again:\n" + again, 0, again.exitCode);
    assertTrue("nearest already:\n" + again, again.stdout.contains(target + " stays: ")
        && again.stdout.contains("is already nearest to its data: " + nm2 + " (its node)"
            + " holds 100%"));
    assertTrue(again.stdout, again.stdout.contains(job.appId
        + ": 0 moved, 1 stayed, 0 not moved"));

    job.finish(nm2, java.util.Collections.singletonList(target));
  }

  /**
   * The distributed shell's ApplicationMaster moves by the CLI from NM2 to NM1: its worker
   * counts on, the RM's view of the attempt follows it (AM host, AM container), and the
   * application ends SUCCEEDED, its AM finishing on the new host.
   */
  @Test(timeout = 300_000)
  public void givenDistributedShellAm_whenMovedByTheCli_thenTheAttemptFollowsAndTheAppSucceeds()
      throws Exception {
    String nm1 = cluster.nm1();
    String nm2 = cluster.nm2();
    DistributedShellJob job = DistributedShellJob.submitOnNm1(cluster, "am", 1, 3000);
    String worker = job.workers.get(0);
    String amContainer = job.amContainerId();
    int before = last(job.counter(nm1, worker));
    String target = job.migrateByCli(amContainer, nm1, "the AM");

    PseudoCluster.Result app = cluster.yarn("application", "-status", job.appId);
    assertTrue("yarn application -status shows the AM on " + nm1 + ":\n" + app,
        Pattern.compile("AM Host\\s*:\\s*" + Pattern.quote(nm1.split(":")[0]) + "\\s")
            .matcher(app.stdout).find());
    PseudoCluster.Result attempt = cluster.yarn("applicationattempt", "-status",
        job.attemptId);
    assertTrue("yarn applicationattempt -status shows the AM container " + target + ":\n"
        + attempt, Pattern.compile("AMContainer\\s*:\\s*" + Pattern.quote(target))
            .matcher(attempt.stdout).find());
    // the worker runs on under the moved AM
    long deadline = System.currentTimeMillis() + 20_000;
    while (last(job.counter(nm1, worker)) <= before + 5) {
      assertTrue("the worker " + worker + " did not go on after its AM moved",
          System.currentTimeMillis() < deadline);
      Thread.sleep(250);
    }
    log(amContainer + " (the AM) -> " + target + " on " + nm1 + "; worker " + worker
        + " counted " + before + " -> " + last(job.counter(nm1, worker)));
    job.finish(nm1, Arrays.asList(worker));
  }

  /** The number a listener workload answers on host:port, retried for up to the bound. */
  /**
   * Waits until a connection to host:port is refused (nothing listens there any more); a
   * frozen listener still completes the handshake, so an accepted connection means the
   * source tree is not ended yet.
   */
  private static void awaitRefused(String host, int port, int seconds) throws Exception {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    while (true) {
      try (java.net.Socket s = new java.net.Socket()) {
        s.connect(new java.net.InetSocketAddress(host, port), 2000);
      } catch (java.net.ConnectException refused) {
        return;
      } catch (java.net.SocketTimeoutException backlogFull) {
        // a frozen listener's backlog is full: still there
      }
      if (System.currentTimeMillis() > deadline) {
        fail("something still listens on the source " + host + ":" + port + " " + seconds
            + " s after the migration succeeded");
      }
      Thread.sleep(250);
    }
  }

  private static int ask(String host, int port, int seconds) throws Exception {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    while (true) {
      try (java.net.Socket s = new java.net.Socket()) {
        s.connect(new java.net.InetSocketAddress(host, port), 2000);
        s.setSoTimeout(5000);
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
            s.getInputStream(), StandardCharsets.US_ASCII));
        return Integer.parseInt(in.readLine().trim());
      } catch (java.io.IOException | RuntimeException e) {
        if (System.currentTimeMillis() > deadline) {
          throw new AssertionError("nothing answered on " + host + ":" + port + " within "
              + seconds + " s: " + e, e);
        }
        Thread.sleep(250);
      }
    }
  }

  /**
   * Writes a Python workload to {@code <tag>-workload.py} in the cluster's work dir (shared
   * by every host, like an NFS-mounted install) and runs it in one container on NM1.
   */
  private static DistributedShellJob submitPython(String tag, String workload, String args)
      throws Exception {
    File py = new File(cluster.workDir(), tag + "-workload.py");
    Files.write(py.toPath(), workload.getBytes(StandardCharsets.UTF_8));
    return DistributedShellJob.submitOnNm1(cluster, tag, 1, "exec python3 " + py.getPath()
        + " " + args + "\n", false);
  }

  /**
   * Moves a workload that writes counter.txt (and errors.txt when its own checks fail)
   * with {@code yarn container -migrate} (and the given further arguments), then waits until
   * the workload made 3 ticks on the target (and is 5 past the source's count before the
   * move), 1..N in order.
   *
   * @return the target container
   */
  private static String moveAndAwaitCounter(DistributedShellJob job, String a, String from,
      String to, String what, String... moreCliArgs) throws Exception {
    int before = last(job.counter(from, a));
    String target = job.migrateByCli(a, to, what, moreCliArgs);
    // The source counted on until the freeze, and the copied counter.txt holds those
    // ticks: 3 more than it holds now were made on the target.
    int atMove = job.counter(to, target).size();
    int goal = Math.max(before + 5, atMove + 3);
    long deadline = System.currentTimeMillis() + 20_000;
    int now = atMove;
    while (now < goal) {
      assertTrue(target + " did not go on after the move (counter " + before + " on the"
          + " source, " + now + " on " + to + "; errors: "
          + DistributedShellJob.read(errorsFile(job, to, target)) + ")",
          System.currentTimeMillis() < deadline);
      Thread.sleep(250);
      now = job.counter(to, target).size();
    }
    DistributedShellJob.assertSequence("counter.txt of " + target, job.counter(to, target));
    log(a + " -> " + target + ": counter " + before + " on " + from + ", " + now + " on " + to);
    return target;
  }

  /** The "Downtime : N s" figure of {@code yarn container -migrate}'s report. */
  private static String downtime(PseudoCluster.Result r) {
    Matcher dm = Pattern.compile("(?m)^\\s*Downtime\\s*:\\s*([0-9.]+) s").matcher(r.stdout);
    assertTrue("no Downtime line:\n" + r.stdout, dm.find());
    return dm.group(1);
  }

  private static File errorsFile(DistributedShellJob job, String node, String container) {
    return workFile(job, node, container, "errors.txt");
  }

  /**
   * The container's tree holds a POSIX lock on its db.sqlite (SQLite's shared lock of a
   * WAL connection) and an FLOCK on its flock.lock (by inode, in /proc/locks), and its
   * workload reported no error. (SQLite's lock on the -shm file it maps is not restored by
   * CRIU 4.2.1: see docs/nodemanager.md.)
   */
  private static void assertLocksHeld(DistributedShellJob job, String node, String container)
      throws Exception {
    assertLocksHeld(job, node, container, new String[][] {{"db.sqlite", "POSIX"},
        {"flock.lock", "FLOCK"}});
  }

  /** Each {file, kind}: a lock of that kind on the container's file in /proc/locks. */
  private static void assertLocksHeld(DistributedShellJob job, String node, String container,
      String[][] filesAndKinds) throws Exception {
    File errors = errorsFile(job, node, container);
    assertFalse("the workload of " + container + " failed: "
        + DistributedShellJob.read(errors), errors.exists());
    String locks = new String(Files.readAllBytes(new File("/proc/locks").toPath()),
        StandardCharsets.US_ASCII);
    for (String[] fileAndKind : filesAndKinds) {
      File f = job.file(node, container, fileAndKind[0]);
      assertTrue("no " + fileAndKind[0] + " of " + container + " on " + node, f != null);
      long ino = (Long) Files.getAttribute(f.toPath(), "unix:ino");
      Matcher m = Pattern.compile("(?m)^\\d+: " + fileAndKind[1] + "\\s+\\S+\\s+\\S+\\s+\\d+ "
          + "[0-9a-f]+:[0-9a-f]+:" + ino + " ").matcher(locks);
      assertTrue("no " + fileAndKind[1] + " lock on " + f + " (inode " + ino + ") in"
          + " /proc/locks:\n" + locks, m.find());
    }
  }

  /**
   * A container that holds and re-reads a localized resource (the distributed shell's
   * ExecScript.sh) moves to the other host and reads that host's own copy: the source
   * host's app file cache is deleted after the move and the workload reads on.
   */
  @Test(timeout = 300_000)
  public void givenLocalizedScript_whenMigrated_thenTargetUsesItsOwnCopy() throws Exception {
    String nm1 = cluster.nm1();
    String nm2 = cluster.nm2();
    DistributedShellJob job = DistributedShellJob.submitOnNm1(cluster, "resource", 1,
        ITERATIONS, true);
    String a = job.workers.get(0);
    int readsBefore = job.reads(nm1, a).size();
    assertTrue("the workload does not read its localized ExecScript.sh on the source: reads "
        + readsBefore, readsBefore > 0);
    int before = last(job.counter(nm1, a));
    String target = job.migrateByCli(a, nm2, "a localized script it re-reads");
    // the source host's copies of the application's resources go away
    File cache = new File(cluster.localDir(nm1), "usercache/root/appcache/" + job.appId
        + "/filecache");
    assertTrue("no app file cache on the source: " + cache, cache.isDirectory());
    PseudoCluster.Result rm = PseudoCluster.run(Arrays.asList("rm", "-rf", cache.getPath()),
        null, 60);
    assertEquals(rm.toString(), 0, rm.exitCode);
    job.assertContinues(nm2, a, target, before);
    int readsAfter = job.reads(nm2, target).size();
    long deadline = System.currentTimeMillis() + 20_000;
    while (readsAfter <= before + 3) {
      assertTrue(target + " does not read its localized script on " + nm2 + " (reads.txt "
          + readsAfter + " lines, counter was " + before + ")",
          System.currentTimeMillis() < deadline);
      Thread.sleep(250);
      readsAfter = job.reads(nm2, target).size();
    }
    DistributedShellJob.assertSequence("reads.txt of " + target, job.reads(nm2, target));
    log(a + " -> " + target + " reads its ExecScript.sh on " + nm2 + " (" + readsBefore
        + " reads on the source, " + readsAfter + " now; the source's file cache deleted)");
    job.finish(nm2, Arrays.asList(target));
  }

  /**
   * What the post-copy test runs: it fills its memory with a pattern (each 4 KiB page holds
   * its own number), counts in counter.txt every 0.1 s, and every 10th tick checks every
   * page, appending "tick first-bad-page" to checked.txt (-1: all there) or to errors.txt.
   */
  private static final String PAGES_WORKLOAD = String.join("\n",
      "import os, sys, time",
      "buf = bytearray(int(sys.argv[1]) << 20)",
      "for i in range(0, len(buf), 4096):",
      "    buf[i:i + 8] = (i // 4096).to_bytes(8, 'little')",
      "def first_bad():",
      "    for i in range(0, len(buf), 4096):",
      "        if int.from_bytes(buf[i:i + 8], 'little') != i // 4096:",
      "            return i // 4096",
      "    return -1",
      "n = 0",
      "while not os.path.exists('stop'):",
      "    n += 1",
      "    with open('counter.txt', 'a') as f:",
      "        f.write('%d\\n' % n)",
      "    if n % 10 == 0:",
      "        bad = first_bad()",
      "        with open('checked.txt' if bad < 0 else 'errors.txt', 'a') as f:",
      "            f.write('%d %d\\n' % (n, bad))",
      "    time.sleep(0.1)",
      "");

  /**
   * Post-copy between isolated hosts: a workload holding 192 MB it checks page by page, in
   * a 512 MB container, is moved with {@code -strategy AUTO}, which picks post-copy for a
   * container of that size between nodes that do lazy pages (the report says LAZY_PAGES;
   * the failed-restore test names LAZY_PAGES itself). The target restores it from the images without
   * its memory and pulls the pages from the source's dump over the page stream while it
   * runs: it counts on there at once, every page of its memory arrives intact (a full check
   * on the target), the report says which strategy ran, and no CRIU process of the
   * migration is left on either host once the pages went.
   */
  @Test(timeout = 300_000)
  public void givenWorkloadHoldingMemory_whenMovedPostCopy_thenItRunsOnWithEveryPage()
      throws Exception {
    String nm1 = cluster.nm1();
    String nm2 = cluster.nm2();
    DistributedShellJob job = pagesWorkload("postcopy", 192, 512);
    String a = job.workers.get(0);
    String target = moveAndAwaitCounter(job, a, nm1, nm2, "post-copy, chosen by AUTO",
        "-strategy", "AUTO");
    int movedAt = job.counter(nm2, target).size();
    File checked = workFile(job, nm2, target, "checked.txt");
    awaitLines(checked, lines(checked) + 1, 30);
    File errors = errorsFile(job, nm2, target);
    assertFalse("a page of the moved workload's memory is wrong on the target: "
        + DistributedShellJob.read(errors), errors.exists());
    PseudoCluster.Result report = cluster.yarn("container", "-migrations", "-containerId", a);
    log(report.toString());
    assertTrue("AUTO chose post-copy, and the report names it:\n" + report,
        report.stdout.contains("LAZY_PAGES"));
    long deadline = System.currentTimeMillis() + 30_000;
    List<String> left = criuOfPostCopy();
    while (!left.isEmpty()) {
      assertTrue("CRIU processes of the post-copy left: " + left,
          System.currentTimeMillis() < deadline);
      Thread.sleep(250);
      left = criuOfPostCopy();
    }
    log(a + " -> " + target + " post-copy: counted on at once (" + movedAt + " ticks at the"
        + " move), every page checked on " + nm2 + " (" + lines(checked) + " checks there)");
    job.finish(nm2, Arrays.asList(target));
  }

  /**
   * Post-copy's commit point, tried with a crash: a worker holding 512 MB it checks page by
   * page is moved post-copy from host 1 to host 2, and host 1's NodeManager is killed
   * (SIGKILL) while host 2 still pulls the pages (the migration is PULLING_PAGES). Past the
   * restore the tree ran on host 2, so nothing rolls back: the migration ends LOST, its
   * failure names the page pull and host 1; the tree on host 2 is ended before it could
   * read memory that never came (no page it checked was wrong), its target container is
   * released (not RUNNING in the RM, no process of it on host 2) and the AM sees its worker
   * end under the original id with exit status ABORTED (-100), as on a lost node.
   * The RM learns it from host 2 (which ended the tree when its page stream broke) as soon
   * as host 1 does not answer, not once host 1's agent expired.
   * Host 1's NodeManager started again kills the source tree (its pages were being served:
   * it must never thaw) and leaves no frozen cgroup, lazy dump or process of it.
   */
  @Test(timeout = 300_000)
  public void givenPostCopy_whenTheSourceNmIsKilledDuringThePagePull_thenTheContainerIsLost()
      throws Exception {
    String nm1 = cluster.nm1();
    String nm2 = cluster.nm2();
    DistributedShellJob job = pagesWorkload("lostpages", 512, 1024);
    String a = job.workers.get(0);
    JsonNode report = movePostCopyAndAwaitPull(a, nm2);
    String m = report.path("migrationId").asText();
    String target = report.path("targetContainerId").asText();
    cluster.killDaemon("nm1");
    try {
      // host 2 said so (its page pull broke), not host 1's agent expiring 30 s later
      assertLostAsHost2Said(m, "its source NM died", nm1, target);
      assertLostOnHost2(job, a, target);
    } finally {
      cluster.startDaemon("nm1");
    }
    // host 1's NM, back, killed the source tree: no frozen cgroup, lazy dump or process
    awaitNoSourceLeftOnHost1(a);
    job.kill();
    log(a + " lost in post-copy to " + target + " when " + nm1 + "'s NM died: reported LOST,"
        + " ended on both hosts, the AM saw it end");
  }

  /**
   * Post-copy's other page source, tried with a crash: the target's own {@code criu
   * lazy-pages} daemon is SIGKILLed while host 2 pulls a 512 MB worker's pages. The kernel
   * would zero-fill every page not pulled yet once the daemon's userfaultfds are released;
   * the NM's holder keeps them, so the tree waits on its missing memory until the NM ended
   * it: the migration ends LOST (step PAGE_PULL), no page the tree checked was wrong, the
   * target container is released and nothing of it runs on host 2, the AM sees its worker
   * end ABORTED under the original id, and no lazy-pages daemon, lazy dump, holder or
   * source process is left on either host.
   */
  @Test(timeout = 300_000)
  public void givenPostCopy_whenTheTargetsLazyPagesDaemonIsKilled_thenLostWithNoZeroPageRead()
      throws Exception {
    String nm2 = cluster.nm2();
    DistributedShellJob job = pagesWorkload("lostdaemon", 512, 1024);
    String a = job.workers.get(0);
    JsonNode report = movePostCopyAndAwaitPull(a, nm2);
    String m = report.path("migrationId").asText();
    String target = report.path("targetContainerId").asText();
    int daemon = processNaming("criu lazy-pages ", m);
    assertTrue("no lazy-pages daemon of " + m + " while it pulls pages", daemon > 0);
    PseudoCluster.Result k = PseudoCluster.run(Arrays.asList("kill", "-9",
        Integer.toString(daemon)), null, 30);
    assertEquals(k.toString(), 0, k.exitCode);
    log("criu lazy-pages (pid " + daemon + ") of " + m + " killed on host 2 while it pulled");
    // the source's dump just saw its client go: host 2, which ended the tree, says why
    assertLostAsHost2Said(m, "its target's lazy-pages daemon died", nm2, target);
    assertLostOnHost2(job, a, target);
    awaitNoSourceLeftOnHost1(a);
    job.kill();
    log(a + " lost in post-copy to " + target + " when its lazy-pages daemon died: reported"
        + " LOST, no page read wrong, nothing left, the AM saw it end");
  }

  /**
   * The first process whose command line (arguments joined by spaces) holds every part, or
   * -1: a quick scan of /proc/<pid>/cmdline only, for a step that lasts milliseconds.
   */
  private static int processNaming(String... parts) {
    File[] dirs = new File("/proc").listFiles();
    for (File d : dirs == null ? new File[0] : dirs) {
      if (!d.getName().matches("[0-9]+")) {
        continue;
      }
      try {
        String cmd = new String(Files.readAllBytes(new File(d, "cmdline").toPath()),
            StandardCharsets.UTF_8).replace('\0', ' ');
        boolean all = true;
        for (String part : parts) {
          all &= cmd.contains(part);
        }
        if (all) {
          return Integer.parseInt(d.getName());
        }
      } catch (IOException e) {
        // gone
      }
    }
    return -1;
  }

  /**
   * Moves a post-copy (LAZY_PAGES) from host 1 to host 2 over REST; returns its report
   * once it pulls pages (within 120 s).
   */
  private static JsonNode movePostCopyAndAwaitPull(String a, String nm2) throws Exception {
    PseudoCluster.HttpResult put = cluster.http("PUT", "/ws/v1/cluster/containers/" + a
        + "/migrate", "{\"node\":\"" + nm2 + "\",\"strategy\":\"LAZY_PAGES\"}");
    assertEquals(put.toString(), 202, put.status);
    String m = put.json().path("migration").path("migrationId").asText();
    long deadline = System.currentTimeMillis() + 120_000;
    JsonNode report = cluster.get("/ws/v1/cluster/migrations/" + m).path("migration");
    while (!"PULLING_PAGES".equals(report.path("state").asText())) {
      assertFalse("migration " + m + " ended before the test saw it pull pages: " + report,
          Arrays.asList("SUCCEEDED", "FAILED", "LOST").contains(report.path("state")
              .asText()));
      assertTrue("migration " + m + " not pulling pages within 120 s: " + report,
          System.currentTimeMillis() < deadline);
      Thread.sleep(20);
      report = cluster.get("/ws/v1/cluster/migrations/" + m).path("migration");
    }
    return report;
  }

  /**
   * The target container of rolled-back migration m is released (within 30 s) and neither
   * the source nor the target node keeps an image of m.
   */
  private static void assertRolledBackClean(DistributedShellJob job, String m, String target,
      String source, String targetNode) throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    while (cluster.get("/ws/v1/cluster/apps/" + job.appId + "/appattempts/" + job.attemptId
        + "/containers").toString().contains(target)) {
      assertTrue("the target " + target + " of " + m + " is still held on " + targetNode,
          System.currentTimeMillis() < deadline);
      Thread.sleep(250);
    }
    for (File left : new File[] {new File(cluster.localDir(source), "migration-outgoing/" + m),
        new File(cluster.localDir(targetNode), "migration-images/" + m)}) {
      assertFalse(left + " left", left.exists());
    }
  }

  /**
   * Post-copy migration m ends LOST in its page pull, the failure naming {@code node}, in
   * the words of host 2, which ended the restored tree in {@code target}.
   */
  private static void assertLostAsHost2Said(String m, String what, String node,
      String target) throws Exception {
    JsonNode report = waitForFinal(m, 120);
    log("post-copy whose " + what + " during the page pull: " + report);
    assertEquals(what + " during the page pull: " + report, "LOST",
        report.path("state").asText());
    JsonNode failure = report.path("failure");
    assertEquals(report.toString(), "PAGE_PULL", failure.path("step").asText());
    assertEquals(report.toString(), node, failure.path("node").asText());
    assertTrue(report.toString(), failure.path("cause").asText().contains("the target "
        + cluster.nm2() + " ended the restored tree in " + target));
  }

  /**
   * A worker lost in post-copy to host 2: the target container is released and nothing of
   * its tree runs on host 2 (the restored tree shows the original container's paths and
   * environment), no page it checked there was wrong, and the AM saw its worker end, under
   * the original id, as a lost one (ABORTED).
   */
  private static void assertLostOnHost2(DistributedShellJob job, String a, String target)
      throws Exception {
    String nm2 = cluster.nm2();
    long deadline = System.currentTimeMillis() + 60_000;
    while (runningContainers(job).contains(target)
        || !processesOf("nm2", a, target).isEmpty()) {
      assertTrue("host 2 still holds the lost " + target + ": running "
          + runningContainers(job) + ", processes " + processesOf("nm2", a, target),
          System.currentTimeMillis() < deadline);
      Thread.sleep(250);
    }
    File errors = errorsFile(job, nm2, target);
    assertFalse("the tree on host 2 read memory that never came: "
        + DistributedShellJob.read(errors), errors.exists());
    String am = job.attemptId.replace("appattempt_", "container_");
    am = am.substring(0, am.lastIndexOf('_')) + "_01_000001";
    File amLog = new File(cluster.env("NM2_LOG_DIR"), job.appId + "/" + am
        + "/AppMaster.stderr");
    deadline = System.currentTimeMillis() + 60_000;
    while (!DistributedShellJob.read(amLog).contains("containerID=" + a
        + ", state=COMPLETE, exitStatus=-100")) {
      assertTrue("the AM did not see " + a + " end ABORTED (" + amLog + "):\n"
          + DistributedShellJob.tail(DistributedShellJob.read(amLog)),
          System.currentTimeMillis() < deadline);
      Thread.sleep(250);
    }
  }

  /** Nothing of a worker lost in post-copy stays on host 1, nor any post-copy process. */
  private static void awaitNoSourceLeftOnHost1(String a) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (!processesOf("nm1", a).isEmpty() || !criuOfPostCopy().isEmpty()
        || new File("/sys/fs/cgroup/freezer/yarn-migration-" + a).exists()) {
      assertTrue("host 1 kept the source of the lost " + a + ": processes "
          + processesOf("nm1", a) + ", post-copy processes " + criuOfPostCopy(),
          System.currentTimeMillis() < deadline);
      Thread.sleep(250);
    }
  }

  /**
   * A distributed shell job whose one worker, on host 1, holds {@code mb} MB it checks page
   * by page ({@link #PAGES_WORKLOAD}) in a container of {@code containerMb}; returns once
   * its first full check passed.
   */
  private static DistributedShellJob pagesWorkload(String tag, int mb, int containerMb)
      throws Exception {
    File py = new File(cluster.workDir(), tag + "-workload.py");
    Files.write(py.toPath(), PAGES_WORKLOAD.getBytes(StandardCharsets.UTF_8));
    DistributedShellJob job = DistributedShellJob.submitOnNm1(cluster, tag, 1,
        "exec python3 " + py.getPath() + " " + mb + "\n", containerMb);
    awaitWorkFileLines(job, cluster.nm1(), job.workers.get(0), "checked.txt", 1, 60);
    return job;
  }

  /** The containers of the job's attempt the RM has RUNNING. */
  private static List<String> runningContainers(DistributedShellJob job) throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode c : cluster.get("/ws/v1/cluster/apps/" + job.appId + "/appattempts/"
        + job.attemptId + "/containers").path("container")) {
      if ("RUNNING".equals(c.path("containerState").asText())) {
        out.add(c.path("containerId").asText());
      }
    }
    return out;
  }

  /** The processes (pid: command line) on one host that name one of the containers. */
  private static List<String> processesOf(String daemon, String... containers) {
    List<PseudoCluster.Proc> procs = PseudoCluster.processes();
    List<String> out = new ArrayList<>();
    for (PseudoCluster.Proc p : procs) {
      for (String c : containers) {
        if (p.mentions(c) && cluster.runsOn(procs, p, daemon)) {
          out.add(p.pid + ": " + p.cmdline);
          break;
        }
      }
    }
    return out;
  }

  /** A file in the container's work dir (beside its counter.txt). */
  private static File workFile(DistributedShellJob job, String node, String container,
      String name) {
    File counter = job.file(node, container, "counter.txt");
    return new File(counter == null ? new File("/nonexistent") : counter.getParentFile(),
        name);
  }

  private static void awaitWorkFileLines(DistributedShellJob job, String node,
      String container, String name, int n, int seconds) throws Exception {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    while (lines(workFile(job, node, container, name)) < n) {
      assertTrue(name + " of " + container + " did not reach " + n + " lines in " + seconds
          + " s", System.currentTimeMillis() < deadline);
      Thread.sleep(200);
    }
  }

  /** The command lines of running lazy dumps and lazy-pages daemons (any host). */
  /** The lazy-pages daemons, lazy dumps and userfaultfd holders of post-copies that run. */
  private static List<String> criuOfPostCopy() {
    List<String> out = new java.util.ArrayList<>();
    for (PseudoCluster.Proc p : PseudoCluster.processes()) {
      List<String> argv = Arrays.asList(p.cmdline.trim().split(" "));
      // a lazy-pages daemon, or a lazy dump (the restored tree's own foreground
      // "criu restore --lazy-pages" is its parent as long as it runs); criu may run
      // through its own loader (install-criu), so its verb follows the binary's path
      int binary = -1;
      for (int i = 0; i < argv.size() - 1 && binary < 0; i++) {
        if (argv.get(i).equals("criu") || argv.get(i).endsWith("/criu")) {
          binary = i;
        }
      }
      String verb = binary < 0 ? "" : argv.get(binary + 1);
      if (verb.equals("lazy-pages")
          || verb.equals("dump") && argv.contains("--lazy-pages")) {
        out.add(p.pid + ": " + p.cmdline);
      } else if (argv.size() > 1 && argv.get(0).equals("perl")
          && p.cmdline.contains("pidfd_getfd")) {
        out.add(p.pid + ": the holder of a lazy-pages daemon's userfaultfds (UffdHolder)");
      }
    }
    return out;
  }

  /**
   * The isolated hosts share nothing but the network: the same local-dir path holds
   * different files on each, both NMs bind the same ports on their own addresses, and
   * each host has its own name.
   */
  @Test(timeout = 120_000)
  public void givenIsolatedHosts_whenFileWrittenAndPortsBound_thenNothingIsShared()
      throws Exception {
    assertTrue("the pseudo cluster must run on isolated hosts by default",
        cluster.isolatedHosts());
    String hostLocal = cluster.env("NM_HOST_LOCAL_DIR");
    String probe = hostLocal + "/isolation-probe-" + System.nanoTime();
    PseudoCluster.Result w = cluster.onHost("nm1", "sh", "-c", "echo host1 > " + probe);
    assertEquals(w.toString(), 0, w.exitCode);
    try {
      PseudoCluster.Result r1 = cluster.onHost("nm1", "cat", probe);
      assertEquals(r1.toString(), "host1", r1.stdout.trim());
      PseudoCluster.Result r2 = cluster.onHost("nm2", "test", "-e", probe);
      assertEquals("host 2 sees host 1's " + probe + ": " + r2, 1, r2.exitCode);
      String name = new File(probe).getName();
      assertTrue("host 1's backing dir holds the probe",
          new File(cluster.env("NM1_LOCAL_DIR"), name).isFile());
      assertFalse("host 2's backing dir holds no probe",
          new File(cluster.env("NM2_LOCAL_DIR"), name).exists());
      assertFalse("this (root) namespace sees no probe at " + probe, new File(probe).exists());
    } finally {
      cluster.onHost("nm1", "rm", "-f", probe);
    }
    // the same port on two addresses, and the host names
    String nm1 = cluster.nm1();
    String nm2 = cluster.nm2();
    String port = nm1.substring(nm1.lastIndexOf(':') + 1);
    assertEquals("both NMs bind the same port: " + nm1 + ", " + nm2, port,
        nm2.substring(nm2.lastIndexOf(':') + 1));
    assertFalse("the NMs have distinct hosts", PseudoCluster.host(nm1).equals(
        PseudoCluster.host(nm2)));
    for (String address : new String[] {cluster.env("NM1_ADDRESS"),
        cluster.env("NM2_ADDRESS")}) {
      try (java.net.Socket sock = new java.net.Socket()) {
        sock.connect(new java.net.InetSocketAddress(address, Integer.parseInt(port)), 5000);
      }
    }
    assertEquals(PseudoCluster.host(nm1), cluster.onHost("nm1", "hostname").stdout.trim());
    assertEquals(PseudoCluster.host(nm2), cluster.onHost("nm2", "hostname").stdout.trim());
    log("isolated: " + probe + " only on host 1; " + nm1 + " and " + nm2 + " both bind port "
        + port + " on " + cluster.env("HOSTS"));
  }

  /**
   * Rollback when the target host is cut off the network after the RM allocated the
   * target: the checkpoint's transfer cannot connect, the source thaws and runs on, the
   * target allocation is released.
   */
  @Test(timeout = 300_000)
  public void givenTargetHostCutOff_whenMigrating_thenRolledBackAndSourceRunsOn()
      throws Exception {
    String nm1 = cluster.nm1();
    String nm2 = cluster.nm2();
    DistributedShellJob job = DistributedShellJob.submitOnNm1(cluster, "cutoff", 1,
        CUT_OFF_ITERATIONS);
    String a = job.workers.get(0);
    int nm2Used = cluster.node(nm2).path("usedMemoryMB").asInt();
    int before;
    JsonNode report;
    cluster.setConnected("nm2", false);
    try {
      before = last(job.counter(nm1, a));
      PseudoCluster.HttpResult put = cluster.http("PUT",
          "/ws/v1/cluster/containers/" + a + "/migrate", "{\"node\":\"" + nm2 + "\"}");
      assertEquals(put.toString(), 202, put.status);
      String m = put.json().path("migration").path("migrationId").asText();
      // the checkpoint's transfer cannot connect; once the RM rolls back, heal the partition
      long deadline = System.currentTimeMillis() + 120_000;
      while (true) {
        report = cluster.get("/ws/v1/cluster/migrations/" + m).path("migration");
        String state = report.path("state").asText();
        if ("ROLLING_BACK".equals(state) || "FAILED".equals(state)
            || "SUCCEEDED".equals(state)) {
          break;
        }
        assertTrue("migration " + m + " still " + state + " after 120 s: " + report,
            System.currentTimeMillis() < deadline);
        Thread.sleep(250);
      }
    } finally {
      cluster.setConnected("nm2", true);
    }
    report = waitForFinal(report.path("migrationId").asText(), 180);
    log("migration to the cut-off host: " + report);
    assertEquals("a migration to a cut-off host must fail: " + report, "FAILED",
        report.path("state").asText());
    assertTrue("the diagnostics name the transfer to " + PseudoCluster.host(nm2) + ": "
        + report, report.toString().contains(PseudoCluster.host(nm2)));
    assertTrue("dumped, then the transfer failed: " + report, report.path("diagnostics")
        .asText().startsWith("TRANSFER_FAILED: Transfer of " + a + " (migration "));
    // the failure as fields: the transfer, from the source node, naming the target host
    JsonNode failure = report.path("failure");
    assertEquals(report.toString(), "TRANSFER", failure.path("step").asText());
    assertEquals(report.toString(), a, failure.path("containerId").asText());
    assertEquals(report.toString(), nm1, failure.path("node").asText());
    assertTrue(report.toString(), failure.path("cause").asText()
        .contains(PseudoCluster.host(nm2)));
    assertTrue("CRIU's dump measured before the failed transfer: " + report,
        report.path("dumpTimeMs").asLong() > 0);
    // the source runs on where it was: its counter grows on NM1, 1..N in order
    long deadline = System.currentTimeMillis() + 20_000;
    int now = last(job.counter(nm1, a));
    while (now <= before + 5) {
      assertTrue(a + " did not run on after the rollback (counter " + before + " -> " + now
          + ")", System.currentTimeMillis() < deadline);
      Thread.sleep(250);
      now = last(job.counter(nm1, a));
    }
    DistributedShellJob.assertSequence("counter.txt of " + a, job.counter(nm1, a));
    // the target allocation is released: NM2 is charged what it was before
    deadline = System.currentTimeMillis() + 30_000;
    while (cluster.node(nm2).path("usedMemoryMB").asInt() != nm2Used) {
      assertTrue("NM2 still charged " + cluster.node(nm2).path("usedMemoryMB").asInt()
          + " MB, not " + nm2Used, System.currentTimeMillis() < deadline);
      Thread.sleep(250);
    }
    log(a + " rolled back: runs on " + nm1 + " (counter " + before + " -> " + now + ")");
    job.finish(nm1, Arrays.asList(a));
  }

  /**
   * The workload of the restore-failure test: it holds a file of its host outside the
   * application dir ({@code <local>/hostonly/hostonly-<container>.txt}, a directory the test makes
   * writable on host 1 only), which no
   * check before the freeze looks at and the other host does not have.
   */
  private static final String HOST_FILE_WORKLOAD = ""
      + "import os, sys, time\n"
      + "limit = int(sys.argv[1])\n"
      + "app = os.environ['LOCAL_DIRS'].split(',')[0]\n"
      + "local = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(app))))\n"
      + "h = open(os.path.join(local, 'hostonly',\n"
      + "                      'hostonly-' + os.environ['CONTAINER_ID'] + '.txt'), 'a')\n"
      + "i = 0\n"
      + "while i < limit and not os.path.exists('stop'):\n"
      + "    i += 1\n"
      + "    h.write('%d\\n' % i)\n"
      + "    h.flush()\n"
      + "    with open('counter.txt', 'a') as c:\n"
      + "        c.write('%d\\n' % i)\n"
      + "    time.sleep(0.2)\n";

  /**
   * A restore that fails on an isolated host rolls back: the tree holds a file only its
   * host has, CRIU cannot reopen it on the target, the migration ends FAILED with CRIU's
   * own error line and where its full log is, the source thaws and counts on, the target
   * allocation is released and no images stay on the target host, and no CRIU process of
   * post-copy is left on either.
   */
  @Test(timeout = 300_000)
  public void givenFileOnlyTheSourceHostHas_whenMigrated_thenRestoreFailsWithCriusReasonAndRollsBack()
      throws Exception {
    String nm1 = cluster.nm1();
    String nm2 = cluster.nm2();
    // a directory only host 1 has, which the container's user may write in
    File hostOnly = new File(cluster.localDir(nm1), "hostonly");
    assertTrue(hostOnly.isDirectory() || hostOnly.mkdir());
    Files.setPosixFilePermissions(hostOnly.toPath(),
        java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    DistributedShellJob job = submitPython("hostfile", HOST_FILE_WORKLOAD, "3000");
    String a = job.workers.get(0);
    int nm2Used = cluster.node(nm2).path("usedMemoryMB").asInt();
    int before = last(job.counter(nm1, a));
    PseudoCluster.Result r = cluster.yarn("container", "-migrate", a, "-node", nm2);
    log("yarn container -migrate " + a + " -node " + nm2 + " (a file only nm1 has):\n" + r);
    assertEquals("a restore that fails is a failed migration:\n" + r, 2, r.exitCode);
    String diagnostics = r.stdout + r.stderr;
    assertTrue(r.toString(), diagnostics.contains("RESTORE_FAILED: Restore of " + a
        + " (migration "));
    assertTrue("CRIU's error line, naming the file: " + r, Pattern.compile(
        "\\. CRIU: Error \\(criu/[^)]*\\): [^\\n]*hostonly-" + a).matcher(diagnostics)
        .find());
    assertTrue(r.toString(), diagnostics.contains("(the full log: criu-restore.log in the"
        + " logs of "));
    assertFalse("a line CRIU goes on after is not the cause: " + r,
        diagnostics.contains("RLIMIT_NOFILE"));
    // the source thawed and counts on, 1..N in order
    long deadline = System.currentTimeMillis() + 20_000;
    int now = last(job.counter(nm1, a));
    while (now <= before + 5) {
      assertTrue(a + " did not run on after the failed restore (counter " + before + " -> "
          + now + ")", System.currentTimeMillis() < deadline);
      Thread.sleep(250);
      now = last(job.counter(nm1, a));
    }
    DistributedShellJob.assertSequence("counter.txt of " + a, job.counter(nm1, a));
    // the target allocation is released and its images are gone
    deadline = System.currentTimeMillis() + 30_000;
    while (cluster.node(nm2).path("usedMemoryMB").asInt() != nm2Used) {
      assertTrue("NM2 still charged " + cluster.node(nm2).path("usedMemoryMB").asInt()
          + " MB, not " + nm2Used, System.currentTimeMillis() < deadline);
      Thread.sleep(250);
    }
    String[] images = new File(cluster.localDir(nm2), "migration-images").list();
    assertTrue("images left on " + nm2 + ": " + Arrays.toString(images),
        images == null || images.length == 0);
    List<String> left = criuOfPostCopy();
    while (!left.isEmpty()) {
      assertTrue("CRIU processes of post-copy left: " + left,
          System.currentTimeMillis() < deadline);
      Thread.sleep(250);
      left = criuOfPostCopy();
    }
    log(a + " rolled back after a failed restore: runs on " + nm1 + " (counter " + before
        + " -> " + now + ")");
    job.finish(nm1, Arrays.asList(a));
  }

  /**
   * A tree that holds a file under the application's local dir outside its work dir (as a
   * task's spill would be) moves with it, there and back: the file is at the same path on
   * each target host (on the way back replacing the copy the first host kept) and the
   * tree goes on appending to it there.
   */
  @Test(timeout = 240_000)
  public void givenTreeHoldingFileInAppDir_whenMovedThereAndBack_thenTheFileTravelsAndGrows()
      throws Exception {
    File clientLog = new File(cluster.workDir(), "heldfile-dshell.log");
    String jar = cluster.env("DSHELL_JAR");
    // no '$' in the command: the launch script's outer bash would expand it
    Process client = cluster.yarnInBackground(clientLog, "jar", jar, "-jar", jar,
        "-shell_command", "exec 7>>../held.txt; while true; do date >> counter.txt;"
            + " echo tick >&7; sleep 0.2; done", "-num_containers", "1",
        "-container_memory", "128", "-master_memory", "256");
    String[] worker = waitForWorker(clientLog, client);
    String app = worker[0];
    String cid = worker[1];
    String node = worker[2];
    String other = node.equals(cluster.nm1()) ? cluster.nm2() : cluster.nm1();
    try {
      File held = heldFile(node, app);
      awaitLines(held, 3, 60);
      String there = moveHoldingFile(app, cid, node, other);
      String back = moveHoldingFile(app, there, other, node);
      log(cid + " -> " + there + " -> " + back + ": ../held.txt travelled and grows on "
          + node + " (" + lines(heldFile(node, app)) + " lines)");
    } finally {
      cluster.yarn("application", "-kill", app);
      client.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
      DistributedShellJob.deleteStagingDir(app);
    }
  }

  /** The workload's ../held.txt on a host: {@code <local>/usercache/root/appcache/<app>}. */
  private static File heldFile(String node, String app) {
    return new File(cluster.localDir(node), "usercache/root/appcache/" + app + "/held.txt");
  }

  /**
   * Moves the container holding ../held.txt to {@code to}: the file is there with every
   * line the source had, and grows by the tree's appends there.
   *
   * @return the target container
   */
  private static String moveHoldingFile(String app, String cid, String from, String to)
      throws Exception {
    // the RM accepts it once the NM reported it RUNNING ("... not RUNNING. Retry once")
    PseudoCluster.Result r;
    long acceptedBy = System.currentTimeMillis() + 30_000;
    while (true) {
      r = cluster.yarn("container", "-migrate", cid, "-node", to);
      if (r.exitCode != 1 || !r.stderr.contains(", not RUNNING. Retry once")
          || System.currentTimeMillis() > acceptedBy) {
        break;
      }
      Thread.sleep(500);
    }
    log(r.toString());
    assertEquals("a tree holding a file of its app dir moves with it:\n" + r, 0, r.exitCode);
    String target = DistributedShellJob.movedContainers(r)[1];
    int atSource = lines(heldFile(from, app));
    File held = heldFile(to, app);
    assertTrue(held + " has the source's lines (" + atSource + "): " + lines(held),
        lines(held) >= atSource);
    awaitLines(held, lines(held) + 5, 20);
    return target;
  }

  private static int lines(File f) throws java.io.IOException {
    return f.isFile() ? java.nio.file.Files.readAllLines(f.toPath()).size() : 0;
  }

  private static void awaitLines(File f, int n, int seconds) throws Exception {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    while (lines(f) < n) {
      assertTrue(f + " did not reach " + n + " lines in " + seconds + " s (" + lines(f) + ")",
          System.currentTimeMillis() < deadline);
      Thread.sleep(200);
    }
  }

  /**
   * Runs after the others but one (name order): the target host's NodeManager dies during a
   * migration to it (the next test starts it again), and
   * the hosts share no fate. A worker moved to host 2 is being moved back to host 1 when
   * host 1's NM is killed (SIGKILL, as a failing machine would end it) while the worker's
   * tree is frozen on host 2. The migration rolls back: FAILED naming host 1, the worker
   * thaws and counts on on host 2, nothing stays frozen there, the target allocation on
   * host 1 is released. Host 2 goes on: its NM answers the RM, the AM's processes live and
   * the application ends SUCCEEDED.
   */
  @Test(timeout = 300_000)
  public void whenNm1IsKilledDuringAMigrationToIt_thenRolledBackAndHost2RunsOn()
      throws Exception {
    String nm1 = cluster.nm1();
    String nm2 = cluster.nm2();
    DistributedShellJob job = DistributedShellJob.submitOnNm1(cluster, "killnm1", 1,
        CUT_OFF_ITERATIONS);
    String am = job.attemptId.replace("appattempt_", "container_");
    am = am.substring(0, am.lastIndexOf('_')) + "_01_000001";
    String a = job.workers.get(0);
    String b = moveAndAwaitCounter(job, a, nm1, nm2, "to host 2, before host 1's NM dies");
    long deadline = System.currentTimeMillis() + 30_000;
    while (cluster.node(nm1).path("usedMemoryMB").asInt() != 0) {
      assertTrue("NM1 still charged for " + a + " after its move: " + cluster.node(nm1),
          System.currentTimeMillis() < deadline);
      Thread.sleep(250);
    }
    List<PseudoCluster.Proc> procs = PseudoCluster.processes();
    List<Integer> amProcs = new ArrayList<>();
    for (PseudoCluster.Proc p : procs) {
      if (p.mentions(am) && cluster.runsOn(procs, p, "nm2")) {
        amProcs.add(p.pid);
      }
    }
    assertFalse("no process of the AM container " + am + " on host 2", amProcs.isEmpty());

    // back to host 1, by the original id; host 1's NM dies once the tree is frozen
    int before = last(job.counter(nm2, b));
    PseudoCluster.HttpResult put = cluster.http("PUT",
        "/ws/v1/cluster/containers/" + a + "/migrate", "{\"node\":\"" + nm1 + "\"}");
    assertEquals(put.toString(), 202, put.status);
    String m = put.json().path("migration").path("migrationId").asText();
    File freezer = awaitFrozen(b, m);
    int nm1Pid = cluster.daemonPid("nm1");
    PseudoCluster.Result k = PseudoCluster.run(Arrays.asList("kill", "-9",
        Integer.toString(nm1Pid)), null, 30);
    assertEquals(k.toString(), 0, k.exitCode);
    log("NM1 (pid " + nm1Pid + ") killed while " + b + " was frozen for migration " + m);
    deadline = System.currentTimeMillis() + 30_000;
    while (new File("/proc/" + nm1Pid).exists() && !"Z".equals(statusLetter(nm1Pid))) {
      assertTrue("NM1 (pid " + nm1Pid + ") still runs 30 s after SIGKILL",
          System.currentTimeMillis() < deadline);
      Thread.sleep(200);
    }

    JsonNode report = waitForFinal(m, 180);
    log("migration to the host whose NM died: " + report);
    assertEquals("a migration whose target NM died must fail: " + report, "FAILED",
        report.path("state").asText());
    assertTrue("the diagnostics name host 1 (" + PseudoCluster.host(nm1) + "): " + report,
        report.toString().contains(PseudoCluster.host(nm1)));
    assertTrue("dumped, then the transfer to the dead NM failed: " + report, report
        .path("diagnostics").asText().startsWith("TRANSFER_FAILED: Transfer of " + b + " ("));
    // the worker thawed and counts on on host 2, 1..N in order; nothing frozen stays
    deadline = System.currentTimeMillis() + 20_000;
    int now = last(job.counter(nm2, b));
    while (now <= before + 5) {
      assertTrue(b + " did not run on after the rollback (counter " + before + " -> " + now
          + ", freezer " + readTrimmed(freezer) + ")", System.currentTimeMillis() < deadline);
      Thread.sleep(250);
      now = last(job.counter(nm2, b));
    }
    DistributedShellJob.assertSequence("counter.txt of " + b, job.counter(nm2, b));
    String state = readTrimmed(freezer);
    assertTrue("freezer cgroup of " + b + " after the rollback: " + state,
        state == null || "THAWED".equals(state));
    // the target allocation on host 1 is released
    deadline = System.currentTimeMillis() + 30_000;
    while (cluster.node(nm1).path("usedMemoryMB").asInt() != 0) {
      assertTrue("NM1 still charged for the target: " + cluster.node(nm1),
          System.currentTimeMillis() < deadline);
      Thread.sleep(250);
    }
    // host 2 goes on: its NM answers the RM, the AM's processes live
    for (int pid : amProcs) {
      assertTrue("AM process " + pid + " on host 2 ended when host 1's NM was killed",
          new File("/proc/" + pid).exists());
    }
    assertTrue("NM2's JVM runs", new File("/proc/" + cluster.daemonPid("nm2")).exists());
    assertEquals("RUNNING", cluster.node(nm2).path("state").asText());
    log(b + " rolled back on " + nm2 + " (counter " + before + " -> " + now + "); AM " + am
        + " runs on host 2 (" + amProcs + ")");
    job.finish(nm2, Arrays.asList(b));
  }

  /**
   * Runs after host 1's NodeManager died (name order; it comes back first): the target's
   * NodeManager dies while it restores. A worker holding 256 MB is moved from host 1 to
   * host 2, and host 2's NodeManager is SIGKILLed as soon as the restore container's
   * launcher runs there. The RM cannot learn whether the tree runs on host 2 (its
   * NodeManager's death does not end the restore, which goes on without it), nor stop it:
   * the source stays frozen all the while host 2's NodeManager is down, never thawed beside
   * a tree that may run. Host 2's NodeManager started again (work-preserving recovery)
   * reacquires the restore container; the RM's retried abort stops it, then thaws the
   * source: FAILED naming host 2, the worker counts on on host 1 in the same processes with
   * every page intact, nothing of the target container runs on host 2, no image on either
   * host, the target container released, the application SUCCEEDED.
   */
  @Test(timeout = 300_000)
  public void whenNm2IsKilledWhileItRestores_thenTheSourceStaysFrozenUntilTheRestoreContainerIsStopped()
      throws Exception {
    String nm1 = cluster.nm1();
    String nm2 = cluster.nm2();
    startNm1IfKilled();
    DistributedShellJob job = pagesWorkload("restorekill", 256, 512);
    String a = job.workers.get(0);
    List<Integer> sourceProcs = new ArrayList<>();
    List<PseudoCluster.Proc> procs = PseudoCluster.processes();
    for (PseudoCluster.Proc p : procs) {
      if (p.mentions(a) && cluster.runsOn(procs, p, "nm1")) {
        sourceProcs.add(p.pid);
      }
    }
    assertFalse("no process of " + a + " on host 1", sourceProcs.isEmpty());
    PseudoCluster.HttpResult put = cluster.http("PUT", "/ws/v1/cluster/containers/" + a
        + "/migrate", "{\"node\":\"" + nm2 + "\"}");
    assertEquals(put.toString(), 202, put.status);
    String m = put.json().path("migration").path("migrationId").asText();
    long deadline = System.currentTimeMillis() + 120_000;
    int launcher;
    while ((launcher = processNaming("restore-launcher", m)) < 0) {
      assertTrue("no restore launcher of " + m + " within 120 s: "
          + cluster.get("/ws/v1/cluster/migrations/" + m), System.currentTimeMillis()
          < deadline);
      Thread.sleep(2);
    }
    int nm2Pid = cluster.daemonPid("nm2");
    PseudoCluster.Result k = PseudoCluster.run(Arrays.asList("kill", "-9",
        Integer.toString(nm2Pid)), null, 30);
    assertEquals(k.toString(), 0, k.exitCode);
    log("NM2 (pid " + nm2Pid + ") killed once the restore launcher of " + m + " ran (pid "
        + launcher + ")");
    File freezer = awaitFrozen(a, m);
    int frozenAt = last(job.counter(nm1, a));
    // while host 2's NodeManager is down the RM fails the restore and rolls back (the
    // abort on the nodes is retried in the background), and the source stays frozen:
    // watched from the rollback on, 3 s more
    deadline = System.currentTimeMillis() + 60_000;
    long watchUntil = Long.MAX_VALUE;
    while (System.currentTimeMillis() < watchUntil) {
      assertEquals("freezer of " + a + " while host 2's NodeManager is down",
          "FROZEN", readTrimmed(freezer));
      String state = cluster.get("/ws/v1/cluster/migrations/" + m).path("migration")
          .path("state").asText();
      assertFalse(m + " cannot succeed without host 2's NodeManager: " + state,
          Arrays.asList("SUCCEEDED", "LOST", "PULLING_PAGES").contains(state));
      if (watchUntil == Long.MAX_VALUE
          && Arrays.asList("ROLLING_BACK", "FAILED").contains(state)) {
        watchUntil = System.currentTimeMillis() + 3_000;
        log(m + " " + state + " while host 2's NodeManager is down; the source stays frozen");
      }
      assertTrue(m + " not rolled back within 60 s of host 2's NodeManager's death: "
          + state, System.currentTimeMillis() < deadline);
      Thread.sleep(100);
    }
    cluster.startDaemon("nm2");
    JsonNode failed = waitForFinal(m, 180);
    assertEquals("a migration whose target NM died while it restored: " + failed, "FAILED",
        failed.path("state").asText());
    assertTrue("the diagnostics name host 2: " + failed,
        failed.path("diagnostics").asText().contains(PseudoCluster.host(nm2)));
    String t = failed.path("targetContainerId").asText();
    assertTrue(failed.toString(), t.startsWith("container_"));
    // the source thawed: the same processes count on, every page intact
    deadline = System.currentTimeMillis() + 30_000;
    while (last(job.counter(nm1, a)) <= frozenAt + 3) {
      assertTrue(a + " did not count on after the rollback (freezer "
          + readTrimmed(freezer) + ")", System.currentTimeMillis() < deadline);
      Thread.sleep(250);
    }
    DistributedShellJob.assertSequence("counter.txt of " + a, job.counter(nm1, a));
    for (int pid : sourceProcs) {
      assertTrue("process " + pid + " of " + a + " ended", new File("/proc/" + pid).exists());
    }
    File errors = errorsFile(job, nm1, a);
    assertFalse("a page of " + a + " is wrong after the rollback: "
        + DistributedShellJob.read(errors), errors.exists());
    String state = readTrimmed(freezer);
    assertTrue("freezer cgroup of " + a + " after the rollback: " + state,
        state == null || "THAWED".equals(state));
    // nothing of the target container on host 2, no image, the target released
    job.assertNoProcessLeft(nm2, "nm2", Arrays.asList(t));
    assertRolledBackClean(job, m, t, nm1, nm2);
    log(a + ": host 2's NodeManager killed while it restored " + m + "; the source stayed"
        + " frozen until the restarted NodeManager stopped " + t + ", then counted on ("
        + frozenAt + " -> " + last(job.counter(nm1, a)) + ")");
    job.finish(nm1, Arrays.asList(a));
  }


  /**
   * Runs last (name order): the daemons crash and come back with their state, as
   * operators run them (work-preserving NodeManager and RM restart, the pseudo cluster's
   * default). A worker moved from host 1 to host 2 is being moved back when host 2's
   * NodeManager, its source, is SIGKILLed with the tree frozen: the migration FAILS naming
   * host 2, and the NodeManager started again thaws the tree and recovers the container
   * (its restored tree, launched by the restore launcher, is reacquired like any
   * container): it counts on, nothing frozen, no image, host 1's target released. Moved
   * back to host 1 by its original id from that recovered NodeManager, it counts on there
   * and nothing of it stays on host 2; then the RM is SIGKILLed and started, and shows the
   * three migrations the RM that stopped ran. When the worker ends, its AM sees its
   * completion under the original id, never a target's (the new RM read the id
   * translation back from its store): the application ends SUCCEEDED.
   */
  @Test(timeout = 300_000)
  public void whenTheSourceNmAndTheRmAreKilled_thenTheContainerIsRecoveredMovesBackAndItsAmSeesTheOriginalId()
      throws Exception {
    String nm1 = cluster.nm1();
    String nm2 = cluster.nm2();
    startNm1IfKilled();
    // after the RM's restart the stock AM asks for its worker again and may launch a second
    // one: that one ticks until the AM stops it, so the AM ends on the worker followed here
    DistributedShellJob job = DistributedShellJob.submitOnNm1(cluster, "restarts", 1,
        DistributedShellJob.workloadBeyondResentAsks(CUT_OFF_ITERATIONS, 1), false);
    String a = job.workers.get(0);
    String b = moveAndAwaitCounter(job, a, nm1, nm2, "to host 2, before its NM dies");

    // moved back to host 1, and host 2's NodeManager -- the source -- crashes while the
    // tree is frozen there; it comes back: it thaws the tree and recovers the container
    PseudoCluster.HttpResult put = cluster.http("PUT", "/ws/v1/cluster/containers/" + a
        + "/migrate", "{\"node\":\"" + nm1 + "\"}");
    assertEquals(put.toString(), 202, put.status);
    String cut = put.json().path("migration").path("migrationId").asText();
    File freezer = awaitFrozen(b, cut);
    cluster.killDaemon("nm2");
    int before = last(job.counter(nm2, b));
    cluster.startDaemon("nm2");
    JsonNode failed = waitForFinal(cut, 120);
    assertEquals("a migration whose source NM died: " + failed, "FAILED",
        failed.path("state").asText());
    assertTrue("the diagnostics name host 2: " + failed,
        failed.path("diagnostics").asText().contains(nm2));
    JsonNode recovered = cluster.nmGet("nm2", "/ws/v1/node/containers/" + b).path("container");
    assertEquals("host 2's restarted NodeManager recovered " + b + ": " + recovered, "RUNNING",
        recovered.path("state").asText());
    long deadline = System.currentTimeMillis() + 30_000;
    while (last(job.counter(nm2, b)) <= before + 3) {
      assertTrue(b + " did not count on through host 2's NodeManager restart (freezer "
          + readTrimmed(freezer) + ")", System.currentTimeMillis() < deadline);
      Thread.sleep(250);
    }
    DistributedShellJob.assertSequence("counter.txt of " + b, job.counter(nm2, b));
    String state = readTrimmed(freezer);
    assertTrue("freezer cgroup of " + b + " after the restart: " + state,
        state == null || "THAWED".equals(state));
    // the target container on host 1 was released
    String cutTarget = failed.path("targetContainerId").asText();
    assertTrue(failed.toString(), cutTarget.startsWith("container_"));
    assertRolledBackClean(job, cut, cutTarget, nm2, nm1);
    // the recovered container moves again, by the original id
    before = last(job.counter(nm2, b));
    put = cluster.http("PUT", "/ws/v1/cluster/containers/" + a
        + "/migrate", "{\"node\":\"" + nm1 + "\"}");
    assertEquals(put.toString(), 202, put.status);
    JsonNode back = waitForFinal(put.json().path("migration").path("migrationId").asText(),
        120);
    assertEquals("moving " + a + " (now " + b + ", recovered by host 2's restarted"
        + " NodeManager) back: " + back, "SUCCEEDED", back.path("state").asText());
    String c = back.path("targetContainerId").asText();
    job.assertContinues(nm1, b, c, before);
    job.assertNoProcessLeft(nm2, "nm2", Arrays.asList(b));

    // the RM crashes and comes back
    cluster.killDaemon("rm");
    before = last(job.counter(nm1, c));
    cluster.startDaemon("rm");
    // the NodeManagers come back to the new RM with their containers
    deadline = System.currentTimeMillis() + 60_000;
    Map<String, JsonNode> nodes = cluster.nodes();
    while (nodes.get(nm1) == null || nodes.get(nm2) == null
        || !"RUNNING".equals(nodes.get(nm1).path("state").asText())
        || !"RUNNING".equals(nodes.get(nm2).path("state").asText())) {
      assertTrue("the NodeManagers did not come back to the new RM: " + nodes,
          System.currentTimeMillis() < deadline);
      Thread.sleep(250);
      nodes = cluster.nodes();
    }
    // the new RM shows the migrations the RM that stopped ran (their reports were stored)
    JsonNode history = migrations("?containerId=" + a);
    List<String> states = new ArrayList<>();
    for (JsonNode h : history) {
      states.add(h.path("state").asText());
    }
    assertEquals("the migrations of " + a + " after the RM's restart, newest first: "
        + history, Arrays.asList("SUCCEEDED", "FAILED", "SUCCEEDED"), states);
    deadline = System.currentTimeMillis() + 30_000;
    while (last(job.counter(nm1, c)) <= before + 3) {
      assertTrue(c + " did not count on through the RM's restart", System.currentTimeMillis()
          < deadline);
      Thread.sleep(250);
    }
    DistributedShellJob.assertSequence("counter.txt of " + c, job.counter(nm1, c));
    job.finish(nm1, Arrays.asList(c));
    String am = job.attemptId.replace("appattempt_", "container_");
    am = am.substring(0, am.lastIndexOf('_')) + "_01_000001";
    String amLog = null;
    for (String daemon : new String[] {"NM1", "NM2"}) {
      File f = new File(cluster.env(daemon + "_LOG_DIR"), job.appId + "/" + am
          + "/AppMaster.stderr");
      if (f.isFile()) {
        amLog = DistributedShellJob.read(f);
      }
    }
    assertNotNull("no AppMaster.stderr of " + am + " on either host", amLog);
    assertTrue("the AM saw " + a + " complete:\n" + DistributedShellJob.tail(amLog),
        amLog.contains("containerID=" + a + ", state=COMPLETE, exitStatus=0"));
    for (String target : new String[] {b, c}) {
      assertFalse("the AM saw the target " + target + ":\n" + DistributedShellJob.tail(amLog),
          amLog.contains("containerID=" + target));
    }
    log(a + " moved to " + b + " on " + nm2 + ", recovered by its restarted NodeManager, moved"
        + " back to " + c + " on " + nm1 + ", the RM killed and started again: the AM saw " + a
        + " complete, the application SUCCEEDED");
  }

  /**
   * The freezer.state of the checkpoint's cgroup of {@code container} (the NM names it
   * after the container), once it says FROZEN (within 60 s of migration {@code m}).
   */
  private static File awaitFrozen(String container, String m) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (true) {
      File[] cgroups = new File("/sys/fs/cgroup/freezer").listFiles(
          (dir, name) -> name.endsWith(container));
      File freezer = cgroups == null || cgroups.length != 1 ? null
          : new File(cgroups[0], "freezer.state");
      if (freezer != null && "FROZEN".equals(readTrimmed(freezer))) {
        return freezer;
      }
      if (System.currentTimeMillis() > deadline) {
        fail(container + " not frozen within 60 s of migration " + m + ": "
            + cluster.get("/ws/v1/cluster/migrations/" + m));
      }
      Thread.sleep(5);
    }
  }

  /** A small file's content without surrounding white space, or null when unreadable. */
  private static String readTrimmed(File f) {
    try {
      return new String(Files.readAllBytes(f.toPath()), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Host 1's NodeManager back when a test before killed it (the RM may not have noticed
   * yet): the tests that run after whenNm1IsKilledDuringAMigrationToIt... start with it.
   */
  private static void startNm1IfKilled() throws IOException {
    int nm1Pid = cluster.daemonPid("nm1");
    if (nm1Pid <= 0 || !new File("/proc/" + nm1Pid).exists()
        || "Z".equals(statusLetter(nm1Pid))) {
      cluster.startDaemon("nm1");
    }
  }

  private static String statusLetter(int pid) {
    try {
      String stat = new String(java.nio.file.Files.readAllBytes(
          new File("/proc/" + pid + "/stat").toPath()), StandardCharsets.UTF_8);
      return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    } catch (java.io.IOException | RuntimeException e) {
      return "gone";
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
      if ("SUCCEEDED".equals(state) || "FAILED".equals(state) || "LOST".equals(state)) {
        return m;
      }
      if (System.currentTimeMillis() > deadline) {
        fail("migration " + migrationId + " not final after " + timeoutSeconds + " s: " + m);
      }
      Thread.sleep(300);
    }
  }

  /**
   * The target NM's log shows the migration's images received from the relay of its
   * shuffle's port: the relay's line names the shuffle's port (the one the stock
   * ShuffleHandler logs at start) and its own end, which the receiver names as the peer.
   */
  private static void assertImagesCameOnTheShufflePort(String migrationId, String target)
      throws IOException {
    File nmLog = new File(cluster.stateDir(), "logs/" + cluster.daemonOf(target) + ".log");
    String text = new String(Files.readAllBytes(nmLog.toPath()), StandardCharsets.ISO_8859_1);
    Matcher listening = Pattern.compile("mapreduce_shuffle listening on port (\\d+)")
        .matcher(text);
    String shufflePort = null;
    while (listening.find()) {
      shufflePort = listening.group(1); // the last start's
    }
    assertNotNull(nmLog + " does not say which port the shuffle listens on", shufflePort);
    Matcher received = Pattern.compile("Received images of migration "
        + Pattern.quote(migrationId) + " from (/127\\.0\\.0\\.1:\\d+) ").matcher(text);
    assertTrue(nmLog + " does not say that the images of " + migrationId
        + " came from the shuffle port's relay (loopback)", received.find());
    Matcher relayed = Pattern.compile("Migration transfer from (\\S+) on the shuffle port "
        + shufflePort + ": relayed to the image receiver at \\S+ from "
        + Pattern.quote(received.group(1)) + "\\s").matcher(text);
    assertTrue(nmLog + ": no relay on the shuffle port " + shufflePort + " from "
        + received.group(1) + " (migration " + migrationId + ")", relayed.find());
    log("migration " + migrationId + ": images came from " + relayed.group(1) + " on "
        + target + "'s shuffle port " + shufflePort);
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
