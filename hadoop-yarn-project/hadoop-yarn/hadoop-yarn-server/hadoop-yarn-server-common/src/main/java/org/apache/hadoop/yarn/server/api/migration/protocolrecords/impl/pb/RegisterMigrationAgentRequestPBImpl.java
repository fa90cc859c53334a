/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.migration.records.impl.pb.MigrationProtoUtils;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.RegisterMigrationAgentRequestProto;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.RegisterMigrationAgentRequestProtoOrBuilder;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.RegisterMigrationAgentRequest;

import com.google.protobuf.TextFormat;

/** Protobuf-backed {@link RegisterMigrationAgentRequest}. */
@Private
@Unstable
public class RegisterMigrationAgentRequestPBImpl extends RegisterMigrationAgentRequest {

  private RegisterMigrationAgentRequestProto proto = RegisterMigrationAgentRequestProto.getDefaultInstance();
  private RegisterMigrationAgentRequestProto.Builder builder = null;
  private boolean viaProto = false;

  public RegisterMigrationAgentRequestPBImpl() {
    builder = RegisterMigrationAgentRequestProto.newBuilder();
  }

  public RegisterMigrationAgentRequestPBImpl(RegisterMigrationAgentRequestProto proto) {
    this.proto = proto;
    viaProto = true;
  }

  public synchronized RegisterMigrationAgentRequestProto getProto() {
    proto = viaProto ? proto : builder.build();
    viaProto = true;
    return proto;
  }

  private void maybeInitBuilder() {
    if (viaProto || builder == null) {
      builder = RegisterMigrationAgentRequestProto.newBuilder(proto);
    }
    viaProto = false;
  }

  @Override
  public synchronized NodeId getNodeId() {
    RegisterMigrationAgentRequestProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasNodeId() ? MigrationProtoUtils.nodeIdFromWire(p.getNodeId()) : null;
  }

  @Override
  public synchronized void setNodeId(NodeId value) {
    maybeInitBuilder();
    if (value == null) {
      builder.clearNodeId();
    } else {
      builder.setNodeId(MigrationProtoUtils.toWire(value));
    }
  }

  @Override
  public synchronized String getAgentAddress() {
    RegisterMigrationAgentRequestProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasAgentAddress() ? p.getAgentAddress() : null;
  }

  @Override
  public synchronized void setAgentAddress(String value) {
    maybeInitBuilder();
    if (value == null) {
      builder.clearAgentAddress();
    } else {
      builder.setAgentAddress(value);
    }
  }

  @Override
  public synchronized String getTransferAddress() {
    RegisterMigrationAgentRequestProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasTransferAddress() ? p.getTransferAddress() : null;
  }

  @Override
  public synchronized void setTransferAddress(String value) {
    maybeInitBuilder();
    if (value == null) {
      builder.clearTransferAddress();
    } else {
      builder.setTransferAddress(value);
    }
  }

  @Override
  public synchronized String getCriuVersion() {
    RegisterMigrationAgentRequestProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasCriuVersion() ? p.getCriuVersion() : null;
  }

  @Override
  public synchronized void setCriuVersion(String value) {
    maybeInitBuilder();
    if (value == null) {
      builder.clearCriuVersion();
    } else {
      builder.setCriuVersion(value);
    }
  }

  @Override
  public synchronized List<String> getCapabilities() {
    RegisterMigrationAgentRequestProtoOrBuilder p = viaProto ? proto : builder;
    return Collections.unmodifiableList(new ArrayList<String>(p.getCapabilitiesList()));
  }

  @Override
  public synchronized void setCapabilities(List<String> value) {
    maybeInitBuilder();
    builder.clearCapabilities();
    if (value != null) {
      builder.addAllCapabilities(value);
    }
  }

  @Override
  public synchronized long getStartedAt() {
    RegisterMigrationAgentRequestProtoOrBuilder p = viaProto ? proto : builder;
    return p.getStartedAt();
  }

  @Override
  public synchronized void setStartedAt(long value) {
    maybeInitBuilder();
    builder.setStartedAt(value);
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
