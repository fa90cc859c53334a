/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine;

/** What can happen to one container migration; the inputs of its state machine. */
public enum ContainerMigrationEventType {
  /** The request was accepted; start obtaining the target container. */
  START,
  /** The scheduler granted the target container (payload: the allocation). */
  ALLOCATED,
  /** The scheduler could not grant the target container. */
  ALLOCATION_FAILED,
  /** The source NodeManager froze and dumped the container. */
  CHECKPOINTED,
  /** The dump failed; the source NodeManager thaws the container. */
  CHECKPOINT_FAILED,
  /** The images arrived on the target NodeManager (payload: bytes moved). */
  TRANSFERRED,
  /** The images did not arrive. */
  TRANSFER_FAILED,
  /** The restored tree runs in the target container (payload: frozen time). */
  RESTORED,
  /** The restore failed or the target container did not start. */
  RESTORE_FAILED,
  /** Post-copy: the source confirmed that every memory page reached the target. */
  PAGES_PULLED,
  /**
   * Post-copy: the pages did not all reach the target after the restore (the source said
   * so, or never confirmed them); the tree there lacks memory.
   */
  PAGES_LOST,
  /** The migration's deadline passed. */
  TIMEOUT,
  /** The source container, its application or a node went away during the migration. */
  ABORTED,
  /** Rollback finished: source resumed, target allocation released. */
  ROLLED_BACK,
  /**
   * Internal: an event arrived that the table does not allow in the current state. Fails
   * the migration (through rollback when something is held) instead of only logging.
   */
  ILLEGAL_EVENT
}
