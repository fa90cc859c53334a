/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.records;

import org.apache.hadoop.classification.InterfaceAudience.Public;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.util.Records;

/** Options of one migration request. */
@Public
@Unstable
public abstract class ContainerMigrationOptions {

  /** Defaults: {@link ContainerMigrationStrategy#STOP_AND_COPY}, server default timeout. */
  public static ContainerMigrationOptions newInstance() {
    return Records.newRecord(ContainerMigrationOptions.class);
  }

  public static ContainerMigrationOptions newInstance(ContainerMigrationStrategy strategy,
      long timeoutMs) {
    ContainerMigrationOptions options = newInstance();
    options.setStrategy(strategy);
    options.setTimeoutMs(timeoutMs);
    return options;
  }

  /** The strategy; {@link ContainerMigrationStrategy#STOP_AND_COPY} when unset. */
  public abstract ContainerMigrationStrategy getStrategy();

  /** @param strategy null resets to the default */
  public abstract void setStrategy(ContainerMigrationStrategy strategy);

  /**
   * Deadline of the whole migration in milliseconds; 0 means the server default
   * ({@code yarn.resourcemanager.migration.default-timeout-ms}).
   */
  public abstract long getTimeoutMs();

  public abstract void setTimeoutMs(long timeoutMs);

  /**
   * What the migration does with the container's TCP connections; null when unset (the
   * server then uses {@link ContainerMigrationTcpMode#DEFAULT}).
   */
  public abstract ContainerMigrationTcpMode getTcpMode();

  /** @param tcpMode null resets to the server's default */
  public abstract void setTcpMode(ContainerMigrationTcpMode tcpMode);

  /**
   * With no target node: the file system paths (files or directories, e.g. on HDFS) whose
   * data the container reads; the ResourceManager places it on the node holding most of
   * their blocks. Empty (never null) when unset.
   */
  public abstract java.util.List<String> getNearPaths();

  /** @param paths null or empty: no data hint */
  public abstract void setNearPaths(java.util.List<String> paths);
}
