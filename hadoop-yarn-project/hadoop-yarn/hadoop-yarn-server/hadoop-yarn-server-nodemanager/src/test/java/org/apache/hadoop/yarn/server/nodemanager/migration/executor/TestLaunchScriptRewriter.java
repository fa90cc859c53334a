/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.executor;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.api.migration.MigrationContract;
import org.apache.hadoop.yarn.server.nodemanager.DefaultContainerExecutor;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.TestRule;

/**
 * The seam with Hadoop 3.1.0's launch script: these tests generate the script with the
 * stock {@link DefaultContainerExecutor} and fail if its shape changes.
 */
public class TestLaunchScriptRewriter {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  private static final String CID = "container_1700000000000_0001_01_000002";

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  static String stockScript(List<String> command, File workDir, File logDir) throws IOException {
    DefaultContainerExecutor dce = new DefaultContainerExecutor();
    dce.setConf(new YarnConfiguration());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    dce.writeLaunchEnv(out, env(workDir, null), Collections.<Path, List<String>>emptyMap(),
        command, new Path(logDir.getAbsolutePath()), "root", new LinkedHashSet<String>());
    return new String(out.toByteArray(), StandardCharsets.UTF_8);
  }

  static Map<String, String> env(File workDir, String restoreMigration) {
    Map<String, String> env = new HashMap<>();
    env.put("CONTAINER_ID", CID);
    env.put("PWD", workDir.getAbsolutePath());
    if (restoreMigration != null) {
      env.put(MigrationContract.RESTORE_ENV, restoreMigration);
    }
    return env;
  }

  @Test
  public void givenStockScript_whenWrapped_thenItHandsItselfToTheLauncherFirst()
      throws Exception {
    List<String> cmd = Arrays.asList("echo \\$HOME", "1>/x/stdout", "2>/x/stderr");
    String stock = stockScript(cmd, tmp.newFolder("w"), tmp.newFolder("l"));
    assertTrue("3.1.0 shape changed:\n" + stock,
        stock.contains("\necho \"Launching container\"\nexec /bin/bash -c \"echo \\$HOME 1>/x/stdout 2>/x/stderr\"\n"));

    String wrapped = LaunchScriptRewriter.runAsContainer(stock, cmd, "PATH=/p",
        "/bin/bash '/l.sh' '/m'");

    assertEquals(stock.replaceFirst("\n", "\nif [ \"\\${1-}\" != --as-container ]; then\n"
        + "  exec /usr/bin/env -i PATH=/p /bin/bash '/l.sh' '/m' /bin/bash \"\\$0\""
        + " --as-container\nfi\n"), wrapped);
  }

  @Test
  public void givenCommandWithNewlines_whenReplaced_thenNothingOfTheStockScriptRuns() throws Exception {
    List<String> cmd = Arrays.asList("echo a\necho b");
    String stock = stockScript(cmd, tmp.newFolder("w"), tmp.newFolder("l"));

    String replaced = LaunchScriptRewriter.replaceAll(stock, cmd, "PATH=/p", "/bin/true");

    assertTrue(replaced, replaced.startsWith("#!/bin/bash\nexec /usr/bin/env -i PATH=/p"
        + " /bin/true\n"));
  }

  @Test
  public void givenScriptWithoutTheStockCommandLine_whenWrapped_thenFailsNamingTheShape() {
    String script = "#!/bin/bash\necho \"Launching container\"\nexec /bin/sh -c \"x\"\n";
    try {
      LaunchScriptRewriter.runAsContainer(script, Arrays.asList("x"), "P=1", "l");
      fail("expected failure");
    } catch (IllegalStateException e) {
      assertEquals("Launch script does not have the shape of Hadoop 3.1.0: expected the line"
          + " after 'echo \"Launching container\"' to be 'exec /bin/bash -c \"x\"' but found"
          + " 'exec /bin/sh -c \"x\"'; cannot make the container checkpointable", e.getMessage());
    }
  }

  @Test
  public void givenScriptWithoutLaunchingEcho_whenWrapped_thenFails() {
    try {
      LaunchScriptRewriter.runAsContainer("#!/bin/bash\nexec /bin/bash -c \"x\"\n",
          Arrays.asList("x"), "P=1", "l");
      fail("expected failure");
    } catch (IllegalStateException e) {
      assertEquals("Launch script does not have the shape of Hadoop 3.1.0: no line 'echo"
          + " \"Launching container\"' before the command; cannot make the container"
          + " checkpointable", e.getMessage());
    }
  }

  @Test
  public void givenExecutor_whenLaunchScriptRunsAndMarkerExists_thenExitIs175Else0()
      throws Exception {
    // the configured local user root: the command is the init of its namespace
    assertLaunch("root", "ns=1 uid=0");
  }

  @Test
  public void givenTheDefaultLocalUser_whenTheLaunchScriptRuns_thenTheCommandRunsAsNobody()
      throws Exception {
    // below the user's own namespace init, as nobody, with no capability
    assertLaunch(null, "ns=2 uid=65534 caps=0000000000000000");
  }

  private void assertLaunch(String localUser, String expected) throws Exception {
    File launcherDir = tmp.newFolder("launchers");
    File work = tmp.newFolder("work");
    File logs = tmp.newFolder("logs");
    for (File f = work.getParentFile(); f != null; f = f.getParentFile()) {
      // the default local user must reach its dirs, as it does under an NM's local dirs
      f.setExecutable(true, false);
    }
    CheckpointableContainerExecutor exec = new CheckpointableContainerExecutor();
    Configuration conf = new YarnConfiguration();
    conf.set(MigrationConfiguration.NM_MIGRATION_LAUNCHER_DIR, launcherDir.getAbsolutePath());
    if (localUser != null) {
      conf.set(YarnConfiguration.NM_NONSECURE_MODE_LOCAL_USER_KEY, localUser);
    }
    exec.setConf(conf);
    exec.init(null);
    String caps = localUser == null ? " caps=\\$(grep CapEff /proc/self/status | cut -f2)" : "";
    List<String> cmd = Arrays.asList("echo ns=\\$\\$ uid=\\$(id -u)" + caps
        + " tmp=\\$TMPDIR", "1>" + logs + "/stdout");
    File script = new File(work, "launch_container.sh");
    exec.writeLaunchEnv(Files.newOutputStream(script.toPath()), env(work, null),
        Collections.<Path, List<String>>emptyMap(), cmd, new Path(logs.getAbsolutePath()),
        "root", new LinkedHashSet<String>());

    assertEquals(0, run(script, work));
    String out = new String(Files.readAllBytes(new File(logs, "stdout").toPath()),
        StandardCharsets.UTF_8);
    assertEquals(expected + " tmp=" + work.getAbsolutePath() + "/tmp\n", out);

    File marker = CheckpointableContainerExecutor.migratedMarker(launcherDir, CID);
    assertTrue(marker.createNewFile());
    assertEquals(MigrationContract.EXIT_MIGRATED, run(script, work));
  }

  private static int run(File script, File work) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("/bin/bash", script.getAbsolutePath())
        .directory(work).redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(readAll(p), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    if (rc != 0 && rc != MigrationContract.EXIT_MIGRATED) {
      throw new AssertionError("script exited " + rc + ": " + out);
    }
    return rc;
  }

  private static byte[] readAll(Process p) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    int n;
    while ((n = p.getInputStream().read(buf)) > 0) {
      b.write(buf, 0, n);
    }
    return b.toByteArray();
  }
}
