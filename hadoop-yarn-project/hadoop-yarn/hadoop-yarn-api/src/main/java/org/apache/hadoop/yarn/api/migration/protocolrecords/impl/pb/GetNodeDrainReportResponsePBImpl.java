/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.protocolrecords.impl.pb;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetNodeDrainReportResponse;
import org.apache.hadoop.yarn.api.migration.records.NodeDrainReport;
import org.apache.hadoop.yarn.api.migration.records.impl.pb.NodeDrainReportPBImpl;
import org.apache.hadoop.yarn.api.migration.records.impl.pb.MigrationProtoUtils;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.GetNodeDrainReportResponseProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.GetNodeDrainReportResponseProtoOrBuilder;

import com.google.protobuf.TextFormat;

@Private
@Unstable
public class GetNodeDrainReportResponsePBImpl extends GetNodeDrainReportResponse {

  private GetNodeDrainReportResponseProto proto =
      GetNodeDrainReportResponseProto.getDefaultInstance();
  private GetNodeDrainReportResponseProto.Builder builder = null;
  private boolean viaProto = false;

  private NodeDrainReport report = null;

  public GetNodeDrainReportResponsePBImpl() {
    builder = GetNodeDrainReportResponseProto.newBuilder();
  }

  public GetNodeDrainReportResponsePBImpl(GetNodeDrainReportResponseProto proto) {
    this.proto = proto;
    viaProto = true;
  }

  public synchronized GetNodeDrainReportResponseProto getProto() {
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
      builder = GetNodeDrainReportResponseProto.newBuilder(proto);
    }
    viaProto = false;
  }

  @Override
  public synchronized NodeDrainReport getReport() {
    if (report != null) {
      return report;
    }
    GetNodeDrainReportResponseProtoOrBuilder p = viaProto ? proto : builder;
    if (!p.hasReport()) {
      return null;
    }
    report = new NodeDrainReportPBImpl(p.getReport());
    return report;
  }

  @Override
  public synchronized void setReport(NodeDrainReport newReport) {
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
