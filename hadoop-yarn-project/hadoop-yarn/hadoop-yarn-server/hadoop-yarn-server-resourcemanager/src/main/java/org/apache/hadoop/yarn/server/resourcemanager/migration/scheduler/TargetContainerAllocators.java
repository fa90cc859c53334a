/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler;

import org.apache.hadoop.yarn.api.migration.ContainerMigrationException;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException.Reason;
import org.apache.hadoop.yarn.server.resourcemanager.RMContext;
import org.apache.hadoop.yarn.server.resourcemanager.migration.records.MigrationSpec;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.ResourceScheduler;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.capacity.CapacityScheduler;

/** Picks the {@link TargetContainerAllocator} for the RM's scheduler. */
public final class TargetContainerAllocators {

  private TargetContainerAllocators() {
  }

  /**
   * The allocator for the scheduler in the context: the CapacityScheduler one, or one that
   * rejects every migration with a clear message for other schedulers.
   */
  public static TargetContainerAllocator forScheduler(RMContext rmContext) {
    ResourceScheduler scheduler = rmContext.getScheduler();
    if (scheduler instanceof CapacityScheduler) {
      return new CapacitySchedulerTargetAllocator(rmContext);
    }
    return new Unsupported(scheduler == null ? "none" : scheduler.getClass().getSimpleName());
  }

  /** The error text for an unsupported scheduler. */
  public static String unsupportedMessage(String schedulerName) {
    return "scheduler " + schedulerName + " is not supported for migration; use"
        + " CapacityScheduler";
  }

  /** Rejects every allocation: the scheduler has no seam for migration. */
  static final class Unsupported implements TargetContainerAllocator {
    private final String schedulerName;

    Unsupported(String schedulerName) {
      this.schedulerName = schedulerName;
    }

    /** Non-null: the reason every migration is rejected up front. */
    String getSchedulerName() {
      return schedulerName;
    }

    @Override
    public TargetAllocation allocate(MigrationSpec spec) throws ContainerMigrationException {
      throw new ContainerMigrationException(Reason.INVALID_REQUEST,
          unsupportedMessage(schedulerName));
    }

    @Override
    public void release(TargetAllocation allocation, String diagnostics) {
      // Nothing was ever allocated.
    }
  }

  /** The reason no migration can work with this allocator, or null when it can. */
  public static String unsupportedReason(TargetContainerAllocator allocator) {
    return allocator instanceof Unsupported
        ? unsupportedMessage(((Unsupported) allocator).getSchedulerName()) : null;
  }
}
