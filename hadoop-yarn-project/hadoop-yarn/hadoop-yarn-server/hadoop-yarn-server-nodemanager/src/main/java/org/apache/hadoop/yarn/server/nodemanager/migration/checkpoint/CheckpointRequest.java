/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint;

import java.io.File;
import java.util.Objects;

import org.apache.hadoop.criu.CriuTcpMode;
import org.apache.hadoop.yarn.server.nodemanager.migration.network.OwnAddress;

/** What to checkpoint and where to: immutable input of {@link ContainerCheckpointer}. */
public final class CheckpointRequest {

  private final String containerId;
  private final int launcherPid;
  private final File workDir;
  private final File logDir;
  private final String migrationId;
  private final File outputDir;
  private final java.util.Map<String, String> localizedResources;
  private final CriuTcpMode tcpMode;
  private final File treeWorkDir;
  private final File treeLogDir;
  private final OwnAddress ownAddress;
  private final boolean lazyPages;

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
    this(containerId, launcherPid, workDir, logDir, migrationId, outputDir,
        java.util.Collections.<String, String>emptyMap());
  }

  /**
   * @param localizedResources the container's localized resources: link name in the work
   *     dir -&gt; absolute path of the localized copy on this node (see RestoreSpec)
   */
  public CheckpointRequest(String containerId, int launcherPid, File workDir, File logDir,
      String migrationId, File outputDir, java.util.Map<String, String> localizedResources) {
    this(containerId, launcherPid, workDir, logDir, migrationId, outputDir, localizedResources,
        CriuTcpMode.DEFAULT, workDir, logDir, null, false);
  }

  private CheckpointRequest(String containerId, int launcherPid, File workDir, File logDir,
      String migrationId, File outputDir, java.util.Map<String, String> localizedResources,
      CriuTcpMode tcpMode, File treeWorkDir, File treeLogDir, OwnAddress ownAddress,
      boolean lazyPages) {
    this.ownAddress = ownAddress;
    this.lazyPages = lazyPages;
    this.tcpMode = Objects.requireNonNull(tcpMode, "tcpMode");
    this.localizedResources = java.util.Collections.unmodifiableMap(
        new java.util.TreeMap<>(localizedResources));
    this.containerId = Objects.requireNonNull(containerId, "containerId");
    this.launcherPid = launcherPid;
    this.workDir = Objects.requireNonNull(workDir, "workDir").getAbsoluteFile();
    this.logDir = Objects.requireNonNull(logDir, "logDir").getAbsoluteFile();
    this.migrationId = Objects.requireNonNull(migrationId, "migrationId");
    this.outputDir = Objects.requireNonNull(outputDir, "outputDir").getAbsoluteFile();
    this.treeWorkDir = Objects.requireNonNull(treeWorkDir, "treeWorkDir").getAbsoluteFile();
    this.treeLogDir = Objects.requireNonNull(treeLogDir, "treeLogDir").getAbsoluteFile();
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

  /** Link name -&gt; localized path on this node of the container's resources. */
  public java.util.Map<String, String> getLocalizedResources() {
    return localizedResources;
  }

  /**
   * This request with the given TCP mode: what the dump (and the restore, through the
   * spec) does with the tree's established connections. {@link CriuTcpMode#DEFAULT}: a
   * tree that holds one cannot be dumped.
   */
  public CheckpointRequest withTcpMode(CriuTcpMode mode) {
    return new CheckpointRequest(containerId, launcherPid, workDir, logDir, migrationId,
        outputDir, localizedResources, mode, treeWorkDir, treeLogDir, ownAddress,
        lazyPages);
  }

  /**
   * This request for a tree that sees its work dir and log dir at other paths than this
   * node's (a restored tree, whose mount namespace presents its original container's
   * directories there): its files are checked and recorded by those paths, so that every
   * later target presents the same ones.
   */
  public CheckpointRequest withTreePaths(File workDirSeen, File logDirSeen) {
    return new CheckpointRequest(containerId, launcherPid, workDir, logDir, migrationId,
        outputDir, localizedResources, tcpMode, workDirSeen, logDirSeen, ownAddress,
        lazyPages);
  }

  /**
   * This request for a tree with an address of its own (its own network namespace, whose
   * veth's host end is cut while the tree is frozen), or none (null).
   */
  public CheckpointRequest withOwnAddress(OwnAddress own) {
    return new CheckpointRequest(containerId, launcherPid, workDir, logDir, migrationId,
        outputDir, localizedResources, tcpMode, treeWorkDir, treeLogDir, own, lazyPages);
  }

  /**
   * This request as post-copy (true): the dump writes every image but the memory pages
   * and serves those to the target's restore (lazy pages), or stop-and-copy (false).
   */
  public CheckpointRequest withLazyPages(boolean lazy) {
    return new CheckpointRequest(containerId, launcherPid, workDir, logDir, migrationId,
        outputDir, localizedResources, tcpMode, treeWorkDir, treeLogDir, ownAddress, lazy);
  }

  /** See {@link #withLazyPages}. */
  public boolean isLazyPages() {
    return lazyPages;
  }

  /** The tree's address of its own, or null: it shares the node's network. */
  public OwnAddress getOwnAddress() {
    return ownAddress;
  }

  /** The work dir as the tree sees it: {@link #getWorkDir()} unless restored elsewhere. */
  public File getTreeWorkDir() {
    return treeWorkDir;
  }

  /** The log dir as the tree sees it: {@link #getLogDir()} unless restored elsewhere. */
  public File getTreeLogDir() {
    return treeLogDir;
  }

  public CriuTcpMode getTcpMode() {
    return tcpMode;
  }

  @Override
  public String toString() {
    return containerId + " (migration " + migrationId + ", launcher pid " + launcherPid + ")";
  }
}
