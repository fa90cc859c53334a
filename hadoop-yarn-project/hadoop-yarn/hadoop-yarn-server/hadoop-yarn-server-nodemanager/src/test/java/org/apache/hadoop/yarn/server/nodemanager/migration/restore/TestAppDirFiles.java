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
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint.HeldProcess;
import org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint.MovableFiles;
import org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint.TreeFds;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.TestRule;

/**
 * Files a tree holds under its app dir outside its work dir travel: read from a real
 * process on the source side, put at the same path on the target side without following
 * a link.
 */
public class TestAppDirFiles {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private static final String SPILL = "output/attempt_1_0001_m_000000_0/spill0.out";

  @Test(timeout = 30_000)
  public void givenSpillGhostSiblingAndCachedFile_whenRead_thenOnlyTheSpillIsCopied()
      throws Exception {
    File app = tmp.newFolder("application_1_0001");
    File work = new File(app, "container_1_0001_01_000002");
    File spill = new File(app, SPILL);
    File sibling = new File(app, "container_1_0001_01_000009/other.txt");
    File cached = new File(app, "filecache/10/job.jar");
    assertTrue(work.mkdirs() && spill.getParentFile().mkdirs()
        && sibling.getParentFile().mkdirs() && cached.getParentFile().mkdirs());
    assertTrue(sibling.createNewFile() && cached.createNewFile());
    try (HeldProcess p = HeldProcess.start("exec python3 -c \"import os, time\n"
        + "s = open('" + spill + "', 'a')\ns.write('spilled\\n')\ns.flush()\n"
        + "o = open('" + sibling + "')\nj = open('" + cached + "')\n"
        + "os.chmod('" + spill + "', 0o640)\n"
        + "w = open('" + work + "/counter.txt', 'a')\n"
        + "g = open('" + app + "/gone.out', 'w')\nos.unlink('" + app + "/gone.out')\n"
        + "print('ready', flush=True)\ntime.sleep(60)\"")) {
      p.await("ready");
      Map<String, Path> held = MovableFiles.appDirFiles(TreeFds.of(p.pid()), work.getPath(),
          Collections.<String>emptyList());
      assertEquals(Collections.singletonList(spill.getPath()),
          Arrays.asList(held.keySet().toArray()));
      Map<String, Path> byRel = AppDirFiles.byRelativePath(held, app.getPath());
      assertEquals(Collections.singletonList(SPILL), Arrays.asList(byRel.keySet().toArray()));
      Path to = tmp.newFolder("out").toPath();
      assertEquals(8, AppDirFiles.copy(byRel, to));
      assertEquals("spilled\n", read(to.resolve(SPILL)));
      assertEquals("rw-r-----", PosixFilePermissions.toString(
          Files.getPosixFilePermissions(to.resolve(SPILL))));
    }
  }

  @Test
  public void givenReceivedFile_whenPlaced_thenSamePathMadeKeptIfSameAndStaleOneReplaced()
      throws Exception {
    Path from = received("spilled\n");
    Path app = tmp.newFolder("target-app").toPath();
    List<String> rels = Collections.singletonList(SPILL);

    AppDirFiles.place(from, app, rels);
    Path put = app.resolve(SPILL);
    assertEquals("spilled\n", read(put));
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(put)));

    Object inode = Files.getAttribute(put, "unix:ino");
    AppDirFiles.place(from, app, rels);
    assertEquals("the same content is left alone", inode, Files.getAttribute(put, "unix:ino"));

    Files.write(put, "stale, from before the container moved away\n".getBytes(
        StandardCharsets.UTF_8));
    AppDirFiles.place(from, app, rels);
    assertEquals("spilled\n", read(put));
    assertEquals(Collections.singletonList("spill0.out"), names(put.getParent()));
  }

  @Test
  public void givenLinkOrDirectoryOnTheWay_whenPlaced_thenRefusedAndNothingWrittenThrough()
      throws Exception {
    Path from = received("spilled\n");
    Path elsewhere = tmp.newFolder("elsewhere").toPath();
    Path victim = elsewhere.resolve("spill0.out");
    Files.write(victim, "not yours\n".getBytes(StandardCharsets.UTF_8));

    // a parent dir that is a link
    Path app1 = tmp.newFolder("app1").toPath();
    Files.createDirectories(app1.resolve("output"));
    Files.createSymbolicLink(app1.resolve("output/attempt_1_0001_m_000000_0"), elsewhere);
    assertRefused(from, app1, "attempt_1_0001_m_000000_0 is a symbolic link; " + SPILL
        + " is not put through it");
    // the file itself a link
    Path app2 = tmp.newFolder("app2").toPath();
    Files.createDirectories(app2.resolve(SPILL).getParent());
    Files.createSymbolicLink(app2.resolve(SPILL), victim);
    assertRefused(from, app2, "spill0.out exists here and is not a regular file");
    // a directory where the file goes
    Path app3 = tmp.newFolder("app3").toPath();
    Files.createDirectories(app3.resolve(SPILL));
    assertRefused(from, app3, "spill0.out exists here and is not a regular file");

    assertEquals("not yours\n", read(victim));
    assertEquals(Collections.singletonList("spill0.out"), names(elsewhere));
    assertTrue(Files.isSymbolicLink(app2.resolve(SPILL)));
    assertFalse(Files.exists(app1.resolve("output/.spill0.out.migrating"),
        LinkOption.NOFOLLOW_LINKS));
  }

  private static void assertRefused(Path from, Path app, String endOfMessage) {
    try {
      AppDirFiles.place(from, app, Collections.singletonList(SPILL));
      fail("put " + SPILL + " under " + app);
    } catch (IOException e) {
      assertTrue(e.getMessage(), e.getMessage().endsWith(endOfMessage));
    }
  }

  /** A received appfiles/ dir holding SPILL (mode 0640) with the given content. */
  private Path received(String content) throws IOException {
    Path from = tmp.newFolder().toPath();
    Path f = from.resolve(SPILL);
    Files.createDirectories(f.getParent());
    Files.write(f, content.getBytes(StandardCharsets.UTF_8));
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
    return from;
  }

  private static String read(Path p) throws IOException {
    return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
  }

  private static List<String> names(Path dir) {
    String[] n = dir.toFile().list();
    Arrays.sort(n);
    return Arrays.asList(n);
  }
}
