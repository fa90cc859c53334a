/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.ams;

import org.apache.hadoop.yarn.api.records.ContainerId;

/**
 * Read-only view of which containers stand for which after migrations: what the
 * {@link MigrationAMSProcessor} needs to keep migrations invisible to the
 * ApplicationMaster. Thread-safe.
 *
 * <p>After A was migrated to B and B to C: {@code originalOf(C) = A},
 * {@code currentOf(A) = C}; A and B are hidden sources (their completions are not shown to
 * the AM); completions of C reach the AM as A.
 */
public interface ContainerAliases {

  /** The id the AM knows for {@code id}: the first container of its migration chain. */
  ContainerId originalOf(ContainerId id);

  /** The container that now runs what the AM knows as {@code id} (itself if never moved). */
  ContainerId currentOf(ContainerId id);

  /**
   * Whether {@code id} is the target container of a migration that has not succeeded (in
   * flight, or released by a rollback): never to be shown to the AM.
   */
  boolean isMigrationTarget(ContainerId id);

  /** Whether {@code id} is the source of a SUCCEEDED migration whose completion is hidden. */
  boolean isHiddenSource(ContainerId id);
}
