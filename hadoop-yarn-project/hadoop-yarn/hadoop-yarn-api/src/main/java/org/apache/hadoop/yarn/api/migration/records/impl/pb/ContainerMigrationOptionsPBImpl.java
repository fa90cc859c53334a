/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.records.impl.pb;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationOptions;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationStrategy;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationTcpMode;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.ContainerMigrationOptionsProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.ContainerMigrationOptionsProtoOrBuilder;

import com.google.protobuf.TextFormat;

@Private
@Unstable
public class ContainerMigrationOptionsPBImpl extends ContainerMigrationOptions {

  private ContainerMigrationOptionsProto proto =
      ContainerMigrationOptionsProto.getDefaultInstance();
  private ContainerMigrationOptionsProto.Builder builder = null;
  private boolean viaProto = false;

  public ContainerMigrationOptionsPBImpl() {
    builder = ContainerMigrationOptionsProto.newBuilder();
  }

  public ContainerMigrationOptionsPBImpl(ContainerMigrationOptionsProto proto) {
    this.proto = proto;
    viaProto = true;
  }

  public synchronized ContainerMigrationOptionsProto getProto() {
    proto = viaProto ? proto : builder.build();
    viaProto = true;
    return proto;
  }

  private synchronized void maybeInitBuilder() {
    if (viaProto || builder == null) {
      builder = ContainerMigrationOptionsProto.newBuilder(proto);
    }
    viaProto = false;
  }

  @Override
  public synchronized ContainerMigrationStrategy getStrategy() {
    ContainerMigrationOptionsProtoOrBuilder p = viaProto ? proto : builder;
    return MigrationProtoUtils.convertFromProtoFormat(p.getStrategy());
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
  public synchronized long getTimeoutMs() {
    ContainerMigrationOptionsProtoOrBuilder p = viaProto ? proto : builder;
    return p.getTimeoutMs();
  }

  @Override
  public synchronized void setTimeoutMs(long timeoutMs) {
    maybeInitBuilder();
    builder.setTimeoutMs(timeoutMs);
  }

  @Override
  public synchronized ContainerMigrationTcpMode getTcpMode() {
    ContainerMigrationOptionsProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasTcpMode() ? MigrationProtoUtils.convertFromProtoFormat(p.getTcpMode()) : null;
  }

  @Override
  public synchronized java.util.List<String> getNearPaths() {
    ContainerMigrationOptionsProtoOrBuilder p = viaProto ? proto : builder;
    return java.util.Collections.unmodifiableList(new java.util.ArrayList<String>(
        p.getNearPathsList()));
  }

  @Override
  public synchronized void setNearPaths(java.util.List<String> paths) {
    maybeInitBuilder();
    builder.clearNearPaths();
    if (paths != null) {
      builder.addAllNearPaths(paths);
    }
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
