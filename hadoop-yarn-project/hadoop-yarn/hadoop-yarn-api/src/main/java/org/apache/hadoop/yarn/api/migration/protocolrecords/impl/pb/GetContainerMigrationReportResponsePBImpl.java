/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.protocolrecords.impl.pb;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportResponse;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport;
import org.apache.hadoop.yarn.api.migration.records.impl.pb.ContainerMigrationReportPBImpl;
import org.apache.hadoop.yarn.api.migration.records.impl.pb.MigrationProtoUtils;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.GetContainerMigrationReportResponseProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.GetContainerMigrationReportResponseProtoOrBuilder;

import com.google.protobuf.TextFormat;

@Private
@Unstable
public class GetContainerMigrationReportResponsePBImpl extends GetContainerMigrationReportResponse {

  private GetContainerMigrationReportResponseProto proto =
      GetContainerMigrationReportResponseProto.getDefaultInstance();
  private GetContainerMigrationReportResponseProto.Builder builder = null;
  private boolean viaProto = false;

  private ContainerMigrationReport report = null;

  public GetContainerMigrationReportResponsePBImpl() {
    builder = GetContainerMigrationReportResponseProto.newBuilder();
  }

  public GetContainerMigrationReportResponsePBImpl(GetContainerMigrationReportResponseProto proto) {
    this.proto = proto;
    viaProto = true;
  }

  public synchronized GetContainerMigrationReportResponseProto getProto() {
    mergeLocalToProto();
    proto = viaProto ? proto : builder.build();
    viaProto = true;
    return proto;
  }

  private void mergeLocalToBuilder() {
    if (report != null) {
      builder.setReport(MigrationProtoUtils.convertToProtoFormat(report));
    }
  }

  private synchronized void mergeLocalToProto() {
    if (viaProto) {
      maybeInitBuilder();
    }
    mergeLocalToBuilder();
    proto = builder.build();
    viaProto = true;
  }

  private synchronized void maybeInitBuilder() {
    if (viaProto || builder == null) {
      builder = GetContainerMigrationReportResponseProto.newBuilder(proto);
    }
    viaProto = false;
  }

  @Override
  public synchronized ContainerMigrationReport getReport() {
    if (report != null) {
      return report;
    }
    GetContainerMigrationReportResponseProtoOrBuilder p = viaProto ? proto : builder;
    if (!p.hasReport()) {
      return null;
    }
    report = new ContainerMigrationReportPBImpl(p.getReport());
    return report;
  }

  @Override
  public synchronized void setReport(ContainerMigrationReport newReport) {
    maybeInitBuilder();
    if (newReport == null) {
      builder.clearReport();
    }
    report = newReport;
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
