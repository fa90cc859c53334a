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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Apache's distributed shell running a stateful workload, placed deterministically: the
 * ApplicationMaster on NM2 and every worker container on NM1.
 *
 * <p>Placement uses the stock admin call behind {@code yarn rmadmin -updateNodeResource} (made
 * from the test JVM, {@link RmAdmin}):
 * before the submission NM1 gets 128 MB / 1 vcore (the 256 MB AM fits nowhere but NM2)
 * and NM2 exactly the AM's 256 MB / 1 vcore; once the AM is allocated NM1 gets its
 * resource back (NM2 is full, so the workers land on NM1); once the workers run NM2 gets
 * its resource back, ready to receive them.
 *
 * <p>The workload (as dev-support/bin/demo's): bash keeps a counter in memory, every
 * 200 ms appends it to counter.txt in the container's work dir and sends it through a
 * pipe to a child that appends it to child.txt. Started as {@code -shell_command "bash
 * <script>"} (see {@link #submitOnNm1} for why not {@code -shell_script}). It ends after
 * a number of ticks or, sooner, once a file {@code stop} appears in its work dir
 * ({@link #finish}): a test does not wait for ticks it has no use for.
 */
final class DistributedShellJob {

  static final int AM_MB = 256;
  static final int CONTAINER_MB = 128;

  final PseudoCluster cluster;
  final String appId;
  final String attemptId;
  final List<String> workers;
  final Process client;
  final File clientLog;

  private DistributedShellJob(PseudoCluster cluster, String appId, String attemptId,
      List<String> workers, Process client, File clientLog) {
    this.cluster = cluster;
    this.appId = appId;
    this.attemptId = attemptId;
    this.workers = workers;
    this.client = client;
    this.clientLog = clientLog;
  }

  /** The ApplicationMaster's container as the RM reported it (set at the submission). */
  private String amContainer;

  /**
   * The ApplicationMaster's container: the RM's report, else the attempt's first
   * ({@code container_<ts>_<app>_<attempt, 2 digits>_000001}).
   */
  String amContainerId() {
    if (amContainer != null && !amContainer.isEmpty()) {
      return amContainer;
    }
    String[] a = attemptId.split("_");
    return String.format("container_%s_%s_%02d_000001", a[1], a[2], Integer.parseInt(a[3]));
  }

  /**
   * Moves a container with {@code yarn container -migrate <container> -node <node>} (and
   * the given further arguments), logs the output and asserts the CLI reported success.
   *
   * @param what names the move in the log
   * @return the target container
   */
  String migrateByCli(String container, String node, String what, String... moreCliArgs)
      throws IOException {
    List<String> cli = new ArrayList<>(java.util.Arrays.asList("container", "-migrate",
        container, "-node", node));
    cli.addAll(java.util.Arrays.asList(moreCliArgs));
    PseudoCluster.Result r = cluster.yarn(cli.toArray(new String[0]));
    log("yarn container -migrate " + container + " -node " + node + " (" + what + "):\n" + r);
    assertEquals("yarn container -migrate:\n" + r, 0, r.exitCode);
    return movedContainers(r)[1];
  }

  /** {source, target} from the CLI's "Container : A -> B" summary line. */
  static String[] movedContainers(PseudoCluster.Result r) {
    Matcher cm = Pattern.compile("(?m)^\\s*Container\\s*:\\s*(\\S+) -> (container_\\S+)")
        .matcher(r.stdout);
    assertTrue("no Container line:\n" + r.stdout, cm.find());
    return new String[] {cm.group(1), cm.group(2)};
  }

  /** Jobs submitted by this JVM, for {@link #killLeftovers}. */
  private static final List<DistributedShellJob> SUBMITTED =
      java.util.Collections.synchronizedList(new ArrayList<DistributedShellJob>());

  /**
   * Kills the applications of jobs whose client still runs (a test that failed halfway),
   * so that the next test finds idle nodes instead of failing on the first one's leftovers.
   */
  static void killLeftovers() throws Exception {
    synchronized (SUBMITTED) {
      for (DistributedShellJob j : SUBMITTED) {
        if (j.client.isAlive()) {
          log("killing " + j.appId + ", left running by a failed test");
          j.cluster.yarn("application", "-kill", j.appId);
          j.client.waitFor(60, TimeUnit.SECONDS);
        }
        j.deleteStagingDir();
      }
      SUBMITTED.clear();
    }
  }

  /**
   * @param iterations the most ticks the workload runs; a test ends it sooner with
   *     {@link #finish}, which puts a file {@code stop} in its work dir
   */
  static String workload(int iterations) {
    return "limit=" + iterations + "\n" + counting();
  }

  /**
   * Like {@link #workload(int)} for the first {@code containers} workers the AM launches
   * (YARN_SHELL_ID 1..containers); a worker it launches beyond them ticks until stopped.
   * The stock distributed shell of 3.1.0 never removes a satisfied request: when it
   * resyncs with a restarted RM its client sends the whole ask again, and it launches the
   * worker the new RM grants. Its completion would otherwise end the application (the AM
   * counts completions, not names) before the worker the test follows.
   */
  static String workloadBeyondResentAsks(int iterations, int containers) {
    return "limit=" + iterations + "\n"
        + "if [ \"${YARN_SHELL_ID:-1}\" -gt " + containers + " ]; then limit=2147483647; fi\n"
        + counting();
  }

  /** The workload's loop, up to $limit ticks. */
  private static String counting() {
    return "i=0\n"
        + "while [ \"$i\" -lt \"$limit\" ] && [ ! -e stop ]; do\n"
        + "  i=$((i + 1))\n"
        + "  echo \"$i\" >> counter.txt\n"
        // run as -shell_script, the script is the localized resource ExecScript.sh: re-read
        // it every tick (through the work dir's link to this node's file cache)
        + "  if grep -q '^i=0$' ExecScript.sh 2>/dev/null; then echo \"$i\" >> reads.txt; fi\n"
        + "  echo \"count $i\"\n"
        + "  echo \"$i\"\n"
        + "  sleep 0.2\n"
        + "done | while read -r n; do\n"
        + "  case \"$n\" in count*) echo \"$n\" ;; *) echo \"$n\" >> child.txt ;; esac\n"
        + "done\n";
  }

  static DistributedShellJob submitOnNm1(PseudoCluster c, String tag, int containers,
      int iterations) throws Exception {
    return submitOnNm1(c, tag, containers, iterations, false);
  }

  /**
   * @param asShellScript run the workload as {@code -shell_script} (one container only: see
   *     below): the AM localizes it as the resource ExecScript.sh, which the shell holds
   *     open and the workload re-reads every tick (reads.txt)
   */
  static DistributedShellJob submitOnNm1(PseudoCluster c, String tag, int containers,
      int iterations, boolean asShellScript) throws Exception {
    return submitOnNm1(c, tag, containers, workload(iterations), asShellScript);
  }

  /**
   * @param workloadScript the bash script each container runs; it writes counter.txt (1..N,
   *     one number per line) in its work dir and ends once a file {@code stop} appears there
   */
  static DistributedShellJob submitOnNm1(PseudoCluster c, String tag, int containers,
      String workloadScript, boolean asShellScript) throws Exception {
    return submitOnNm1(c, tag, containers, workloadScript, asShellScript,
        java.util.Collections.<String>emptyList());
  }

  /** @param shellEnv {@code KEY=VALUE} for each worker's environment ({@code -shell_env}) */
  static DistributedShellJob submitOnNm1(PseudoCluster c, String tag, int containers,
      String workloadScript, boolean asShellScript, List<String> shellEnv) throws Exception {
    return submitOnNm1(c, tag, containers, workloadScript, asShellScript, shellEnv,
        CONTAINER_MB);
  }

  /** @param containerMb each worker's memory (MB); the AM has {@link #AM_MB} */
  static DistributedShellJob submitOnNm1(PseudoCluster c, String tag, int containers,
      int iterations, int containerMb) throws Exception {
    return submitOnNm1(c, tag, containers, workload(iterations), false,
        java.util.Collections.<String>emptyList(), containerMb);
  }

  /**
   * Like {@link #submitOnNm1(PseudoCluster, String, int, int)}, beside the jobs that run
   * already (its AM on NM2 too, its workers on NM1): the nodes need not be idle.
   */
  static DistributedShellJob submitAlongsideOnNm1(PseudoCluster c, String tag, int containers,
      int iterations) throws Exception {
    return submitOnNm1(c, tag, containers, workload(iterations), false,
        java.util.Collections.<String>emptyList(), CONTAINER_MB, true);
  }

  /** A workload script of its own in workers of {@code containerMb} MB each. */
  static DistributedShellJob submitOnNm1(PseudoCluster c, String tag, int containers,
      String workloadScript, int containerMb) throws Exception {
    return submitOnNm1(c, tag, containers, workloadScript, false,
        java.util.Collections.<String>emptyList(), containerMb);
  }

  private static DistributedShellJob submitOnNm1(PseudoCluster c, String tag, int containers,
      String workloadScript, boolean asShellScript, List<String> shellEnv, int containerMb)
      throws Exception {
    return submitOnNm1(c, tag, containers, workloadScript, asShellScript, shellEnv,
        containerMb, false);
  }

  /** @param alongside other jobs run: the nodes are not waited idle, their use is kept */
  private static DistributedShellJob submitOnNm1(PseudoCluster c, String tag, int containers,
      String workloadScript, boolean asShellScript, List<String> shellEnv, int containerMb,
      boolean alongside) throws Exception {
    String nm1 = c.nm1();
    String nm2 = c.nm2();
    // the containers of an earlier job may still be releasing: wait until both are idle
    JsonNode n1 = c.node(nm1);
    JsonNode n2 = c.node(nm2);
    long idleBy = System.currentTimeMillis() + 60_000;
    while (!alongside
        && (n1.path("usedMemoryMB").asInt() != 0 || n2.path("usedMemoryMB").asInt() != 0)) {
      if (System.currentTimeMillis() > idleBy) {
        assertEquals("NM1 must be idle before the job: " + n1, 0,
            n1.path("usedMemoryMB").asInt());
        assertEquals("NM2 must be idle before the job: " + n2, 0,
            n2.path("usedMemoryMB").asInt());
      }
      Thread.sleep(250);
      n1 = c.node(nm1);
      n2 = c.node(nm2);
    }
    int[] nm1Total = total(n1);
    int[] nm2Total = total(n2);

    File script = new File(c.workDir(), tag + "-workload.sh");
    Files.write(script.toPath(), workloadScript.getBytes(StandardCharsets.UTF_8));
    // NM1 too small for the AM (room for a worker's size at most) while the AM is placed,
    // NM2 with room for the AM only
    updateNodeResource(c, nm1, n1.path("usedMemoryMB").asInt()
        + Math.min(containerMb, AM_MB / 2), n1.path("usedVirtualCores").asInt() + 1);
    updateNodeResource(c, nm2, n2.path("usedMemoryMB").asInt() + AM_MB,
        n2.path("usedVirtualCores").asInt() + 1);

    // the nodes get their sizes back whatever fails below (else every later test finds no room)
    DistributedShellJob job;
    try {
      File clientLog = new File(c.workDir(), tag + "-dshell.log");
      String jar = c.env("DSHELL_JAR");
      // -shell_command "bash <script>", not -shell_script: with more than one container the
      // 3.1.0 AM renames the shared ExecScript to ExecScript.sh once per container, and on
      // the pseudo cluster's file:/// file system the second rename throws
      // FileNotFoundException, so that container is counted failed and never launched.
      // The script is outside the NMs' dirs, in the root file system every host shares (only
      // the NMs' local, log and tmp dirs are per host), so every container reads it there.
      assertTrue("-shell_script works with one container only", !asShellScript || containers == 1);
      List<String> clientArgs = new ArrayList<>(Arrays.asList("jar", jar, "-jar", jar,
          asShellScript ? "-shell_script" : "-shell_command",
          asShellScript ? script.getPath() : "bash " + script.getPath(),
          "-num_containers", Integer.toString(containers),
          "-container_memory", Integer.toString(containerMb), "-master_memory",
          Integer.toString(AM_MB)));
      for (String kv : shellEnv) {
        clientArgs.add("-shell_env");
        clientArgs.add(kv);
      }
      Process client = c.yarnInBackground(clientLog, clientArgs.toArray(new String[0]));

      // the application id, from the client's output
      String appId = null;
      Pattern appPattern = Pattern.compile("Submitted application (application_[0-9]+_[0-9]+)");
      long deadline = System.currentTimeMillis() + 90_000;
      while (appId == null) {
        Matcher m = appPattern.matcher(read(clientLog));
        if (m.find()) {
          appId = m.group(1);
        } else if (!client.isAlive()) {
          fail("the distributed shell client exited " + client.exitValue() + " before "
              + "submitting:\n" + read(clientLog));
        } else if (System.currentTimeMillis() > deadline) {
          fail("no application submitted within 90 s:\n" + read(clientLog));
        } else {
          Thread.sleep(250);
        }
      }
      log("application " + appId + " submitted");

      // the AM container, on NM2
      String attemptId = null;
      String amContainer = null;
      deadline = System.currentTimeMillis() + 90_000;
      while (attemptId == null) {
        JsonNode attempts = c.get("/ws/v1/cluster/apps/" + appId + "/appattempts")
            .path("appAttempts").path("appAttempt");
        for (JsonNode a : attempts) {
          if (!a.path("nodeId").asText().isEmpty() && !a.path("containerId").asText().isEmpty()) {
            assertEquals("AM placement: " + a, nm2, a.path("nodeId").asText());
            attemptId = a.path("appAttemptId").asText();
            // not always _000001: a container reserved for the AM on a node too small takes
            // that number
            amContainer = a.path("containerId").asText();
          }
        }
        if (attemptId == null) {
          if (System.currentTimeMillis() > deadline) {
            fail("the AM of " + appId + " was not allocated within 90 s: " + c.app(appId));
          }
          Thread.sleep(250);
        }
      }
      log("AM of " + appId + " (" + attemptId + ") allocated on NM2 " + nm2);
      updateNodeResource(c, nm1, nm1Total[0], nm1Total[1]);

      // the workers, RUNNING on NM1, with their counter files being written
      List<String> workers = new ArrayList<>();
      deadline = System.currentTimeMillis() + 120_000;
      while (true) {
        workers.clear();
        JsonNode cs = c.get("/ws/v1/cluster/apps/" + appId + "/appattempts/" + attemptId
            + "/containers").path("container");
        for (JsonNode ct : cs) {
          String id = ct.path("containerId").asText();
          if (id.equals(amContainer) || !"RUNNING".equals(ct.path("containerState").asText())) {
            continue;
          }
          assertEquals("worker placement: " + ct, nm1, ct.path("assignedNodeId").asText());
          workers.add(id);
        }
        if (workers.size() == containers) {
          break;
        }
        if (System.currentTimeMillis() > deadline) {
          fail(containers + " workers of " + appId + " not RUNNING within 120 s: " + cs);
        }
        Thread.sleep(500);
      }
      java.util.Collections.sort(workers);
      job = new DistributedShellJob(c, appId, attemptId, workers, client,
          clientLog);
      job.amContainer = amContainer;
      SUBMITTED.add(job);
      for (String w : workers) {
        deadline = System.currentTimeMillis() + 60_000;
        while (job.counter(nm1, w).size() < 5) {
          if (System.currentTimeMillis() > deadline) {
            fail("counter.txt of " + w + " on NM1 did not reach 5 within 60 s");
          }
          Thread.sleep(250);
        }
      }
    } catch (Throwable t) {
      try {
        updateNodeResource(c, nm1, nm1Total[0], nm1Total[1]);
        updateNodeResource(c, nm2, nm2Total[0], nm2Total[1]);
      } catch (Exception e) {
        t.addSuppressed(e);
      }
      throw t;
    }
    updateNodeResource(c, nm2, nm2Total[0], nm2Total[1]);
    log("workers " + job.workers + " of " + job.appId + " run on NM1 " + nm1 + "; NM2 has "
        + nm2Total[0] + " MB again");
    return job;
  }

  /** Total memory (MB) and vcores of a node report. */
  static int[] total(JsonNode n) {
    return new int[] {
        n.path("usedMemoryMB").asInt() + n.path("availMemoryMB").asInt(),
        n.path("usedVirtualCores").asInt() + n.path("availableVirtualCores").asInt()};
  }

  static void updateNodeResource(PseudoCluster c, String node, int mb, int vcores)
      throws Exception {
    c.admin().updateNodeResource(node, mb, vcores);
    // the RM applies it at once; wait until its node report says so
    long deadline = System.currentTimeMillis() + 20_000;
    while (total(c.node(node))[0] != mb) {
      if (System.currentTimeMillis() > deadline) {
        fail("node " + node + " does not report " + mb + " MB: " + c.node(node));
      }
      Thread.sleep(200);
    }
    log("node " + node + " resource set to " + mb + " MB / " + vcores + " vcores");
  }

  // ------------------------------------------------------------------ container files

  /** counter.txt of a container on a node (searched under the NM's local dir), or null. */
  File file(String nodeId, String containerId, String name) {
    File appcache = cluster.localDir(nodeId);
    File[] users = new File(appcache, "usercache").listFiles();
    if (users != null) {
      for (File u : users) {
        File f = new File(u, "appcache/" + appId + "/" + containerId + "/" + name);
        if (f.isFile()) {
          return f;
        }
      }
    }
    return null;
  }

  /** The complete lines of counter.txt as numbers (empty if there is no file yet). */
  List<Integer> counter(String nodeId, String containerId) throws IOException {
    return numbers(file(nodeId, containerId, "counter.txt"));
  }

  List<Integer> reads(String nodeId, String containerId) throws IOException {
    return numbers(file(nodeId, containerId, "reads.txt"));
  }

  List<Integer> child(String nodeId, String containerId) throws IOException {
    return numbers(file(nodeId, containerId, "child.txt"));
  }

  static List<Integer> numbers(File f) throws IOException {
    List<Integer> out = new ArrayList<>();
    if (f == null || !f.isFile()) {
      return out;
    }
    String s = new String(Files.readAllBytes(f.toPath()), StandardCharsets.UTF_8);
    int end = s.lastIndexOf('\n');
    if (end < 0) {
      return out;
    }
    for (String l : s.substring(0, end).split("\n")) {
      out.add(Integer.parseInt(l.trim()));
    }
    return out;
  }

  /** Asserts 1..N in order (no gap, no restart at 1) and returns N. */
  static int assertSequence(String what, List<Integer> values) {
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) != i + 1) {
        fail(what + " is not the sequence 1..N: line " + (i + 1) + " is " + values.get(i)
            + " (" + values + ")");
      }
    }
    return values.size();
  }

  /**
   * The state continued on the target: its counter.txt and child.txt hold 1..N, N is
   * past the value seen on the source before the migration, and they keep growing.
   */
  void assertContinues(String targetNode, String sourceId, String targetId, int before)
      throws Exception {
    File f = file(targetNode, targetId, "counter.txt");
    assertTrue("no counter.txt of " + targetId + " (migrated " + sourceId + ") under "
        + cluster.localDir(targetNode), f != null);
    // a move can be quicker than the workload's tick: the next tick comes on the target
    long pastBy = System.currentTimeMillis() + 10_000;
    int n1 = assertSequence("counter.txt of " + targetId, counter(targetNode, targetId));
    while (n1 <= before && System.currentTimeMillis() < pastBy) {
      Thread.sleep(100);
      n1 = assertSequence("counter.txt of " + targetId, counter(targetNode, targetId));
    }
    assertTrue(targetId + ": counter " + n1 + " not past " + before + " (seen on the source)"
        + " 10 s after the move", n1 > before);
    long deadline = System.currentTimeMillis() + 10_000;
    int n2 = n1;
    while (n2 <= n1 + 3 && System.currentTimeMillis() < deadline) {
      Thread.sleep(500);
      n2 = assertSequence("counter.txt of " + targetId, counter(targetNode, targetId));
    }
    assertTrue(targetId + ": the counter stopped at " + n1 + " (now " + n2 + ")", n2 > n1 + 3);
    int c = assertSequence("child.txt of " + targetId, child(targetNode, targetId));
    assertTrue(targetId + ": the piped child did not continue (child.txt at " + c
        + ", counter was at " + before + " before the migration)", c > before);
    log(sourceId + " -> " + targetId + ": counter " + before + " on the source, " + n1 + " then "
        + n2 + " on " + targetNode + " (1.." + n2 + " in order); child.txt at " + c);
  }

  /**
   * Asserts that no process of the given (source) containers is left on the source node:
   * a process that names the container id (command line, cwd, environment) and runs on
   * the source's host ({@link PseudoCluster#runsOn}). A restored process keeps its old
   * command line and environment, but runs on the target's host.
   * The RM ends the frozen source after the migration SUCCEEDED (asynchronously), so this
   * waits up to 30 s for it. Also asserts the source never wrote past the checkpoint:
   * its counter.txt on the source node, while it exists, does not grow.
   */
  /**
   * Every process of the container's tree on the host of {@code daemon} (those with its
   * original id in their environment: the launchers above them run with none of it) runs
   * as nobody, uid and gid 65534, the default non-secure local user; there is one at least.
   */
  void assertRunsAsNobody(String daemon, String containerId) throws Exception {
    List<PseudoCluster.Proc> procs = PseudoCluster.processes();
    List<String> seen = new ArrayList<>();
    for (PseudoCluster.Proc p : procs) {
      if (!p.environ.contains("CONTAINER_ID=" + containerId)
          || !cluster.runsOn(procs, p, daemon)) {
        continue;
      }
      String status;
      try {
        status = new String(java.nio.file.Files.readAllBytes(
            java.nio.file.Paths.get("/proc", Integer.toString(p.pid), "status")),
            java.nio.charset.StandardCharsets.UTF_8);
      } catch (java.nio.file.NoSuchFileException e) {
        continue; // ended meanwhile
      }
      java.util.regex.Matcher uid = java.util.regex.Pattern.compile(
          "(?m)^Uid:\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)").matcher(status);
      java.util.regex.Matcher gid = java.util.regex.Pattern.compile(
          "(?m)^Gid:\\s+(\\d+)").matcher(status);
      assertTrue(status, uid.find() && gid.find());
      assertEquals(containerId + ": " + p + " runs as uid " + uid.group(1), "65534",
          uid.group(1));
      assertEquals(containerId + ": " + p, "65534", uid.group(2));
      assertEquals(containerId + ": " + p, "65534", gid.group(1));
      seen.add(p.pid + " " + p.cmdline);
    }
    assertFalse("no process of " + containerId + " on " + daemon + "'s host", seen.isEmpty());
  }

  void assertNoProcessLeft(String sourceNode, String sourceDaemon, List<String> containerIds)
      throws Exception {
    java.util.Map<String, Integer> frozenAt = new java.util.LinkedHashMap<>();
    for (String id : containerIds) {
      frozenAt.put(id, counter(sourceNode, id).size());
    }
    long t0 = System.currentTimeMillis();
    List<String> left = new ArrayList<>();
    while (true) {
      left.clear();
      List<PseudoCluster.Proc> procs = PseudoCluster.processes();
      for (PseudoCluster.Proc p : procs) {
        for (String id : containerIds) {
          if (!p.mentions(id)) {
            continue;
          }
          if (cluster.runsOn(procs, p, sourceDaemon)) {
            left.add(id + ": " + p + " state " + p.state);
          }
        }
      }
      for (String id : containerIds) {
        int now = counter(sourceNode, id).size();
        assertTrue(id + " kept counting on the source " + sourceNode + " after its "
            + "migration: " + frozenAt.get(id) + " -> " + now, now <= frozenAt.get(id));
      }
      if (left.isEmpty()) {
        break;
      }
      if (System.currentTimeMillis() - t0 > 30_000) {
        fail("processes of migrated containers left on " + sourceNode + " 30 s after the "
            + "migrations: " + left);
      }
      Thread.sleep(500);
    }
    log("no process of " + containerIds + " left on " + sourceNode + " (gone after "
        + (System.currentTimeMillis() - t0) + " ms of polling)");
  }

  /**
   * Ends the workload of the given containers of a node now (a file {@code stop} in each
   * one's work dir), then waits for the application to end SUCCEEDED.
   */
  void finish(String nodeId, List<String> containerIds) throws Exception {
    stop(nodeId, containerIds);
    assertSucceeded(240);
  }

  /** Kills the application and waits (up to 60 s) for its client to end. */
  void kill() throws Exception {
    PseudoCluster.Result r = cluster.yarn("application", "-kill", appId);
    assertEquals(r.toString(), 0, r.exitCode);
    assertTrue("the distributed shell client of " + appId + " still runs 60 s after the kill",
        client.waitFor(60, TimeUnit.SECONDS));
    log("distributed shell " + appId + " killed");
    deleteStagingDir();
  }

  /** Ends the workload of the given containers of a node now (a file {@code stop}). */
  void stop(String nodeId, List<String> containerIds) throws Exception {
    for (String id : containerIds) {
      File counter = file(nodeId, id, "counter.txt");
      assertTrue("no work dir of " + id + " on " + nodeId + " under "
          + cluster.localDir(nodeId), counter != null);
      Files.write(new File(counter.getParentFile(), "stop").toPath(), new byte[0]);
    }
    log("workload of " + containerIds + " on " + nodeId + " told to stop");
  }

  /** Waits for the distributed shell client to end and asserts it reported SUCCEEDED. */
  void assertSucceeded(long timeoutSeconds) throws Exception {
    if (!client.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      fail("the distributed shell client still runs after " + timeoutSeconds + " s; app "
          + cluster.app(appId));
    }
    String out = read(clientLog);
    assertEquals("distributed shell client exit code; output:\n" + tail(out), 0,
        client.exitValue());
    assertTrue("client output has no distributedFinalState=SUCCEEDED:\n" + tail(out),
        out.contains("distributedFinalState=SUCCEEDED"));
    PseudoCluster.Result st = cluster.yarn("application", "-status", appId);
    assertEquals(st.toString(), 0, st.exitCode);
    assertTrue("yarn application -status: " + st,
        Pattern.compile("Final-State\\s*:\\s*SUCCEEDED").matcher(st.stdout).find());
    log("distributed shell " + appId + " ended SUCCEEDED (client exit 0)");
    deleteStagingDir();
  }

  void deleteStagingDir() {
    deleteStagingDir(appId);
  }

  /** The client's copy of the AM jar etc. (~/DistributedShell/<app> with file:///). */
  static void deleteStagingDir(String appId) {
    deleteRecursively(new File(System.getProperty("user.home"), "DistributedShell/" + appId));
  }

  private static void deleteRecursively(File f) {
    File[] children = f.listFiles();
    if (children != null) {
      for (File c : children) {
        deleteRecursively(c);
      }
    }
    f.delete();
  }

  static String read(File f) throws IOException {
    return f.isFile() ? new String(Files.readAllBytes(f.toPath()), StandardCharsets.UTF_8) : "";
  }

  static String tail(String s) {
    String[] lines = s.split("\n");
    StringBuilder b = new StringBuilder();
    for (int i = Math.max(0, lines.length - 40); i < lines.length; i++) {
      b.append(lines[i]).append('\n');
    }
    return b.toString();
  }
}
