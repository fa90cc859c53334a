/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.records;

import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationStrategy;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationTcpMode;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;

/**
 * Everything fixed about one accepted migration: immutable, so the interfaces that take it
 * (allocator, node channel) stay stable when fields are added.
 */
public final class MigrationSpec {

  private final String migrationId;
  private final ContainerId containerId;
  private final String user;
  private final String appOwner;
  private final NodeId sourceNode;
  private final NodeId targetNode;
  private final Resource resource;
  private final Priority priority;
  private final ContainerMigrationStrategy strategy;
  private final ContainerMigrationTcpMode tcpMode;
  private final String placement;
  private final String reason;
  private final long timeoutMs;
  private final long submitTime;

  private MigrationSpec(Builder b) {
    this.migrationId = b.migrationId;
    this.containerId = b.containerId;
    this.user = b.user;
    this.appOwner = b.appOwner;
    this.sourceNode = b.sourceNode;
    this.targetNode = b.targetNode;
    this.resource = b.resource;
    this.priority = b.priority;
    this.strategy = b.strategy == null ? ContainerMigrationStrategy.DEFAULT : b.strategy;
    this.tcpMode = b.tcpMode == null ? ContainerMigrationTcpMode.DEFAULT : b.tcpMode;
    this.placement = b.placement;
    this.reason = b.reason;
    this.timeoutMs = b.timeoutMs;
    this.submitTime = b.submitTime;
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  public String getMigrationId() {
    return migrationId;
  }

  /**
   * The container being moved: the current container of its migration chain (after an
   * earlier move, the target of that move). Its ApplicationMaster keeps seeing the chain's
   * original id ({@code ams.MigrationIdMap#originalOf}).
   */
  public ContainerId getContainerId() {
    return containerId;
  }

  public ApplicationAttemptId getApplicationAttemptId() {
    return containerId.getApplicationAttemptId();
  }

  /** Who asked for the migration. */
  public String getUser() {
    return user;
  }

  /** Who owns the application (the user the containers run as). */
  public String getAppOwner() {
    return appOwner;
  }

  public NodeId getSourceNode() {
    return sourceNode;
  }

  public NodeId getTargetNode() {
    return targetNode;
  }

  /** The size of the source container, which the target container gets too. */
  public Resource getResource() {
    return resource;
  }

  /** The priority of the source container, which the target container gets too. */
  public Priority getPriority() {
    return priority;
  }

  public ContainerMigrationStrategy getStrategy() {
    return strategy;
  }

  /** What the migration does with the tree's TCP connections; never null. */
  public ContainerMigrationTcpMode getTcpMode() {
    return tcpMode;
  }

  /** Why the RM chose the target node; null when the request named it. */
  public String getPlacement() {
    return placement;
  }

  /** Why the migration ran ("requested by alice", "drain of host:port", "rebalance: ..."). */
  public String getReason() {
    return reason;
  }

  /** Deadline of the whole migration, ms after it starts. */
  public long getTimeoutMs() {
    return timeoutMs;
  }

  public long getSubmitTime() {
    return submitTime;
  }

  @Override
  public String toString() {
    return "migration " + migrationId + " of " + containerId + " from " + sourceNode + " to "
        + targetNode;
  }

  /** Builder of {@link MigrationSpec}. */
  public static final class Builder {
    private String migrationId;
    private ContainerId containerId;
    private String user;
    private String appOwner;
    private NodeId sourceNode;
    private NodeId targetNode;
    private Resource resource;
    private Priority priority;
    private ContainerMigrationStrategy strategy;
    private ContainerMigrationTcpMode tcpMode;
    private String placement;
    private String reason;
    private long timeoutMs;
    private long submitTime;

    public Builder migrationId(String v) {
      this.migrationId = v;
      return this;
    }

    public Builder containerId(ContainerId v) {
      this.containerId = v;
      return this;
    }

    public Builder user(String v) {
      this.user = v;
      return this;
    }

    public Builder appOwner(String v) {
      this.appOwner = v;
      return this;
    }

    public Builder sourceNode(NodeId v) {
      this.sourceNode = v;
      return this;
    }

    public Builder targetNode(NodeId v) {
      this.targetNode = v;
      return this;
    }

    public Builder resource(Resource v) {
      this.resource = v;
      return this;
    }

    public Builder priority(Priority v) {
      this.priority = v;
      return this;
    }

    /** @param v null: {@link ContainerMigrationTcpMode#DEFAULT} */
    public Builder tcpMode(ContainerMigrationTcpMode v) {
      this.tcpMode = v;
      return this;
    }

    /** @param v why the RM chose the target node; null when the request named it */
    public Builder placement(String v) {
      this.placement = v;
      return this;
    }

    /** @param v why the migration runs (who asked, or which RM service and why) */
    public Builder reason(String v) {
      this.reason = v;
      return this;
    }

    public Builder strategy(ContainerMigrationStrategy v) {
      this.strategy = v;
      return this;
    }

    public Builder timeoutMs(long v) {
      this.timeoutMs = v;
      return this;
    }

    public Builder submitTime(long v) {
      this.submitTime = v;
      return this;
    }

    public MigrationSpec build() {
      if (migrationId == null || containerId == null || sourceNode == null
          || targetNode == null) {
        throw new IllegalStateException("migrationId, containerId, sourceNode and targetNode"
            + " are required");
      }
      return new MigrationSpec(this);
    }
  }
}
