/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.AbortMigrationResponseProto;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.AbortMigrationResponseProtoOrBuilder;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.AbortMigrationResponse;

import com.google.protobuf.TextFormat;

/** Protobuf-backed {@link AbortMigrationResponse}. */
@Private
@Unstable
public class AbortMigrationResponsePBImpl extends AbortMigrationResponse {

  private AbortMigrationResponseProto proto = AbortMigrationResponseProto.getDefaultInstance();
  private AbortMigrationResponseProto.Builder builder = null;
  private boolean viaProto = false;

  public AbortMigrationResponsePBImpl() {
    builder = AbortMigrationResponseProto.newBuilder();
  }

  public AbortMigrationResponsePBImpl(AbortMigrationResponseProto proto) {
    this.proto = proto;
    viaProto = true;
  }

  public synchronized AbortMigrationResponseProto getProto() {
    proto = viaProto ? proto : builder.build();
    viaProto = true;
    return proto;
  }

  private void maybeInitBuilder() {
    if (viaProto || builder == null) {
      builder = AbortMigrationResponseProto.newBuilder(proto);
    }
    viaProto = false;
  }

  @Override
  public synchronized boolean getResumed() {
    AbortMigrationResponseProtoOrBuilder p = viaProto ? proto : builder;
    return p.getResumed();
  }

  @Override
  public synchronized void setResumed(boolean value) {
    maybeInitBuilder();
    builder.setResumed(value);
  }

  @Override
  public synchronized String getDiagnostics() {
    AbortMigrationResponseProtoOrBuilder p = viaProto ? proto : builder;
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
