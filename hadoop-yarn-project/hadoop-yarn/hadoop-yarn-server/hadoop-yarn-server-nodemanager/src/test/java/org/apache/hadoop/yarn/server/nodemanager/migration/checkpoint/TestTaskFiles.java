/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

import org.apache.hadoop.criu.BoundedRun;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.TestRule;

/** Which closed files under the app dir a task owns, and their listing (no link followed). */
public class TestTaskFiles {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private static final String MAP = "attempt_1796522747126_0002_m_000000_0";
  private static final String OTHER = "attempt_1796522747126_0002_m_000001_0";

  private static List<String> yarnChild(String attempt) {
    return Arrays.asList("/usr/bin/java", "-Xmx820m", "-Dlog4j.configuration=x",
        TaskFiles.YARN_CHILD, "198.18.230.11", "41235", attempt, "2");
  }

  @Test
  public void givenTaskJvm_whenCommandLinesRead_thenItsAttemptOnly() {
    List<List<String>> tree = Arrays.asList(Arrays.asList("/bin/bash", "-c", "launch"),
        yarnChild(MAP));
    assertEquals(Collections.singleton(MAP), TaskFiles.attempts(tree));
    // another main class, a malformed attempt, or too few arguments name no attempt
    assertTrue(TaskFiles.attempts(Arrays.asList(
        Arrays.asList("java", "org.apache.hadoop.mapreduce.v2.app.MRAppMaster"),
        Arrays.asList("java", TaskFiles.YARN_CHILD, "h", "1", "attempt_../../etc", "2"),
        Arrays.asList("java", TaskFiles.YARN_CHILD, "h", "1"))).isEmpty());
  }

  @Test
  public void givenPathsBelowAppDir_whenOwnershipAsked_thenSpillsAndOutputsOfItsAttempt() {
    Collection<String> mine = Collections.singleton(MAP);
    assertTrue(TaskFiles.owns(mine, MAP + "_spill_0.out"));
    assertTrue(TaskFiles.owns(mine, MAP + "_spill_3.out.index"));
    assertTrue(TaskFiles.owns(mine, "output/" + MAP + "/file.out"));
    assertTrue(TaskFiles.owns(mine, "output/" + MAP + "/map_4.out.merged"));
    assertTrue("a merge's temporary file", TaskFiles.owns(mine, MAP + ".merged1"));
    assertTrue("below a dir named after it", TaskFiles.owns(mine, MAP + "/intermediate.1"));
    assertFalse("another attempt's", TaskFiles.owns(mine, OTHER + "_spill_0.out"));
    assertFalse("another attempt's", TaskFiles.owns(mine, "output/" + OTHER + "/file.out"));
    assertFalse("not at the app dir's top", TaskFiles.owns(mine, "x/" + MAP + "_spill_0.out"));
    assertFalse("a prefix of the id", TaskFiles.owns(mine, MAP + "0_spill_0.out"));
    assertFalse("a container's dir", TaskFiles.owns(mine,
        "container_1796522747126_0002_01_000002/" + MAP + "_spill_0.out"));
    assertFalse("no attempt", TaskFiles.owns(Collections.<String>emptyList(), "output/x"));
  }

  @Test
  public void givenAppDir_whenListed_thenOwnedRegularFilesAndNoLinkFollowed() throws Exception {
    Path app = tmp.newFolder("application_1796522747126_0002").toPath();
    Path secret = tmp.newFile("secret").toPath();
    write(app.resolve(MAP + "_spill_0.out"), "spill 0");
    write(app.resolve(OTHER + "_spill_0.out"), "theirs");
    Files.createDirectories(app.resolve("output/" + MAP));
    write(app.resolve("output/" + MAP + "/file.out"), "map output");
    Files.createSymbolicLink(app.resolve(MAP + "_spill_1.out"), secret);
    Files.createSymbolicLink(app.resolve("output/" + MAP + "/file.out.index"), secret);
    Path elsewhere = tmp.newFolder("elsewhere").toPath();
    write(elsewhere.resolve("file.out"), "planted");
    Files.createDirectories(app.resolve("output"));
    Files.createSymbolicLink(app.resolve("output/" + OTHER), elsewhere);
    Files.createDirectories(app.resolve(MAP));
    write(app.resolve(MAP + "/intermediate.1"), "merged");
    Files.createSymbolicLink(app.resolve(MAP + ".merged1"), elsewhere);

    assertEquals(Arrays.asList(MAP + "/intermediate.1", MAP + "_spill_0.out",
        "output/" + MAP + "/file.out"),
        Arrays.asList(TaskFiles.list(app, Collections.singleton(MAP)).keySet().toArray()));
    // a linked attempt dir is not walked
    assertTrue(TaskFiles.list(app, Collections.singleton(OTHER)).keySet()
        .equals(Collections.singleton(OTHER + "_spill_0.out")));
    assertTrue(TaskFiles.list(app, Collections.<String>emptyList()).isEmpty());
    assertTrue(TaskFiles.list(new File(tmp.getRoot(), "none").toPath(),
        Collections.singleton(MAP)).isEmpty());
  }

  private static void write(Path p, String s) throws Exception {
    Files.write(p, s.getBytes(StandardCharsets.UTF_8));
  }
}
