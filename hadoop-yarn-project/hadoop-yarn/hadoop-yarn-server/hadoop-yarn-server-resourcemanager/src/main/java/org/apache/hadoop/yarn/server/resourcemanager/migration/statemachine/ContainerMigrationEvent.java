/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine;

import org.apache.hadoop.yarn.event.AbstractEvent;
import org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler.TargetAllocation;

/**
 * One input of a migration's state machine. Immutable; the optional payloads are set only
 * by the events that carry them.
 */
public final class ContainerMigrationEvent extends AbstractEvent<ContainerMigrationEventType> {

  private final String migrationId;
  private final String diagnostics;
  private final TargetAllocation allocation;
  private final long bytes;
  private final long frozenTimeMs;
  private final long nextPhaseElapsedMs;
  private long dumpMs;

  private ContainerMigrationEvent(String migrationId, ContainerMigrationEventType type,
      String diagnostics, TargetAllocation allocation, long bytes, long frozenTimeMs) {
    this(migrationId, type, diagnostics, allocation, bytes, frozenTimeMs, 0);
  }

  private ContainerMigrationEvent(String migrationId, ContainerMigrationEventType type,
      String diagnostics, TargetAllocation allocation, long bytes, long frozenTimeMs,
      long nextPhaseElapsedMs) {
    super(type);
    this.migrationId = migrationId;
    this.diagnostics = diagnostics;
    this.allocation = allocation;
    this.bytes = bytes;
    this.frozenTimeMs = frozenTimeMs;
    this.nextPhaseElapsedMs = Math.max(0, nextPhaseElapsedMs);
  }

  /** An event without payload. */
  public static ContainerMigrationEvent of(String migrationId,
      ContainerMigrationEventType type) {
    return new ContainerMigrationEvent(migrationId, type, null, null, 0, 0);
  }

  /** A failure event (or any event) with a human-readable cause. */
  public static ContainerMigrationEvent failure(String migrationId,
      ContainerMigrationEventType type, String diagnostics) {
    return new ContainerMigrationEvent(migrationId, type, diagnostics, null, 0, 0);
  }

  public static ContainerMigrationEvent allocated(String migrationId,
      TargetAllocation allocation) {
    return new ContainerMigrationEvent(migrationId, ContainerMigrationEventType.ALLOCATED,
        null, allocation, 0, 0);
  }

  /**
   * The checkpoint is done. {@code transferMs}: how long the source already spent shipping
   * the images within the same NM call (0 if it did not ship); that tail of the step is
   * recorded as TRANSFERRING, not CHECKPOINTING.
   */
  public static ContainerMigrationEvent checkpointed(String migrationId, long transferMs) {
    return checkpointed(migrationId, transferMs, 0, 0);
  }

  /**
   * The checkpoint is done, with what the source NodeManager measured: its ship time
   * {@code transferMs} (that tail of the step is recorded as TRANSFERRING), CRIU's dump
   * time and the bytes shipped (0 when not measured).
   */
  public static ContainerMigrationEvent checkpointed(String migrationId, long transferMs,
      long dumpMs, long transferredBytes) {
    ContainerMigrationEvent e = new ContainerMigrationEvent(migrationId,
        ContainerMigrationEventType.CHECKPOINTED, null, null, Math.max(0, transferredBytes),
        0, transferMs);
    e.dumpMs = Math.max(0, dumpMs);
    return e;
  }

  /** CHECKPOINTED: CRIU's dump time on the source, ms (0 if not measured). */
  public long getDumpMs() {
    return dumpMs;
  }

  public static ContainerMigrationEvent transferred(String migrationId, long bytes) {
    return new ContainerMigrationEvent(migrationId, ContainerMigrationEventType.TRANSFERRED,
        null, null, bytes, 0);
  }

  public static ContainerMigrationEvent restored(String migrationId, long frozenTimeMs) {
    return new ContainerMigrationEvent(migrationId, ContainerMigrationEventType.RESTORED,
        null, null, 0, frozenTimeMs);
  }

  public String getMigrationId() {
    return migrationId;
  }

  /** The cause for failure events; may be null. */
  public String getDiagnostics() {
    return diagnostics;
  }

  /** The target allocation for {@link ContainerMigrationEventType#ALLOCATED}; else null. */
  public TargetAllocation getAllocation() {
    return allocation;
  }

  /** Bytes moved, for {@link ContainerMigrationEventType#TRANSFERRED}. */
  public long getBytes() {
    return bytes;
  }

  /**
   * How long the state this event enters has in fact been running when the event is
   * handled: the event's step measured (on the node) that its last this-many ms already
   * belonged to the next phase. The phase boundary is placed that far before "now", never
   * before the current phase's start. 0 (the default) = the boundary is now.
   */
  public long getNextPhaseElapsedMs() {
    return nextPhaseElapsedMs;
  }

  /** Downtime, for {@link ContainerMigrationEventType#RESTORED}. */
  public long getFrozenTimeMs() {
    return frozenTimeMs;
  }
}
