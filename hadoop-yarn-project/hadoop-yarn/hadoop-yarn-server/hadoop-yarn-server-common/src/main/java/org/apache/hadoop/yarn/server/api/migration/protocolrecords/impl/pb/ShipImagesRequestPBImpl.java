/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.migration.records.impl.pb.MigrationProtoUtils;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.ShipImagesRequestProto;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.ShipImagesRequestProtoOrBuilder;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.ShipImagesRequest;

import com.google.protobuf.TextFormat;

/** Protobuf-backed {@link ShipImagesRequest}. */
@Private
@Unstable
public class ShipImagesRequestPBImpl extends ShipImagesRequest {

  private ShipImagesRequestProto proto = ShipImagesRequestProto.getDefaultInstance();
  private ShipImagesRequestProto.Builder builder = null;
  private boolean viaProto = false;

  public ShipImagesRequestPBImpl() {
    builder = ShipImagesRequestProto.newBuilder();
  }

  public ShipImagesRequestPBImpl(ShipImagesRequestProto proto) {
    this.proto = proto;
    viaProto = true;
  }

  public synchronized ShipImagesRequestProto getProto() {
    proto = viaProto ? proto : builder.build();
    viaProto = true;
    return proto;
  }

  private void maybeInitBuilder() {
    if (viaProto || builder == null) {
      builder = ShipImagesRequestProto.newBuilder(proto);
    }
    viaProto = false;
  }

  @Override
  public synchronized String getMigrationId() {
    ShipImagesRequestProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasMigrationId() ? p.getMigrationId() : null;
  }

  @Override
  public synchronized void setMigrationId(String value) {
    maybeInitBuilder();
    if (value == null) {
      builder.clearMigrationId();
    } else {
      builder.setMigrationId(value);
    }
  }

  @Override
  public synchronized ContainerId getContainerId() {
    ShipImagesRequestProtoOrBuilder p = viaProto ? proto : builder;
    return p.hasContainerId() ? MigrationProtoUtils.containerIdFromWire(p.getContainerId()) : null;
  }

  @Override
  public synchronized void setContainerId(ContainerId value) {
    maybeInitBuilder();
    if (value == null) {
      builder.clearContainerId();
    } else {
      builder.setContainerId(MigrationProtoUtils.toWire(value));
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
