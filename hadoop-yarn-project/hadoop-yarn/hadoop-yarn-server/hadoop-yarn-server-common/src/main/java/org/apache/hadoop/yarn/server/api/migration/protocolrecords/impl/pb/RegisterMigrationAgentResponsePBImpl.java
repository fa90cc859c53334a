/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb;

import java.nio.ByteBuffer;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.RegisterMigrationAgentResponseProto;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.RegisterMigrationAgentResponseProtoOrBuilder;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.RegisterMigrationAgentResponse;

import com.google.protobuf.ByteString;
import com.google.protobuf.TextFormat;

/** Protobuf-backed {@link RegisterMigrationAgentResponse}. */
@Private
@Unstable
public class RegisterMigrationAgentResponsePBImpl extends RegisterMigrationAgentResponse {

  private RegisterMigrationAgentResponseProto proto = RegisterMigrationAgentResponseProto.getDefaultInstance();
  private RegisterMigrationAgentResponseProto.Builder builder = null;
  private boolean viaProto = false;

  public RegisterMigrationAgentResponsePBImpl() {
    builder = RegisterMigrationAgentResponseProto.newBuilder();
  }

  public RegisterMigrationAgentResponsePBImpl(RegisterMigrationAgentResponseProto proto) {
    this.proto = proto;
    viaProto = true;
  }

  public synchronized RegisterMigrationAgentResponseProto getProto() {
    proto = viaProto ? proto : builder.build();
    viaProto = true;
    return proto;
  }

  private void maybeInitBuilder() {
    if (viaProto || builder == null) {
      builder = RegisterMigrationAgentResponseProto.newBuilder(proto);
    }
    viaProto = false;
  }

  @Override
  public synchronized ByteBuffer getTransferSecret() {
    RegisterMigrationAgentResponseProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasTransferSecret() ? p.getTransferSecret().asReadOnlyByteBuffer() : null;
  }

  @Override
  public synchronized void setTransferSecret(ByteBuffer value) {
    maybeInitBuilder();
    if (value == null) {
      builder.clearTransferSecret();
    } else {
      builder.setTransferSecret(ByteString.copyFrom(value.duplicate()));
    }
  }

  @Override
  public synchronized ByteBuffer getNextTransferSecret() {
    RegisterMigrationAgentResponseProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasNextTransferSecret() ? p.getNextTransferSecret().asReadOnlyByteBuffer()
        : null;
  }

  @Override
  public synchronized void setNextTransferSecret(ByteBuffer value) {
    maybeInitBuilder();
    if (value == null) {
      builder.clearNextTransferSecret();
    } else {
      builder.setNextTransferSecret(ByteString.copyFrom(value.duplicate()));
    }
  }

  @Override
  public synchronized long getHeartbeatIntervalMs() {
    RegisterMigrationAgentResponseProtoOrBuilder p = viaProto ? proto : builder;
    return p.getHeartbeatIntervalMs();
  }

  @Override
  public synchronized void setHeartbeatIntervalMs(long value) {
    maybeInitBuilder();
    builder.setHeartbeatIntervalMs(value);
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
