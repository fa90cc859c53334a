/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertNull;

import java.io.File;
import java.util.Arrays;

import org.apache.hadoop.criu.BoundedRun;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/**
 * What a NodeManager that restarted reads from a restored container's launcher: the
 * directories its tree sees (the original container's), from the launcher's own options.
 */
public class TestContainerProcesses {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(30);

  @Test
  public void givenARestoreLauncher_whenItsTreeDirsAreRead_thenTheSourceDirsOfItsOptions() {
    File[] dirs = ContainerProcesses.restoredTreeDirs(Arrays.asList("/bin/bash",
        "/nm/local/nm-migration-launcher/restore-launcher.sh", "--exit-migrated", "175",
        "--migrated-marker", "/m/c_3.migrated", "--source-work-dir", "/a/c_2",
        "--target-work-dir", "/a/c_3", "--source-log-dir", "/l/c_2", "--target-log-dir",
        "/l/c_3", "--log-file", "100:stdout", "--", "criu", "restore",
        "--source-work-dir", "/not/an/option/of/the/launcher"));
    assertArrayEquals(new File[] {new File("/a/c_2"), new File("/l/c_2")}, dirs);
  }

  @Test
  public void givenAContainerLauncherOrAnyOtherCommand_whenItsTreeDirsAreRead_thenNone() {
    assertNull(ContainerProcesses.restoredTreeDirs(Arrays.asList("/bin/bash",
        "/nm/local/nm-migration-launcher/container-launcher.sh", "175", "/m/c_2.migrated",
        "/bin/bash", "-c", "python3 w.py --source-work-dir /x")));
    assertNull(ContainerProcesses.restoredTreeDirs(Arrays.asList("sleep", "60")));
    assertNull("options missing", ContainerProcesses.restoredTreeDirs(Arrays.asList(
        "/bin/bash", "/l/restore-launcher.sh", "--", "--source-work-dir", "/a",
        "--source-log-dir", "/b")));
  }
}
