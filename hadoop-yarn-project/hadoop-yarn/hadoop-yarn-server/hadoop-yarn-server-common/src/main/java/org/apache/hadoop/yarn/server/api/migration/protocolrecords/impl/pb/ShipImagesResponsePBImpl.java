/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.ShipImagesResponseProto;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.ShipImagesResponseProtoOrBuilder;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.ShipImagesResponse;

import com.google.protobuf.TextFormat;

/** Protobuf-backed {@link ShipImagesResponse}. */
@Private
@Unstable
public class ShipImagesResponsePBImpl extends ShipImagesResponse {

  private ShipImagesResponseProto proto = ShipImagesResponseProto.getDefaultInstance();
  private ShipImagesResponseProto.Builder builder = null;
  private boolean viaProto = false;

  public ShipImagesResponsePBImpl() {
    builder = ShipImagesResponseProto.newBuilder();
  }

  public ShipImagesResponsePBImpl(ShipImagesResponseProto proto) {
    this.proto = proto;
    viaProto = true;
  }

  public synchronized ShipImagesResponseProto getProto() {
    proto = viaProto ? proto : builder.build();
    viaProto = true;
    return proto;
  }

  private void maybeInitBuilder() {
    if (viaProto || builder == null) {
      builder = ShipImagesResponseProto.newBuilder(proto);
    }
    viaProto = false;
  }

  @Override
  public synchronized long getTransferTimeMs() {
    ShipImagesResponseProtoOrBuilder p = viaProto ? proto : builder;
    return p.getTransferTimeMs();
  }

  @Override
  public synchronized void setTransferTimeMs(long value) {
    maybeInitBuilder();
    builder.setTransferTimeMs(value);
  }

  @Override
  public synchronized long getTransferredBytes() {
    ShipImagesResponseProtoOrBuilder p = viaProto ? proto : builder;
    return p.getTransferredBytes();
  }

  @Override
  public synchronized void setTransferredBytes(long value) {
    maybeInitBuilder();
    builder.setTransferredBytes(value);
  }

  @Override
  public synchronized long getFrozenTimeMs() {
    ShipImagesResponseProtoOrBuilder p = viaProto ? proto : builder;
    return p.getFrozenTimeMs();
  }

  @Override
  public synchronized void setFrozenTimeMs(long value) {
    maybeInitBuilder();
    builder.setFrozenTimeMs(value);
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
