/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.impl.pb.client;

import org.apache.hadoop.yarn.api.migration.impl.pb.RemoteExceptions;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.ipc.ProtobufRpcEngine;
import org.apache.hadoop.ipc.RPC;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.server.api.migration.NodeMigrationAgentProtocol;
import org.apache.hadoop.yarn.server.api.migration.NodeMigrationAgentProtocolPB;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.AbortMigrationRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.AbortMigrationResponse;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.CheckpointContainerRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.CheckpointContainerResponse;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.CompleteMigrationRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.CompleteMigrationResponse;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.GetRestoreStatusRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.GetRestoreStatusResponse;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.PrepareRestoreRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.PrepareRestoreResponse;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.ShipImagesRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.ShipImagesResponse;
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

import com.google.protobuf.ServiceException;

/**
 * Client side of {@link NodeMigrationAgentProtocol} over Hadoop RPC; found by YARN's RpcClientFactoryPBImpl
 * through its name. Remote exceptions arrive as their own class, without the server's
 * stack trace in the message (see {@link RemoteExceptions}).
 */
@Private
public class NodeMigrationAgentProtocolPBClientImpl implements NodeMigrationAgentProtocol, Closeable {

  private NodeMigrationAgentProtocolPB proxy;

  public NodeMigrationAgentProtocolPBClientImpl(long clientVersion, InetSocketAddress addr,
      Configuration conf) throws IOException {
    RPC.setProtocolEngine(conf, NodeMigrationAgentProtocolPB.class, ProtobufRpcEngine.class);
    proxy = RPC.getProxy(NodeMigrationAgentProtocolPB.class, clientVersion, addr, conf);
  }

  @Override
  public void close() {
    if (proxy != null) {
      RPC.stopProxy(proxy);
      proxy = null;
    }
  }

  @Override
  public CheckpointContainerResponse checkpointContainer(CheckpointContainerRequest request)
      throws YarnException, IOException {
    try {
      return new CheckpointContainerResponsePBImpl(proxy.checkpointContainer(null,
          ((CheckpointContainerRequestPBImpl) request).getProto()));
    } catch (ServiceException e) {
      RemoteExceptions.unwrapAndThrowException(e);
      return null;
    }
  }

  @Override
  public PrepareRestoreResponse prepareRestore(PrepareRestoreRequest request)
      throws YarnException, IOException {
    try {
      return new PrepareRestoreResponsePBImpl(proxy.prepareRestore(null,
          ((PrepareRestoreRequestPBImpl) request).getProto()));
    } catch (ServiceException e) {
      RemoteExceptions.unwrapAndThrowException(e);
      return null;
    }
  }

  @Override
  public GetRestoreStatusResponse getRestoreStatus(GetRestoreStatusRequest request)
      throws YarnException, IOException {
    try {
      return new GetRestoreStatusResponsePBImpl(proxy.getRestoreStatus(null,
          ((GetRestoreStatusRequestPBImpl) request).getProto()));
    } catch (ServiceException e) {
      RemoteExceptions.unwrapAndThrowException(e);
      return null;
    }
  }

  @Override
  public CompleteMigrationResponse completeMigration(CompleteMigrationRequest request)
      throws YarnException, IOException {
    try {
      return new CompleteMigrationResponsePBImpl(proxy.completeMigration(null,
          ((CompleteMigrationRequestPBImpl) request).getProto()));
    } catch (ServiceException e) {
      RemoteExceptions.unwrapAndThrowException(e);
      return null;
    }
  }

  @Override
  public AbortMigrationResponse abortMigration(AbortMigrationRequest request)
      throws YarnException, IOException {
    try {
      return new AbortMigrationResponsePBImpl(proxy.abortMigration(null,
          ((AbortMigrationRequestPBImpl) request).getProto()));
    } catch (ServiceException e) {
      RemoteExceptions.unwrapAndThrowException(e);
      return null;
    }
  }

  @Override
  public ShipImagesResponse shipImages(ShipImagesRequest request)
      throws YarnException, IOException {
    try {
      return new ShipImagesResponsePBImpl(proxy.shipImages(null,
          ((ShipImagesRequestPBImpl) request).getProto()));
    } catch (ServiceException e) {
      RemoteExceptions.unwrapAndThrowException(e);
      return null;
    }
  }
}
