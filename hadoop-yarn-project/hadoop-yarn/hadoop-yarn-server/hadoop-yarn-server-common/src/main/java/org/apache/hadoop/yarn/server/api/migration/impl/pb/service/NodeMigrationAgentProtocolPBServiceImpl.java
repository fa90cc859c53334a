/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.impl.pb.service;

import java.io.IOException;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.AbortMigrationRequestProto;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.AbortMigrationResponseProto;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.CheckpointContainerRequestProto;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.CheckpointContainerResponseProto;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.CompleteMigrationRequestProto;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.CompleteMigrationResponseProto;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.GetRestoreStatusRequestProto;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.GetRestoreStatusResponseProto;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.PrepareRestoreRequestProto;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.PrepareRestoreResponseProto;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.ShipImagesRequestProto;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.ShipImagesResponseProto;
import org.apache.hadoop.yarn.server.api.migration.NodeMigrationAgentProtocol;
import org.apache.hadoop.yarn.server.api.migration.NodeMigrationAgentProtocolPB;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb.AbortMigrationRequestPBImpl;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb.AbortMigrationResponsePBImpl;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb.CheckpointContainerRequestPBImpl;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb.CheckpointContainerResponsePBImpl;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb.CompleteMigrationRequestPBImpl;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb.CompleteMigrationResponsePBImpl;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb.GetRestoreStatusRequestPBImpl;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb.GetRestoreStatusResponsePBImpl;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb.PrepareRestoreRequestPBImpl;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb.PrepareRestoreResponsePBImpl;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb.ShipImagesRequestPBImpl;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb.ShipImagesResponsePBImpl;

import com.google.protobuf.RpcController;
import com.google.protobuf.ServiceException;

/**
 * Server side of {@link NodeMigrationAgentProtocol} over Hadoop RPC; found by YARN's RpcServerFactoryPBImpl
 * through its name. Exceptions of the real implementation travel wrapped in a
 * {@link ServiceException}, which Hadoop RPC unwraps before sending.
 */
@Private
public class NodeMigrationAgentProtocolPBServiceImpl implements NodeMigrationAgentProtocolPB {

  private final NodeMigrationAgentProtocol real;

  public NodeMigrationAgentProtocolPBServiceImpl(NodeMigrationAgentProtocol impl) {
    this.real = impl;
  }

  @Override
  public CheckpointContainerResponseProto checkpointContainer(RpcController controller,
      CheckpointContainerRequestProto proto) throws ServiceException {
    try {
      return ((CheckpointContainerResponsePBImpl) real.checkpointContainer(new CheckpointContainerRequestPBImpl(proto))).getProto();
    } catch (YarnException e) {
      throw new ServiceException(e);
    } catch (IOException e) {
      throw new ServiceException(e);
    }
  }

  @Override
  public PrepareRestoreResponseProto prepareRestore(RpcController controller,
      PrepareRestoreRequestProto proto) throws ServiceException {
    try {
      return ((PrepareRestoreResponsePBImpl) real.prepareRestore(new PrepareRestoreRequestPBImpl(proto))).getProto();
    } catch (YarnException e) {
      throw new ServiceException(e);
    } catch (IOException e) {
      throw new ServiceException(e);
    }
  }

  @Override
  public GetRestoreStatusResponseProto getRestoreStatus(RpcController controller,
      GetRestoreStatusRequestProto proto) throws ServiceException {
    try {
      return ((GetRestoreStatusResponsePBImpl) real.getRestoreStatus(new GetRestoreStatusRequestPBImpl(proto))).getProto();
    } catch (YarnException e) {
      throw new ServiceException(e);
    } catch (IOException e) {
      throw new ServiceException(e);
    }
  }

  @Override
  public CompleteMigrationResponseProto completeMigration(RpcController controller,
      CompleteMigrationRequestProto proto) throws ServiceException {
    try {
      return ((CompleteMigrationResponsePBImpl) real.completeMigration(new CompleteMigrationRequestPBImpl(proto))).getProto();
    } catch (YarnException e) {
      throw new ServiceException(e);
    } catch (IOException e) {
      throw new ServiceException(e);
    }
  }

  @Override
  public AbortMigrationResponseProto abortMigration(RpcController controller,
      AbortMigrationRequestProto proto) throws ServiceException {
    try {
      return ((AbortMigrationResponsePBImpl) real.abortMigration(new AbortMigrationRequestPBImpl(proto))).getProto();
    } catch (YarnException e) {
      throw new ServiceException(e);
    } catch (IOException e) {
      throw new ServiceException(e);
    }
  }

  @Override
  public ShipImagesResponseProto shipImages(RpcController controller,
      ShipImagesRequestProto proto) throws ServiceException {
    try {
      return ((ShipImagesResponsePBImpl) real.shipImages(
          new ShipImagesRequestPBImpl(proto))).getProto();
    } catch (YarnException e) {
      throw new ServiceException(e);
    } catch (IOException e) {
      throw new ServiceException(e);
    }
  }
}
