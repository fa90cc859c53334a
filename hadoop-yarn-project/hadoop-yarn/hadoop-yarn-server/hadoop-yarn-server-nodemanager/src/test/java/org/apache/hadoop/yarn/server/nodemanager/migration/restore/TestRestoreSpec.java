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
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.criu.CriuTcpMode;
import org.apache.hadoop.yarn.server.api.migration.MigrationContract;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.TestRule;

/** Restore spec files, migration dirs and the restore launcher's arguments. */
public class TestRestoreSpec {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private static RestoreSpec spec(String migrationId) {
    return new RestoreSpec(migrationId, "container_1_0001_01_000002", "nm1:8041",
        "/l/usercache/u/appcache/a/container_1_0001_01_000002",
        "/logs/a/container_1_0001_01_000002", Arrays.asList("prelaunch.out", "stderr", "stdout"));
  }

  /** The target container's dirs: next to the source's, as on every host of a cluster. */
  private static final String TARGET_WORK = "/l/usercache/u/appcache/a/container_1_0001_01_000005";
  private static final String TARGET_LOGS = "/logs/a/container_1_0001_01_000005";

  @Test
  public void givenSpec_whenWrittenAndRead_thenSameValuesAndOwnerOnlyFile() throws Exception {
    File local = tmp.newFolder("local");
    File dir = MigrationDirs.under(local.getPath(), "migration-images", "m-1");
    dir.mkdirs();
    spec("m-1").write(dir);

    RestoreSpec read = RestoreSpec.read(MigrationDirs.under("file://" + local.getPath(),
        "migration-images", "m-1"));

    assertEquals("m-1", read.getMigrationId());
    assertEquals(Arrays.asList("prelaunch.out", "stderr", "stdout"), read.getSourceLogFiles());
    assertEquals("/logs/a/container_1_0001_01_000002", read.getSourceLogDir());
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(new File(dir, MigrationContract.SPEC_FILE).toPath())));
  }

  @Test
  public void givenResources_whenWrittenAndRead_thenSameMapAndLauncherFileLines()
      throws Exception {
    File dir = tmp.newFolder("m-2");
    java.util.Map<String, String> resources = new java.util.LinkedHashMap<>();
    resources.put("ExecScript.sh", "/local/usercache/u/appcache/a/filecache/10/ExecScript.sh");
    resources.put("lib/dep.jar", "/local/usercache/u/filecache/11/dep.jar");
    new RestoreSpec("m-2", "container_1_0001_01_000002", "h:1", "/w", "/logs/a/c",
        Arrays.asList("stdout"), resources).write(dir);

    RestoreSpec read = RestoreSpec.read(dir);
    assertEquals(new java.util.TreeMap<>(resources), read.getSourceResources());
  }

  @Test
  public void givenResourcePaths_whenCheckedAgainstTheFileCaches_thenOnlyThoseInsideAccepted() {
    java.util.List<String> local = Arrays.asList("file:///local");
    for (String in : Arrays.asList("/local/filecache/12/a.jar",
        "/local/usercache/u/filecache/11/dep.jar",
        "/local/usercache/u/appcache/a/filecache/10/ExecScript.sh")) {
      assertTrue(in, RestoreSpec.isFileCachePath(in, local));
    }
    for (String out : Arrays.asList("/etc/cron.d/b",
        "/local/usercache/u/appcache/app/container_1/evil/c",
        "/other/usercache/u/filecache/13/d", "/local/usercache/u/filecache",
        "/local/filecache/../../etc/x")) {
      assertFalse(out, RestoreSpec.isFileCachePath(out, local));
    }
  }

  @Test
  public void givenUnsafeResource_whenSpecBuilt_thenRejected() {
    String[][] bad = {{"../up", "/p"}, {"/abs", "/p"}, {"a\tb", "/p"}, {"ok", "relative"},
        {"ok", "/a/../b"}, {"ok", "/a\nb"}};
    for (String[] b : bad) {
      try {
        new RestoreSpec("m-3", "container_1_0001_01_000002", "h:1", "/w", "/l",
            Arrays.asList("stdout"), java.util.Collections.singletonMap(b[0], b[1]));
        fail("accepted resource " + Arrays.toString(b));
      } catch (IllegalArgumentException e) {
        assertTrue(e.getMessage(), e.getMessage().startsWith("Invalid "));
      }
    }
  }

  @Test
  public void givenTraversingMigrationId_whenLocated_thenRejected() throws Exception {
    for (String bad : new String[] {"../x", "a/b", ".hidden", ""}) {
      try {
        MigrationDirs.under("/tmp", "migration-images", bad);
        fail("accepted " + bad);
      } catch (IllegalArgumentException e) {
        assertEquals("Invalid migration id: '" + bad + "' (1 to 128 of [A-Za-z0-9_.-],"
            + " starting with a letter or digit)", e.getMessage());
      }
    }
  }

  @Test
  public void givenSpecWithRelativeWorkDir_whenRead_thenInvalidSpec() throws Exception {
    File dir = tmp.newFolder("m");
    Files.write(new File(dir, MigrationContract.SPEC_FILE).toPath(), Arrays.asList(
        "migration.id=m", "source.container.id=c", "source.work.dir=../etc",
        "source.log.dir=/l", "source.log.files=stdout,stderr"));
    try {
      RestoreSpec.read(dir);
      fail("accepted a relative work dir");
    } catch (IOException e) {
      assertEquals("Invalid restore spec " + dir + "/" + MigrationContract.SPEC_FILE
          + ": Invalid source work dir: '../etc'", e.getMessage());
    }
  }

  @Test
  public void givenSpec_whenLaunchBuilt_thenNamedOptionsThenTheCompleteCriuCommand() {
    RestoreLaunch l = RestoreLaunch.of("/usr/local/bin/criu", new File("/nm/mi/m-1"),
        spec("m-1"), TARGET_WORK, TARGET_LOGS, new File("/nm/l/restore-action.sh"),
        new File("/nm/l/markers/c2.migrated"));

    String logs = "/logs/a/container_1_0001_01_000002";
    assertEquals(Arrays.asList(
        "--exit-migrated", "175",
        "--migrated-marker", "/nm/l/markers/c2.migrated",
        "--source-work-dir", "/l/usercache/u/appcache/a/container_1_0001_01_000002",
        "--target-work-dir", TARGET_WORK,
        "--source-log-dir", logs,
        "--target-log-dir", TARGET_LOGS,
        "--log-file", "100:prelaunch.out", "--log-file", "101:stderr",
        "--log-file", "102:stdout",
        "--export", "YARN_MIGRATION_RESTORED_MARKER=/nm/mi/m-1/restored",
        "--export", "YARN_MIGRATION_TEMP_PATHS=/nm/mi/m-1/temporary-paths",
        "--", "/usr/local/bin/criu",
        "restore", "-D", "/nm/mi/m-1/images", "-o", "restore.log", "-v4",
        "--inherit-fd", "fd[100]:" + logs.substring(1) + "/prelaunch.out",
        "--inherit-fd", "fd[101]:" + logs.substring(1) + "/stderr",
        "--inherit-fd", "fd[102]:" + logs.substring(1) + "/stdout",
        "--manage-cgroups=ignore", "--file-locks", "--action-script",
        "/nm/l/restore-action.sh"), l.getArgs());
    String words = l.toShellWords(new File("/nm/l/restore-launcher.sh"));
    assertTrue(words, words.startsWith("/bin/bash '/nm/l/restore-launcher.sh'"
        + " '--exit-migrated' '175' '--migrated-marker' '/nm/l/markers/c2.migrated' "));
    assertTrue(words, words.endsWith(" '--file-locks' '--action-script'"
        + " '/nm/l/restore-action.sh'"));
  }

  /**
   * The launcher bind-mounts the target's dirs at the spec's paths: a spec (from the
   * network) may name only a container's directory next to the target's, or one this
   * node already has (NodeManagers sharing a filesystem).
   */
  @Test
  public void givenSpecNamingOtherDirs_whenLaunchBuilt_thenOnlyContainerDirsBesideTheTargetsAccepted()
      throws Exception {
    String[][] refused = {
        {"/etc", "/logs/a/container_1_0001_01_000002", "work dir /etc"},
        {"/l/usercache/u/appcache/a/notacontainer", "/logs/a/container_1_0001_01_000002",
            "work dir /l/usercache/u/appcache/a/notacontainer"},
        {"/l/usercache/u/appcache/b/container_1_0001_01_000002",
            "/logs/a/container_1_0001_01_000002",
            "work dir /l/usercache/u/appcache/b/container_1_0001_01_000002"},
        {"/l/usercache/u/appcache/a/container_1_0001_01_000002", "/var/log",
            "log dir /var/log"},
    };
    for (String[] r : refused) {
      RestoreSpec s = new RestoreSpec("m-5", "container_1_0001_01_000002", "h1:45454", r[0],
          r[1], Arrays.asList("stdout"));
      try {
        RestoreLaunch.of("/c/criu", new File("/m"), s, TARGET_WORK, TARGET_LOGS,
            new File("/a.sh"), new File("/m/x"));
        fail("accepted " + Arrays.toString(r));
      } catch (IllegalArgumentException e) {
        assertTrue(e.getMessage(), e.getMessage().startsWith("the source " + r[2]
            + " cannot be presented to the restored tree here"));
      }
    }
    // NodeManagers sharing a filesystem: the source's own dir exists here
    File shared = tmp.newFolder("nm1", "appcache", "a", "container_1_0001_01_000002");
    RestoreSpec s = new RestoreSpec("m-6", "container_1_0001_01_000002", "h1:45454",
        shared.getPath(), "/logs/a/container_1_0001_01_000002", Arrays.asList("stdout"));
    List<String> args = RestoreLaunch.of("/c/criu", new File("/m"), s, TARGET_WORK,
        TARGET_LOGS, new File("/a.sh"), new File("/m/x")).getArgs();
    assertEquals(shared.getPath(), args.get(args.indexOf("--source-work-dir") + 1));
  }

  @Test
  public void givenAppDirFiles_whenWrittenAndRead_thenSameListAndUnsafePathsRefused()
      throws Exception {
    File dir = tmp.newFolder("appfiles");
    List<String> files = Arrays.asList("output/attempt_1/spill0.out", "output/attempt_1/x");
    spec("m-7").withAppDirFiles(files).write(dir);
    assertEquals(files, RestoreSpec.read(dir).getAppDirFiles());
    assertEquals(java.util.Collections.emptyList(), spec("m-7").getAppDirFiles());
    for (String bad : Arrays.asList("../other/x", "/etc/passwd", "a/../../b", "", "a\tb",
        "container_1_0001_01_000003/launch_container.sh", "filecache/10/job.jar")) {
      try {
        spec("m-7").withAppDirFiles(Arrays.asList(bad));
        fail("accepted " + bad);
      } catch (IllegalArgumentException e) {
        assertTrue(e.getMessage(), e.getMessage().startsWith("Invalid application dir file"));
      }
    }
  }

  @Test
  public void givenSpecOfTcpCloseDump_whenWrittenReadAndLaunched_thenRestoreClosesToo()
      throws Exception {
    File dir = tmp.newFolder("tcp");
    RestoreSpec s = new RestoreSpec("m-3", "container_1_0001_01_000002", "h1:45454",
        "/l/usercache/u/appcache/a/container_1_0001_01_000002",
        "/logs/a/container_1_0001_01_000002", Arrays.asList("stdout"),
        java.util.Collections.<String, String>emptyMap(), CriuTcpMode.CLOSE);
    s.write(dir);
    RestoreSpec read = RestoreSpec.read(dir);

    assertEquals(CriuTcpMode.CLOSE, read.getTcpMode());
    List<String> args = RestoreLaunch.of("/c/criu", dir, read, TARGET_WORK, TARGET_LOGS,
        new File("/a.sh"), new File("/m")).getArgs();
    assertTrue(args.toString(), args.subList(args.indexOf("--"), args.size())
        .contains("--tcp-close"));
  }

  @Test
  public void givenSpecOfATreeWithAnAddressOfItsOwn_whenWrittenReadAndLaunched_thenItsNetworkIsRestoredOnTheBridge()
      throws Exception {
    File dir = tmp.newFolder("own");
    spec("m-8").withOwnAddress("198.18.1.64/24").write(dir);
    RestoreSpec read = RestoreSpec.read(dir);
    assertEquals("198.18.1.64/24", read.getOwnAddress());
    assertEquals("", spec("m-8").getOwnAddress());
    List<String> args = RestoreLaunch.of("/c/criu", dir, read, TARGET_WORK, TARGET_LOGS,
        new File("/a.sh"), new File("/m"), "veth[eth0]:ym0123456789abc@br0", "198.18.1.12")
        .getArgs();
    List<String> criu = args.subList(args.indexOf("--"), args.size());
    assertEquals(criu.toString(), "veth[eth0]:ym0123456789abc@br0",
        criu.get(criu.indexOf("--external") + 1));
    assertTrue(args.toString(), args.contains(MigrationContract.ANNOUNCE_TO_ENV
        + "=198.18.1.12"));
    try {
      RestoreLaunch.of("/c/criu", dir, read, TARGET_WORK, TARGET_LOGS, new File("/a.sh"),
          new File("/m"));
      fail("restored a tree with an address of its own on a node that gives none");
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().startsWith("the tree has the address"
          + " 198.18.1.64/24 of its own and this node gives containers none"));
    }
    for (String bad : Arrays.asList("198.18.1.64", "198.18.1.64/24 --x", "h/24", "1.2.3.4/0")) {
      try {
        spec("m-8").withOwnAddress(bad);
        fail("accepted " + bad);
      } catch (IllegalArgumentException e) {
        // refused before any path, option or log line gets it
      }
    }
  }

  @Test
  public void givenSpecWithUnknownTcpMode_whenRead_thenRejectedNamingTheFile()
      throws Exception {
    File dir = tmp.newFolder("badtcp");
    new RestoreSpec("m-4", "container_1_0001_01_000002", "h1:45454", "/l/work", "/logs/a/c",
        Arrays.asList("stdout")).write(dir);
    File f = new File(dir, MigrationContract.SPEC_FILE);
    java.nio.file.Files.write(f.toPath(), "criu.tcp.mode=--tcp-established --x\n".getBytes(
        java.nio.charset.StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);
    try {
      RestoreSpec.read(dir);
      fail("read an unknown TCP mode");
    } catch (java.io.IOException e) {
      assertTrue(e.getMessage(), e.getMessage().startsWith("Invalid restore spec " + f));
    }
  }

  @Test
  public void givenLogFileNameWithSeparator_whenSpecBuilt_thenRejected() {
    try {
      new RestoreSpec("m", "c", "n", "/w", "/l", Arrays.asList("../../etc/passwd"));
      fail("accepted a log file name with separators");
    } catch (IllegalArgumentException e) {
      assertEquals("Invalid source log file name: '../../etc/passwd'", e.getMessage());
    }
  }

  @Test
  public void givenSourceNodeWithALineBreak_whenSpecBuilt_thenRejected() {
    try {
      new RestoreSpec("migration_1", "container_1_0001_01_000002", "nm1:8041\nforged line",
          "/w", "/l", java.util.Collections.<String>emptyList());
      fail("accepted a source node with a line break");
    } catch (IllegalArgumentException e) {
      assertEquals("Invalid source node: 'nm1:8041\nforged line'", e.getMessage());
    }
  }
}
