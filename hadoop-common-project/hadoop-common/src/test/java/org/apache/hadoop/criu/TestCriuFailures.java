/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/** Failure paths and parsing, without CRIU: fake binaries and a fake runner. */
public class TestCriuFailures {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  private static final String RLIMIT =
      "Error (criu/util.c:1533): rlimit: Can't setup RLIMIT_NOFILE for self: "
      + "Operation not permitted";
  private Path dir;

  @Before
  public void setUp() throws IOException {
    dir = CriuTestSupport.newTempDir("criu-fail");
  }

  @After
  public void tearDown() throws IOException {
    CriuTestSupport.deleteRecursively(dir);
  }

  @Test
  public void givenLogWithHarmlessRlimitError_whenFirstError_thenRealErrorIsReturned() {
    List<String> log = Arrays.asList(RLIMIT,
        "Warn  (compel/src/lib/infect.c:133): Unable to interrupt task: 9 (No such process)",
        "     1: Error (criu/files-reg.c:2175): File tmp/x/err has bad size 54 (expect 0)",
        "Error (criu/cr-restore.c:2320): Restoring FAILED.");
    assertEquals("Error (criu/files-reg.c:2175): File tmp/x/err has bad size 54 (expect 0)",
        CriuLogs.firstError(log));
    assertNull(CriuLogs.firstError(Arrays.asList(RLIMIT, "Looks good.")));
    assertEquals(Arrays.asList("Looks good."),
        CriuLogs.tail(Arrays.asList(RLIMIT, "Looks good."), 1));
  }

  @Test
  public void givenCriuEndedByASignal_whenReported_thenTheSignalIsNamed() {
    assertEquals("criu dump of pid 7 failed (exit 137: killed by signal 9): no error line in"
        + " CRIU's log", CriuException.message("dump", "pid 7", 137, false, null));
    assertEquals("criu dump of pid 7 failed (exit 1): Error (x.c:1): no",
        CriuException.message("dump", "pid 7", 1, false, "Error (x.c:1): no"));
  }

  @Test
  public void givenVersionOutput_whenParsed_thenMajorMinorSublevel() {
    CriuVersion v = CriuVersion.parse("Version: 4.1.1\nGitID: v4.1.1\n");
    assertEquals("4.1.1", v.toString());
    assertTrue(v.isAtLeast(4, 1));
    assertTrue(CriuVersion.parse("Version: 3.17").compareTo(v) < 0);
  }

  @Test
  public void givenVersions_whenCheckedForSupport_thenOnly42AndLaterPass() {
    assertFalse(CriuVersion.parse("Version: 4.1.1").isSupported());
    assertFalse(CriuVersion.parse("Version: 3.17.1").isSupported());
    assertTrue(CriuVersion.parse("Version: 4.2").isSupported());
    assertTrue(CriuVersion.parse("Version: 4.2.1").isSupported());
    assertTrue(CriuVersion.parse("Version: 5.0").isSupported());
  }

  @Test
  public void givenBinFalse_whenDumping_thenExceptionCarriesExitCodeAndCommand()
      throws Exception {
    Criu criu = new Criu("/bin/false");
    try {
      criu.dump(CriuDumpOptions.builder(1234, dir.resolve("img")).build());
      fail("expected a CriuException");
    } catch (CriuException e) {
      assertEquals("criu dump of pid 1234 failed (exit 1): no error line in CRIU's log",
          e.getMessage());
      assertEquals(1, e.getExitCode());
      assertEquals("/bin/false", e.getCommand().get(0));
      assertTrue(e.getDiagnostics(), e.getDiagnostics().contains("command: /bin/false dump"));
    }
    assertTrue("images dir created", Files.isDirectory(dir.resolve("img")));
  }

  @Test
  public void givenFakeCriuWritingALog_whenDumpFails_thenFirstErrorAndTailFromLog()
      throws Exception {
    Path fake = dir.resolve("fake-criu");
    Files.write(fake, ("#!/bin/sh\n"
        + "while [ $# -gt 0 ]; do case $1 in -D) d=$2;; -o) o=$2;; esac; shift; done\n"
        + "printf '%s\\n' \"" + RLIMIT + "\" 'Error (criu/x.c:1): Unable to seize 1234: "
        + "Operation not permitted' 'Error (criu/cr-dump.c:2111): Dumping FAILED.' "
        + "> \"$d/$o\"\nexit 1\n").getBytes(StandardCharsets.US_ASCII));
    assertTrue(fake.toFile().setExecutable(true));
    try {
      new Criu(fake.toString()).dump(CriuDumpOptions.builder(1234, dir.resolve("img")).build());
      fail("expected a CriuException");
    } catch (CriuException e) {
      assertEquals("criu dump of pid 1234 failed (exit 1): Error (criu/x.c:1): Unable to "
          + "seize 1234: Operation not permitted", e.getMessage());
      assertEquals(3, e.getLogTail().size());
    }
  }

  @Test
  public void givenHangingCommand_whenTimeoutPasses_thenTimedOutException() throws Exception {
    Path fake = dir.resolve("slow-criu");
    Files.write(fake, "#!/bin/sh\nexec sleep 30\n".getBytes(StandardCharsets.US_ASCII));
    assertTrue(fake.toFile().setExecutable(true));
    try {
      new Criu(fake.toString(), new ProcessCriuCommandRunner(), 300)
          .dump(CriuDumpOptions.builder(99, dir.resolve("img")).build());
      fail("expected a CriuException");
    } catch (CriuException e) {
      assertTrue(e.isTimedOut());
      assertTrue(e.getMessage(), e.getMessage().startsWith("criu dump of pid 99 timed out"));
    }
  }

  /**
   * A failed command's helpers end with it: a fake criu leaves a child holding its stdout
   * and is killed by a signal (as a test kills criu dump); the child is gone.
   */
  @Test
  public void givenCommandKilledWithAHelperLeft_whenRun_thenTheHelperIsKilledToo()
      throws Exception {
    Path fake = dir.resolve("forking-criu");
    Path helperPid = dir.resolve("helper.pid");
    Files.write(fake, ("#!/bin/sh\nsleep 60 &\necho $! > " + helperPid + "\nkill -9 $$\n")
        .getBytes(StandardCharsets.US_ASCII));
    assertTrue(fake.toFile().setExecutable(true));
    CriuCommandResult r = new ProcessCriuCommandRunner().run(Arrays.asList(fake.toString(),
        "dump"), 30_000);
    assertEquals(137, r.getExitCode());
    int helper = Integer.parseInt(new String(Files.readAllBytes(helperPid),
        StandardCharsets.US_ASCII).trim());
    try {
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (ProcessTree.isAlive(helper) && System.nanoTime() - deadline < 0) {
        Thread.sleep(10);
      }
      assertFalse("the helper " + helper + " still runs", ProcessTree.isAlive(helper));
    } finally {
      if (ProcessTree.isAlive(helper)) {
        ProcessTree.signal(helper, "KILL");
      }
    }
  }

  @Test
  public void givenMissingBinary_whenChecked_thenCriuExceptionNotStarted() {
    try {
      new Criu(dir.resolve("no-such-criu").toString()).check();
      fail("expected a CriuException");
    } catch (CriuException e) {
      assertTrue(e.getMessage(), e.getMessage().startsWith("criu --version failed (exit -1)"));
    }
  }

  @Test
  public void givenFakeRunner_whenCheckedTwice_thenProbedOnce() throws Exception {
    final AtomicInteger calls = new AtomicInteger();
    CriuCommandRunner runner = new CriuCommandRunner() {
      @Override
      public CriuCommandResult run(List<String> argv, long timeoutMs) {
        calls.incrementAndGet();
        boolean noDirtyTracking = argv.contains("mem_dirty_track");
        return new CriuCommandResult(argv, noDirtyTracking ? 1 : 0,
            argv.contains("--version") ? "Version: 4.1.1\n" : "Looks good.\n", "", false);
      }
    };
    Criu criu = new Criu("criu", runner, 1000);
    CriuFeatures f = criu.check();
    int probes = calls.get();
    assertTrue(f == criu.check());
    assertEquals(probes, calls.get());
    assertTrue(f.supportsLazyPages());
    assertTrue(!f.supportsPreDump());
  }

  @Test
  public void givenFailingCheck_whenChecked_thenCheckErrorInMessage() {
    CriuCommandRunner runner = new CriuCommandRunner() {
      @Override
      public CriuCommandResult run(List<String> argv, long timeoutMs) {
        if (argv.contains("--version")) {
          return new CriuCommandResult(argv, 0, "Version: 3.17.1\n", "", false);
        }
        return new CriuCommandResult(argv, 1, "", RLIMIT
            + "\nError (criu/vdso.c:1): vdso: Unexpected rt vDSO area bounds\n", false);
      }
    };
    try {
      new Criu("criu", runner, 1000).check();
      fail("expected a CriuException");
    } catch (CriuException e) {
      assertEquals("criu check failed (exit 1): Error (criu/vdso.c:1): vdso: Unexpected rt "
          + "vDSO area bounds", e.getMessage());
    }
  }
}
