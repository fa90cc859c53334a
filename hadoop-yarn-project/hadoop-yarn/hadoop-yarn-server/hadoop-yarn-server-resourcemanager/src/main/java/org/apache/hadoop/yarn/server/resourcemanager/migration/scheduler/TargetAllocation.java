/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler;

import org.apache.hadoop.yarn.api.records.Container;

/**
 * The container the scheduler granted on the target node for one migration: already
 * ACQUIRED in the RM (the allocation expirer runs from now on, so the target NM must
 * start it within {@code yarn.resourcemanager.rm.container-allocation.expiry-interval-ms})
 * and carrying a valid container token, so the RM can start it itself.
 */
public final class TargetAllocation {

  private final String migrationId;
  private final Container container;
  private final String allocationTag;

  public TargetAllocation(String migrationId, Container container, String allocationTag) {
    this.migrationId = migrationId;
    this.container = container;
    this.allocationTag = allocationTag;
  }

  public String getMigrationId() {
    return migrationId;
  }

  /** Id, node, resource, priority and container token of the target container. */
  public Container getContainer() {
    return container;
  }

  /** The allocation tag that marks the container as a migration target. */
  public String getAllocationTag() {
    return allocationTag;
  }

  @Override
  public String toString() {
    return container.getId() + " on " + container.getNodeId() + " for migration "
        + migrationId;
  }
}
