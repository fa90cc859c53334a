/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationStrategy;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationTcpMode;
import org.apache.hadoop.yarn.api.migration.records.impl.pb.MigrationProtoUtils;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.CheckpointContainerRequestProto;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.CheckpointContainerRequestProtoOrBuilder;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.CheckpointContainerRequest;

import com.google.protobuf.TextFormat;

/** Protobuf-backed {@link CheckpointContainerRequest}. */
@Private
@Unstable
public class CheckpointContainerRequestPBImpl extends CheckpointContainerRequest {

  private CheckpointContainerRequestProto proto = CheckpointContainerRequestProto.getDefaultInstance();
  private CheckpointContainerRequestProto.Builder builder = null;
  private boolean viaProto = false;

  public CheckpointContainerRequestPBImpl() {
    builder = CheckpointContainerRequestProto.newBuilder();
  }

  public CheckpointContainerRequestPBImpl(CheckpointContainerRequestProto proto) {
    this.proto = proto;
    viaProto = true;
  }

  public synchronized CheckpointContainerRequestProto getProto() {
    proto = viaProto ? proto : builder.build();
    viaProto = true;
    return proto;
  }

  private void maybeInitBuilder() {
    if (viaProto || builder == null) {
      builder = CheckpointContainerRequestProto.newBuilder(proto);
    }
    viaProto = false;
  }

  @Override
  public synchronized String getMigrationId() {
    CheckpointContainerRequestProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasMigrationId() ? p.getMigrationId() : null;
  }

  @Override
  public synchronized void setMigrationId(String value) {
    maybeInitBuilder();
    if (value == null) {
      builder.clearMigrationId();
    } else {
      builder.setMigrationId(value);
    }
  }

  @Override
  public synchronized ContainerId getContainerId() {
    CheckpointContainerRequestProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasContainerId() ? MigrationProtoUtils.containerIdFromWire(p.getContainerId()) : null;
  }

  @Override
  public synchronized void setContainerId(ContainerId value) {
    maybeInitBuilder();
    if (value == null) {
      builder.clearContainerId();
    } else {
      builder.setContainerId(MigrationProtoUtils.toWire(value));
    }
  }

  @Override
  public synchronized NodeId getTargetNodeId() {
    CheckpointContainerRequestProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasTargetNodeId() ? MigrationProtoUtils.nodeIdFromWire(p.getTargetNodeId()) : null;
  }

  @Override
  public synchronized void setTargetNodeId(NodeId value) {
    maybeInitBuilder();
    if (value == null) {
      builder.clearTargetNodeId();
    } else {
      builder.setTargetNodeId(MigrationProtoUtils.toWire(value));
    }
  }

  @Override
  public synchronized String getTargetTransferAddress() {
    CheckpointContainerRequestProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasTargetTransferAddress() ? p.getTargetTransferAddress() : null;
  }

  @Override
  public synchronized void setTargetTransferAddress(String value) {
    maybeInitBuilder();
    if (value == null) {
      builder.clearTargetTransferAddress();
    } else {
      builder.setTargetTransferAddress(value);
    }
  }

  @Override
  public synchronized ContainerMigrationStrategy getStrategy() {
    CheckpointContainerRequestProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasStrategy() ? ContainerMigrationStrategy.valueOf(p.getStrategy()) : null;
  }

  @Override
  public synchronized void setStrategy(ContainerMigrationStrategy value) {
    maybeInitBuilder();
    if (value == null) {
      builder.clearStrategy();
    } else {
      builder.setStrategy(value.name());
    }
  }

  @Override
  public synchronized ContainerMigrationTcpMode getTcpMode() {
    CheckpointContainerRequestProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasTcpMode() ? ContainerMigrationTcpMode.valueOf(p.getTcpMode()) : null;
  }

  @Override
  public synchronized void setTcpMode(ContainerMigrationTcpMode value) {
    maybeInitBuilder();
    if (value == null) {
      builder.clearTcpMode();
    } else {
      builder.setTcpMode(value.name());
    }
  }

  @Override
  public synchronized long getTimeoutMs() {
    CheckpointContainerRequestProtoOrBuilder p = viaProto ? proto : builder;
    return p.getTimeoutMs();
  }

  @Override
  public synchronized void setTimeoutMs(long value) {
    maybeInitBuilder();
    builder.setTimeoutMs(value);
  }

  @Override
  public int hashCode() {
    return getProto().hashCode();
  }

  @Override
  public boolean equals(Object other) {
    if (other == null) {
      return false;
    }
    if (other.getClass().isAssignableFrom(this.getClass())) {
      return this.getProto().equals(this.getClass().cast(other).getProto());
    }
    return false;
  }

  @Override
  public String toString() {
    return TextFormat.shortDebugString(getProto());
  }
}
