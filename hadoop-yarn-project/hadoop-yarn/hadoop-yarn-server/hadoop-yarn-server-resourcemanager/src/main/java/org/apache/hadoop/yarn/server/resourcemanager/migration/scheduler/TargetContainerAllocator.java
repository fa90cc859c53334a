/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler;

import java.util.Set;

import org.apache.hadoop.yarn.api.migration.ContainerMigrationException;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.server.resourcemanager.migration.records.MigrationSpec;

/**
 * The scheduler seam of a migration: obtains, through the scheduler (so queue, user,
 * application and node accounting stay exact), a container of the source container's size
 * for the same application attempt on the target node, and gives it back on failure.
 *
 * <p>The target container is marked with the allocation tag
 * {@link #MIGRATION_TAG_PREFIX}{@code <migrationId>} and must never be handed to the
 * ApplicationMaster as a new container: the allocator takes it out of the attempt's newly
 * allocated containers, and the AMS processor filters any container carrying the tag (see
 * {@link #isMigrationTarget(Container)}).
 */
public interface TargetContainerAllocator {

  /** Prefix of the allocation tag of every migration target container. */
  String MIGRATION_TAG_PREFIX = "yarn-migration:";

  /**
   * Allocates the target container synchronously.
   *
   * @return the ACQUIRED container, with a container token
   * @throws ContainerMigrationException if the scheduler does not grant it (the text says
   *     why); nothing is held then
   */
  TargetAllocation allocate(MigrationSpec spec) throws ContainerMigrationException;

  /**
   * Releases the target container through the scheduler, as an AM release would. Safe to
   * call twice and for containers that already completed.
   *
   * @param diagnostics why, shown in the container's final status
   */
  void release(TargetAllocation allocation, String diagnostics);

  /** The allocation tag for a migration. */
  static String tagFor(String migrationId) {
    return MIGRATION_TAG_PREFIX + migrationId;
  }

  /** The migration id in an allocation-tag set, or null if none is a migration tag. */
  static String migrationIdOf(Set<String> allocationTags) {
    if (allocationTags != null) {
      for (String tag : allocationTags) {
        if (tag != null && tag.startsWith(MIGRATION_TAG_PREFIX)) {
          return tag.substring(MIGRATION_TAG_PREFIX.length());
        }
      }
    }
    return null;
  }

  /** Whether a container (as an AM would receive it) is a migration target. */
  static boolean isMigrationTarget(Container container) {
    return container != null && migrationIdOf(container.getAllocationTags()) != null;
  }
}
