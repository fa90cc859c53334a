/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.executor;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.hadoop.criu.BoundedRun;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.TestRule;

/**
 * The keeper of an ended container's exit-code file, against the sequence of stock 3.1.0's
 * ContainerLaunch.cleanupContainer: delete the pid file, delete the exit-code file, then look
 * for the exit-code file every 100 ms for 2 s.
 */
public class TestExitCodeFileKeeper {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private Path pidFile() throws IOException {
    Path dir = tmp.newFolder("nmPrivate", "application_1_0001",
        "container_1_0001_01_000002").toPath();
    return dir.resolve("container_1_0001_01_000002.pid");
  }

  @Test
  public void givenAnEndedContainer_whenTheCleanupDeletesItsFiles_thenTheExitCodeIsThereAgain()
      throws Exception {
    Path pid = pidFile();
    Path exitCode = ExitCodeFileKeeper.exitCodeFile(pid);
    Files.write(pid, "4242\n".getBytes(StandardCharsets.UTF_8));
    Files.write(exitCode, "175\n".getBytes(StandardCharsets.UTF_8));
    try (ExitCodeFileKeeper keeper = new ExitCodeFileKeeper()) {
      keeper.launchReturned("container_1_0001_01_000002", pid, 175);
      // the clean-up, as 3.1.0 does it
      Files.delete(pid);
      Files.delete(exitCode);
      long deadline = System.currentTimeMillis() + 2_000; // the stock wait's own bound
      while (!Files.exists(exitCode) && System.currentTimeMillis() < deadline) {
        Thread.sleep(100); // the stock wait's own step
      }
      assertTrue("the exit-code file is written again within the clean-up's wait",
          Files.exists(exitCode));
      assertEquals("175\n", new String(Files.readAllBytes(exitCode), StandardCharsets.UTF_8));
      try (java.util.stream.Stream<Path> s = Files.list(pid.getParent())) {
        assertEquals("nothing else left beside it", 1, s.count());
      }
    }
  }

  @Test
  public void givenThePidFileOrTheExitCodeFileThere_whenLooked_thenNothingWritten()
      throws Exception {
    Path pid = pidFile();
    Path exitCode = ExitCodeFileKeeper.exitCodeFile(pid);
    Files.write(pid, "4242\n".getBytes(StandardCharsets.UTF_8));
    assertFalse("not cleaned up yet: keep looking",
        ExitCodeFileKeeper.lookOnce("c", pid, 1));
    assertFalse(Files.exists(exitCode));
    Files.delete(pid);
    Files.write(exitCode, "143\n".getBytes(StandardCharsets.UTF_8));
    assertFalse("a file its wrapper wrote is left as it is",
        ExitCodeFileKeeper.lookOnce("c", pid, 1));
    assertEquals("143\n", new String(Files.readAllBytes(exitCode), StandardCharsets.UTF_8));
  }

  @Test
  public void givenItsDirectoryGone_whenLooked_thenDoneAndNothingCreated() throws Exception {
    Path pid = pidFile();
    Path dir = pid.getParent();
    Files.delete(dir);
    assertTrue("nothing to do once the container's directory is deleted",
        ExitCodeFileKeeper.lookOnce("c", pid, 0));
    assertFalse("no directory made", Files.exists(dir));
  }

  @Test
  public void givenALinkInPlaceOfItsDirectory_whenLooked_thenNothingWrittenThrough()
      throws Exception {
    Path pid = pidFile();
    Path dir = pid.getParent();
    Path elsewhere = tmp.newFolder("elsewhere").toPath();
    Files.delete(dir);
    Files.createSymbolicLink(dir, elsewhere);
    assertTrue(ExitCodeFileKeeper.lookOnce("c", pid, 0));
    try (java.util.stream.Stream<Path> s = Files.list(elsewhere)) {
      assertEquals("nothing written through the link", 0, s.count());
    }
  }
}
