/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.GetRestoreStatusResponseProto;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.GetRestoreStatusResponseProtoOrBuilder;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.RestoreStatusProto;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.GetRestoreStatusResponse;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.RestoreStatus;

import com.google.protobuf.TextFormat;

/** Protobuf-backed {@link GetRestoreStatusResponse}. */
@Private
@Unstable
public class GetRestoreStatusResponsePBImpl extends GetRestoreStatusResponse {

  private GetRestoreStatusResponseProto proto = GetRestoreStatusResponseProto.getDefaultInstance();
  private GetRestoreStatusResponseProto.Builder builder = null;
  private boolean viaProto = false;

  public GetRestoreStatusResponsePBImpl() {
    builder = GetRestoreStatusResponseProto.newBuilder();
  }

  public GetRestoreStatusResponsePBImpl(GetRestoreStatusResponseProto proto) {
    this.proto = proto;
    viaProto = true;
  }

  public synchronized GetRestoreStatusResponseProto getProto() {
    proto = viaProto ? proto : builder.build();
    viaProto = true;
    return proto;
  }

  private void maybeInitBuilder() {
    if (viaProto || builder == null) {
      builder = GetRestoreStatusResponseProto.newBuilder(proto);
    }
    viaProto = false;
  }

  @Override
  public synchronized RestoreStatus getStatus() {
    GetRestoreStatusResponseProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasStatus() ? RestoreStatus.valueOf(p.getStatus().name()) : null;
  }

  @Override
  public synchronized void setStatus(RestoreStatus value) {
    maybeInitBuilder();
    if (value == null) {
      builder.clearStatus();
    } else {
      builder.setStatus(RestoreStatusProto.valueOf(value.name()));
    }
  }

  @Override
  public synchronized String getDiagnostics() {
    GetRestoreStatusResponseProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasDiagnostics() ? p.getDiagnostics() : null;
  }

  @Override
  public synchronized void setDiagnostics(String value) {
    maybeInitBuilder();
    if (value == null) {
      builder.clearDiagnostics();
    } else {
      builder.setDiagnostics(value);
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
