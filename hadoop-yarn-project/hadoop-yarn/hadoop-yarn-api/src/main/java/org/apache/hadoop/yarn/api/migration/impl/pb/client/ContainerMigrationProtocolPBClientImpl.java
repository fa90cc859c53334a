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
import org.apache.hadoop.ipc.RemoteException;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationProtocol;
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
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.ipc.RPCUtil;

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
      unwrapAndThrowException(e);
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
      unwrapAndThrowException(e);
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
      unwrapAndThrowException(e);
      return null;
    }
  }

  /**
   * Like {@link RPCUtil#unwrapAndThrowException}, which rebuilds the server's exception
   * class on the client, but without the server's stack trace in the message: Hadoop RPC
   * sends the whole stack trace as the error text, and users of this protocol (the CLI,
   * the REST layer) show {@code getMessage()}. The full remote text stays reachable as the
   * cause of the cause.
   */
  static void unwrapAndThrowException(ServiceException se)
      throws YarnException, IOException {
    Throwable cause = se.getCause();
    if (cause instanceof RemoteException) {
      RemoteException remote = (RemoteException) cause;
      String message = ContainerMigrationException.stripRemoteStackTrace(remote.getMessage());
      if (message != null && !message.equals(remote.getMessage())) {
        RemoteException trimmed = new RemoteException(remote.getClassName(), message);
        trimmed.initCause(remote);
        RPCUtil.unwrapAndThrowException(new ServiceException(trimmed));
        return;
      }
    }
    RPCUtil.unwrapAndThrowException(se);
  }
}
