/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.impl.pb.client;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.ipc.ProtobufRpcEngine;
import org.apache.hadoop.ipc.RPC;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationProtocol;
import org.apache.hadoop.yarn.api.migration.impl.pb.RemoteExceptions;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationProtocolPB;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportRequest;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportResponse;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportsRequest;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportsResponse;
import org.apache.hadoop.yarn.api.migration.protocolrecords.MigrateContainerRequest;
import org.apache.hadoop.yarn.api.migration.protocolrecords.MigrateContainerResponse;
import org.apache.hadoop.yarn.api.migration.protocolrecords.impl.pb.GetContainerMigrationReportRequestPBImpl;
import org.apache.hadoop.yarn.api.migration.protocolrecords.impl.pb.GetContainerMigrationReportResponsePBImpl;
import org.apache.hadoop.yarn.api.migration.protocolrecords.impl.pb.GetContainerMigrationReportsRequestPBImpl;
import org.apache.hadoop.yarn.api.migration.protocolrecords.impl.pb.GetContainerMigrationReportsResponsePBImpl;
import org.apache.hadoop.yarn.api.migration.protocolrecords.impl.pb.MigrateContainerRequestPBImpl;
import org.apache.hadoop.yarn.api.migration.protocolrecords.impl.pb.MigrateContainerResponsePBImpl;
import org.apache.hadoop.yarn.api.migration.protocolrecords.DrainNodeRequest;
import org.apache.hadoop.yarn.api.migration.protocolrecords.DrainNodeResponse;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetNodeDrainReportRequest;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetNodeDrainReportResponse;
import org.apache.hadoop.yarn.api.migration.protocolrecords.impl.pb.DrainNodeRequestPBImpl;
import org.apache.hadoop.yarn.api.migration.protocolrecords.impl.pb.DrainNodeResponsePBImpl;
import org.apache.hadoop.yarn.api.migration.protocolrecords.impl.pb.GetNodeDrainReportRequestPBImpl;
import org.apache.hadoop.yarn.api.migration.protocolrecords.impl.pb.GetNodeDrainReportResponsePBImpl;
import org.apache.hadoop.yarn.exceptions.YarnException;

import com.google.protobuf.ServiceException;

/**
 * Client side of {@link ContainerMigrationProtocol} over Hadoop RPC; found by YARN's
 * RpcClientFactoryPBImpl through its name.
 */
@Private
public class ContainerMigrationProtocolPBClientImpl
    implements ContainerMigrationProtocol, Closeable {

  private ContainerMigrationProtocolPB proxy;

  public ContainerMigrationProtocolPBClientImpl(long clientVersion, InetSocketAddress addr,
      Configuration conf) throws IOException {
    RPC.setProtocolEngine(conf, ContainerMigrationProtocolPB.class, ProtobufRpcEngine.class);
    proxy = RPC.getProxy(ContainerMigrationProtocolPB.class, clientVersion, addr, conf);
  }

  @Override
  public void close() {
    if (proxy != null) {
      RPC.stopProxy(proxy);
      proxy = null;
    }
  }

  @Override
  public MigrateContainerResponse migrateContainer(MigrateContainerRequest request)
      throws YarnException, IOException {
    try {
      return new MigrateContainerResponsePBImpl(proxy.migrateContainer(null,
          ((MigrateContainerRequestPBImpl) request).getProto()));
    } catch (ServiceException e) {
      RemoteExceptions.unwrapAndThrowException(e);
      return null;
    }
  }

  @Override
  public GetContainerMigrationReportResponse getContainerMigrationReport(
      GetContainerMigrationReportRequest request) throws YarnException, IOException {
    try {
      return new GetContainerMigrationReportResponsePBImpl(proxy.getContainerMigrationReport(
          null, ((GetContainerMigrationReportRequestPBImpl) request).getProto()));
    } catch (ServiceException e) {
      RemoteExceptions.unwrapAndThrowException(e);
      return null;
    }
  }

  @Override
  public GetContainerMigrationReportsResponse getContainerMigrationReports(
      GetContainerMigrationReportsRequest request) throws YarnException, IOException {
    try {
      return new GetContainerMigrationReportsResponsePBImpl(proxy.getContainerMigrationReports(
          null, ((GetContainerMigrationReportsRequestPBImpl) request).getProto()));
    } catch (ServiceException e) {
      RemoteExceptions.unwrapAndThrowException(e);
      return null;
    }
  }

  @Override
  public DrainNodeResponse drainNode(DrainNodeRequest request)
      throws YarnException, IOException {
    try {
      return new DrainNodeResponsePBImpl(proxy.drainNode(null,
          ((DrainNodeRequestPBImpl) request).getProto()));
    } catch (ServiceException e) {
      RemoteExceptions.unwrapAndThrowException(e);
      return null;
    }
  }

  @Override
  public GetNodeDrainReportResponse getNodeDrainReport(GetNodeDrainReportRequest request)
      throws YarnException, IOException {
    try {
      return new GetNodeDrainReportResponsePBImpl(proxy.getNodeDrainReport(null,
          ((GetNodeDrainReportRequestPBImpl) request).getProto()));
    } catch (ServiceException e) {
      RemoteExceptions.unwrapAndThrowException(e);
      return null;
    }
  }
}
