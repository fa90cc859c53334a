/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.executor;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.yarn.server.nodemanager.migration.restore.MigrationDirs;

/**
 * Opens the directories a container's user needs above its own work and log dirs, which
 * DefaultContainerExecutor made as root (0710, 0750): before the launch, they get the
 * user's group. The user's and application's directories become traversable by the
 * group, the application dir also writable with the sticky bit (a MapReduce task writes
 * its outputs there; nobody can rename or remove what another owner made in it), and the
 * file caches (the localized resources) readable; each stays root's, so no process of the
 * user can rename a directory on the way to a script that root runs. The container's own
 * work dir and log dirs are handed to the user later, by the launcher (hand-over.sh).
 */
final class ContainerDirs {

  /** Longest one chgrp or chmod may take. */
  static final long COMMAND_TIMEOUT_MS = 60_000;

  private ContainerDirs() {
  }

  static void openTo(ContainerUser user, String appUser, String appId,
      List<String> localDirs, List<String> logDirs) throws IOException {
    String group = Integer.toString(user.getGid());
    for (String local : localDirs) {
      File userDir = new File(new File(MigrationDirs.stripScheme(local), "usercache"), appUser);
      File appCache = new File(userDir, "appcache");
      File appDir = new File(appCache, appId);
      for (File traversed : Arrays.asList(userDir, appCache)) {
        if (isDir(traversed)) {
          run("chgrp", "-h", group, "--", traversed.getPath());
          run("chmod", "g+x", "--", traversed.getPath());
        }
      }
      if (isDir(appDir)) {
        run("chgrp", "-h", group, "--", appDir.getPath());
        run("chmod", "g+rwx,+t", "--", appDir.getPath());
      }
      for (File cache : Arrays.asList(new File(userDir, "filecache"),
          new File(appDir, "filecache"))) {
        if (isDir(cache)) {
          run("chgrp", "-R", "-P", "-h", group, "--", cache.getPath());
          run("chmod", "-R", "g+rX", "--", cache.getPath());
        }
      }
    }
    for (String log : logDirs) {
      File appLogDir = new File(MigrationDirs.stripScheme(log), appId);
      if (isDir(appLogDir)) {
        run("chgrp", "-h", group, "--", appLogDir.getPath());
        run("chmod", "g+x", "--", appLogDir.getPath());
      }
    }
  }

  private static boolean isDir(File f) {
    return Files.isDirectory(f.toPath(), LinkOption.NOFOLLOW_LINKS);
  }

  private static void run(String... argv) throws IOException {
    List<String> a = new ArrayList<>(Arrays.asList(argv));
    Process p = new ProcessBuilder(a).redirectErrorStream(true).start();
    try {
      p.getOutputStream().close();
      byte[] out = new byte[2048];
      int n = p.getInputStream().read(out);
      if (!p.waitFor(COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
        throw new IOException(String.join(" ", a) + " did not end within "
            + COMMAND_TIMEOUT_MS + " ms");
      }
      if (p.exitValue() != 0) {
        throw new IOException(String.join(" ", a) + " failed (exit " + p.exitValue() + "): "
            + (n > 0 ? new String(out, 0, n, StandardCharsets.UTF_8).trim() : ""));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted: " + String.join(" ", a));
    } finally {
      p.destroyForcibly();
    }
  }
}
