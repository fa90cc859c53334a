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
import org.apache.hadoop.yarn.server.api.migration.MigrationContract;

import static org.apache.hadoop.yarn.server.nodemanager.migration.executor.LaunchScriptRewriter.quote;

/**
 * The restore launcher's command line, built from a {@link RestoreSpec} and the target
 * container's directories: named options (see restore-launcher.sh) whose values all come
 * from here and {@link MigrationContract}, {@code --}, then CRIU's complete restore
 * command, built from {@link CriuRestoreOptions}: each file of the source log dir the tree
 * holds continues in the target log dir's file of that name through an inherited fd
 * ({@value #FIRST_LOG_FD} and up) that the launcher opens.
 */
public final class RestoreLaunch {

  /** The first fd the launcher opens for a log file; CRIU's --inherit-fd names each. */
  static final int FIRST_LOG_FD = 100;

  private final List<String> args;

  private RestoreLaunch(List<String> args) {
    this.args = Collections.unmodifiableList(args);
  }

  public static RestoreLaunch of(String criu, File migrationDir, RestoreSpec spec,
      String targetWorkDir, String targetLogDir, File actionScript, File migratedMarker) {
    return of(criu, migrationDir, spec, targetWorkDir, targetLogDir, actionScript,
        migratedMarker, null, null);
  }

  /**
   * @param ownNetworkExternal for a tree with an address of its own
   *     ({@link RestoreSpec#getOwnAddress}): CRIU's {@code --external} that names its
   *     interface's peer here and the bridge it joins; else null
   * @param announceTo with it: the address the restored tree sends a datagram to once it
   *     runs, so the cluster network's bridges learn where its address is now
   */
  public static RestoreLaunch of(String criu, File migrationDir, RestoreSpec spec,
      String targetWorkDir, String targetLogDir, File actionScript, File migratedMarker,
      String ownNetworkExternal, String announceTo) {
    if (spec.getOwnAddress().isEmpty() != (ownNetworkExternal == null)) {
      throw new IllegalArgumentException(spec.getOwnAddress().isEmpty()
          ? "the tree has no address of its own, so no network is restored for it"
          : "the tree has the address " + spec.getOwnAddress() + " of its own and this"
              + " node gives containers none (empty "
              + org.apache.hadoop.yarn.conf.MigrationConfiguration.NM_MIGRATION_NETWORK_BRIDGE
              + "): migrate it to a node that does");
    }
    checkPresentable("work dir", spec.getSourceWorkDir(), targetWorkDir);
    checkPresentable("log dir", spec.getSourceLogDir(), targetLogDir);
    File dir = migrationDir.getAbsoluteFile();
    String tempPaths = new File(dir, MigrationContract.TEMP_PATHS_FILE).getPath();
    List<String> a = new ArrayList<>();
    option(a, "--exit-migrated", Integer.toString(MigrationContract.EXIT_MIGRATED));
    option(a, "--migrated-marker", migratedMarker.getAbsolutePath());
    option(a, "--source-work-dir", spec.getSourceWorkDir());
    option(a, "--target-work-dir", targetWorkDir);
    option(a, "--source-log-dir", spec.getSourceLogDir());
    option(a, "--target-log-dir", targetLogDir);
    CriuRestoreOptions.Builder criuOptions = restoreOptions(dir, spec, actionScript).toBuilder();
    if (ownNetworkExternal != null) {
      criuOptions.external(ownNetworkExternal);
      option(a, "--export", MigrationContract.ANNOUNCE_TO_ENV + "=" + announceTo);
    }
    int fd = FIRST_LOG_FD;
    for (String name : spec.getSourceLogFiles()) {
      option(a, "--log-file", fd + ":" + name);
      criuOptions.inheritFd(fd, spec.getSourceLogDir() + "/" + name);
      fd++;
    }
    option(a, "--export", MigrationContract.RESTORED_MARKER_ENV + "="
        + new RestoreStatus(dir).getMarker().getPath());
    option(a, "--export", MigrationContract.TEMP_PATHS_ENV + "=" + tempPaths);
    a.add(END_OF_OPTIONS);
    a.addAll(new Criu(criu).restoreCommand(criuOptions.build()));
    return new RestoreLaunch(a);
  }

  private static void option(List<String> args, String name, String value) {
    args.add(name);
    args.add(value);
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

  /** Ends the launcher's options; CRIU's restore command follows. */
  static final String END_OF_OPTIONS = "--";

  /**
   * How CRIU restores a migration's images: in the foreground (criu stays the parent of
   * the restored tree, so the NM's kill of the container ends it), the tree's file locks,
   * the TCP mode the checkpoint dumped with, cgroups left to the NM, the action script
   * that marks the tree restored once it runs again, and lazy pages after a post-copy dump.
   */
  static CriuRestoreOptions restoreOptions(File migrationDir, RestoreSpec spec,
      File actionScript) {
    return CriuRestoreOptions.builder(
        new File(migrationDir, MigrationContract.IMAGES_DIR).toPath().toAbsolutePath())
        .logFile(MigrationContract.RESTORE_LOG)
        .cgroupMode(CriuCgroupMode.IGNORE)
        .fileLocks(true)
        .tcpMode(spec.getTcpMode())
        .actionScript(actionScript.toPath())
        // post-copy: the pages come from the lazy-pages daemon the executor started on
        // this images dir (its socket is there: no other work dir)
        .lazyPages(spec.isLazyPages())
        .build();
  }

  /**
   * The same launch handing the target work dir and log dir to {@code owner}
   * ({@code <uid>:<gid>}, {@code --run-as}) once the log files are open.
   */
  public RestoreLaunch runAs(String owner) {
    if (!owner.matches("[1-9][0-9]*:[0-9]+")) {
      throw new IllegalArgumentException("not <uid>:<gid> of a user: " + owner);
    }
    List<String> a = new ArrayList<>(args);
    int end = a.indexOf(END_OF_OPTIONS);
    a.add(end, owner);
    a.add(end, "--run-as");
    return new RestoreLaunch(a);
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
