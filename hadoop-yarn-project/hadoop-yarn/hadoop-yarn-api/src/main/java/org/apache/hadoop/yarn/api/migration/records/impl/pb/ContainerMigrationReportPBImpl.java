/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.records.impl.pb;

import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.migration.MigrationFailure;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationPhase;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationStrategy;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationTcpMode;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.ContainerMigrationPhaseProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.ContainerMigrationReportProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.ContainerMigrationReportProtoOrBuilder;

import com.google.protobuf.TextFormat;

@Private
@Unstable
public class ContainerMigrationReportPBImpl extends ContainerMigrationReport {

  private ContainerMigrationReportProto proto =
      ContainerMigrationReportProto.getDefaultInstance();
  private ContainerMigrationReportProto.Builder builder = null;
  private boolean viaProto = false;

  private ContainerId containerId = null;
  private ContainerId targetContainerId = null;
  private ApplicationId applicationId = null;
  private NodeId sourceNode = null;
  private NodeId targetNode = null;
  private List<ContainerMigrationPhase> phases = null;

  public ContainerMigrationReportPBImpl() {
    builder = ContainerMigrationReportProto.newBuilder();
  }

  public ContainerMigrationReportPBImpl(ContainerMigrationReportProto proto) {
    this.proto = proto;
    viaProto = true;
  }

  public synchronized ContainerMigrationReportProto getProto() {
    mergeLocalToProto();
    proto = viaProto ? proto : builder.build();
    viaProto = true;
    return proto;
  }

  private void mergeLocalToBuilder() {
    if (containerId != null) {
      builder.setContainerId(MigrationProtoUtils.toWire(containerId));
    }
    if (targetContainerId != null) {
      builder.setTargetContainerId(MigrationProtoUtils.toWire(targetContainerId));
    }
    if (applicationId != null) {
      builder.setApplicationId(MigrationProtoUtils.toWire(applicationId));
    }
    if (sourceNode != null) {
      builder.setSourceNode(MigrationProtoUtils.toWire(sourceNode));
    }
    if (targetNode != null) {
      builder.setTargetNode(MigrationProtoUtils.toWire(targetNode));
    }
    if (phases != null) {
      builder.clearPhases();
      for (ContainerMigrationPhase phase : phases) {
        builder.addPhases(MigrationProtoUtils.convertToProtoFormat(phase));
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
      builder = ContainerMigrationReportProto.newBuilder(proto);
    }
    viaProto = false;
  }

  @Override
  public synchronized String getMigrationId() {
    ContainerMigrationReportProtoOrBuilder p = viaProto ? proto : builder;
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
  public synchronized ContainerId getContainerId() {
    if (containerId != null) {
      return containerId;
    }
    ContainerMigrationReportProtoOrBuilder p = viaProto ? proto : builder;
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
  public synchronized ContainerId getTargetContainerId() {
    if (targetContainerId != null) {
      return targetContainerId;
    }
    ContainerMigrationReportProtoOrBuilder p = viaProto ? proto : builder;
    if (!p.hasTargetContainerId()) {
      return null;
    }
    targetContainerId = MigrationProtoUtils.containerIdFromWire(p.getTargetContainerId());
    return targetContainerId;
  }

  @Override
  public synchronized void setTargetContainerId(ContainerId id) {
    maybeInitBuilder();
    if (id == null) {
      builder.clearTargetContainerId();
    }
    targetContainerId = id;
  }

  @Override
  public synchronized ApplicationId getApplicationId() {
    if (applicationId != null) {
      return applicationId;
    }
    ContainerMigrationReportProtoOrBuilder p = viaProto ? proto : builder;
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
  public synchronized String getUser() {
    ContainerMigrationReportProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasUser() ? p.getUser() : null;
  }

  @Override
  public synchronized void setUser(String user) {
    maybeInitBuilder();
    if (user == null) {
      builder.clearUser();
      return;
    }
    builder.setUser(user);
  }

  @Override
  public synchronized NodeId getSourceNode() {
    if (sourceNode != null) {
      return sourceNode;
    }
    ContainerMigrationReportProtoOrBuilder p = viaProto ? proto : builder;
    if (!p.hasSourceNode()) {
      return null;
    }
    sourceNode = MigrationProtoUtils.nodeIdFromWire(p.getSourceNode());
    return sourceNode;
  }

  @Override
  public synchronized void setSourceNode(NodeId node) {
    maybeInitBuilder();
    if (node == null) {
      builder.clearSourceNode();
    }
    sourceNode = node;
  }

  @Override
  public synchronized NodeId getTargetNode() {
    if (targetNode != null) {
      return targetNode;
    }
    ContainerMigrationReportProtoOrBuilder p = viaProto ? proto : builder;
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
  public synchronized ContainerMigrationState getState() {
    ContainerMigrationReportProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasState() ? MigrationProtoUtils.convertFromProtoFormat(p.getState()) : null;
  }

  @Override
  public synchronized void setState(ContainerMigrationState state) {
    maybeInitBuilder();
    if (state == null) {
      builder.clearState();
      return;
    }
    builder.setState(MigrationProtoUtils.convertToProtoFormat(state));
  }

  @Override
  public synchronized ContainerMigrationStrategy getStrategy() {
    ContainerMigrationReportProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasStrategy() ? MigrationProtoUtils.convertFromProtoFormat(p.getStrategy()) : null;
  }

  @Override
  public synchronized void setStrategy(ContainerMigrationStrategy strategy) {
    maybeInitBuilder();
    if (strategy == null) {
      builder.clearStrategy();
      return;
    }
    builder.setStrategy(MigrationProtoUtils.convertToProtoFormat(strategy));
  }

  @Override
  public synchronized ContainerMigrationTcpMode getTcpMode() {
    ContainerMigrationReportProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasTcpMode() ? MigrationProtoUtils.convertFromProtoFormat(p.getTcpMode()) : null;
  }

  @Override
  public synchronized void setTcpMode(ContainerMigrationTcpMode tcpMode) {
    maybeInitBuilder();
    if (tcpMode == null) {
      builder.clearTcpMode();
      return;
    }
    builder.setTcpMode(MigrationProtoUtils.convertToProtoFormat(tcpMode));
  }

  @Override
  public synchronized String getPlacement() {
    ContainerMigrationReportProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasPlacement() ? p.getPlacement() : null;
  }

  @Override
  public synchronized void setPlacement(String placement) {
    maybeInitBuilder();
    if (placement == null) {
      builder.clearPlacement();
      return;
    }
    builder.setPlacement(placement);
  }

  @Override
  public synchronized String getReason() {
    ContainerMigrationReportProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasReason() ? p.getReason() : null;
  }

  @Override
  public synchronized void setReason(String reason) {
    maybeInitBuilder();
    if (reason == null) {
      builder.clearReason();
      return;
    }
    builder.setReason(reason);
  }

  @Override
  public synchronized MigrationFailure getFailure() {
    ContainerMigrationReportProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasFailure() ? MigrationProtoUtils.convertFromProtoFormat(p.getFailure()) : null;
  }

  @Override
  public synchronized void setFailure(MigrationFailure failure) {
    maybeInitBuilder();
    if (failure == null) {
      builder.clearFailure();
      return;
    }
    builder.setFailure(MigrationProtoUtils.convertToProtoFormat(failure));
  }

  @Override
  public synchronized long getSubmitTime() {
    ContainerMigrationReportProtoOrBuilder p = viaProto ? proto : builder;
    return p.getSubmitTime();
  }

  @Override
  public synchronized void setSubmitTime(long submitTime) {
    maybeInitBuilder();
    builder.setSubmitTime(submitTime);
  }

  @Override
  public synchronized long getFinishTime() {
    ContainerMigrationReportProtoOrBuilder p = viaProto ? proto : builder;
    return p.getFinishTime();
  }

  @Override
  public synchronized void setFinishTime(long finishTime) {
    maybeInitBuilder();
    builder.setFinishTime(finishTime);
  }

  private synchronized void initPhases() {
    if (phases != null) {
      return;
    }
    ContainerMigrationReportProtoOrBuilder p = viaProto ? proto : builder;
    phases = new ArrayList<ContainerMigrationPhase>(p.getPhasesCount());
    for (ContainerMigrationPhaseProto phase : p.getPhasesList()) {
      phases.add(new ContainerMigrationPhasePBImpl(phase));
    }
  }

  @Override
  public synchronized List<ContainerMigrationPhase> getPhases() {
    initPhases();
    return phases;
  }

  @Override
  public synchronized void setPhases(List<ContainerMigrationPhase> newPhases) {
    maybeInitBuilder();
    builder.clearPhases();
    phases = newPhases == null
        ? new ArrayList<ContainerMigrationPhase>()
        : new ArrayList<ContainerMigrationPhase>(newPhases);
  }

  @Override
  public synchronized long getImageBytes() {
    ContainerMigrationReportProtoOrBuilder p = viaProto ? proto : builder;
    return p.getImageBytes();
  }

  @Override
  public synchronized void setImageBytes(long imageBytes) {
    maybeInitBuilder();
    builder.setImageBytes(imageBytes);
  }

  @Override
  public synchronized long getFrozenTimeMs() {
    ContainerMigrationReportProtoOrBuilder p = viaProto ? proto : builder;
    return p.getFrozenTimeMs();
  }

  @Override
  public synchronized void setFrozenTimeMs(long frozenTimeMs) {
    maybeInitBuilder();
    builder.setFrozenTimeMs(frozenTimeMs);
  }

  @Override
  public synchronized long getDumpTimeMs() {
    ContainerMigrationReportProtoOrBuilder p = viaProto ? proto : builder;
    return p.getDumpTimeMs();
  }

  @Override
  public synchronized void setDumpTimeMs(long dumpTimeMs) {
    maybeInitBuilder();
    builder.setDumpTimeMs(dumpTimeMs);
  }

  @Override
  public synchronized long getTransferTimeMs() {
    ContainerMigrationReportProtoOrBuilder p = viaProto ? proto : builder;
    return p.getTransferTimeMs();
  }

  @Override
  public synchronized void setTransferTimeMs(long transferTimeMs) {
    maybeInitBuilder();
    builder.setTransferTimeMs(transferTimeMs);
  }

  @Override
  public synchronized long getTransferredBytes() {
    ContainerMigrationReportProtoOrBuilder p = viaProto ? proto : builder;
    return p.getTransferredBytes();
  }

  @Override
  public synchronized void setTransferredBytes(long transferredBytes) {
    maybeInitBuilder();
    builder.setTransferredBytes(transferredBytes);
  }

  @Override
  public synchronized String getDiagnostics() {
    ContainerMigrationReportProtoOrBuilder p = viaProto ? proto : builder;
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
