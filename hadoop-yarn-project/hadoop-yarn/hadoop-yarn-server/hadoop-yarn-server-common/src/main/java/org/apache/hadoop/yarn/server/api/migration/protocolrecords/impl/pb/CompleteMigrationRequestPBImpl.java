/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.migration.records.impl.pb.MigrationProtoUtils;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.CompleteMigrationRequestProto;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.CompleteMigrationRequestProtoOrBuilder;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.CompleteMigrationRequest;

import com.google.protobuf.TextFormat;

/** Protobuf-backed {@link CompleteMigrationRequest}. */
@Private
@Unstable
public class CompleteMigrationRequestPBImpl extends CompleteMigrationRequest {

  private CompleteMigrationRequestProto proto = CompleteMigrationRequestProto.getDefaultInstance();
  private CompleteMigrationRequestProto.Builder builder = null;
  private boolean viaProto = false;

  public CompleteMigrationRequestPBImpl() {
    builder = CompleteMigrationRequestProto.newBuilder();
  }

  public CompleteMigrationRequestPBImpl(CompleteMigrationRequestProto proto) {
    this.proto = proto;
    viaProto = true;
  }

  public synchronized CompleteMigrationRequestProto getProto() {
    proto = viaProto ? proto : builder.build();
    viaProto = true;
    return proto;
  }

  private void maybeInitBuilder() {
    if (viaProto || builder == null) {
      builder = CompleteMigrationRequestProto.newBuilder(proto);
    }
    viaProto = false;
  }

  @Override
  public synchronized String getMigrationId() {
    CompleteMigrationRequestProtoOrBuilder p = viaProto ? proto : builder;
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
    CompleteMigrationRequestProtoOrBuilder p = viaProto ? proto : builder;
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
  public synchronized ContainerId getTargetContainerId() {
    CompleteMigrationRequestProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasTargetContainerId()
        ? MigrationProtoUtils.containerIdFromWire(p.getTargetContainerId()) : null;
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
  public synchronized NodeId getTargetNodeId() {
    CompleteMigrationRequestProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasTargetNodeId() ? MigrationProtoUtils.nodeIdFromWire(p.getTargetNodeId()) : null;
  }

  @Override
  public synchronized void setTargetNodeId(NodeId value) {
    maybeInitBuilder();
    if (value == null) {
      builder.clearTargetNodeId();
    } else {
      builder.setTargetNodeId(MigrationProtoUtils.toWire(value));
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
