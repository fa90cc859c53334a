/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.criu.CriuTestSupport;
import org.apache.hadoop.criu.cgroup.CgroupFreezer;
import org.apache.hadoop.criu.cgroup.CgroupFreezerFactory;
import org.apache.hadoop.criu.cgroup.CgroupV1Freezer;
import org.apache.hadoop.criu.cgroup.FreezerState;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.TestRule;

/** An NM that starts thaws its own trees left frozen by an earlier run, and no other. */
public class TestLeftoverCheckpoints {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(120);

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void givenProcesses_whenOwnershipDecided_thenOwnNetnsAndCwdUnderALocalDir() {
    List<String> local = Arrays.asList("/nm1/local", "/disk2/local/");
    String net = "net:[4026531840]";
    assertTrue(LeftoverCheckpoints.ours("/nm1/local/usercache/u/appcache/a/c", net, net,
        local));
    assertTrue(LeftoverCheckpoints.ours("/disk2/local/usercache/u/appcache/a/c", net, net,
        local));
    assertFalse("another NM's local dir", LeftoverCheckpoints.ours(
        "/nm2/local/usercache/u/appcache/a/c", net, net, local));
    assertFalse("a sibling with a common prefix", LeftoverCheckpoints.ours(
        "/nm1/local2/x", net, net, local));
    assertFalse("another host's network namespace", LeftoverCheckpoints.ours(
        "/nm1/local/usercache/u/appcache/a/c", "net:[4026532000]", net, local));
    assertFalse("gone", LeftoverCheckpoints.ours(null, net, net, local));
  }

  /**
   * Real cgroup v1 freezer: a frozen tree whose cwd is under this NM's local dir is thawed
   * and its cgroup removed; one whose container had moved (its copy runs on the target) is
   * killed, never thawed; a frozen tree of another NM (cwd elsewhere) stays frozen.
   */
  @Test(timeout = 60_000)
  public void givenFrozenLeftovers_whenNmStarts_thenItsOwnAreThawedOrKilledAndOthersLeftAlone()
      throws Exception {
    CriuTestSupport.requireRoot();
    CriuTestSupport.require(Files.isRegularFile(CgroupV1Freezer.DEFAULT_ROOT.resolve(
        "cgroup.procs")), "no cgroup v1 freezer at " + CgroupV1Freezer.DEFAULT_ROOT);
    CgroupFreezerFactory freezers = CgroupV1Freezer.factory(CgroupV1Freezer.DEFAULT_ROOT);
    File local = tmp.newFolder("local");
    File work = new File(local, "usercache/u/appcache/application_1_0001/container_1_0001_01_2");
    File elsewhere = tmp.newFolder("other-nm-local");
    assertTrue(work.mkdirs());
    String id = UUID.randomUUID().toString();
    String ourName = ContainerCheckpointer.cgroupName("container_ours_" + id);
    String movedName = ContainerCheckpointer.cgroupName("container_moved_" + id);
    String otherName = ContainerCheckpointer.cgroupName("container_other_" + id);
    Process ours = start(work);
    Process moved = start(work);
    Process other = start(elsewhere);
    CgroupFreezer ourCg = freezers.create(ourName);
    CgroupFreezer movedCg = freezers.create(movedName);
    CgroupFreezer otherCg = freezers.create(otherName);
    try {
      int ourPid = pid(ours);
      ourCg.addProcess(ourPid);
      ourCg.freeze(10_000);
      movedCg.addProcess(pid(moved));
      movedCg.freeze(10_000);
      otherCg.addProcess(pid(other));
      otherCg.freeze(10_000);

      List<String> done = new java.util.ArrayList<>(LeftoverCheckpoints.thawOurs(freezers,
          Collections.singletonList(local.getPath()), 60_000,
          c -> c.equals("container_moved_" + id)));
      Collections.sort(done);

      assertEquals(done.toString(), 2, done.size());
      assertTrue(done.get(0), done.get(0).startsWith("killed 1 process(es) [" + pid(moved)
          + "] of container_moved_" + id + " (FROZEN in "));
      assertTrue(done.get(0), done.get(0).endsWith("; it had moved, its copy runs on the"
          + " target) and removed the cgroup"));
      assertTrue(done.get(1), done.get(1).startsWith("thawed 1 process(es) [" + ourPid
          + "] of container_ours_" + id + " (FROZEN in "));
      assertFalse("the leftover cgroup is removed", Files.exists(ourCg.path()));
      assertEquals("back in the freezer root", "/", freezerCgroupOf(ourPid));
      assertTrue("the moved tree is killed", moved.waitFor(10,
          java.util.concurrent.TimeUnit.SECONDS));
      assertEquals("SIGKILL", 137, moved.exitValue());
      assertFalse("its cgroup is removed", Files.exists(movedCg.path()));
      assertTrue("the thawed tree runs on", ours.isAlive());
      assertEquals("another NM's frozen tree stays as it is", FreezerState.FROZEN,
          otherCg.state());
    } finally {
      ourCg.destroy();
      movedCg.destroy();
      otherCg.destroy();
      ours.destroyForcibly().waitFor();
      moved.destroyForcibly().waitFor();
      other.destroyForcibly().waitFor();
    }
  }

  private final java.util.Map<Process, Integer> pids = new java.util.HashMap<>();

  /** sleep 60 in a dir; its pid is read from the shell's echo before the exec. */
  private Process start(File cwd) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", "echo $$; exec sleep 60").directory(cwd)
        .start();
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.US_ASCII));
    pids.put(p, Integer.parseInt(r.readLine().trim()));
    return p;
  }

  private int pid(Process p) {
    return pids.get(p);
  }

  private static String freezerCgroupOf(int pid) throws Exception {
    for (String line : Files.readAllLines(Paths.get("/proc/" + pid + "/cgroup"))) {
      String[] f = line.split(":", 3);
      if (f.length == 3 && Arrays.asList(f[1].split(",")).contains("freezer")) {
        return f[2];
      }
    }
    return null;
  }
}
