/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.migration.records.impl.pb.MigrationProtoUtils;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.AbortMigrationRequestProto;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.AbortMigrationRequestProtoOrBuilder;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.AbortMigrationRequest;

import com.google.protobuf.TextFormat;

/** Protobuf-backed {@link AbortMigrationRequest}. */
@Private
@Unstable
public class AbortMigrationRequestPBImpl extends AbortMigrationRequest {

  private AbortMigrationRequestProto proto = AbortMigrationRequestProto.getDefaultInstance();
  private AbortMigrationRequestProto.Builder builder = null;
  private boolean viaProto = false;

  public AbortMigrationRequestPBImpl() {
    builder = AbortMigrationRequestProto.newBuilder();
  }

  public AbortMigrationRequestPBImpl(AbortMigrationRequestProto proto) {
    this.proto = proto;
    viaProto = true;
  }

  public synchronized AbortMigrationRequestProto getProto() {
    proto = viaProto ? proto : builder.build();
    viaProto = true;
    return proto;
  }

  private void maybeInitBuilder() {
    if (viaProto || builder == null) {
      builder = AbortMigrationRequestProto.newBuilder(proto);
    }
    viaProto = false;
  }

  @Override
  public synchronized String getMigrationId() {
    AbortMigrationRequestProtoOrBuilder p = viaProto ? proto : builder;
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
    AbortMigrationRequestProtoOrBuilder p = viaProto ? proto : builder;
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
  public synchronized String getReason() {
    AbortMigrationRequestProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasReason() ? p.getReason() : null;
  }

  @Override
  public synchronized void setReason(String value) {
    maybeInitBuilder();
    if (value == null) {
      builder.clearReason();
    } else {
      builder.setReason(value);
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
