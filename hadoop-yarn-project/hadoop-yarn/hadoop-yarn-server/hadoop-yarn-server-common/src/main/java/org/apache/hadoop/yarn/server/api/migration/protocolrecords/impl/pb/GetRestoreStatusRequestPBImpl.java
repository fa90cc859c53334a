/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.migration.records.impl.pb.MigrationProtoUtils;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.GetRestoreStatusRequestProto;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.GetRestoreStatusRequestProtoOrBuilder;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.GetRestoreStatusRequest;

import com.google.protobuf.TextFormat;

/** Protobuf-backed {@link GetRestoreStatusRequest}. */
@Private
@Unstable
public class GetRestoreStatusRequestPBImpl extends GetRestoreStatusRequest {

  private GetRestoreStatusRequestProto proto = GetRestoreStatusRequestProto.getDefaultInstance();
  private GetRestoreStatusRequestProto.Builder builder = null;
  private boolean viaProto = false;

  public GetRestoreStatusRequestPBImpl() {
    builder = GetRestoreStatusRequestProto.newBuilder();
  }

  public GetRestoreStatusRequestPBImpl(GetRestoreStatusRequestProto proto) {
    this.proto = proto;
    viaProto = true;
  }

  public synchronized GetRestoreStatusRequestProto getProto() {
    proto = viaProto ? proto : builder.build();
    viaProto = true;
    return proto;
  }

  private void maybeInitBuilder() {
    if (viaProto || builder == null) {
      builder = GetRestoreStatusRequestProto.newBuilder(proto);
    }
    viaProto = false;
  }

  @Override
  public synchronized String getMigrationId() {
    GetRestoreStatusRequestProtoOrBuilder p = viaProto ? proto : builder;
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
  public synchronized ContainerId getTargetContainerId() {
    GetRestoreStatusRequestProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasTargetContainerId() ? MigrationProtoUtils.containerIdFromWire(p.getTargetContainerId()) : null;
  }

  @Override
  public synchronized void setTargetContainerId(ContainerId value) {
    maybeInitBuilder();
    if (value == null) {
      builder.clearTargetContainerId();
    } else {
      builder.setTargetContainerId(MigrationProtoUtils.toWire(value));
    }
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
