/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Paths;
import java.util.Arrays;

import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/** Options become flags in one place: exact argument lists. */
public class TestCriuOptions {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  @Test
  public void givenMinimalDumpOptions_whenToArgs_thenPidImagesAndLogOnly() {
    assertEquals(Arrays.asList("-t", "42", "-D", "/img", "-o", "dump.log", "-v4"),
        CriuDumpOptions.builder(42, Paths.get("/img")).build().toArgs());
  }

  @Test
  public void givenEveryDumpOption_whenToArgs_thenAllFlagsInStableOrder() {
    CriuDumpOptions o = CriuDumpOptions.builder(7, Paths.get("/img"))
        .workDir(Paths.get("/work")).logFile("d.log").logLevel(2).leaveRunning(true)
        .freezeCgroup(Paths.get("/sys/fs/cgroup/freezer/c1")).shellJob(true)
        .tcpMode(CriuTcpMode.ESTABLISHED).skipInFlight(true)
        .networkLock(CriuNetworkLock.NFTABLES).fileLocks(true).extUnixSk(true)
        .cgroupMode(CriuCgroupMode.SOFT).ghostLimitBytes(1048576)
        .external("mnt[/data]:data").build();
    assertEquals(Arrays.asList("-t", "7", "-D", "/img", "-W", "/work", "-o", "d.log", "-v2",
        "--leave-running", "--freeze-cgroup", "/sys/fs/cgroup/freezer/c1", "--shell-job",
        "--tcp-established", "--skip-in-flight", "--network-lock", "nftables", "--file-locks",
        "--ext-unix-sk", "--manage-cgroups=soft",
        "--ghost-limit", "1048576", "--external", "mnt[/data]:data"), o.toArgs());
    assertEquals(Paths.get("/work/d.log"), o.logPath());
  }

  @Test
  public void givenTreeInItsOwnMountNamespace_whenDumpCommand_thenCriuRunsThereThroughNsenter() {
    CriuDumpOptions o = CriuDumpOptions.builder(7, Paths.get("/img"))
        .inMountNamespaceOf(7).build();
    assertEquals(Arrays.asList("nsenter", "--mount=/proc/7/ns/mnt", "--", "/usr/bin/criu",
        "dump", "-t", "7", "-D", "/img", "-o", "dump.log", "-v4"),
        new Criu("/usr/bin/criu").dumpCommand(o));
    assertEquals(Arrays.asList("/usr/bin/criu", "dump", "-t", "7", "-D", "/img", "-o",
        "dump.log", "-v4"), new Criu("/usr/bin/criu").dumpCommand(
        CriuDumpOptions.builder(7, Paths.get("/img")).build()));
  }

  @Test
  public void givenATreeOfAUser_whenDumpCommand_thenCriuRunsWithItsIdsAndRootsCapabilities() {
    CriuDumpOptions o = CriuDumpOptions.builder(7, Paths.get("/img")).inMountNamespaceOf(7)
        .asUser(new CriuCredentials(65534, 65533, 0xbL)).build();
    assertEquals(Arrays.asList("nsenter", "--mount=/proc/7/ns/mnt", "--", "setpriv",
        "--reuid=65534", "--regid=65533", "--clear-groups", "--inh-caps=+cap_0,+cap_1,+cap_3",
        "--ambient-caps=+cap_0,+cap_1,+cap_3", "--", "/usr/bin/criu", "dump", "-t", "7", "-D",
        "/img", "-o", "dump.log", "-v4", "--unprivileged"),
        new Criu("/usr/bin/criu").dumpCommand(o));
  }

  @Test
  public void givenProcessStatus_whenIdsRead_thenOneUidAndGidOrARefusalForMixedIds()
      throws Exception {
    assertEquals(Arrays.asList(65534, 100), toList(CriuCredentials.idsOf(9, Arrays.asList(
        "Name:\tbash", "Uid:\t65534\t65534\t65534\t65534", "Gid:\t100\t100\t100\t100"))));
    try {
      CriuCredentials.idsOf(9, Arrays.asList("Uid:\t1000\t0\t0\t0", "Gid:\t0\t0\t0\t0"));
      org.junit.Assert.fail("a setuid process has mixed ids");
    } catch (java.io.IOException e) {
      assertEquals("process 9 runs with mixed ids (Uid: 1000 0 0 0): CRIU cannot dump it as"
          + " one user", e.getMessage());
    }
  }

  @Test(expected = IllegalArgumentException.class)
  public void givenRoot_whenCredentials_thenRefused() {
    new CriuCredentials(0, 0, 1L);
  }

  private static java.util.List<Integer> toList(int[] a) {
    return Arrays.asList(a[0], a[1]);
  }

  @Test
  public void givenPostCopy_whenToArgs_thenDumpServesPagesAndRestoreTakesThemLazily() {
    assertEquals(Arrays.asList("-t", "7", "-D", "/img", "-o", "dump.log", "-v4",
        "--leave-running", "--lazy-pages", "--address", "127.0.0.1", "--port", "27001"),
        CriuDumpOptions.builder(7, Paths.get("/img")).leaveRunning(true)
            .lazyPages("127.0.0.1", 27001).build().toArgs());
    CriuRestoreOptions r = CriuRestoreOptions.builder(Paths.get("/img")).lazyPages(true)
        .build();
    assertEquals(Arrays.asList("-D", "/img", "-o", "restore.log", "-v4", "--lazy-pages"),
        r.toArgs());
    assertEquals(r.toArgs(), r.toBuilder().build().toArgs());
  }

  @Test
  public void givenStreamingStopAndCopy_whenToArgs_thenDumpSendsPagesToThePageServer() {
    CriuDumpOptions o = CriuDumpOptions.builder(7, Paths.get("/img")).leaveRunning(true)
        .pageServer("127.0.0.1", 27002).build();
    assertEquals(Arrays.asList("-t", "7", "-D", "/img", "-o", "dump.log", "-v4",
        "--leave-running", "--page-server", "--address", "127.0.0.1", "--port", "27002"),
        o.toArgs());
    assertTrue(o.isToPageServer());
    assertFalse(o.isLazyPages());
  }

  @Test(expected = IllegalArgumentException.class)
  public void givenLazyPagesAndAPageServer_whenBuilt_thenRefused() {
    CriuDumpOptions.builder(7, Paths.get("/img")).lazyPages("127.0.0.1", 27001)
        .pageServer("127.0.0.1", 27002).build();
  }

  @Test(expected = IllegalArgumentException.class)
  public void givenPortOutOfRange_whenPageServer_thenRefused() {
    CriuDumpOptions.builder(7, Paths.get("/img")).pageServer("127.0.0.1", 65536);
  }

  @Test(expected = IllegalArgumentException.class)
  public void givenPortOutOfRange_whenLazyPages_thenRefused() {
    CriuDumpOptions.builder(7, Paths.get("/img")).lazyPages("127.0.0.1", 0);
  }

  @Test
  public void givenForegroundRestoreWithInheritedStdio_whenToArgs_thenNoDetachFlag() {
    CriuRestoreOptions o = CriuRestoreOptions.builder(Paths.get("/img"))
        .pidFile(Paths.get("/run/r.pid"))
        .inheritFd(1, "/old/logs/stdout").inheritFd(2, "old/logs/stderr").build();
    assertEquals(Arrays.asList("-D", "/img", "-o", "restore.log", "-v4", "--pidfile",
        "/run/r.pid", "--inherit-fd", "fd[1]:old/logs/stdout", "--inherit-fd",
        "fd[2]:old/logs/stderr"), o.toArgs());
    assertEquals(Paths.get("/img/restore.log"), o.logPath());
  }

  @Test
  public void givenDetachedSiblingRestore_whenToArgs_thenDetachAndSiblingFlags() {
    CriuRestoreOptions o = CriuRestoreOptions.builder(Paths.get("/img"))
        .workDir(Paths.get("/w")).mode(CriuRestoreMode.DETACHED_SIBLING).shellJob(true)
        .root(Paths.get("/r")).cgroupMode(CriuCgroupMode.IGNORE)
        .tcpMode(CriuTcpMode.CLOSE).fileLocks(true).extUnixSk(true)
        .external("mnt[data]:/data").actionScript(Paths.get("/nm/action.sh")).build();
    assertEquals(Arrays.asList("-D", "/img", "-W", "/w", "-o", "restore.log", "-v4", "-d",
        "--restore-sibling", "--shell-job", "--root", "/r", "--manage-cgroups=ignore",
        "--tcp-close", "--file-locks", "--ext-unix-sk", "--external", "mnt[data]:/data",
        "--action-script", "/nm/action.sh"),
        o.toArgs());
    assertEquals(o.toArgs(), o.toBuilder().build().toArgs());
  }

  @Test
  public void givenTcpClose_whenSetOnDump_thenTcpCloseFlag() {
    assertEquals(Arrays.asList("-t", "1", "-D", "/img", "-o", "dump.log", "-v4",
        "--tcp-close"), CriuDumpOptions.builder(1, Paths.get("/img"))
        .tcpMode(CriuTcpMode.CLOSE).build().toArgs());
  }

  @Test(expected = IllegalArgumentException.class)
  public void givenNonPositivePid_whenBuildingDump_thenRejected() {
    CriuDumpOptions.builder(0, Paths.get("/img"));
  }

  @Test
  public void givenRestoreOptions_whenRestoreCommand_thenBinaryAndVerbLead() {
    Criu criu = new Criu("/usr/local/bin/criu");
    assertEquals(Arrays.asList("/usr/local/bin/criu", "restore", "-D", "/img", "-o",
        "restore.log", "-v4"),
        criu.restoreCommand(CriuRestoreOptions.builder(Paths.get("/img")).build()));
  }
}
