/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.criu.CriuTestSupport.CounterTree;
import org.apache.hadoop.criu.cgroup.CgroupFreezer;
import org.apache.hadoop.criu.cgroup.CgroupFreezers;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/**
 * A test JVM that froze a process tree is SIGKILLed; the next clean-host finds its run in
 * the host ledger, thaws and ends the tree, removes its cgroup and says so.
 */
public class TestCleanHost {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(120);

  /** The JVM that is killed: records its run, freezes a tree, says READY, waits. */
  public static final class KilledRun {
    public static void main(String[] args) throws Exception {
      File run = BoundedRun.register();
      if (run == null) {
        System.out.println("NO-LEDGER");
        return;
      }
      Path dir = CriuTestSupport.newTempDir("killed-run");
      CounterTree tree = CriuTestSupport.startCounterTree(dir);
      String name = "criu-test-killed-" + System.nanoTime();
      CgroupFreezer freezer = CgroupFreezers.detect().create(name);
      freezer.addTree(tree.getNsInitPid());
      freezer.freeze(10_000);
      System.out.println("READY " + tree.getNsInitPid() + " " + name + " " + run);
      System.out.flush();
      Thread.sleep(TimeUnit.MINUTES.toMillis(5));
    }
  }

  @Test
  public void givenKilledJvmWithFrozenTree_whenCleanHost_thenThawedEndedAndReported()
      throws Exception {
    CriuTestSupport.requireRoot();
    CriuTestSupport.require(new File("/sys/fs/cgroup/freezer/cgroup.procs").isFile(),
        "no cgroup v1 freezer");
    CriuTestSupport.require(BoundedRun.runDir() != null, "no host ledger (needs root)");

    // Given: a JVM with its own module dir (its own ledger root, outside this JVM's) froze
    // a tree
    File childModule = Files.createTempDirectory("killed-module").toRealPath().toFile();
    try {
      killAndClean(childModule);
    } finally {
      CriuTestSupport.deleteRecursively(childModule.toPath());
    }
  }

  private static void killAndClean(File childModule) throws Exception {
    String cp = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>();
    cmd.add(new File(System.getProperty("java.home"), "bin/java").getPath());
    cmd.add("-Dbasedir=" + childModule);
    cmd.add("-cp");
    cmd.add(cp);
    cmd.add(KilledRun.class.getName());
    File out = new File(childModule, "out.txt");
    Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out)
        .start();
    String ready = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    try {
      while (ready == null && System.nanoTime() < deadline && child.isAlive()) {
        for (String line : Files.readAllLines(out.toPath(), StandardCharsets.UTF_8)) {
          if (line.startsWith("READY ")) {
            ready = line;
          }
        }
        Thread.sleep(50);
      }
      assertTrue("the child froze a tree: " + new String(Files.readAllBytes(out.toPath()),
          StandardCharsets.UTF_8), ready != null);
    } finally {
      // When: it is SIGKILLed (its tree stays frozen: nothing of it can clean up)
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    String[] f = ready.split(" ");
    int init = Integer.parseInt(f[1]);
    File cgroup = new File("/sys/fs/cgroup/freezer", f[2]);
    File run = new File(f[3]);
    assertTrue("still frozen after the kill", new String(Files.readAllBytes(
        new File(cgroup, "freezer.state").toPath()), StandardCharsets.US_ASCII)
        .startsWith("FROZEN"));

    // Then: clean-host reports the thawed tree and leaves nothing
    String report = BoundedRun.run(60, new File(BoundedRun.repoRoot(),
        "dev-support/bin/clean-host").getPath());
    assertTrue(report, report.contains("clean-host: thawed " + cgroup
        + " (was FROZEN) and ended its tasks: " + init + " "));
    assertTrue(report, report.contains("clean-host: removed cgroup " + cgroup));
    assertTrue(report, report.matches("(?s).*clean-host: removed \\d+ thing\\(s\\) of \\d+"
        + " run\\(s\\):.*test JVM of " + childModule.getName() + ".*"));
    assertFalse("tree ended: " + report, alive(init));
    assertFalse("cgroup removed: " + report, cgroup.exists());
    assertFalse("ledger entry removed: " + report, run.exists());
  }

  private static boolean alive(int pid) throws Exception {
    File status = new File("/proc/" + pid + "/status");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (status.exists() && System.nanoTime() < deadline) {
      if (new String(Files.readAllBytes(status.toPath()), StandardCharsets.US_ASCII)
          .contains("State:\tZ")) {
        return false;
      }
      Thread.sleep(50);
    }
    return status.exists();
  }
}
