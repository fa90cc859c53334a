/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine;

import org.apache.hadoop.yarn.api.migration.MigrationFailure;
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
  private final long stepMs;
  private final MigrationFailure failure;

  private ContainerMigrationEvent(String migrationId, ContainerMigrationEventType type,
      String diagnostics, TargetAllocation allocation, long bytes, long frozenTimeMs) {
    this(migrationId, type, diagnostics, allocation, bytes, frozenTimeMs, 0, null);
  }

  private ContainerMigrationEvent(String migrationId, ContainerMigrationEventType type,
      String diagnostics, TargetAllocation allocation, long bytes, long frozenTimeMs,
      long stepMs, MigrationFailure failure) {
    super(type);
    this.migrationId = migrationId;
    this.diagnostics = diagnostics;
    this.failure = failure;
    this.allocation = allocation;
    this.bytes = bytes;
    this.frozenTimeMs = frozenTimeMs;
    this.stepMs = Math.max(0, stepMs);
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

  /**
   * A step's failure as fields (from the channel or the allocator); the diagnostics are its
   * message.
   */
  public static ContainerMigrationEvent failed(String migrationId,
      ContainerMigrationEventType type, MigrationFailure failure) {
    return new ContainerMigrationEvent(migrationId, type, failure.getMessage(), null, 0, 0, 0,
        failure);
  }

  public static ContainerMigrationEvent allocated(String migrationId,
      TargetAllocation allocation) {
    return new ContainerMigrationEvent(migrationId, ContainerMigrationEventType.ALLOCATED,
        null, allocation, 0, 0);
  }

  /**
   * The checkpoint is done, with what the source NodeManager measured: CRIU's dump time
   * and the images' size (0 when not measured).
   */
  public static ContainerMigrationEvent checkpointed(String migrationId, long dumpMs,
      long imageBytes) {
    return new ContainerMigrationEvent(migrationId, ContainerMigrationEventType.CHECKPOINTED,
        null, null, Math.max(0, imageBytes), 0, dumpMs, null);
  }

  /**
   * The target holds the images, with what the source NodeManager measured: the transfer
   * time and the bytes shipped (0 when not measured).
   */
  public static ContainerMigrationEvent transferred(String migrationId, long transferMs,
      long transferredBytes) {
    return new ContainerMigrationEvent(migrationId, ContainerMigrationEventType.TRANSFERRED,
        null, null, Math.max(0, transferredBytes), 0, transferMs, null);
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

  /**
   * The failed step as fields, when the step's maker gave them ({@link #failed}); else null
   * (the migration then names the step from the state it was in).
   */
  public MigrationFailure getFailure() {
    return failure;
  }

  /** The target allocation for {@link ContainerMigrationEventType#ALLOCATED}; else null. */
  public TargetAllocation getAllocation() {
    return allocation;
  }

  /**
   * Bytes: the images' size for {@link ContainerMigrationEventType#CHECKPOINTED}, the bytes
   * shipped for {@link ContainerMigrationEventType#TRANSFERRED}.
   */
  public long getBytes() {
    return bytes;
  }

  /**
   * What the node measured of the step, ms: CRIU's dump for CHECKPOINTED, the transfer for
   * TRANSFERRED; else 0.
   */
  public long getStepMs() {
    return stepMs;
  }

  /** Downtime, for {@link ContainerMigrationEventType#RESTORED}. */
  public long getFrozenTimeMs() {
    return frozenTimeMs;
  }
}
