/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.protocolrecords.impl.pb;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportRequest;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.GetContainerMigrationReportRequestProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.GetContainerMigrationReportRequestProtoOrBuilder;

import com.google.protobuf.TextFormat;

@Private
@Unstable
public class GetContainerMigrationReportRequestPBImpl extends GetContainerMigrationReportRequest {

  private GetContainerMigrationReportRequestProto proto =
      GetContainerMigrationReportRequestProto.getDefaultInstance();
  private GetContainerMigrationReportRequestProto.Builder builder = null;
  private boolean viaProto = false;

  public GetContainerMigrationReportRequestPBImpl() {
    builder = GetContainerMigrationReportRequestProto.newBuilder();
  }

  public GetContainerMigrationReportRequestPBImpl(GetContainerMigrationReportRequestProto proto) {
    this.proto = proto;
    viaProto = true;
  }

  public synchronized GetContainerMigrationReportRequestProto getProto() {
    proto = viaProto ? proto : builder.build();
    viaProto = true;
    return proto;
  }

  private synchronized void maybeInitBuilder() {
    if (viaProto || builder == null) {
      builder = GetContainerMigrationReportRequestProto.newBuilder(proto);
    }
    viaProto = false;
  }

  @Override
  public synchronized String getMigrationId() {
    GetContainerMigrationReportRequestProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasMigrationId() ? p.getMigrationId() : null;
  }

  @Override
  public synchronized void setMigrationId(String migrationId) {
    maybeInitBuilder();
    if (migrationId == null) {
      builder.clearMigrationId();
      return;
    }
    builder.setMigrationId(migrationId);
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
