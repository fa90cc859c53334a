/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.records;

import org.apache.hadoop.classification.InterfaceAudience.Public;
import org.apache.hadoop.classification.InterfaceStability.Unstable;

/** What a drain did with one container of the node. */
@Public
@Unstable
public enum NodeDrainContainerState {
  /** Waiting for a free migration slot (or for its retry). */
  PENDING,
  /** A migration of it is in flight ({@code migrationId}). */
  MIGRATING,
  /** Its migration SUCCEEDED: it runs on {@code targetNode}. */
  MIGRATED,
  /** Its migrations failed (every attempt); it keeps running on the node. */
  FAILED,
  /** No RUNNING node has room for it right now; retried while the drain lasts. */
  NO_ROOM,
  /** It cannot be migrated (an ApplicationMaster); it runs until it ends or the timeout. */
  NOT_MIGRATABLE,
  /** It ended on the node by itself (not through a migration). */
  FINISHED
}
