/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.impl.pb.service;

import java.io.IOException;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationProtocol;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationProtocolPB;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportResponse;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportsResponse;
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
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.DrainNodeRequestProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.DrainNodeResponseProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.GetNodeDrainReportRequestProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.GetNodeDrainReportResponseProto;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.GetContainerMigrationReportRequestProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.GetContainerMigrationReportResponseProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.GetContainerMigrationReportsRequestProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.GetContainerMigrationReportsResponseProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.MigrateContainerRequestProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.MigrateContainerResponseProto;

import com.google.protobuf.RpcController;
import com.google.protobuf.ServiceException;

/**
 * Server side of {@link ContainerMigrationProtocol} over Hadoop RPC; found by YARN's
 * RpcServerFactoryPBImpl through its name. Exceptions of the real implementation travel
 * wrapped in a {@link ServiceException}, which Hadoop RPC unwraps before sending.
 */
@Private
public class ContainerMigrationProtocolPBServiceImpl implements ContainerMigrationProtocolPB {

  private final ContainerMigrationProtocol real;

  public ContainerMigrationProtocolPBServiceImpl(ContainerMigrationProtocol impl) {
    this.real = impl;
  }

  @Override
  public MigrateContainerResponseProto migrateContainer(RpcController controller,
      MigrateContainerRequestProto proto) throws ServiceException {
    MigrateContainerRequestPBImpl request = new MigrateContainerRequestPBImpl(proto);
    try {
      MigrateContainerResponse response = real.migrateContainer(request);
      return ((MigrateContainerResponsePBImpl) response).getProto();
    } catch (YarnException e) {
      throw new ServiceException(e);
    } catch (IOException e) {
      throw new ServiceException(e);
    }
  }

  @Override
  public GetContainerMigrationReportResponseProto getContainerMigrationReport(
      RpcController controller, GetContainerMigrationReportRequestProto proto)
      throws ServiceException {
    GetContainerMigrationReportRequestPBImpl request =
        new GetContainerMigrationReportRequestPBImpl(proto);
    try {
      GetContainerMigrationReportResponse response = real.getContainerMigrationReport(request);
      return ((GetContainerMigrationReportResponsePBImpl) response).getProto();
    } catch (YarnException e) {
      throw new ServiceException(e);
    } catch (IOException e) {
      throw new ServiceException(e);
    }
  }

  @Override
  public GetContainerMigrationReportsResponseProto getContainerMigrationReports(
      RpcController controller, GetContainerMigrationReportsRequestProto proto)
      throws ServiceException {
    GetContainerMigrationReportsRequestPBImpl request =
        new GetContainerMigrationReportsRequestPBImpl(proto);
    try {
      GetContainerMigrationReportsResponse response = real.getContainerMigrationReports(request);
      return ((GetContainerMigrationReportsResponsePBImpl) response).getProto();
    } catch (YarnException e) {
      throw new ServiceException(e);
    } catch (IOException e) {
      throw new ServiceException(e);
    }
  }

  @Override
  public DrainNodeResponseProto drainNode(RpcController controller,
      DrainNodeRequestProto proto) throws ServiceException {
    DrainNodeRequestPBImpl request = new DrainNodeRequestPBImpl(proto);
    try {
      DrainNodeResponse response = real.drainNode(request);
      return ((DrainNodeResponsePBImpl) response).getProto();
    } catch (YarnException e) {
      throw new ServiceException(e);
    } catch (IOException e) {
      throw new ServiceException(e);
    }
  }

  @Override
  public GetNodeDrainReportResponseProto getNodeDrainReport(RpcController controller,
      GetNodeDrainReportRequestProto proto) throws ServiceException {
    GetNodeDrainReportRequestPBImpl request = new GetNodeDrainReportRequestPBImpl(proto);
    try {
      GetNodeDrainReportResponse response = real.getNodeDrainReport(request);
      return ((GetNodeDrainReportResponsePBImpl) response).getProto();
    } catch (YarnException e) {
      throw new ServiceException(e);
    } catch (IOException e) {
      throw new ServiceException(e);
    }
  }
}
