/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.protocolrecords.impl.pb;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetNodeDrainReportRequest;
import org.apache.hadoop.yarn.api.migration.records.impl.pb.MigrationProtoUtils;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.GetNodeDrainReportRequestProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.GetNodeDrainReportRequestProtoOrBuilder;

import com.google.protobuf.TextFormat;

@Private
@Unstable
public class GetNodeDrainReportRequestPBImpl extends GetNodeDrainReportRequest {

  private GetNodeDrainReportRequestProto proto = GetNodeDrainReportRequestProto.getDefaultInstance();
  private GetNodeDrainReportRequestProto.Builder builder = null;
  private boolean viaProto = false;

  public GetNodeDrainReportRequestPBImpl() {
    builder = GetNodeDrainReportRequestProto.newBuilder();
  }

  public GetNodeDrainReportRequestPBImpl(GetNodeDrainReportRequestProto proto) {
    this.proto = proto;
    viaProto = true;
  }

  public synchronized GetNodeDrainReportRequestProto getProto() {
    proto = viaProto ? proto : builder.build();
    viaProto = true;
    return proto;
  }

  private synchronized void maybeInitBuilder() {
    if (viaProto || builder == null) {
      builder = GetNodeDrainReportRequestProto.newBuilder(proto);
    }
    viaProto = false;
  }

  @Override
  public synchronized NodeId getNode() {
    GetNodeDrainReportRequestProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasNode() ? MigrationProtoUtils.nodeIdFromWire(p.getNode()) : null;
  }

  @Override
  public synchronized void setNode(NodeId node) {
    maybeInitBuilder();
    if (node == null) {
      builder.clearNode();
      return;
    }
    builder.setNode(MigrationProtoUtils.toWire(node));
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
