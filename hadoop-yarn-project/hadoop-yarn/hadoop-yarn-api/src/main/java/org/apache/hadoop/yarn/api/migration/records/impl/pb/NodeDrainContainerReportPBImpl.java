/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.records.impl.pb;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.migration.records.NodeDrainContainerReport;
import org.apache.hadoop.yarn.api.migration.records.NodeDrainContainerState;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.NodeDrainContainerReportProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.NodeDrainContainerReportProtoOrBuilder;

import com.google.protobuf.TextFormat;

@Private
@Unstable
public class NodeDrainContainerReportPBImpl extends NodeDrainContainerReport {

  private NodeDrainContainerReportProto proto = NodeDrainContainerReportProto.getDefaultInstance();
  private NodeDrainContainerReportProto.Builder builder = null;
  private boolean viaProto = false;

  public NodeDrainContainerReportPBImpl() {
    builder = NodeDrainContainerReportProto.newBuilder();
  }

  public NodeDrainContainerReportPBImpl(NodeDrainContainerReportProto proto) {
    this.proto = proto;
    viaProto = true;
  }

  public synchronized NodeDrainContainerReportProto getProto() {
    proto = viaProto ? proto : builder.build();
    viaProto = true;
    return proto;
  }

  private synchronized void maybeInitBuilder() {
    if (viaProto || builder == null) {
      builder = NodeDrainContainerReportProto.newBuilder(proto);
    }
    viaProto = false;
  }

  @Override
  public synchronized ContainerId getContainerId() {
    NodeDrainContainerReportProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasContainerId() ? MigrationProtoUtils.containerIdFromWire(p.getContainerId()) : null;
  }

  @Override
  public synchronized void setContainerId(ContainerId containerId) {
    maybeInitBuilder();
    if (containerId == null) {
      builder.clearContainerId();
      return;
    }
    builder.setContainerId(MigrationProtoUtils.toWire(containerId));
  }

  @Override
  public synchronized String getMigrationId() {
    NodeDrainContainerReportProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasMigrationId() ? p.getMigrationId() : null;
  }

  @Override
  public synchronized void setMigrationId(String migrationId) {
    maybeInitBuilder();
    if (migrationId == null) {
      builder.clearMigrationId();
      return;
    }
    builder.setMigrationId(migrationId);
  }

  @Override
  public synchronized NodeId getTargetNode() {
    NodeDrainContainerReportProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasTargetNode() ? MigrationProtoUtils.nodeIdFromWire(p.getTargetNode()) : null;
  }

  @Override
  public synchronized void setTargetNode(NodeId targetNode) {
    maybeInitBuilder();
    if (targetNode == null) {
      builder.clearTargetNode();
      return;
    }
    builder.setTargetNode(MigrationProtoUtils.toWire(targetNode));
  }

  @Override
  public synchronized NodeDrainContainerState getState() {
    NodeDrainContainerReportProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasState() ? MigrationProtoUtils.convertFromProtoFormat(p.getState()) : null;
  }

  @Override
  public synchronized void setState(NodeDrainContainerState state) {
    maybeInitBuilder();
    if (state == null) {
      builder.clearState();
      return;
    }
    builder.setState(MigrationProtoUtils.convertToProtoFormat(state));
  }

  @Override
  public synchronized int getAttempts() {
    NodeDrainContainerReportProtoOrBuilder p = viaProto ? proto : builder;
    return p.getAttempts();
  }

  @Override
  public synchronized void setAttempts(int attempts) {
    maybeInitBuilder();
    builder.setAttempts(attempts);
  }

  @Override
  public synchronized String getDiagnostics() {
    NodeDrainContainerReportProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasDiagnostics() ? p.getDiagnostics() : null;
  }

  @Override
  public synchronized void setDiagnostics(String diagnostics) {
    maybeInitBuilder();
    if (diagnostics == null) {
      builder.clearDiagnostics();
      return;
    }
    builder.setDiagnostics(diagnostics);
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
