/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.migration.records.impl.pb.MigrationProtoUtils;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.PrepareRestoreRequestProto;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.PrepareRestoreRequestProtoOrBuilder;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.PrepareRestoreRequest;

import com.google.protobuf.TextFormat;

/** Protobuf-backed {@link PrepareRestoreRequest}. */
@Private
@Unstable
public class PrepareRestoreRequestPBImpl extends PrepareRestoreRequest {

  private PrepareRestoreRequestProto proto = PrepareRestoreRequestProto.getDefaultInstance();
  private PrepareRestoreRequestProto.Builder builder = null;
  private boolean viaProto = false;

  public PrepareRestoreRequestPBImpl() {
    builder = PrepareRestoreRequestProto.newBuilder();
  }

  public PrepareRestoreRequestPBImpl(PrepareRestoreRequestProto proto) {
    this.proto = proto;
    viaProto = true;
  }

  public synchronized PrepareRestoreRequestProto getProto() {
    proto = viaProto ? proto : builder.build();
    viaProto = true;
    return proto;
  }

  private void maybeInitBuilder() {
    if (viaProto || builder == null) {
      builder = PrepareRestoreRequestProto.newBuilder(proto);
    }
    viaProto = false;
  }

  @Override
  public synchronized String getMigrationId() {
    PrepareRestoreRequestProtoOrBuilder p = viaProto ? proto : builder;
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
  public synchronized ContainerId getSourceContainerId() {
    PrepareRestoreRequestProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasSourceContainerId() ? MigrationProtoUtils.containerIdFromWire(p.getSourceContainerId()) : null;
  }

  @Override
  public synchronized void setSourceContainerId(ContainerId value) {
    maybeInitBuilder();
    if (value == null) {
      builder.clearSourceContainerId();
    } else {
      builder.setSourceContainerId(MigrationProtoUtils.toWire(value));
    }
  }

  @Override
  public synchronized ContainerId getTargetContainerId() {
    PrepareRestoreRequestProtoOrBuilder p = viaProto ? proto : builder;
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
