/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.migration.e2e;

import static org.apache.hadoop.yarn.server.migration.e2e.PseudoCluster.log;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An application's logs as {@code yarn logs -applicationId <app>} shows them once the
 * NodeManagers aggregated them to HDFS: per container, its node and each log file's text.
 * 3.1.0's LogsCLI prints, per container, {@code Container: <id> on <host_port>}, then per
 * file {@code LogType:}, {@code LogLastModifiedTime:}, {@code LogLength:<bytes>},
 * {@code LogContents:} and the file's bytes.
 */
final class AggregatedLogs {

  private static final Pattern CONTAINER =
      Pattern.compile("(?m)^Container: (container_\\S+) on (\\S+)$");
  private static final Pattern FILE = Pattern.compile(
      "(?m)^LogType:(.+)\\nLogLastModifiedTime:.*\\nLogLength:(\\d+)\\nLogContents:\\n");
  private static final Pattern COUNT = Pattern.compile("(?m)^count (\\d+)$");

  /** container id -&gt; the node it ran on, as LogsCLI names it (host_port). */
  final Map<String, String> nodes = new TreeMap<>();
  /** container id -&gt; log file name -&gt; text. */
  final Map<String, Map<String, String>> files = new TreeMap<>();

  private AggregatedLogs() {
  }

  /**
   * Waits until the RM reports the application's log aggregation SUCCEEDED, then reads
   * its logs with {@code yarn logs -applicationId}.
   */
  static AggregatedLogs of(PseudoCluster cluster, String appId, int timeoutSeconds)
      throws Exception {
    long deadline = System.currentTimeMillis() + timeoutSeconds * 1000L;
    String status = "";
    while (!"SUCCEEDED".equals(status)) {
      JsonNode app = cluster.app(appId);
      status = app.path("logAggregationStatus").asText();
      if ("FAILED".equals(status) || "TIME_OUT".equals(status)
          || System.currentTimeMillis() > deadline) {
        fail("log aggregation of " + appId + " is " + status + " (waited up to "
            + timeoutSeconds + " s): " + app);
      }
      Thread.sleep(500);
    }
    PseudoCluster.Result r = cluster.yarnWithTimeout(120, "logs", "-applicationId", appId);
    assertEquals("yarn logs -applicationId " + appId + ":\n" + r.stderr, 0, r.exitCode);
    AggregatedLogs logs = parse(r.stdout);
    log("yarn logs -applicationId " + appId + ": " + logs.files.size() + " containers "
        + logs.nodes);
    return logs;
  }

  static AggregatedLogs parse(String out) {
    AggregatedLogs logs = new AggregatedLogs();
    List<Integer> heads = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    Matcher c = CONTAINER.matcher(out);
    while (c.find()) {
      heads.add(c.start());
      ids.add(c.group(1));
      logs.nodes.put(c.group(1), c.group(2));
      logs.files.put(c.group(1), new LinkedHashMap<String, String>());
    }
    Matcher f = FILE.matcher(out);
    while (f.find()) {
      int owner = -1;
      for (int i = 0; i < heads.size() && heads.get(i) < f.start(); i++) {
        owner = i;
      }
      assertTrue("a log file before any container header:\n" + out, owner >= 0);
      int end = Math.min(out.length(), f.end() + Integer.parseInt(f.group(2)));
      logs.files.get(ids.get(owner)).put(f.group(1).trim(), out.substring(f.end(), end));
    }
    return logs;
  }

  String file(String containerId, String name) {
    Map<String, String> m = files.get(containerId);
    return m == null ? null : m.get(name);
  }

  /**
   * One tree's story across the containers it ran in, in order ({containerId, nodeId}
   * each): each container's logs were aggregated on its node; the workload's "count N"
   * lines of their stdouts, one after the other, are 1..N in order, every container
   * wrote some; each one's migration.log names the container before and after it.
   *
   * @return N
   */
  int assertStory(List<String[]> chain) {
    List<Integer> counts = new ArrayList<>();
    for (int i = 0; i < chain.size(); i++) {
      String id = chain.get(i)[0];
      String node = chain.get(i)[1];
      String shown = nodes.get(id);
      assertEquals("node of " + id + " in the aggregated logs " + nodes, node,
          shown == null ? null : shown.replaceFirst("_(\\d+)$", ":$1"));
      String stdout = file(id, "stdout");
      assertTrue("no stdout of " + id + " in the aggregated logs: " + files.get(id),
          stdout != null);
      Matcher m = COUNT.matcher(stdout);
      int before = counts.size();
      while (m.find()) {
        counts.add(Integer.parseInt(m.group(1)));
      }
      assertTrue(id + " wrote no count line to its stdout:\n" + stdout,
          counts.size() > before);
      String note = file(id, "migration.log");
      assertTrue("no migration.log of " + id + ": " + files.get(id).keySet(), note != null);
      if (i > 0) {
        String prev = chain.get(i - 1)[0];
        assertTrue("migration.log of " + id + " does not name " + prev + ":\n" + note,
            note.contains(": " + id + " continues " + prev + " of " + chain.get(i - 1)[1]
                + ";"));
      }
      if (i < chain.size() - 1) {
        String next = chain.get(i + 1)[0];
        assertTrue("migration.log of " + id + " does not name " + next + ":\n" + note,
            note.contains(": " + id + " moved to " + next + " on " + chain.get(i + 1)[1]
                + ";"));
      }
    }
    int n = DistributedShellJob.assertSequence("the count lines of " + chain.size()
        + " containers' aggregated stdout", counts);
    log("aggregated logs: one story over " + chain.size() + " containers, count 1.." + n);
    return n;
  }
}
