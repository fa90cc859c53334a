/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.records.impl.pb;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationPhase;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.ContainerMigrationPhaseProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.ContainerMigrationPhaseProtoOrBuilder;

import com.google.protobuf.TextFormat;

@Private
@Unstable
public class ContainerMigrationPhasePBImpl extends ContainerMigrationPhase {

  private ContainerMigrationPhaseProto proto = ContainerMigrationPhaseProto.getDefaultInstance();
  private ContainerMigrationPhaseProto.Builder builder = null;
  private boolean viaProto = false;

  public ContainerMigrationPhasePBImpl() {
    builder = ContainerMigrationPhaseProto.newBuilder();
  }

  public ContainerMigrationPhasePBImpl(ContainerMigrationPhaseProto proto) {
    this.proto = proto;
    viaProto = true;
  }

  public synchronized ContainerMigrationPhaseProto getProto() {
    proto = viaProto ? proto : builder.build();
    viaProto = true;
    return proto;
  }

  private synchronized void maybeInitBuilder() {
    if (viaProto || builder == null) {
      builder = ContainerMigrationPhaseProto.newBuilder(proto);
    }
    viaProto = false;
  }

  @Override
  public synchronized ContainerMigrationState getState() {
    ContainerMigrationPhaseProtoOrBuilder p = viaProto ? proto : builder;
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
  public synchronized long getStartTime() {
    ContainerMigrationPhaseProtoOrBuilder p = viaProto ? proto : builder;
    return p.getStartTime();
  }

  @Override
  public synchronized void setStartTime(long startTime) {
    maybeInitBuilder();
    builder.setStartTime(startTime);
  }

  @Override
  public synchronized long getEndTime() {
    ContainerMigrationPhaseProtoOrBuilder p = viaProto ? proto : builder;
    return p.getEndTime();
  }

  @Override
  public synchronized void setEndTime(long endTime) {
    maybeInitBuilder();
    builder.setEndTime(endTime);
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
