/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.criu.CriuTestSupport;
import org.apache.hadoop.criu.ProcessTree;
import org.apache.hadoop.criu.cgroup.CgroupFreezer;
import org.apache.hadoop.criu.cgroup.CgroupFreezerFactory;
import org.apache.hadoop.criu.cgroup.CgroupV1Freezer;
import org.apache.hadoop.criu.cgroup.FreezerState;
import org.junit.After;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.TestRule;

/**
 * The end of a checkpoint whose tree is frozen, with a real cgroup v1 freezer and a real
 * process: completing kills the tree; a completion that cannot kill leaves it frozen (it
 * must never run beside its copy on the target), and an abort after that does not thaw it.
 */
public class TestFrozenCheckpoint {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(120);

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private CgroupFreezer cgroup;
  private Process tree;
  private int pid;

  @Before
  public void freezeAProcess() throws Exception {
    CriuTestSupport.requireRoot();
    CriuTestSupport.require(Files.isRegularFile(CgroupV1Freezer.DEFAULT_ROOT.resolve(
        "cgroup.procs")), "no cgroup v1 freezer at " + CgroupV1Freezer.DEFAULT_ROOT);
    CgroupFreezerFactory freezers = CgroupV1Freezer.factory(CgroupV1Freezer.DEFAULT_ROOT);
    cgroup = freezers.create(ContainerCheckpointer.cgroupName("container_frozen_"
        + UUID.randomUUID()));
    tree = new ProcessBuilder("sh", "-c", "echo $$; exec sleep 60").start();
    pid = Integer.parseInt(new BufferedReader(new InputStreamReader(tree.getInputStream(),
        StandardCharsets.US_ASCII)).readLine().trim());
    cgroup.addProcess(pid);
    cgroup.freeze(10_000);
  }

  @After
  public void cleanUp() throws Exception {
    if (cgroup != null) {
      cgroup.destroy();
    }
    if (tree != null) {
      tree.destroyForcibly().waitFor();
    }
  }

  @Test(timeout = 60_000)
  public void givenFrozenTree_whenCompleted_thenKilledWithMarkerAndNothingLeft()
      throws Exception {
    File marker = new File(tmp.getRoot(), "container_frozen.migrated");
    File out = tmp.newFolder("out");
    FrozenCheckpoint cp = checkpoint(cgroup, marker, out);

    cp.complete();

    assertTrue("the tree ended", tree.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
    assertTrue("the migrated marker", marker.isFile());
    assertFalse("the cgroup is removed", Files.exists(cgroup.path()));
    assertFalse("the local images are deleted", out.exists());
  }

  @Test(timeout = 60_000)
  public void givenProcessesThatCannotBeListed_whenCompleted_thenTheTreeStaysFrozenAndAnAbortDoesNotThaw()
      throws Exception {
    File marker = new File(tmp.newFolder("no-such-parent"), "missing/x.migrated");
    Unlistable unlistable = new Unlistable(cgroup);
    FrozenCheckpoint cp = checkpoint(unlistable, marker, tmp.newFolder("out"));

    try {
      cp.complete();
      fail("a completion that cannot kill must fail");
    } catch (IOException e) {
      assertTrue(e.getMessage(), e.getMessage().startsWith("Completion of container_frozen"
          + " (migration migration_1_0001, node nm1:8041) failed: the tree stays frozen in "
          + cgroup.path() + " so that it never runs beside its copy on the target (its"
          + " processes could not be listed); end its processes (kill -9), then remove the"
          + " cgroup (or restart this NodeManager); cannot create "));
    }
    assertFalse("not finished: it may be completed again", cp.isFinished());
    cp.abort();

    assertEquals(FreezerState.FROZEN, cgroup.state());
    assertTrue("the tree lives, frozen", ProcessTree.isAlive(pid));

    // the processes can be listed again: a second completion kills the tree
    unlistable.listable = true;
    try {
      cp.complete();
    } catch (IOException e) {
      // the marker's parent does not exist: a cleanup problem, reported, the tree killed
      assertTrue(e.getMessage(), e.getMessage().contains("cannot create "));
    }
    assertTrue("killed", cp.isFinished());
    assertTrue("the tree ended", tree.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
    assertFalse("the cgroup is removed", Files.exists(cgroup.path()));
  }

  private FrozenCheckpoint checkpoint(CgroupFreezer freezer, File marker, File out) {
    CheckpointRequest request = new CheckpointRequest("container_frozen", pid,
        tmp.getRoot(), tmp.getRoot(), "migration_1_0001", out);
    return new FrozenCheckpoint(request, "nm1:8041", new ContainerProcesses(pid, pid, marker),
        freezer, out, 0, 0, 0, 0, java.util.Collections.<String>emptyList(), null, 0);
  }

  /** The real cgroup, except that its processes cannot be listed. */
  private static final class Unlistable implements CgroupFreezer {
    private final CgroupFreezer real;
    volatile boolean listable;

    Unlistable(CgroupFreezer real) {
      this.real = real;
    }

    @Override
    public Path path() {
      return real.path();
    }

    @Override
    public void addProcess(int p) throws IOException {
      real.addProcess(p);
    }

    @Override
    public void addTree(int p) throws IOException {
      real.addTree(p);
    }

    @Override
    public List<Integer> pids() throws IOException {
      if (listable) {
        return real.pids();
      }
      throw new IOException("cgroup.procs unreadable");
    }

    @Override
    public void freeze(long timeoutMs) throws IOException {
      real.freeze(timeoutMs);
    }

    @Override
    public void thaw() throws IOException {
      real.thaw();
    }

    @Override
    public FreezerState state() throws IOException {
      return real.state();
    }

    @Override
    public void destroy() throws IOException {
      real.destroy();
    }

    @Override
    public void close() throws IOException {
      real.close();
    }
  }
}
