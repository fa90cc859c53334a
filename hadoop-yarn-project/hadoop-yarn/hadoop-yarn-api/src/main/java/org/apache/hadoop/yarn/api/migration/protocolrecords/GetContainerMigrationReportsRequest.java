/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.protocolrecords;

import java.util.Set;

import org.apache.hadoop.classification.InterfaceAudience.Public;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.util.Records;

/**
 * Asks for migration reports. Every filter that is set must match (null or empty = any);
 * the server answers newest first, at most {@link #getLimit()} reports.
 */
@Public
@Unstable
public abstract class GetContainerMigrationReportsRequest {

  /** The limit when none is set. */
  public static final int DEFAULT_LIMIT = 100;

  /** No filter, {@link #DEFAULT_LIMIT} reports. */
  public static GetContainerMigrationReportsRequest newInstance() {
    return Records.newRecord(GetContainerMigrationReportsRequest.class);
  }

  public static GetContainerMigrationReportsRequest newInstance(ContainerId containerId,
      ApplicationId applicationId, NodeId node, Set<ContainerMigrationState> states,
      int limit) {
    GetContainerMigrationReportsRequest request = newInstance();
    request.setContainerId(containerId);
    request.setApplicationId(applicationId);
    request.setNode(node);
    request.setStates(states);
    request.setLimit(limit);
    return request;
  }

  /** Only migrations of this (original) container; null = any. */
  public abstract ContainerId getContainerId();

  public abstract void setContainerId(ContainerId containerId);

  /** Only migrations of this application's containers; null = any. */
  public abstract ApplicationId getApplicationId();

  public abstract void setApplicationId(ApplicationId applicationId);

  /** Only migrations whose source or target is this node; null = any. */
  public abstract NodeId getNode();

  public abstract void setNode(NodeId node);

  /** Only migrations currently in one of these states; never null, empty = any. */
  public abstract Set<ContainerMigrationState> getStates();

  public abstract void setStates(Set<ContainerMigrationState> states);

  /** At most this many reports; {@link #DEFAULT_LIMIT} when unset. */
  public abstract int getLimit();

  public abstract void setLimit(int limit);
}
