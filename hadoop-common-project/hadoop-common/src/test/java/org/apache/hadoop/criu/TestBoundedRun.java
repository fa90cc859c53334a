/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.criu.CriuTestSupport.CounterTree;
import org.apache.hadoop.criu.cgroup.CgroupFreezer;
import org.apache.hadoop.criu.cgroup.CgroupFreezers;
import org.junit.Assume;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;
import org.junit.runner.JUnitCore;
import org.junit.runner.Result;
import org.junit.runner.notification.Failure;

/**
 * A test that hangs on a frozen tree fails within its bound, with a report of where it hung,
 * and leaves nothing on the host: the tree is thawed and ended, its cgroup removed.
 */
public class TestBoundedRun {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(180);

  /** Enables {@link HangingWorkload} (a test-only hang); set only by the test below. */
  static final String HANG_PROPERTY = "bounded.run.hang";

  static volatile int frozenInit = -1;

  /**
   * A test-only hanging workload: a process tree frozen and never thawed, and a test that
   * waits for it forever. Runs only when {@link #HANG_PROPERTY} is set.
   */
  public static class HangingWorkload {
    @ClassRule
    public static final TestRule BOUND = BoundedRun.classBound(4);

    @Test
    public void givenFrozenTree_whenWaitingForItForever_thenTheBoundStopsIt() throws Exception {
      Assume.assumeTrue(Boolean.getBoolean(HANG_PROPERTY));
      Path dir = CriuTestSupport.newTempDir("hanging-workload");
      CounterTree tree = CriuTestSupport.startCounterTree(dir);
      CgroupFreezer freezer = CgroupFreezers.detect().create("criu-test-hang-" + System.nanoTime());
      freezer.addTree(tree.getNsInitPid());
      freezer.freeze(10_000);
      frozenInit = tree.getNsInitPid();
      int frozenAt = CriuTestSupport.readCounter(tree.countFile());
      // the deliberate hang: never thawed, the counter never moves (the bound interrupts it)
      while (CriuTestSupport.readCounter(tree.countFile()) <= frozenAt) {
        Thread.sleep(50);
      }
    }
  }

  @Test
  public void givenHangingFrozenWorkload_whenItsBoundExpires_thenReportAndNothingLeft()
      throws Exception {
    CriuTestSupport.requireRoot();
    CriuTestSupport.require(new File("/sys/fs/cgroup/freezer/cgroup.procs").isFile(),
        "no cgroup v1 freezer");
    CriuTestSupport.require(BoundedRun.runDir() != null, "no host ledger (needs root)");
    List<String> before = freezerCgroups();
    System.setProperty(HANG_PROPERTY, "true");
    Result result;
    try {
      result = new JUnitCore().run(HangingWorkload.class);
    } finally {
      System.clearProperty(HANG_PROPERTY);
    }

    // the class fails on its bound (the interrupted test may fail too: "sleep interrupted")
    String msg = null;
    for (Failure f : result.getFailures()) {
      if (f.getMessage() != null && f.getMessage().startsWith(HangingWorkload.class.getName()
          + " exceeded its bound of 4 s and was stopped")) {
        msg = f.getMessage();
      }
    }
    assertTrue("failed on its bound: " + result.getFailures(), msg != null);
    assertTrue("where it hung: " + msg,
        msg.contains("HangingWorkload.givenFrozenTree_whenWaitingForItForever"));
    assertTrue("the frozen cgroup in the report: " + msg,
        msg.matches("(?s).*criu-test-hang-\\d+ FROZEN tasks=\\d.*"));
    assertTrue("process states in the report: " + msg, msg.contains("wchan"));
    assertTrue("clean-up in the report: " + msg, msg.contains("clean-host --run"));

    // nothing left: the frozen tree ended, its cgroup removed
    assertTrue("the hanging test froze a tree", frozenInit > 0);
    assertFalse("frozen tree still there: pid " + frozenInit,
        new File("/proc/" + frozenInit).exists()
        && !Files.readAllLines(new File("/proc/" + frozenInit + "/status").toPath())
            .toString().contains("State:\tZ"));
    assertEquals(before, freezerCgroups());
  }

  private static List<String> freezerCgroups() {
    List<String> names = new ArrayList<>();
    File[] dirs = new File("/sys/fs/cgroup/freezer").listFiles();
    if (dirs != null) {
      for (File d : dirs) {
        if (d.isDirectory()) {
          names.add(d.getName());
        }
      }
    }
    java.util.Collections.sort(names);
    return names;
  }
}
