/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu.cgroup;

import static org.apache.hadoop.criu.CriuTestSupport.awaitCounterAbove;
import static org.apache.hadoop.criu.CriuTestSupport.readCounter;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.UUID;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.criu.Criu;
import org.apache.hadoop.criu.CriuDumpOptions;
import org.apache.hadoop.criu.CriuRestoreOptions;
import org.apache.hadoop.criu.CriuRestoredTree;
import org.apache.hadoop.criu.CriuTestSupport.CounterTree;
import org.apache.hadoop.criu.CriuTestSupport;
import org.apache.hadoop.criu.ProcessTree;
import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestRule;
import org.junit.rules.Timeout;

/** Real cgroup freezers (v1 and, where mounted, v2) on a real process tree. */
public class TestCgroupFreezer {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(120);

  private static final long FREEZE_TIMEOUT_MS = 10_000;

  @Rule
  public Timeout timeout = Timeout.seconds(180);

  private Path dir;
  private final String name = "criu-test-" + UUID.randomUUID();

  @Before
  public void setUp() throws Exception {
    CriuTestSupport.requireRoot();
    dir = CriuTestSupport.newTempDir("freezer-test");
  }

  @After
  public void tearDown() throws Exception {
    CriuTestSupport.deleteRecursively(dir);
  }

  private static CgroupFreezerFactory v1() {
    boolean mounted = Files.isRegularFile(CgroupV1Freezer.DEFAULT_ROOT.resolve("cgroup.procs"));
    CriuTestSupport.require(mounted, "no cgroup v1 freezer at " + CgroupV1Freezer.DEFAULT_ROOT);
    return CgroupV1Freezer.factory(CgroupV1Freezer.DEFAULT_ROOT);
  }

  private static CgroupFreezerFactory v2() throws IOException {
    Path root = null;
    for (String line : Files.readAllLines(Paths.get("/proc/self/mounts"),
        StandardCharsets.UTF_8)) {
      String[] f = line.split("\\s+");
      if (f.length > 2 && f[2].equals("cgroup2")) {
        root = Paths.get(f[1]);
      }
    }
    Assume.assumeTrue("no cgroup2 hierarchy mounted", root != null);
    return CgroupV2Freezer.factory(root);
  }

  private void assertFreezeStopsAndThawResumes(CgroupFreezerFactory factory)
      throws Exception {
    try (CounterTree tree = CriuTestSupport.startCounterTree(dir);
         CgroupFreezer freezer = factory.create(name)) {
      freezer.addTree(tree.getNsInitPid());
      assertTrue(freezer.pids().contains(tree.getNsInitPid()));
      assertEquals(FreezerState.THAWED, freezer.state());
      try {
        freezer.freeze(FREEZE_TIMEOUT_MS);
        assertEquals(FreezerState.FROZEN, freezer.state());
        int frozenAt = readCounter(tree.countFile());
        Thread.sleep(500);
        assertEquals("a frozen tree does not count", frozenAt, readCounter(tree.countFile()));
      } finally {
        freezer.thaw();
      }
      assertEquals(FreezerState.THAWED, freezer.state());
      awaitCounterAbove(tree.countFile(), readCounter(tree.countFile()));
    }
    assertFalse("destroy removed the cgroup", Files.exists(factory.root().resolve(name)));
  }

  /**
   * A tree that was in a cgroup of its own (here: another freezer cgroup) goes back there
   * when the migration's freezer is destroyed, not to the hierarchy's root: on a unified
   * hierarchy, that cgroup holds the container's limits.
   */
  private void assertDestroyPutsTheTreeBack(CgroupFreezerFactory factory) throws Exception {
    try (CounterTree tree = CriuTestSupport.startCounterTree(dir);
         CgroupFreezer origin = factory.create(name + "-origin")) {
      origin.addTree(tree.getNsInitPid());
      try (CgroupFreezer freezer = factory.create(name)) {
        freezer.addTree(tree.getNsInitPid());
        assertTrue("moved out of its cgroup: " + origin.pids(), origin.pids().isEmpty());
        freezer.freeze(FREEZE_TIMEOUT_MS);
        freezer.thaw();
      }
      java.util.List<Integer> tree0 = new java.util.ArrayList<>(
          ProcessTree.descendants(tree.getNsInitPid()));
      tree0.add(tree.getNsInitPid());
      java.util.List<Integer> back = origin.pids();
      for (int pid : tree0) {
        assertTrue(pid + " of the tree " + tree0 + " is back in " + origin.path() + ": "
            + back, back.contains(pid) || !ProcessTree.isAlive(pid));
      }
      assertTrue(back.contains(tree.getNsInitPid()));
      awaitCounterAbove(tree.countFile(), readCounter(tree.countFile()));
    }
    assertFalse(Files.exists(factory.root().resolve(name)));
    assertFalse(Files.exists(factory.root().resolve(name + "-origin")));
  }

  @Test
  public void givenTreeInACgroupOfItsOwn_whenV1FreezerDestroyed_thenTheTreeIsBackThere()
      throws Exception {
    assertDestroyPutsTheTreeBack(v1());
  }

  @Test
  public void givenTreeInACgroupOfItsOwn_whenV2FreezerDestroyed_thenTheTreeIsBackThere()
      throws Exception {
    assertDestroyPutsTheTreeBack(v2());
  }

  @Test
  public void givenTreeInV1Freezer_whenFrozenThenThawed_thenCounterStopsThenResumes()
      throws Exception {
    assertFreezeStopsAndThawResumes(v1());
  }

  @Test
  public void givenTreeInV2Freezer_whenFrozenThenThawed_thenCounterStopsThenResumes()
      throws Exception {
    assertFreezeStopsAndThawResumes(v2());
  }

  @Test
  public void givenTreeInV1Freezer_whenDumpedWithFreezeCgroup_thenRestoredTreeContinues()
      throws Exception {
    Criu criu = CriuTestSupport.requireCriu();
    CgroupFreezerFactory factory = v1();
    Path images = dir.resolve("images");
    try (CounterTree tree = CriuTestSupport.startCounterTree(dir);
         CgroupFreezer freezer = factory.create(name)) {
      freezer.addTree(tree.getNsInitPid());
      criu.dump(CriuDumpOptions.builder(tree.getNsInitPid(), images)
          .freezeCgroup(freezer.path()).build());
      assertTrue(tree.awaitExit());
      int dumped = readCounter(tree.countFile());
      try (CriuRestoredTree restored = criu.startRestore(
          CriuRestoreOptions.builder(images).workDir(dir.resolve("work"))
              .pidFile(dir.resolve("work/restore.pid"))
              .inheritFd(1, tree.stdoutFile().toString())
              .inheritFd(2, tree.stderrFile().toString()).build(),
          ProcessBuilder.Redirect.to(dir.resolve("restored-out").toFile()),
          ProcessBuilder.Redirect.to(dir.resolve("restored-err").toFile()))) {
        assertTrue("CRIU put the tree back into " + freezer.path(),
            freezer.pids().contains(restored.getPid()));
        assertTrue(awaitCounterAbove(tree.countFile(), dumped) > dumped);
        assertTrue(ProcessTree.isAlive(restored.getPid()));
      }
    }
  }

  @Test(expected = IllegalArgumentException.class)
  public void givenNameWithDotDot_whenCreated_thenRejected() throws Exception {
    CgroupV1Freezer.factory(dir).create("a/../../etc");
  }
}
