/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.protocolrecords.impl.pb;

import java.util.EnumSet;
import java.util.Set;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportsRequest;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState;
import org.apache.hadoop.yarn.api.migration.records.impl.pb.MigrationProtoUtils;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.ContainerMigrationStateProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.GetContainerMigrationReportsRequestProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.GetContainerMigrationReportsRequestProtoOrBuilder;

import com.google.protobuf.TextFormat;

@Private
@Unstable
public class GetContainerMigrationReportsRequestPBImpl
    extends GetContainerMigrationReportsRequest {

  private GetContainerMigrationReportsRequestProto proto =
      GetContainerMigrationReportsRequestProto.getDefaultInstance();
  private GetContainerMigrationReportsRequestProto.Builder builder = null;
  private boolean viaProto = false;

  private ContainerId containerId = null;
  private ApplicationId applicationId = null;
  private NodeId node = null;
  private Set<ContainerMigrationState> states = null;

  public GetContainerMigrationReportsRequestPBImpl() {
    builder = GetContainerMigrationReportsRequestProto.newBuilder();
  }

  public GetContainerMigrationReportsRequestPBImpl(
      GetContainerMigrationReportsRequestProto proto) {
    this.proto = proto;
    viaProto = true;
  }

  public synchronized GetContainerMigrationReportsRequestProto getProto() {
    mergeLocalToProto();
    proto = viaProto ? proto : builder.build();
    viaProto = true;
    return proto;
  }

  private void mergeLocalToBuilder() {
    if (containerId != null) {
      builder.setContainerId(MigrationProtoUtils.toWire(containerId));
    }
    if (applicationId != null) {
      builder.setApplicationId(MigrationProtoUtils.toWire(applicationId));
    }
    if (node != null) {
      builder.setNode(MigrationProtoUtils.toWire(node));
    }
    if (states != null) {
      builder.clearStates();
      for (ContainerMigrationState state : states) {
        builder.addStates(MigrationProtoUtils.convertToProtoFormat(state));
      }
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
      builder = GetContainerMigrationReportsRequestProto.newBuilder(proto);
    }
    viaProto = false;
  }

  @Override
  public synchronized ContainerId getContainerId() {
    if (containerId != null) {
      return containerId;
    }
    GetContainerMigrationReportsRequestProtoOrBuilder p = viaProto ? proto : builder;
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
  public synchronized ApplicationId getApplicationId() {
    if (applicationId != null) {
      return applicationId;
    }
    GetContainerMigrationReportsRequestProtoOrBuilder p = viaProto ? proto : builder;
    if (!p.hasApplicationId()) {
      return null;
    }
    applicationId = MigrationProtoUtils.applicationIdFromWire(p.getApplicationId());
    return applicationId;
  }

  @Override
  public synchronized void setApplicationId(ApplicationId id) {
    maybeInitBuilder();
    if (id == null) {
      builder.clearApplicationId();
    }
    applicationId = id;
  }

  @Override
  public synchronized NodeId getNode() {
    if (node != null) {
      return node;
    }
    GetContainerMigrationReportsRequestProtoOrBuilder p = viaProto ? proto : builder;
    if (!p.hasNode()) {
      return null;
    }
    node = MigrationProtoUtils.nodeIdFromWire(p.getNode());
    return node;
  }

  @Override
  public synchronized void setNode(NodeId newNode) {
    maybeInitBuilder();
    if (newNode == null) {
      builder.clearNode();
    }
    node = newNode;
  }

  @Override
  public synchronized Set<ContainerMigrationState> getStates() {
    if (states == null) {
      GetContainerMigrationReportsRequestProtoOrBuilder p = viaProto ? proto : builder;
      states = EnumSet.noneOf(ContainerMigrationState.class);
      for (ContainerMigrationStateProto state : p.getStatesList()) {
        states.add(MigrationProtoUtils.convertFromProtoFormat(state));
      }
    }
    return states;
  }

  @Override
  public synchronized void setStates(Set<ContainerMigrationState> newStates) {
    maybeInitBuilder();
    builder.clearStates();
    states = EnumSet.noneOf(ContainerMigrationState.class);
    if (newStates != null) {
      states.addAll(newStates);
    }
  }

  @Override
  public synchronized int getLimit() {
    GetContainerMigrationReportsRequestProtoOrBuilder p = viaProto ? proto : builder;
    return p.getLimit();
  }

  @Override
  public synchronized void setLimit(int limit) {
    maybeInitBuilder();
    builder.setLimit(limit);
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
