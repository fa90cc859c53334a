/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.executor;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.hadoop.yarn.api.ApplicationConstants;

/**
 * The stateful test workload: a bash loop with its counter in memory; every 100 ms it
 * appends the counter to counter.txt (work dir), echoes it to stdout and feeds it through
 * a pipe to a child (cat) that appends to child.txt. `$` is escaped for the outer
 * {@code bash -c "..."} of launch_container.sh.
 */
public final class Workload {

  public static final String COUNTER_FILE = "counter.txt";
  public static final String CHILD_FILE = "child.txt";

  private Workload() {
  }

  /** The workload's command line (for a container's launch context). */
  public static String command() {
    return "i=0; exec 3> >(cat >> " + CHILD_FILE + "); "
        + "while true; do i=\\$((i+1)); echo \\$i >> " + COUNTER_FILE + "; echo count \\$i;"
        + " echo \\$i >&3; sleep 0.1; done"
        + " 1>" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stdout"
        + " 2>" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stderr";
  }

  /** The non-blank lines of counter.txt in the work dir, trimmed (none if no file yet). */
  public static List<String> counterLines(File workDir) throws IOException {
    File f = new File(workDir, COUNTER_FILE);
    if (!f.exists()) {
      return Collections.emptyList();
    }
    List<String> out = new ArrayList<>();
    for (String l : Files.readAllLines(f.toPath(), StandardCharsets.UTF_8)) {
      if (!l.trim().isEmpty()) {
        out.add(l.trim());
      }
    }
    return out;
  }

  /** The last count written to the work dir's counter.txt, 0 if none yet. */
  public static int lastCount(File workDir) throws IOException {
    List<String> l = counterLines(workDir);
    return l.isEmpty() ? 0 : Integer.parseInt(l.get(l.size() - 1));
  }

  /** Waits until the counter in the work dir reaches {@code atLeast}. */
  public static void awaitCount(File workDir, int atLeast, long timeoutMs) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (lastCount(workDir) < atLeast) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("counter in " + workDir + " did not reach " + atLeast
            + " (at " + lastCount(workDir) + ")");
      }
      Thread.sleep(100);
    }
  }

  public static String environOf(int pid) throws IOException {
    return new String(Files.readAllBytes(Paths.get("/proc/" + pid + "/environ")),
        StandardCharsets.UTF_8).replace('\0', '\n');
  }
}
