/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.protocolrecords.impl.pb;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.migration.protocolrecords.MigrateContainerRequest;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationOptions;
import org.apache.hadoop.yarn.api.migration.records.impl.pb.ContainerMigrationOptionsPBImpl;
import org.apache.hadoop.yarn.api.migration.records.impl.pb.MigrationProtoUtils;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.ContainerMigrationOptionsProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.MigrateContainerRequestProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.MigrateContainerRequestProtoOrBuilder;

import com.google.protobuf.TextFormat;

@Private
@Unstable
public class MigrateContainerRequestPBImpl extends MigrateContainerRequest {

  private MigrateContainerRequestProto proto = MigrateContainerRequestProto.getDefaultInstance();
  private MigrateContainerRequestProto.Builder builder = null;
  private boolean viaProto = false;

  private ContainerId containerId = null;
  private NodeId targetNode = null;
  private ContainerMigrationOptions options = null;

  public MigrateContainerRequestPBImpl() {
    builder = MigrateContainerRequestProto.newBuilder();
  }

  public MigrateContainerRequestPBImpl(MigrateContainerRequestProto proto) {
    this.proto = proto;
    viaProto = true;
  }

  public synchronized MigrateContainerRequestProto getProto() {
    mergeLocalToProto();
    proto = viaProto ? proto : builder.build();
    viaProto = true;
    return proto;
  }

  private void mergeLocalToBuilder() {
    if (containerId != null) {
      builder.setContainerId(MigrationProtoUtils.toWire(containerId));
    }
    if (targetNode != null) {
      builder.setTargetNode(MigrationProtoUtils.toWire(targetNode));
    }
    if (options != null) {
      builder.setOptions(convertToProtoFormat(options));
    }
  }

  private synchronized void mergeLocalToProto() {
    if (viaProto) {
      maybeInitBuilder();
    }
    mergeLocalToBuilder();
    proto = builder.build();
    viaProto = true;
  }

  private synchronized void maybeInitBuilder() {
    if (viaProto || builder == null) {
      builder = MigrateContainerRequestProto.newBuilder(proto);
    }
    viaProto = false;
  }

  static ContainerMigrationOptionsProto convertToProtoFormat(ContainerMigrationOptions o) {
    if (o instanceof ContainerMigrationOptionsPBImpl) {
      return ((ContainerMigrationOptionsPBImpl) o).getProto();
    }
    ContainerMigrationOptions copy = ContainerMigrationOptions.newInstance(
        o.getStrategy(), o.getTimeoutMs());
    copy.setTcpMode(o.getTcpMode());
    return ((ContainerMigrationOptionsPBImpl) copy).getProto();
  }

  @Override
  public synchronized ContainerId getContainerId() {
    if (containerId != null) {
      return containerId;
    }
    MigrateContainerRequestProtoOrBuilder p = viaProto ? proto : builder;
    if (!p.hasContainerId()) {
      return null;
    }
    containerId = MigrationProtoUtils.containerIdFromWire(p.getContainerId());
    return containerId;
  }

  @Override
  public synchronized void setContainerId(ContainerId id) {
    maybeInitBuilder();
    if (id == null) {
      builder.clearContainerId();
    }
    containerId = id;
  }

  @Override
  public synchronized NodeId getTargetNode() {
    if (targetNode != null) {
      return targetNode;
    }
    MigrateContainerRequestProtoOrBuilder p = viaProto ? proto : builder;
    if (!p.hasTargetNode()) {
      return null;
    }
    targetNode = MigrationProtoUtils.nodeIdFromWire(p.getTargetNode());
    return targetNode;
  }

  @Override
  public synchronized void setTargetNode(NodeId node) {
    maybeInitBuilder();
    if (node == null) {
      builder.clearTargetNode();
    }
    targetNode = node;
  }

  @Override
  public synchronized ContainerMigrationOptions getOptions() {
    if (options != null) {
      return options;
    }
    MigrateContainerRequestProtoOrBuilder p = viaProto ? proto : builder;
    if (!p.hasOptions()) {
      return null;
    }
    options = new ContainerMigrationOptionsPBImpl(p.getOptions());
    return options;
  }

  @Override
  public synchronized void setOptions(ContainerMigrationOptions newOptions) {
    maybeInitBuilder();
    if (newOptions == null) {
      builder.clearOptions();
    }
    options = newOptions;
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
