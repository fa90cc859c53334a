/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.PrepareRestoreResponseProto;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.PrepareRestoreResponseProtoOrBuilder;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.PrepareRestoreResponse;

import com.google.protobuf.TextFormat;

/** Protobuf-backed {@link PrepareRestoreResponse}. */
@Private
@Unstable
public class PrepareRestoreResponsePBImpl extends PrepareRestoreResponse {

  private PrepareRestoreResponseProto proto = PrepareRestoreResponseProto.getDefaultInstance();
  private PrepareRestoreResponseProto.Builder builder = null;
  private boolean viaProto = false;

  public PrepareRestoreResponsePBImpl() {
    builder = PrepareRestoreResponseProto.newBuilder();
  }

  public PrepareRestoreResponsePBImpl(PrepareRestoreResponseProto proto) {
    this.proto = proto;
    viaProto = true;
  }

  public synchronized PrepareRestoreResponseProto getProto() {
    proto = viaProto ? proto : builder.build();
    viaProto = true;
    return proto;
  }

  private void maybeInitBuilder() {
    if (viaProto || builder == null) {
      builder = PrepareRestoreResponseProto.newBuilder(proto);
    }
    viaProto = false;
  }

  @Override
  public synchronized boolean getReady() {
    PrepareRestoreResponseProtoOrBuilder p = viaProto ? proto : builder;
    return p.getReady();
  }

  @Override
  public synchronized void setReady(boolean value) {
    maybeInitBuilder();
    builder.setReady(value);
  }

  @Override
  public synchronized String getDiagnostics() {
    PrepareRestoreResponseProtoOrBuilder p = viaProto ? proto : builder;
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
