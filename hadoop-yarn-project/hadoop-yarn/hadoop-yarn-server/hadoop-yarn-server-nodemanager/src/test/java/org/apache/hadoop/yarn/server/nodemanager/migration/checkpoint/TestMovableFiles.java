/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.hadoop.criu.BoundedRun;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/** The pre-freeze rule of what a tree may hold open (pure: paths in, verdict out). */
public class TestMovableFiles {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  private static final String APP = "/local/usercache/u/appcache/application_1_0001";
  private static final String WORK = APP + "/container_1_0001_01_000002";

  private static Map<String, String> open(String... whereAndPath) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < whereAndPath.length; i += 2) {
      m.put(whereAndPath[i], whereAndPath[i + 1]);
    }
    return m;
  }

  @Test
  public void givenWorkDirResourcesLogsAndSystemFiles_whenChecked_thenMovable() {
    Map<String, String> m = open("pid 1 cwd", WORK, "pid 1 fd 1", "/logs/a/c/stdout",
        "pid 1 fd 3", WORK + "/counter.txt", "pid 2 fd 255",
        APP + "/filecache/10/ExecScript.sh", "pid 2 fd 0", "/dev/null",
        "pid 2 fd 4", "/usr/lib/jvm/lib/modules", "pid 3 fd 5",
        "/local/usercache/u/filecache/11/dep.jar");
    assertNull(MovableFiles.firstUnmovable(m, WORK, Arrays.asList(
        APP + "/filecache/10/ExecScript.sh", "/local/usercache/u/filecache/11/dep.jar"),
        NONE));
  }

  private static final java.util.List<String> NONE = Collections.<String>emptyList();

  @Test
  public void givenOtherThanATravellingFileInAppDir_whenChecked_thenNamedWithHolder() {
    Map<String, String> m = open("pid 1 cwd", WORK, "pid 7 fd 9", APP + "/spill-0.out",
        "pid 7 fd 10", APP + "/old.out (deleted)", "pid 8 cwd", APP + "/output");
    // the spill travels (a regular file), the deleted one is CRIU's ghost, the cwd cannot
    String why = MovableFiles.firstUnmovable(m, WORK, NONE,
        Collections.singletonList(APP + "/spill-0.out"));
    assertTrue(why, why.startsWith(APP + "/output (held by pid 8 cwd) is under the"
        + " application's local dir " + APP + " but outside the container's work dir"));
    assertTrue(why, why.contains("and is not a regular file of its own there (a directory, a"
        + " socket, another container's file or resource): only its own regular files there"
        + " move with the container."));
    assertTrue(why, why.endsWith("migrate it once it no longer holds that"));
  }

  @Test
  public void givenSiblingWithCommonPrefix_whenChecked_thenNotTakenForTheWorkDir() {
    Map<String, String> m = open("pid 1 fd 3", WORK + "0/x");
    assertEquals(WORK + "0/x", MovableFiles.firstUnmovable(m, WORK, NONE, NONE)
        .split(" ")[0]);
  }
}
