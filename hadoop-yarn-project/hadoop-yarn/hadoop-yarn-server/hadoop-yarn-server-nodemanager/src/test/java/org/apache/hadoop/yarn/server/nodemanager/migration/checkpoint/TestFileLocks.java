/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.hadoop.criu.BoundedRun;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.TestRule;

/** The pre-freeze rule for file locks (pure: /proc/locks text and fds in, verdict out). */
public class TestFileLocks {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  private static final String PROC_LOCKS = ""
      + "1: POSIX  ADVISORY  READ 4101 00:2a:1311 128 128\n"
      + "2: FLOCK  ADVISORY  WRITE 4102 08:01:77 0 EOF\n"
      + "2: -> FLOCK  ADVISORY  WRITE 5000 08:01:77 0 EOF\n"
      + "3: OFDLCK ADVISORY  WRITE -1 00:2a:99 0 EOF\n"
      + "4: LEASE  ACTIVE    READ 5001 103:02:4242 0 EOF\n";

  /** What the tree's fdinfo lists: its own locks (the flock taken by a pid since gone). */
  private static final Set<String> OWNED = new HashSet<>(Arrays.asList(
      "POSIX ADVISORY READ 4101 00:2a:1311 128 128",
      "FLOCK ADVISORY WRITE 4102 08:01:77 0 EOF",
      "OFDLCK ADVISORY WRITE -1 00:2a:99 0 EOF"));

  private static Map<String, String[]> open(String... holderKeyPath) {
    Map<String, String[]> m = new LinkedHashMap<>();
    for (int i = 0; i < holderKeyPath.length; i += 3) {
      m.put(holderKeyPath[i], new String[] {holderKeyPath[i + 1], holderKeyPath[i + 2]});
    }
    return m;
  }

  @Test
  public void givenProcLocks_whenParsed_thenHeldLocksWithoutWaiters() {
    List<FileLocks.Lock> locks = FileLocks.parse(PROC_LOCKS);
    assertEquals(4, locks.size());
    assertEquals("POSIX", locks.get(0).kind);
    assertEquals("READ", locks.get(0).access);
    assertEquals(4101, locks.get(0).pid);
    assertEquals("00:2a:1311", locks.get(0).file);
    assertEquals(-1, locks.get(2).pid);
    assertEquals("103:02:4242", locks.get(3).file);
    assertEquals("FLOCK ADVISORY WRITE 4102 08:01:77 0 EOF", locks.get(1).description);
    // an fdinfo line describes the same lock the same way
    assertEquals(locks.get(1).description, FileLocks.parse(
        "pos:\t0\nflags:\t0100001\nlock:\t7: FLOCK  ADVISORY  WRITE 4102 08:01:77 0 EOF\n")
        .get(0).description);
  }

  @Test
  public void givenLocksHeldByTheTreeOnly_whenChecked_thenMovable() {
    // the tree's own POSIX lock (sqlite), flock and open file description lock
    assertNull(FileLocks.firstForeignLock(FileLocks.parse(PROC_LOCKS), OWNED, open(
        "pid 4101 fd 5", "00:2a:1311", "/w/db.sqlite-shm",
        "pid 4102 fd 3", "08:01:77", "/w/lock",
        "pid 4102 fd 4", "00:2a:99", "/w/ofd")));
  }

  /**
   * SQLite takes and releases its POSIX locks on the -shm file all the time: one listed in
   * /proc/locks with a tree process as owner but gone from that fd's fdinfo a moment later
   * is the tree's, not foreign (a CI run refused such a checkpoint).
   */
  @Test
  public void givenATreeProcessLockReleasedBetweenTheReads_whenChecked_thenMovable() {
    java.util.Set<Integer> tree = new java.util.HashSet<>(java.util.Arrays.asList(4101, 4102));
    assertNull(FileLocks.firstForeignLock(FileLocks.parse(PROC_LOCKS),
        java.util.Collections.<String>emptySet(), tree, open(
            "pid 4101 fd 5", "00:2a:1311", "/w/db.sqlite-shm")));
    // without the owner in the tree, the same lock is foreign
    assertTrue(FileLocks.firstForeignLock(FileLocks.parse(PROC_LOCKS),
        java.util.Collections.<String>emptySet(), java.util.Collections.singleton(4102), open(
            "pid 4101 fd 5", "00:2a:1311", "/w/db.sqlite-shm")).contains("taken by pid 4101"));
  }

  @Test
  public void givenALockOfAnotherProcessOnAFileTheTreeHolds_whenChecked_thenNamedWithBoth() {
    String why = FileLocks.firstForeignLock(FileLocks.parse(PROC_LOCKS), OWNED, open(
        "pid 4100 fd 1", "00:2a:5", "/logs/stdout",
        "pid 4102 fd 9", "103:02:4242", "/data/shared.lock"));
    assertTrue(why, why.startsWith("/data/shared.lock (held by pid 4102 fd 9) is locked"
        + " outside the container (LEASE READ lock taken by pid 5001): the lock cannot move"
        + " with the container."));
    assertTrue(why, why.endsWith("migrate it once the lock is released"));
  }

  @Test
  public void givenDevNumbers_whenDecoded_thenAsProcLocksPrintsThem() {
    // makedev(8, 1) and makedev(259, 65538): glibc's encoding of large numbers
    assertEquals("08:01:7", FileLocks.key(FileLocks.major(0x801L), FileLocks.minor(0x801L), 7));
    long dev = ((259L & 0xfffL) << 8) | ((259L & ~0xfffL) << 32) | (65538L & 0xffL)
        | ((65538L & ~0xffL) << 12);
    assertEquals(259L, FileLocks.major(dev));
    assertEquals(65538L, FileLocks.minor(dev));
  }

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  /**
   * Real processes: a tree holding a file open that another process has flock'ed is
   * refused, naming both; a tree holding its own flock is movable.
   */
  @Test(timeout = 60_000)
  public void givenRealProcesses_whenALockIsHeldOutsideTheTree_thenRefusedElseMovable()
      throws Exception {
    File f = tmp.newFile("shared.lock");
    // each prints its pid, then execs (keeping it)
    Process holder = start("exec 9>" + f.getPath() + "; flock -x 9; exec sleep 60");
    Process tree = start("exec 3<" + f.getPath() + "; exec sleep 60");
    // the tree's own flock, taken by a flock(1) that has exited since (/proc/locks shows
    // its pid)
    File ownLock = tmp.newFile("own.lock");
    Process own = start("exec 9>" + ownLock.getPath() + "; flock -x 9;"
        + " exec sleep 60");
    try {
      awaitFlockOn(f);
      awaitOpen(pid(tree), f);
      String why = FileLocks.firstForeignLock(TreeFds.of(pid(tree)));
      assertTrue(why, why != null && why.startsWith(f.getPath() + " (held by pid " + pid(tree)
          + " fd 3) is locked outside the container (FLOCK WRITE lock taken by pid "));
      awaitFlockOn(ownLock);
      assertNull(FileLocks.firstForeignLock(TreeFds.of(pid(own))));
    } finally {
      for (Process p : Arrays.asList(holder, tree, own)) {
        p.destroyForcibly().waitFor();
      }
    }
  }

  private final Map<Process, Integer> pids = new java.util.HashMap<>();

  private Process start(String command) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", "echo $$; " + command).start();
    java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(
        p.getInputStream(), StandardCharsets.US_ASCII));
    pids.put(p, Integer.parseInt(r.readLine().trim()));
    return p;
  }

  private int pid(Process p) {
    return pids.get(p);
  }

  private static void awaitFlockOn(File f) throws Exception {
    long ino = (Long) Files.getAttribute(f.toPath(), "unix:ino");
    long deadline = System.currentTimeMillis() + 10_000;
    while (!new String(Files.readAllBytes(new File("/proc/locks").toPath()),
        StandardCharsets.US_ASCII).matches("(?s).*\\bFLOCK\\s+\\S+\\s+\\S+\\s+\\d+ [0-9a-f]+:"
            + "[0-9a-f]+:" + ino + " .*")) {
      if (System.currentTimeMillis() > deadline) {
        fail("no flock on " + f + " after 10 s");
      }
      Thread.sleep(50);
    }
  }

  private static void awaitOpen(int pid, File f) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    File fd3 = new File("/proc/" + pid + "/fd/3");
    while (!fd3.exists() || !Files.readSymbolicLink(fd3.toPath()).toString()
        .equals(f.getPath())) {
      if (System.currentTimeMillis() > deadline) {
        fail("pid " + pid + " did not open " + f + " within 10 s");
      }
      Thread.sleep(50);
    }
  }
}
