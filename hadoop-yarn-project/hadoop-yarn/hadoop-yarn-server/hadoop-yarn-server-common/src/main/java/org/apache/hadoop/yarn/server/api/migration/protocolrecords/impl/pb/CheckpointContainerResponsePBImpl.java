/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.CheckpointContainerResponseProto;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.CheckpointContainerResponseProtoOrBuilder;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.CheckpointContainerResponse;

import com.google.protobuf.TextFormat;

/** Protobuf-backed {@link CheckpointContainerResponse}. */
@Private
@Unstable
public class CheckpointContainerResponsePBImpl extends CheckpointContainerResponse {

  private CheckpointContainerResponseProto proto = CheckpointContainerResponseProto.getDefaultInstance();
  private CheckpointContainerResponseProto.Builder builder = null;
  private boolean viaProto = false;

  public CheckpointContainerResponsePBImpl() {
    builder = CheckpointContainerResponseProto.newBuilder();
  }

  public CheckpointContainerResponsePBImpl(CheckpointContainerResponseProto proto) {
    this.proto = proto;
    viaProto = true;
  }

  public synchronized CheckpointContainerResponseProto getProto() {
    proto = viaProto ? proto : builder.build();
    viaProto = true;
    return proto;
  }

  private void maybeInitBuilder() {
    if (viaProto || builder == null) {
      builder = CheckpointContainerResponseProto.newBuilder(proto);
    }
    viaProto = false;
  }

  @Override
  public synchronized long getImageBytes() {
    CheckpointContainerResponseProtoOrBuilder p = viaProto ? proto : builder;
    return p.getImageBytes();
  }

  @Override
  public synchronized void setImageBytes(long value) {
    maybeInitBuilder();
    builder.setImageBytes(value);
  }

  @Override
  public synchronized long getFrozenTimeMs() {
    CheckpointContainerResponseProtoOrBuilder p = viaProto ? proto : builder;
    return p.getFrozenTimeMs();
  }

  @Override
  public synchronized void setFrozenTimeMs(long value) {
    maybeInitBuilder();
    builder.setFrozenTimeMs(value);
  }

  @Override
  public synchronized long getDumpTimeMs() {
    CheckpointContainerResponseProtoOrBuilder p = viaProto ? proto : builder;
    return p.getDumpTimeMs();
  }

  @Override
  public synchronized void setDumpTimeMs(long value) {
    maybeInitBuilder();
    builder.setDumpTimeMs(value);
  }

  @Override
  public synchronized java.util.Map<String, org.apache.hadoop.yarn.api.records.LocalResource>
      getLocalResources() {
    CheckpointContainerResponseProtoOrBuilder p = viaProto ? proto : builder;
    if (!p.hasLocalResources()) {
      return java.util.Collections.emptyMap();
    }
    try {
      return new org.apache.hadoop.yarn.api.records.impl.pb.ContainerLaunchContextPBImpl(
          org.apache.hadoop.yarn.proto.YarnProtos.ContainerLaunchContextProto.parseFrom(
              p.getLocalResources())).getLocalResources();
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("Invalid local resources in a checkpoint response: "
          + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void setLocalResources(
      java.util.Map<String, org.apache.hadoop.yarn.api.records.LocalResource> resources) {
    maybeInitBuilder();
    if (resources == null || resources.isEmpty()) {
      builder.clearLocalResources();
      return;
    }
    org.apache.hadoop.yarn.api.records.impl.pb.ContainerLaunchContextPBImpl clc =
        new org.apache.hadoop.yarn.api.records.impl.pb.ContainerLaunchContextPBImpl();
    clc.setLocalResources(resources);
    builder.setLocalResources(clc.getProto().toByteString());
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
