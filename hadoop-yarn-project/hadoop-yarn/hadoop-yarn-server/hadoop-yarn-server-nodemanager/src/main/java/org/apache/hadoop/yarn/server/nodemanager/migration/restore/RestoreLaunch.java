/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.restore;

import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.apache.hadoop.yarn.server.nodemanager.migration.executor.LaunchScriptRewriter.quote;

/**
 * The restore launcher's command line, built from a {@link RestoreSpec} and the target
 * container's directories. The launcher (restore-launcher.sh) takes, in order: migrated
 * marker, criu binary, migration dir, source work dir, target work dir, source log dir,
 * target log dir, action script, then the names of the source log dir's files (each one
 * the restored tree holds open continues in the target log dir's file of that name).
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
    List<String> a = new ArrayList<>();
    a.add(migratedMarker.getAbsolutePath());
    a.add(criu);
    a.add(migrationDir.getAbsolutePath());
    a.add(spec.getSourceWorkDir());
    a.add(targetWorkDir);
    a.add(spec.getSourceLogDir());
    a.add(targetLogDir);
    a.add(actionScript.getAbsolutePath());
    a.addAll(spec.getSourceLogFiles());
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
