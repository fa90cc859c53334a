/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.migration.e2e;

import static org.apache.hadoop.yarn.server.migration.e2e.PseudoCluster.log;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Apache's wordcount (hadoop-mapreduce-examples 3.1.0) on HDFS of the isolated hosts, over
 * a generated text whose counts are known: one map (one block), one reduce. The map sort
 * buffer is small ({@value #SORT_MB} MB), so the map spills every few hundred milliseconds
 * and keeps closed spill files under its application's local dir until its final merge.
 */
final class WordcountJob {

  static final int SORT_MB = 8;
  private static final Pattern APP = Pattern.compile("application_\\d+_\\d+");
  private static final Pattern ATTEMPT = Pattern.compile("attempt_\\d+_\\d+_[mr]_\\d+_\\d+");

  final PseudoCluster cluster;
  final String dir;
  final Map<String, Integer> expected;
  private Process client;
  private File clientLog;

  private WordcountJob(PseudoCluster cluster, String dir, Map<String, Integer> expected) {
    this.cluster = cluster;
    this.dir = dir;
    this.expected = expected;
  }

  /**
   * Writes two files of text (words w0000..w4999, 12 a line, from a fixed generator) to
   * HDFS under a new dir -- about {@code megabytes} MB, one map that runs for a while, and
   * 2 KB, a map that ends at once and lets the reduce start -- and remembers every word's
   * count.
   */
  static WordcountJob withInput(PseudoCluster cluster, int megabytes) throws IOException {
    Map<String, Integer> expected = new TreeMap<>();
    String dir = "/tmp/wordcount-" + System.currentTimeMillis();
    PseudoCluster.Result r = cluster.hdfs(120, "dfs", "-mkdir", "-p", dir + "/in");
    assertEquals(r.toString(), 0, r.exitCode);
    long[] seed = {42};
    for (long bytes : new long[] {megabytes * 1024L * 1024L, 2048}) {
      File local = new File(cluster.workDir(), "wordcount-input-" + bytes + ".txt");
      write(local, bytes, seed, expected);
      r = cluster.hdfs(120, "dfs", "-put", local.getPath(), dir + "/in/");
      assertEquals(r.toString(), 0, r.exitCode);
      assertTrue(local.delete());
    }
    return new WordcountJob(cluster, dir, expected);
  }

  /** The words of the input: w0000 .. w4999. */
  private static final String[] WORDS = new String[5000];

  static {
    for (int i = 0; i < WORDS.length; i++) {
      WORDS[i] = String.format("w%04d", i);
    }
  }

  private static void write(File local, long bytes, long[] seed, Map<String, Integer> counts)
      throws IOException {
    int[] tally = new int[WORDS.length];
    long written = 0;
    try (BufferedWriter w = Files.newBufferedWriter(local.toPath(), StandardCharsets.UTF_8)) {
      StringBuilder line = new StringBuilder();
      while (written < bytes) {
        line.setLength(0);
        for (int i = 0; i < 12; i++) {
          seed[0] = seed[0] * 6364136223846793005L + 1442695040888963407L;
          int word = (int) ((seed[0] >>> 33) % WORDS.length);
          tally[word]++;
          line.append(WORDS[word]).append(i == 11 ? '\n' : ' ');
        }
        w.append(line);
        written += line.length();
      }
    }
    for (int i = 0; i < WORDS.length; i++) {
      if (tally[i] > 0) {
        counts.merge(WORDS[i], tally[i], Integer::sum);
      }
    }
  }

  /**
   * Submits the job (the client runs in the background); returns its application id.
   *
   * @param properties more {@code -D<key>=<value>} for the job
   */
  String submit(String... properties) throws Exception {
    clientLog = new File(cluster.workDir(), "wordcount-client.log");
    List<String> args = new ArrayList<>(Arrays.asList("jar", cluster.env("MR_EXAMPLES_JAR"),
        "wordcount", "-Dmapreduce.task.io.sort.mb=" + SORT_MB,
        // no speculative attempt: every attempt counted is one the migrations caused
        "-Dmapreduce.map.speculative=false", "-Dmapreduce.reduce.speculative=false"));
    for (String p : properties) {
      args.add("-D" + p);
    }
    args.add(dir + "/in");
    args.add(dir + "/out");
    client = cluster.yarnInBackground(clientLog, args.toArray(new String[0]));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      Matcher m = APP.matcher(new String(Files.readAllBytes(clientLog.toPath()),
          StandardCharsets.UTF_8));
      if (m.find()) {
        return m.group();
      }
      if (!client.isAlive()) {
        fail("wordcount client ended before submitting:\n" + clientLog());
      }
      Thread.sleep(200);
    }
    fail("no application id from the wordcount client within 60 s:\n" + clientLog());
    return null;
  }

  /** A task's container: where it runs and the attempt it runs. */
  static final class Task {
    final String container;
    final String node;
    final String attempt;

    Task(String container, String node, String attempt) {
      this.container = container;
      this.node = node;
      this.attempt = attempt;
    }

    @Override
    public String toString() {
      return attempt + " in " + container + " on " + node;
    }
  }

  /**
   * The task containers the NMs launched for the application: the attempt each runs, from
   * its launch script ({@code org.apache.hadoop.mapred.YarnChild <host> <port> <attempt>});
   * a restore container runs none.
   */
  List<Task> tasks(String appId) throws IOException {
    List<Task> out = new ArrayList<>();
    for (String node : new String[] {cluster.nm1(), cluster.nm2()}) {
      File[] users = new File(cluster.localDir(node), "usercache").listFiles();
      for (File u : users == null ? new File[0] : users) {
        File[] cs = new File(u, "appcache/" + appId).listFiles(
            f -> f.getName().startsWith("container_"));
        for (File c : cs == null ? new File[0] : cs) {
          File script = new File(c, "launch_container.sh");
          if (!script.isFile()) {
            continue;
          }
          Matcher m = ATTEMPT.matcher(new String(Files.readAllBytes(script.toPath()),
              StandardCharsets.UTF_8));
          if (m.find()) {
            out.add(new Task(c.getName(), node, m.group()));
          }
        }
      }
    }
    return out;
  }

  /** The job's ApplicationMaster container and its node, as the RM's attempt has them. */
  Task am(String appId) throws Exception {
    for (com.fasterxml.jackson.databind.JsonNode a : cluster.get("/ws/v1/cluster/apps/"
        + appId + "/appattempts").path("appAttempts").path("appAttempt")) {
      if (!a.path("containerId").asText().isEmpty()) {
        return new Task(a.path("containerId").asText(), a.path("nodeId").asText(),
            "the ApplicationMaster");
      }
    }
    fail("no attempt of " + appId + " has an AM container");
    return null;
  }

  /**
   * Waits (up to 120 s) until a map has closed more than {@code spills} spill files on its
   * node, and returns it.
   */
  Task awaitSpillingMap(String appId, int spills) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      for (Task t : tasks(appId)) {
        if (t.attempt.contains("_m_") && spillFiles(t.node, appId, t.attempt) > spills) {
          return t;
        }
      }
      assertTrue("the wordcount client ended before a map spilled:\n" + clientLog(),
          client.isAlive());
      Thread.sleep(100);
    }
    fail("no map spilled " + spills + " times within 120 s: " + tasks(appId));
    return null;
  }

  /**
   * Waits (up to 120 s) until the reduce task shuffles (its JVM logs its EventFetcher: the
   * RM's RUNNING comes before the NodeManager has the process), and returns it; fails when
   * the reduce has already fetched every map output.
   */
  Task awaitRunningReduce(String appId) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      for (Task t : tasks(appId)) {
        File logs = new File(cluster.env(t.node.equals(cluster.nm1()) ? "NM1_LOG_DIR"
            : "NM2_LOG_DIR"), appId + "/" + t.container);
        if (!t.attempt.contains("_r_") || !logged(logs, "EventFetcher")) {
          continue;
        }
        // past its shuffle, the reduce merges and writes its output to HDFS: moving it
        // there is another case (issue 10), not the one asked for
        assertTrue("the reduce " + t + " fetched every map output (finalMerge) before it"
            + " could be moved while shuffling: the map ended too soon", !logged(logs,
            "finalMerge called"));
        return t;
      }
      assertTrue("the wordcount client ended before its reduce ran:\n" + clientLog(),
          client.isAlive());
      Thread.sleep(200);
    }
    fail("no running reduce within 120 s: " + tasks(appId));
    return null;
  }

  /**
   * The syslog of a container of the job on a node, as its NodeManager keeps it (the
   * cluster needs {@code yarn.nodemanager.delete.debug-delay-sec} once the job ended).
   */
  String syslog(String node, String appId, String containerId) throws IOException {
    File log = new File(cluster.env(node.equals(cluster.nm1()) ? "NM1_LOG_DIR"
        : "NM2_LOG_DIR"), appId + "/" + containerId + "/syslog");
    assertTrue("no syslog of " + containerId + " on " + node + ": " + log, log.isFile());
    return new String(Files.readAllBytes(log.toPath()), StandardCharsets.UTF_8);
  }

  /** Whether a task's syslog (or its shuffle syslog) under its log dir has the text. */
  private static boolean logged(File logs, String what) throws IOException {
    for (String name : new String[] {"syslog", "syslog.shuffle"}) {
      File log = new File(logs, name);
      if (log.isFile() && new String(Files.readAllBytes(log.toPath()),
          StandardCharsets.UTF_8).contains(what)) {
        return true;
      }
    }
    return false;
  }

  /** The spill files ({@code <attempt>_spill_*.out}) of an attempt on a node. */
  int spillFiles(String node, String appId, String attempt) {
    File[] users = new File(cluster.localDir(node), "usercache").listFiles();
    int n = 0;
    for (File u : users == null ? new File[0] : users) {
      File[] files = new File(u, "appcache/" + appId).listFiles();
      for (File f : files == null ? new File[0] : files) {
        if (f.getName().matches(Pattern.quote(attempt) + "_spill_\\d+\\.out")) {
          n++;
        }
      }
    }
    return n;
  }

  /** Waits for the client; returns its output (the job's counters among it). */
  String awaitEnd() throws Exception {
    assertTrue("the wordcount client did not end within 300 s:\n" + clientLog(),
        client.waitFor(300, TimeUnit.SECONDS));
    String out = clientLog();
    assertEquals("wordcount client exit:\n" + out, 0, client.exitValue());
    assertTrue(out, out.contains("completed successfully"));
    return out;
  }

  /** A counter of the client's summary ("Failed map tasks=1"), 0 when absent. */
  static int counter(String clientOutput, String name) {
    Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(name) + "=(\\d+)")
        .matcher(clientOutput);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  /**
   * Prints how many attempts MapReduce ran again (and killed) for the job whose client
   * printed {@code clientOutput}, and asserts none: 2 map attempts, 1 reduce attempt.
   */
  static void assertNoAttemptRunAgain(String clientOutput, String what) {
    int maps = counter(clientOutput, "Launched map tasks");
    int reduces = counter(clientOutput, "Launched reduce tasks");
    log(what + ": counts right; attempts run again: maps " + (maps - 2) + ", reduces "
        + (reduces - 1) + "; killed: maps " + counter(clientOutput, "Killed map tasks")
        + ", reduces " + counter(clientOutput, "Killed reduce tasks"));
    assertEquals("map attempts (none run again):\n" + clientOutput, 2, maps);
    assertEquals("reduce attempts (none run again):\n" + clientOutput, 1, reduces);
  }

  /** Asserts the job's output holds exactly the expected counts. */
  void assertCounts() throws IOException {
    PseudoCluster.Result r = cluster.hdfs(120, "dfs", "-cat", dir + "/out/part-r-*");
    assertEquals(r.toString(), 0, r.exitCode);
    Map<String, Integer> counted = new TreeMap<>();
    for (String line : r.stdout.split("\n")) {
      if (!line.trim().isEmpty()) {
        String[] kv = line.split("\t");
        counted.put(kv[0], Integer.parseInt(kv[1].trim()));
      }
    }
    assertEquals("words counted", expected.size(), counted.size());
    assertEquals(expected, counted);
  }

  void delete() throws IOException {
    cluster.hdfs(120, "dfs", "-rm", "-r", "-f", "-skipTrash", dir);
  }

  String clientLog() throws IOException {
    return clientLog == null || !clientLog.exists() ? ""
        : new String(Files.readAllBytes(clientLog.toPath()), StandardCharsets.UTF_8);
  }

  /** Ends the client if a failed test left it running. */
  void killIfRunning(String appId) throws Exception {
    if (client != null && client.isAlive()) {
      log("killing " + appId + ", left running by a failed test");
      cluster.yarn("application", "-kill", appId);
      client.destroy();
      client.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
