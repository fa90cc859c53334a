/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.executor;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.Arrays;
import java.util.List;

import org.apache.hadoop.criu.CriuCommandResult;
import org.apache.hadoop.criu.ProcessCriuCommandRunner;
import org.apache.hadoop.yarn.server.nodemanager.containermanager.localizer.ContainerLocalizer;
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
    int gid = user.getGid();
    for (String local : localDirs) {
      File userDir = new File(new File(MigrationDirs.stripScheme(local),
          ContainerLocalizer.USERCACHE), appUser);
      File appCache = new File(userDir, ContainerLocalizer.APPCACHE);
      File appDir = new File(appCache, appId);
      for (File traversed : Arrays.asList(userDir, appCache)) {
        open(traversed, gid, GROUP_X, "g+x");
      }
      open(appDir, gid, GROUP_RWX | STICKY, "g+rwx,+t");
      for (File cache : Arrays.asList(new File(userDir, ContainerLocalizer.FILECACHE),
          new File(appDir, ContainerLocalizer.FILECACHE))) {
        if (isDir(cache) && !readable(cache.toPath(), gid)) {
          run("chgrp", "-R", "-P", "-h", Integer.toString(gid), "--", cache.getPath());
          run("chmod", "-R", "g+rX", "--", cache.getPath());
        }
      }
    }
    for (String log : logDirs) {
      open(new File(MigrationDirs.stripScheme(log), appId), gid, GROUP_X, "g+x");
    }
  }

  /** Mode bits: group x; group rwx; sticky. */
  static final int GROUP_X = 0010;
  static final int GROUP_RWX = 0070;
  static final int STICKY = 01000;

  /** Gives a directory (if there) the group {@code gid} and the mode bits {@code bits}. */
  private static void open(File dir, int gid, int bits, String chmod) throws IOException {
    if (!isDir(dir) || has(dir.toPath(), gid, bits)) {
      return; // not there, or done for an earlier container: no process to run
    }
    run("chgrp", "-h", Integer.toString(gid), "--", dir.getPath());
    run("chmod", chmod, "--", dir.getPath());
  }

  private static boolean has(java.nio.file.Path p, int gid, int bits) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS) == gid
        && ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & bits)
            == bits;
  }

  /**
   * Whether every entry of a file cache (links aside) has the group {@code gid} and is
   * readable by it (directories and executables also searchable / executable), as
   * {@code chgrp -R} and {@code chmod -R g+rX} leave it.
   */
  private static boolean readable(java.nio.file.Path cache, int gid) throws IOException {
    boolean[] ok = {true};
    Files.walkFileTree(cache, new java.nio.file.SimpleFileVisitor<java.nio.file.Path>() {
      @Override
      public java.nio.file.FileVisitResult preVisitDirectory(java.nio.file.Path d,
          java.nio.file.attribute.BasicFileAttributes attrs) throws IOException {
        return check(d, 0050);
      }

      @Override
      public java.nio.file.FileVisitResult visitFile(java.nio.file.Path f,
          java.nio.file.attribute.BasicFileAttributes attrs) throws IOException {
        if (attrs.isSymbolicLink()) {
          return java.nio.file.FileVisitResult.CONTINUE;
        }
        int mode = (Integer) Files.getAttribute(f, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return check(f, (mode & 0111) != 0 ? 0050 : 0040);
      }

      private java.nio.file.FileVisitResult check(java.nio.file.Path e, int bits)
          throws IOException {
        if (has(e, gid, bits)) {
          return java.nio.file.FileVisitResult.CONTINUE;
        }
        ok[0] = false;
        return java.nio.file.FileVisitResult.TERMINATE;
      }
    });
    return ok[0];
  }

  private static boolean isDir(File f) {
    return Files.isDirectory(f.toPath(), LinkOption.NOFOLLOW_LINKS);
  }

  private static void run(String... argv) throws IOException {
    output(COMMAND_TIMEOUT_MS, argv);
  }

  /**
   * Runs a command (no shell), bounded, and returns its standard output, trimmed.
   *
   * @throws IOException naming the command, when it fails, or does not end in time
   */
  static String output(long timeoutMs, String... argv) throws IOException {
    CriuCommandResult r = new ProcessCriuCommandRunner().run(Arrays.asList(argv), timeoutMs);
    if (r.isTimedOut()) {
      throw new IOException(String.join(" ", argv) + " did not end within " + timeoutMs
          + " ms");
    }
    if (!r.isSuccess()) {
      throw new IOException(String.join(" ", argv) + " failed (exit " + r.getExitCode()
          + "): " + (r.getStdout() + r.getStderr()).trim());
    }
    return r.getStdout().trim();
  }
}
