/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.protocolrecords.impl.pb;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.migration.protocolrecords.DrainNodeResponse;
import org.apache.hadoop.yarn.api.migration.records.NodeDrainReport;
import org.apache.hadoop.yarn.api.migration.records.impl.pb.NodeDrainReportPBImpl;
import org.apache.hadoop.yarn.api.migration.records.impl.pb.MigrationProtoUtils;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.DrainNodeResponseProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.DrainNodeResponseProtoOrBuilder;

import com.google.protobuf.TextFormat;

@Private
@Unstable
public class DrainNodeResponsePBImpl extends DrainNodeResponse {

  private DrainNodeResponseProto proto =
      DrainNodeResponseProto.getDefaultInstance();
  private DrainNodeResponseProto.Builder builder = null;
  private boolean viaProto = false;

  private NodeDrainReport report = null;

  public DrainNodeResponsePBImpl() {
    builder = DrainNodeResponseProto.newBuilder();
  }

  public DrainNodeResponsePBImpl(DrainNodeResponseProto proto) {
    this.proto = proto;
    viaProto = true;
  }

  public synchronized DrainNodeResponseProto getProto() {
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
      builder = DrainNodeResponseProto.newBuilder(proto);
    }
    viaProto = false;
  }

  @Override
  public synchronized NodeDrainReport getReport() {
    if (report != null) {
      return report;
    }
    DrainNodeResponseProtoOrBuilder p = viaProto ? proto : builder;
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
