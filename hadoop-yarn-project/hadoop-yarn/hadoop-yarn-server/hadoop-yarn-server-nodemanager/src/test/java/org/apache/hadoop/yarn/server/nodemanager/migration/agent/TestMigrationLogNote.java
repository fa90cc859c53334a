/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.agent;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;

import org.apache.hadoop.criu.BoundedRun;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.TestRule;

/** The note of a move in a container's log dir: its lines, and never through a link. */
public class TestMigrationLogNote {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private static final String A = "container_1_0001_01_000002";
  private static final String B = "container_1_0001_01_000005";

  @Test
  public void givenTwoMoves_whenNoted_thenOneLinePerMoveNamingBothContainers() throws Exception {
    File logs = tmp.newFolder("logs");
    MigrationLogNote.append(logs, MigrationLogNote.movedIn("migration_1_0001_000001", B, A,
        "yarn-nm1:8041", 0L));
    MigrationLogNote.append(logs, MigrationLogNote.movedOut("migration_1_0001_000002", B,
        "container_1_0001_01_000007", "yarn-nm1:8041", 1000L));
    assertEquals(Arrays.asList(
        "1970-01-01T00:00:00Z migration_1_0001_000001: " + B + " continues " + A
            + " of yarn-nm1:8041; its output up to the move is in the logs of " + A,
        "1970-01-01T00:00:01Z migration_1_0001_000002: " + B + " moved to"
            + " container_1_0001_01_000007 on yarn-nm1:8041; its output from here on is in"
            + " the logs of container_1_0001_01_000007"),
        Files.readAllLines(new File(logs, MigrationLogNote.FILE_NAME).toPath()));
  }

  @Test
  public void givenNoteIsASymlink_whenNoted_thenRefusedAndTheLinkedFileUntouched()
      throws Exception {
    File logs = tmp.newFolder("logs");
    File victim = tmp.newFile("victim");
    Files.write(victim.toPath(), "keep\n".getBytes(StandardCharsets.UTF_8));
    Files.createSymbolicLink(new File(logs, MigrationLogNote.FILE_NAME).toPath(),
        victim.toPath());
    try {
      MigrationLogNote.append(logs, "x");
      fail("wrote through a symbolic link");
    } catch (IOException expected) {
      // ELOOP from O_NOFOLLOW
    }
    assertEquals("keep\n", new String(Files.readAllBytes(victim.toPath()),
        StandardCharsets.UTF_8));
  }

  @Test
  public void givenLogDirReachedThroughASymlink_whenNoted_thenRefusedAndNothingWritten()
      throws Exception {
    File real = tmp.newFolder("elsewhere");
    File link = new File(tmp.getRoot(), "logs");
    Files.createSymbolicLink(link.toPath(), real.toPath());
    try {
      MigrationLogNote.append(new File(link, "."), "x");
      fail("wrote into a directory reached through a symbolic link");
    } catch (IOException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("symbolic link"));
    }
    assertFalse(new File(real, MigrationLogNote.FILE_NAME).exists());
  }

  @Test
  public void givenAFailedRestore_whenItsLogIsKept_thenCopiedOnceIntoTheLogDir()
      throws Exception {
    File logs = tmp.newFolder("logs");
    File restoreLog = tmp.newFile("restore.log");
    Files.write(restoreLog.toPath(), "Error (criu/x.c:1): y\n".getBytes(StandardCharsets.UTF_8));
    MigrationLogNote.keepRestoreLog(logs, restoreLog);
    assertEquals(Arrays.asList("Error (criu/x.c:1): y"), Files.readAllLines(
        new File(logs, MigrationLogNote.RESTORE_LOG_COPY).toPath()));
    try {
      MigrationLogNote.keepRestoreLog(logs, restoreLog);
      fail("replaced an existing copy");
    } catch (IOException expected) {
      // CREATE_NEW
    }
  }
}
