/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.protocolrecords.impl.pb;

import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportsResponse;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport;
import org.apache.hadoop.yarn.api.migration.records.impl.pb.ContainerMigrationReportPBImpl;
import org.apache.hadoop.yarn.api.migration.records.impl.pb.MigrationProtoUtils;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.ContainerMigrationReportProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.GetContainerMigrationReportsResponseProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.GetContainerMigrationReportsResponseProtoOrBuilder;

import com.google.protobuf.TextFormat;

@Private
@Unstable
public class GetContainerMigrationReportsResponsePBImpl
    extends GetContainerMigrationReportsResponse {

  private GetContainerMigrationReportsResponseProto proto =
      GetContainerMigrationReportsResponseProto.getDefaultInstance();
  private GetContainerMigrationReportsResponseProto.Builder builder = null;
  private boolean viaProto = false;

  private List<ContainerMigrationReport> reports = null;

  public GetContainerMigrationReportsResponsePBImpl() {
    builder = GetContainerMigrationReportsResponseProto.newBuilder();
  }

  public GetContainerMigrationReportsResponsePBImpl(
      GetContainerMigrationReportsResponseProto proto) {
    this.proto = proto;
    viaProto = true;
  }

  public synchronized GetContainerMigrationReportsResponseProto getProto() {
    mergeLocalToProto();
    proto = viaProto ? proto : builder.build();
    viaProto = true;
    return proto;
  }

  private void mergeLocalToBuilder() {
    if (reports != null) {
      builder.clearReports();
      for (ContainerMigrationReport report : reports) {
        builder.addReports(MigrationProtoUtils.convertToProtoFormat(report));
      }
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
      builder = GetContainerMigrationReportsResponseProto.newBuilder(proto);
    }
    viaProto = false;
  }

  @Override
  public synchronized List<ContainerMigrationReport> getReports() {
    if (reports == null) {
      GetContainerMigrationReportsResponseProtoOrBuilder p = viaProto ? proto : builder;
      reports = new ArrayList<ContainerMigrationReport>(p.getReportsCount());
      for (ContainerMigrationReportProto report : p.getReportsList()) {
        reports.add(new ContainerMigrationReportPBImpl(report));
      }
    }
    return reports;
  }

  @Override
  public synchronized void setReports(List<ContainerMigrationReport> newReports) {
    maybeInitBuilder();
    builder.clearReports();
    reports = newReports == null
        ? new ArrayList<ContainerMigrationReport>()
        : new ArrayList<ContainerMigrationReport>(newReports);
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
