/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu;

import static org.apache.hadoop.criu.CriuTestSupport.WAIT_MS;
import static org.apache.hadoop.criu.CriuTestSupport.awaitCounterAbove;
import static org.apache.hadoop.criu.CriuTestSupport.awaitLastLineAbove;
import static org.apache.hadoop.criu.CriuTestSupport.firstCounterLine;
import static org.apache.hadoop.criu.CriuTestSupport.lastCounterLine;
import static org.apache.hadoop.criu.CriuTestSupport.readCounter;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.nio.file.Path;

import org.apache.hadoop.criu.CriuTestSupport.CounterTree;
import org.junit.After;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestRule;
import org.junit.rules.Timeout;

/** Real CRIU: dump and restore pid-namespace trees started like NodeManager containers. */
public class TestCriuDumpRestore {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(180);

  @Rule
  public Timeout timeout = Timeout.seconds(180);

  private Criu criu;
  private Path dir;

  @Before
  public void setUp() throws Exception {
    criu = CriuTestSupport.requireCriu();
    dir = CriuTestSupport.newTempDir("criu-test");
  }

  @After
  public void tearDown() throws Exception {
    CriuTestSupport.deleteRecursively(dir);
  }

  /**
   * Dumps the tree (which kills it) and returns the last value it printed: the restored
   * tree prints the next one first (the count file may already hold that next one).
   */
  private int dumpAndAwaitDeath(CounterTree tree, Path images) throws Exception {
    criu.dump(CriuDumpOptions.builder(tree.getNsInitPid(), images).build());
    assertTrue("unshare should end once the dump killed the tree", tree.awaitExit());
    int dumped = lastCounterLine(tree.stdoutFile());
    assertTrue("counter at dump: " + dumped, dumped > 2);
    return dumped;
  }

  private CriuRestoreOptions.Builder restoreOptions(Path images, CounterTree tree,
      String name) {
    return CriuRestoreOptions.builder(images)
        .workDir(dir.resolve("work-" + name))
        .pidFile(dir.resolve("work-" + name).resolve("restore.pid"))
        .inheritFd(1, tree.stdoutFile().toString())
        .inheritFd(2, tree.stderrFile().toString());
  }

  @Test
  public void givenCriu_whenChecked_thenVersionAndFeaturesAreProbedOnce() throws Exception {
    CriuFeatures features = criu.check();
    assertTrue(features.getVersion().toString(), features.getVersion().isAtLeast(3, 15));
    assertTrue("probed once, then cached", features == criu.check());
  }

  @Test
  public void givenCounterInPidNamespace_whenDumpedAndRestored_thenCounterContinues()
      throws Exception {
    Path images = dir.resolve("images");
    int dumped;
    try (CounterTree tree = CriuTestSupport.startCounterTree(dir)) {
      dumped = dumpAndAwaitDeath(tree, images);
      int counted = readCounter(tree.countFile());
      Thread.sleep(300);
      assertEquals("the dumped tree is dead, its counter stands still", counted,
          readCounter(tree.countFile()));

      Path newOut = dir.resolve("restored-out");
      try (CriuRestoredTree restored = criu.startRestore(
          restoreOptions(images, tree, "a").build(),
          ProcessBuilder.Redirect.to(newOut.toFile()),
          ProcessBuilder.Redirect.to(dir.resolve("restored-err").toFile()))) {
        assertTrue(ProcessTree.isAlive(restored.getPid()));
        int after = awaitCounterAbove(tree.countFile(), dumped);
        assertTrue("continued from " + dumped + ", not from 0: " + after, after > dumped);
        int first = firstCounterLine(newOut);
        assertEquals("first value the restored tree printed", dumped + 1, first);
        awaitCounterAbove(tree.countFile(), after);
      }
    }
  }

  @Test
  public void givenOneImage_whenRestoredTwiceSideBySide_thenBothCopiesContinue()
      throws Exception {
    Path images = dir.resolve("images");
    try (CounterTree tree = CriuTestSupport.startCounterTree(dir)) {
      int dumped = dumpAndAwaitDeath(tree, images);
      Path outA = dir.resolve("out-a");
      Path outB = dir.resolve("out-b");
      ProcessBuilder.Redirect discard = ProcessBuilder.Redirect.to(new File("/dev/null"));
      try (CriuRestoredTree a = criu.startRestore(restoreOptions(images, tree, "a").build(),
               ProcessBuilder.Redirect.to(outA.toFile()), discard);
           CriuRestoredTree b = criu.startRestore(restoreOptions(images, tree, "b").build(),
               ProcessBuilder.Redirect.to(outB.toFile()), discard)) {
        assertTrue("two pid namespaces, two host pids", a.getPid() != b.getPid());
        int lastA = awaitLastLineAbove(outA, dumped + 2);
        int lastB = awaitLastLineAbove(outB, dumped + 2);
        assertEquals(dumped + 1, firstCounterLine(outA));
        assertEquals(dumped + 1, firstCounterLine(outB));
        awaitLastLineAbove(outA, lastA);
        awaitLastLineAbove(outB, lastB);
        assertTrue(a.isAlive() && b.isAlive());
      }
    }
  }

  @Test
  public void givenKillChildTree_whenCriuOfForegroundRestoreIsKilled_thenTreeDies()
      throws Exception {
    Path images = dir.resolve("images");
    try (CounterTree tree = CriuTestSupport.startCounterTree(dir)) {
      dumpAndAwaitDeath(tree, images);
      ProcessBuilder.Redirect discard = ProcessBuilder.Redirect.to(new File("/dev/null"));
      try (CriuRestoredTree restored = criu.startRestore(
          restoreOptions(images, tree, "a").build(), discard, discard)) {
        restored.getCriuProcess().destroyForcibly();
        assertNotNull("criu ends on SIGKILL", restored.waitFor(WAIT_MS));
        assertTrue("the parent-death signal ends the restored tree",
            ProcessTree.awaitExit(restored.getPid(), WAIT_MS));
      }
    }
  }

  @Test
  public void givenKillChildTree_whenRestoredDetachedAsSibling_thenItRunsAsOurChild()
      throws Exception {
    Path images = dir.resolve("images");
    try (CounterTree tree = CriuTestSupport.startCounterTree(dir)) {
      int dumped = dumpAndAwaitDeath(tree, images);
      // A runner-started CRIU has pipes to this JVM as fds 1 and 2, so the tree gets its
      // own files back; undo unshare's late stderr message so their sizes match the image.
      java.nio.file.Files.write(tree.stderrFile(), new byte[0]);
      CriuRestoreOptions opts = CriuRestoreOptions.builder(images)
          .workDir(dir.resolve("work")).pidFile(dir.resolve("work/restore.pid"))
          .mode(CriuRestoreMode.DETACHED_SIBLING).build();
      int pid = -1;
      try {
        pid = criu.restoreDetached(opts);
        assertTrue(ProcessTree.isAlive(pid));
        int after = awaitCounterAbove(tree.countFile(), dumped);
        assertTrue("continued from " + dumped + ": " + after, after > dumped);
      } finally {
        if (pid > 0 && ProcessTree.isAlive(pid)) {
          ProcessTree.signal(pid, "KILL");
          ProcessTree.awaitExit(pid, WAIT_MS);
        }
      }
    }
  }

  @Test
  public void givenMissingPid_whenDumped_thenCriuExceptionCarriesCriusReason()
      throws Exception {
    int pid = 4_000_000; // no such process (pid_max is at most 4194304)
    Path images = dir.resolve("images");
    try {
      criu.dump(CriuDumpOptions.builder(pid, images).build());
      fail("dump of a missing pid succeeded");
    } catch (CriuException e) {
      assertEquals("dump", e.getVerb());
      assertTrue(e.getMessage(), e.getMessage().startsWith(
          "criu dump of pid " + pid + " failed (exit 1): Error ("));
      assertTrue(e.getMessage(), e.getMessage().contains("No such process"));
      assertFalse(e.getLogTail().isEmpty());
      assertTrue(e.getCommand().contains("-t"));
    }
  }

  @Test
  public void givenDetachedRestoreOfKillChildTree_whenCriuExits_thenTreeIsKilled()
      throws Exception {
    Path images = dir.resolve("images");
    try (CounterTree tree = CriuTestSupport.startCounterTree(dir)) {
      int dumped = dumpAndAwaitDeath(tree, images);
      // Undo unshare's late stderr message so the plain restore is not refused for it.
      java.nio.file.Files.write(tree.stderrFile(), new byte[0]);
      CriuRestoreOptions opts = CriuRestoreOptions.builder(images)
          .workDir(dir.resolve("work")).pidFile(dir.resolve("work/restore.pid"))
          .mode(CriuRestoreMode.DETACHED).build();
      int pid = criu.restoreDetached(opts);
      assertTrue("killed by its parent-death signal when criu exits",
          ProcessTree.awaitExit(pid, WAIT_MS));
      Thread.sleep(300);
      assertTrue("it never ran on: " + readCounter(tree.countFile()),
          readCounter(tree.countFile()) <= dumped + 1);
    }
  }

  /**
   * Post-copy on one host: the dump serves the pages on loopback, a copy of its other
   * images is restored lazily through a lazy-pages daemon that pulls them, and the counter
   * goes on from where it stood. The dump ends once every page went (killing the source
   * tree), and so does the daemon.
   */
  @Test
  public void givenCounter_whenDumpedLazilyAndRestoredWithLazyPages_thenItContinues()
      throws Exception {
    org.junit.Assert.assertNull(CriuHost.ensurePipeMaxSize(CriuHost.LAZY_PAGES_PIPE_SIZE));
    Path images = dir.resolve("images");
    Path copy = dir.resolve("copy");
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    try (CounterTree tree = CriuTestSupport.startCounterTree(dir);
         CriuBackground dump = criu.startLazyDump(
             CriuDumpOptions.builder(tree.getNsInitPid(), images)
                 .lazyPages("127.0.0.1", port).build())) {
      int dumped = lastCounterLine(tree.stdoutFile());
      assertTrue("counter at dump: " + dumped, dumped > 2);
      assertTrue("the dump serves its pages", dump.isAlive());
      java.nio.file.Files.createDirectories(copy);
      try (java.nio.file.DirectoryStream<Path> files =
          java.nio.file.Files.newDirectoryStream(images, "*.img")) {
        for (Path f : files) {
          java.nio.file.Files.copy(f, copy.resolve(f.getFileName()));
        }
      }
      java.nio.file.Files.write(tree.stderrFile(), new byte[0]);
      Path newOut = dir.resolve("restored-out");
      try (CriuBackground pages = criu.startLazyPages(copy, "127.0.0.1", port,
               "lazy-pages.log");
           CriuRestoredTree restored = criu.startRestore(CriuRestoreOptions.builder(copy)
               .pidFile(copy.resolve("restore.pid"))
               .inheritFd(1, tree.stdoutFile().toString())
               .inheritFd(2, tree.stderrFile().toString())
               .lazyPages(true).build(),
               ProcessBuilder.Redirect.to(newOut.toFile()),
               ProcessBuilder.Redirect.to(dir.resolve("restored-err").toFile()))) {
        int after = awaitCounterAbove(tree.countFile(), dumped);
        assertTrue("continued from " + dumped + ", not from 0: " + after, after > dumped);
        assertEquals("first value the restored tree printed", dumped + 1,
            firstCounterLine(newOut));
        dump.awaitEnd(WAIT_MS);
        pages.awaitEnd(WAIT_MS);
        assertTrue("the dump killed the source tree once its pages went", tree.awaitExit());
        awaitCounterAbove(tree.countFile(), after);
        assertTrue(restored.isAlive());
      }
    }
  }
}
