/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint;

import java.io.File;
import java.util.Objects;

/** What to checkpoint and where to: immutable input of {@link ContainerCheckpointer}. */
public final class CheckpointRequest {

  private final String containerId;
  private final int launcherPid;
  private final File workDir;
  private final File logDir;
  private final String migrationId;
  private final File outputDir;

  /**
   * @param containerId the container
   * @param launcherPid pid from the NM pid file (ContainerExecutor.getProcessId)
   * @param workDir the container's work dir
   * @param logDir the container's log dir (stdout/stderr used if the tree's fds are not files)
   * @param migrationId the migration
   * @param outputDir where images/, workdir/ and the restore spec go; must not exist
   */
  public CheckpointRequest(String containerId, int launcherPid, File workDir, File logDir,
      String migrationId, File outputDir) {
    this.containerId = Objects.requireNonNull(containerId, "containerId");
    this.launcherPid = launcherPid;
    this.workDir = Objects.requireNonNull(workDir, "workDir").getAbsoluteFile();
    this.logDir = Objects.requireNonNull(logDir, "logDir").getAbsoluteFile();
    this.migrationId = Objects.requireNonNull(migrationId, "migrationId");
    this.outputDir = Objects.requireNonNull(outputDir, "outputDir").getAbsoluteFile();
  }

  public String getContainerId() {
    return containerId;
  }

  public int getLauncherPid() {
    return launcherPid;
  }

  public File getWorkDir() {
    return workDir;
  }

  public File getLogDir() {
    return logDir;
  }

  public String getMigrationId() {
    return migrationId;
  }

  public File getOutputDir() {
    return outputDir;
  }

  @Override
  public String toString() {
    return containerId + " (migration " + migrationId + ", launcher pid " + launcherPid + ")";
  }
}
