/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.CompleteMigrationResponseProto;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.CompleteMigrationResponseProtoOrBuilder;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.CompleteMigrationResponse;

import com.google.protobuf.TextFormat;

/** Protobuf-backed {@link CompleteMigrationResponse}. */
@Private
@Unstable
public class CompleteMigrationResponsePBImpl extends CompleteMigrationResponse {

  private CompleteMigrationResponseProto proto = CompleteMigrationResponseProto.getDefaultInstance();
  private CompleteMigrationResponseProto.Builder builder = null;
  private boolean viaProto = false;

  public CompleteMigrationResponsePBImpl() {
    builder = CompleteMigrationResponseProto.newBuilder();
  }

  public CompleteMigrationResponsePBImpl(CompleteMigrationResponseProto proto) {
    this.proto = proto;
    viaProto = true;
  }

  public synchronized CompleteMigrationResponseProto getProto() {
    proto = viaProto ? proto : builder.build();
    viaProto = true;
    return proto;
  }

  private void maybeInitBuilder() {
    if (viaProto || builder == null) {
      builder = CompleteMigrationResponseProto.newBuilder(proto);
    }
    viaProto = false;
  }

  @Override
  public synchronized String getPagesLost() {
    CompleteMigrationResponseProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasPagesLost() ? p.getPagesLost() : null;
  }

  @Override
  public synchronized void setPagesLost(String pagesLost) {
    maybeInitBuilder();
    if (pagesLost == null) {
      builder.clearPagesLost();
    } else {
      builder.setPagesLost(pagesLost);
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
