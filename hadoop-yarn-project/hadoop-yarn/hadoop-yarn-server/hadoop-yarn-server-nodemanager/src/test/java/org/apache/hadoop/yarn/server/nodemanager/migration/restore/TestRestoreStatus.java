/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.restore;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.yarn.server.api.migration.MigrationContract;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.TestRule;

/** What a failed restore's diagnostics take from CRIU's restore log. */
public class TestRestoreStatus {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private RestoreStatus withLog(String text) throws Exception {
    File dir = tmp.newFolder();
    File images = new File(dir, MigrationContract.IMAGES_DIR);
    assertTrue(images.mkdirs());
    Files.write(new File(images, MigrationContract.RESTORE_LOG).toPath(),
        text.getBytes(StandardCharsets.UTF_8));
    return new RestoreStatus(dir);
  }

  @Test
  public void givenCriuErrors_whenAsked_thenTheFirstFatalErrorLineFromError()
      throws Exception {
    RestoreStatus s = withLog("(00.000100) Version: 4.2.1\n"
        + "(00.058984) Error (criu/util.c:1534): rlimit: Can't setup RLIMIT_NOFILE for self:"
        + " Operation not permitted\n"
        + "(00.001200)   4711: Error (criu/image.c:491): Unable to open inventory.img: No"
        + " such file or directory\n"
        + "(00.001300) Error (criu/cr-restore.c:2504): Restoring FAILED.\n");
    assertEquals("Error (criu/image.c:491): Unable to open inventory.img: No such file or"
        + " directory", s.firstErrorLine());
    assertEquals("(00.001300) Error (criu/cr-restore.c:2504): Restoring FAILED.",
        s.restoreLogTail(1));
  }

  @Test
  public void givenNoErrorLine_whenAsked_thenTheLastLineOrWhyNone() throws Exception {
    assertEquals("(00.2) Restore finished", withLog("(00.1) start\n(00.2) Restore finished\n\n")
        .firstErrorLine());
    assertTrue(withLog("").firstErrorLine().endsWith(" is empty)"));
    RestoreStatus none = new RestoreStatus(tmp.newFolder());
    assertTrue(none.firstErrorLine(), none.firstErrorLine().startsWith("(no restore log "));
  }
}
