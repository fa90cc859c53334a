/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.records.impl.pb;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.migration.records.NodeDrainContainerReport;
import org.apache.hadoop.yarn.api.migration.records.NodeDrainReport;
import org.apache.hadoop.yarn.api.migration.records.NodeDrainState;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.NodeDrainContainerReportProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.NodeDrainReportProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.NodeDrainReportProtoOrBuilder;

import com.google.protobuf.TextFormat;

@Private
@Unstable
public class NodeDrainReportPBImpl extends NodeDrainReport {

  private NodeDrainReportProto proto = NodeDrainReportProto.getDefaultInstance();
  private NodeDrainReportProto.Builder builder = null;
  private boolean viaProto = false;

  private List<NodeDrainContainerReport> containers = null;

  public NodeDrainReportPBImpl() {
    builder = NodeDrainReportProto.newBuilder();
  }

  public NodeDrainReportPBImpl(NodeDrainReportProto proto) {
    this.proto = proto;
    viaProto = true;
  }

  public synchronized NodeDrainReportProto getProto() {
    mergeLocalToProto();
    proto = viaProto ? proto : builder.build();
    viaProto = true;
    return proto;
  }

  private void mergeLocalToBuilder() {
    if (containers != null) {
      builder.clearContainers();
      for (NodeDrainContainerReport c : containers) {
        builder.addContainers(MigrationProtoUtils.convertToProtoFormat(c));
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

  @Override
  public synchronized List<NodeDrainContainerReport> getContainers() {
    if (containers == null) {
      NodeDrainReportProtoOrBuilder p = viaProto ? proto : builder;
      containers = new ArrayList<NodeDrainContainerReport>(p.getContainersCount());
      for (NodeDrainContainerReportProto c : p.getContainersList()) {
        containers.add(new NodeDrainContainerReportPBImpl(c));
      }
    }
    return containers;
  }

  @Override
  public synchronized void setContainers(List<NodeDrainContainerReport> newContainers) {
    maybeInitBuilder();
    builder.clearContainers();
    containers = newContainers == null
        ? new ArrayList<NodeDrainContainerReport>()
        : new ArrayList<NodeDrainContainerReport>(newContainers);
  }

  private synchronized void maybeInitBuilder() {
    if (viaProto || builder == null) {
      builder = NodeDrainReportProto.newBuilder(proto);
    }
    viaProto = false;
  }

  @Override
  public synchronized NodeId getNode() {
    NodeDrainReportProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasNode() ? MigrationProtoUtils.nodeIdFromWire(p.getNode()) : null;
  }

  @Override
  public synchronized void setNode(NodeId node) {
    maybeInitBuilder();
    if (node == null) {
      builder.clearNode();
      return;
    }
    builder.setNode(MigrationProtoUtils.toWire(node));
  }

  @Override
  public synchronized NodeDrainState getState() {
    NodeDrainReportProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasState() ? MigrationProtoUtils.convertFromProtoFormat(p.getState()) : null;
  }

  @Override
  public synchronized void setState(NodeDrainState state) {
    maybeInitBuilder();
    if (state == null) {
      builder.clearState();
      return;
    }
    builder.setState(MigrationProtoUtils.convertToProtoFormat(state));
  }

  @Override
  public synchronized int getTimeoutSecs() {
    NodeDrainReportProtoOrBuilder p = viaProto ? proto : builder;
    return p.getTimeoutSecs();
  }

  @Override
  public synchronized void setTimeoutSecs(int timeoutSecs) {
    maybeInitBuilder();
    builder.setTimeoutSecs(timeoutSecs);
  }

  @Override
  public synchronized long getStartTime() {
    NodeDrainReportProtoOrBuilder p = viaProto ? proto : builder;
    return p.getStartTime();
  }

  @Override
  public synchronized void setStartTime(long startTime) {
    maybeInitBuilder();
    builder.setStartTime(startTime);
  }

  @Override
  public synchronized long getFinishTime() {
    NodeDrainReportProtoOrBuilder p = viaProto ? proto : builder;
    return p.getFinishTime();
  }

  @Override
  public synchronized void setFinishTime(long finishTime) {
    maybeInitBuilder();
    builder.setFinishTime(finishTime);
  }

  @Override
  public synchronized String getDiagnostics() {
    NodeDrainReportProtoOrBuilder p = viaProto ? proto : builder;
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
