/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.restore;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.Fifos;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.TestRule;

/**
 * The target's writes before a restore, on a real file system: the received work dir is
 * merged without replacing or writing through anything, and the source's resource paths
 * get temporary links; a symbolic link or a FIFO planted in the received copy or at a path
 * the restore writes is refused (or kept as a link), and the link's target is untouched.
 */
public class TestRestorePreparation {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  @Test(timeout = 30_000)
  public void givenReceivedWorkDir_whenMerged_thenNothingOfTheNodeReplacedAndLinksKeptAsLinks()
      throws Exception {
    Path copy = tmp.newFolder("copy").toPath();
    Path work = tmp.newFolder("work").toPath();
    Path outside = tmp.newFolder("outside").toPath();
    write(outside.resolve("secret"), "outside");
    write(copy.resolve("counter.txt"), "1\n2\n");
    write(copy.resolve("launch_container.sh"), "the source's script");
    Files.createDirectories(copy.resolve("tmp/sub"));
    write(copy.resolve("tmp/sub/t.txt"), "t");
    Files.createSymbolicLink(copy.resolve("out"), outside.resolve("secret"));
    Files.createSymbolicLink(copy.resolve("ExecScript.sh"), Paths.get("/source/filecache/1/x"));
    Fifos.make(copy.resolve("pipe"), 0600);
    // what the NodeManager wrote before the merge
    write(work.resolve("launch_container.sh"), "this node's script");
    Files.createDirectory(work.resolve("tmp"));

    long bytes = RestorePreparation.mergeWorkDir(copy, work,
        Collections.singleton("ExecScript.sh"));

    assertEquals("counter.txt and tmp/sub/t.txt", 5, bytes);
    assertEquals("1\n2\n", read(work.resolve("counter.txt")));
    assertEquals("the NodeManager's file stays", "this node's script",
        read(work.resolve("launch_container.sh")));
    assertEquals("t", read(work.resolve("tmp/sub/t.txt")));
    assertTrue("a link stays a link", Files.isSymbolicLink(work.resolve("out")));
    assertEquals(outside.resolve("secret"), Files.readSymbolicLink(work.resolve("out")));
    assertEquals("the link's target untouched", "outside", read(outside.resolve("secret")));
    assertTrue("a FIFO is made", Fifos.isFifo(work.resolve("pipe")));
    assertFalse("the launch script links the resources",
        Files.exists(work.resolve("ExecScript.sh"), LinkOption.NOFOLLOW_LINKS));
  }

  @Test(timeout = 30_000)
  public void givenLinkOrFifoWhereTheMergeWrites_whenMerged_thenRefusedOrLeftAndNothingWrittenThrough()
      throws Exception {
    Path copy = tmp.newFolder("copy").toPath();
    Path work = tmp.newFolder("work").toPath();
    Path outside = tmp.newFolder("outside").toPath();
    write(copy.resolve("f.txt"), "from the source");
    Files.createDirectories(copy.resolve("z"));
    write(copy.resolve("z/planted.txt"), "x");
    Files.createSymbolicLink(work.resolve("z"), outside);
    Fifos.make(work.resolve("f.txt"), 0600);

    try {
      RestorePreparation.mergeWorkDir(copy, work, Collections.<String>emptySet());
      fail("merged through a link");
    } catch (IOException e) {
      assertEquals(work.resolve("z") + " exists here and is not a directory: the received "
          + copy.resolve("z") + " is not merged into it", e.getMessage());
    }
    assertEquals("nothing written through the link", Collections.emptyList(),
        Arrays.asList(outside.toFile().list()));
    assertTrue("the FIFO there is left as it is (never opened)",
        Fifos.isFifo(work.resolve("f.txt")));
  }

  @Test(timeout = 30_000)
  public void givenResourcesOfTheSource_whenLinked_thenTemporaryLinksToThisNodesCopiesAndRemovedAfter()
      throws Exception {
    Path local = tmp.newFolder("local").toPath();
    Path mine = local.resolve("usercache/u/appcache/app_1/filecache/77/ExecScript.sh");
    Files.createDirectories(mine.getParent());
    write(mine, "echo here");
    String source = local + "/usercache/u/appcache/app_1/filecache/10/ExecScript.sh";
    Path temp = tmp.newFolder("m").toPath().resolve("temporary-paths");

    List<Path> made = RestorePreparation.linkResources(
        Collections.singletonMap("ExecScript.sh", source),
        Collections.singletonMap("ExecScript.sh", mine),
        Collections.singletonList(local.toString()), temp);

    Path link = Paths.get(source);
    assertEquals(Arrays.asList(link.getParent(), link), made);
    assertEquals(mine, Files.readSymbolicLink(link));
    assertEquals(Arrays.asList(link.getParent().toString(), link.toString()),
        Files.readAllLines(temp));
    RestorePreparation.removeTemporary(temp);
    assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS));
    assertFalse(Files.exists(link.getParent()));
    assertEquals("echo here", read(mine));
  }

  @Test(timeout = 30_000)
  public void givenLinkFifoOrForeignPathOnTheWay_whenLinked_thenRefusedAndNothingWrittenThrough()
      throws Exception {
    Path local = tmp.newFolder("local").toPath();
    Path outside = tmp.newFolder("outside").toPath();
    Path mine = local.resolve("filecache/77/x.sh");
    Files.createDirectories(mine.getParent());
    write(mine, "x");
    Path m = tmp.newFolder("m").toPath();
    List<String> localDirs = Collections.singletonList(local.toString());
    // a link planted on the way to the source path
    Files.createDirectories(local.resolve("usercache/u"));
    Files.createSymbolicLink(local.resolve("usercache/u/filecache"), outside);
    try {
      RestorePreparation.linkResources(Collections.singletonMap("x.sh",
          local + "/usercache/u/filecache/10/x.sh"), Collections.singletonMap("x.sh", mine),
          localDirs, m.resolve("temporary-paths"));
      fail("linked through a link");
    } catch (IOException e) {
      assertTrue(e.getMessage(), e.getMessage().startsWith("resource 'x.sh': "
          + local.resolve("usercache/u/filecache") + " is not a directory"));
    }
    assertEquals(Collections.emptyList(), Arrays.asList(outside.toFile().list()));
    // a FIFO at the source path: not this node's copy, never opened
    Path fifo = local.resolve("filecache/10/x.sh");
    Files.createDirectories(fifo.getParent());
    Fifos.make(fifo, 0600);
    try {
      RestorePreparation.linkResources(Collections.singletonMap("x.sh", fifo.toString()),
          Collections.singletonMap("x.sh", mine), localDirs, m.resolve("temporary-paths"));
      fail("accepted a FIFO as the resource");
    } catch (IOException e) {
      assertEquals("resource 'x.sh': " + fifo + " exists on this node but is not this"
          + " node's copy " + mine, e.getMessage());
    }
    // the list file planted as a link: replaced, its target untouched
    Path listTarget = outside.resolve("list-target");
    write(listTarget, "keep");
    Files.createSymbolicLink(m.resolve("planted"), listTarget);
    RestorePreparation.linkResources(Collections.<String, String>emptyMap(),
        Collections.<String, Path>emptyMap(), localDirs, m.resolve("planted"));
    assertEquals("keep", read(listTarget));
    assertFalse(Files.isSymbolicLink(m.resolve("planted")));
    // a path outside the file caches (the spec came over the network): never linked
    Map<String, String> foreign = Collections.singletonMap("x.sh", "/etc/cron.d/x.sh");
    assertEquals(Collections.emptyList(), RestorePreparation.linkResources(foreign,
        Collections.singletonMap("x.sh", mine), localDirs, m.resolve("temporary-paths")));
    assertFalse(new File("/etc/cron.d/x.sh").exists());
    assertEquals(new HashSet<>(Arrays.asList("x.sh")),
        new HashSet<>(Arrays.asList(mine.getParent().toFile().list())));
  }

  /**
   * A source path that exists here: a copy with the same bytes is used as it is; a dangling
   * link, or a file with other bytes, is not this node's copy.
   */
  @Test(timeout = 30_000)
  public void givenSourcePathThatExistsHere_whenLinked_thenSameBytesAcceptedOtherwiseRefused()
      throws Exception {
    Path local = tmp.newFolder("local").toPath();
    Path mine = local.resolve("filecache/77/x.sh");
    Files.createDirectories(mine.getParent());
    write(mine, "echo x");
    Path source = local.resolve("filecache/10/x.sh");
    Files.createDirectories(source.getParent());
    Path temp = tmp.newFolder("m").toPath().resolve("temporary-paths");
    List<String> localDirs = Collections.singletonList(local.toString());

    write(source, "echo x");
    assertEquals(Collections.emptyList(), RestorePreparation.linkResources(
        Collections.singletonMap("x.sh", source.toString()),
        Collections.singletonMap("x.sh", mine), localDirs, temp));

    for (boolean dangling : new boolean[] {true, false}) {
      Files.delete(source);
      if (dangling) {
        Files.createSymbolicLink(source, local.resolve("nowhere"));
      } else {
        write(source, "echo y");
      }
      try {
        RestorePreparation.linkResources(Collections.singletonMap("x.sh", source.toString()),
            Collections.singletonMap("x.sh", mine), localDirs, temp);
        fail("accepted " + (dangling ? "a dangling link" : "other bytes"));
      } catch (IOException e) {
        assertEquals("resource 'x.sh': " + source + " exists on this node but is not this"
            + " node's copy " + mine, e.getMessage());
      }
    }
    assertEquals("echo x", read(mine));
  }

  /**
   * The launcher's mount points: a missing one is made (0700) and removed only while empty;
   * a link, a FIFO or a file there, or a link as its parent, is refused and nothing is made
   * through it.
   */
  @Test(timeout = 30_000)
  public void givenMountPoints_whenMade_thenRealDirsOnlyAndNothingThroughALink()
      throws Exception {
    Path app = tmp.newFolder("appcache", "app_1").toPath();
    Path dir = app.resolve("container_1_0001_01_000002");
    assertTrue("made", RestorePreparation.makeMountPoint(dir));
    assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(dir)));
    assertFalse("an existing directory is used as it is",
        RestorePreparation.makeMountPoint(dir));
    write(dir.resolve("kept"), "x");
    RestorePreparation.removeMountPoint(dir);
    assertTrue("not empty: kept", Files.isDirectory(dir));
    Files.delete(dir.resolve("kept"));
    RestorePreparation.removeMountPoint(dir);
    assertFalse("removed once empty", Files.exists(dir, LinkOption.NOFOLLOW_LINKS));

    Path elsewhere = tmp.newFolder("elsewhere").toPath();
    Path link = app.resolve("container_1_0001_01_000003");
    Files.createSymbolicLink(link, elsewhere);
    Path fifo = app.resolve("container_1_0001_01_000004");
    Fifos.make(fifo, 0600);
    Path file = app.resolve("container_1_0001_01_000005");
    write(file, "x");
    Path linkedApp = tmp.getRoot().toPath().resolve("app_2");
    Files.createSymbolicLink(linkedApp, elsewhere);
    for (Path bad : Arrays.asList(link, fifo, file,
        linkedApp.resolve("container_1_0001_01_000006"))) {
      try {
        RestorePreparation.makeMountPoint(bad);
        fail("accepted " + bad);
      } catch (IOException e) {
        assertTrue(e.getMessage(), e.getMessage().startsWith(bad.equals(linkedApp.resolve(
            "container_1_0001_01_000006")) ? "the parent of " + bad : bad.toString()));
      }
      RestorePreparation.removeMountPoint(bad);
    }
    assertEquals("nothing made through the links", Collections.emptyList(), names(elsewhere));
    assertTrue("the link stays", Files.isSymbolicLink(link));
    assertTrue("the FIFO stays", Fifos.isFifo(fifo));
    assertEquals("x", read(file));
  }

  private static List<String> names(Path dir) throws IOException {
    List<String> out = new java.util.ArrayList<>();
    try (java.nio.file.DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        out.add(p.getFileName().toString());
      }
    }
    return out;
  }

  private static void write(Path p, String s) throws IOException {
    Files.write(p, s.getBytes(StandardCharsets.UTF_8));
  }

  @Test(timeout = 30_000)
  public void givenResourceNames_whenLinkedInWorkDir_thenInsideOnlyAndNeverThroughALink()
      throws Exception {
    Path work = tmp.newFolder("work").toPath();
    Path copy = tmp.newFile("copy").toPath();
    Map<String, Path> names = new java.util.TreeMap<>();
    names.put("job.jar", copy);
    names.put("lib/dep.jar", copy);
    assertEquals(2, RestorePreparation.linkInWorkDir(work, names));
    assertEquals(copy, Files.readSymbolicLink(work.resolve("job.jar")));
    assertEquals(copy, Files.readSymbolicLink(work.resolve("lib/dep.jar")));
    assertEquals("a name already there is left", 0, RestorePreparation.linkInWorkDir(work,
        Collections.singletonMap("job.jar", work)));
    for (String bad : new String[] {"../x", "a/../../x", "a/..", "..", "/etc/x", ""}) {
      try {
        RestorePreparation.linkInWorkDir(work, Collections.singletonMap(bad, copy));
        fail("linked '" + bad + "'");
      } catch (IOException e) {
        assertTrue(e.getMessage(), e.getMessage().contains("'" + bad + "'"));
      }
    }
    // a directory on the way that is a link is never followed
    Path outside = tmp.newFolder("outside").toPath();
    Files.createSymbolicLink(work.resolve("via"), outside);
    try {
      RestorePreparation.linkInWorkDir(work, Collections.singletonMap("via/x", copy));
      fail("linked through via");
    } catch (IOException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("symbolic link is never followed"));
    }
    assertEquals(0, outside.toFile().list().length);
  }

  private static String read(Path p) throws IOException {
    return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
  }
}
