/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.restore;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.hadoop.criu.Criu;
import org.apache.hadoop.criu.CriuCgroupMode;
import org.apache.hadoop.criu.CriuRestoreOptions;
import org.apache.hadoop.yarn.api.records.ContainerId;

import static org.apache.hadoop.yarn.server.nodemanager.migration.executor.LaunchScriptRewriter.quote;

/**
 * The restore launcher's command line, built from a {@link RestoreSpec} and the target
 * container's directories. The launcher (restore-launcher.sh) takes, in order: migrated
 * marker, migration dir, source work dir, target work dir, source log dir, target log
 * dir, the names of the source log dir's files (each one the restored tree holds open
 * continues in the target log dir's file of that name), {@code --}, then CRIU's restore
 * command (built here from {@link CriuRestoreOptions}; the launcher appends one
 * {@code --inherit-fd} per log file it opened).
 */
public final class RestoreLaunch {

  /** CRIU's restore log, in the images dir. */
  public static final String RESTORE_LOG = "restore.log";

  private final List<String> args;

  private RestoreLaunch(List<String> args) {
    this.args = Collections.unmodifiableList(args);
  }

  public static RestoreLaunch of(String criu, File migrationDir, RestoreSpec spec,
      String targetWorkDir, String targetLogDir, File actionScript, File migratedMarker) {
    checkPresentable("work dir", spec.getSourceWorkDir(), targetWorkDir);
    checkPresentable("log dir", spec.getSourceLogDir(), targetLogDir);
    List<String> a = new ArrayList<>();
    a.add(migratedMarker.getAbsolutePath());
    a.add(migrationDir.getAbsolutePath());
    a.add(spec.getSourceWorkDir());
    a.add(targetWorkDir);
    a.add(spec.getSourceLogDir());
    a.add(targetLogDir);
    a.addAll(spec.getSourceLogFiles());
    a.add(END_OF_LOG_FILES);
    a.addAll(new Criu(criu).restoreCommand(restoreOptions(migrationDir, spec, actionScript)));
    return new RestoreLaunch(a);
  }

  /**
   * Refuses a directory of the spec that the launcher must not present (bind-mount the
   * target's over) at its path: it must name a container's directory (its last name a
   * container id) in the same parent as the target's (every host has the same local and
   * log dirs, as on a cluster with one yarn-site.xml), or be a directory here already
   * (NodeManagers that share a filesystem). A spec received from the network names no
   * other path of this host.
   *
   * @throws IllegalArgumentException naming the path and why
   */
  static void checkPresentable(String what, String sourceDir, String targetDir) {
    if (sourceDir.equals(targetDir)) {
      return;
    }
    File source = new File(sourceDir);
    String name = source.getName();
    boolean containerDir;
    try {
      containerDir = ContainerId.fromString(name).toString().equals(name);
    } catch (IllegalArgumentException e) {
      containerDir = false;
    }
    boolean sameParent = String.valueOf(source.getParent()).equals(
        new File(targetDir).getParent());
    if (!containerDir || !(sameParent
        || Files.isDirectory(source.toPath(), LinkOption.NOFOLLOW_LINKS))) {
      throw new IllegalArgumentException("the source " + what + " " + sourceDir
          + " cannot be presented to the restored tree here: it must be a container's"
          + " directory next to the target's (" + targetDir + ") or a directory this node"
          + " shares with the source");
    }
  }

  /** Ends the log file names; CRIU's restore command follows. */
  static final String END_OF_LOG_FILES = "--";

  /**
   * How CRIU restores a migration's images: in the foreground (criu stays the parent of
   * the restored tree, so the NM's kill of the container ends it), the tree's file locks,
   * the TCP mode the checkpoint dumped with, cgroups left to the NM, and the action script
   * that marks the tree restored once it runs again.
   */
  static CriuRestoreOptions restoreOptions(File migrationDir, RestoreSpec spec,
      File actionScript) {
    return CriuRestoreOptions.builder(
        new File(migrationDir, RestoreSpec.IMAGES_DIR).toPath().toAbsolutePath())
        .logFile(RESTORE_LOG)
        .cgroupMode(CriuCgroupMode.IGNORE)
        .fileLocks(true)
        .tcpMode(spec.getTcpMode())
        .actionScript(actionScript.toPath())
        .build();
  }

  /** The launcher's arguments, in order. */
  public List<String> getArgs() {
    return args;
  }

  /** Shell words for launch_container.sh: {@code /bin/bash <launcher> <args>}. */
  public String toShellWords(File launcher) {
    StringBuilder sb = new StringBuilder("/bin/bash ").append(quote(launcher.getAbsolutePath()));
    for (String arg : args) {
      sb.append(' ').append(quote(arg));
    }
    return sb.toString();
  }
}
