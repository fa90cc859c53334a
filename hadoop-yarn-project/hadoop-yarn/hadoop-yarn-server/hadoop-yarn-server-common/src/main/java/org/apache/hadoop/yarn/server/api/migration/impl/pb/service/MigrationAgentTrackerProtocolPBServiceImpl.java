/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.impl.pb.service;

import java.io.IOException;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.RegisterMigrationAgentRequestProto;
import org.apache.hadoop.yarn.proto.MigrationServerProtos.RegisterMigrationAgentResponseProto;
import org.apache.hadoop.yarn.server.api.migration.MigrationAgentTrackerProtocol;
import org.apache.hadoop.yarn.server.api.migration.MigrationAgentTrackerProtocolPB;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb.RegisterMigrationAgentRequestPBImpl;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb.RegisterMigrationAgentResponsePBImpl;

import com.google.protobuf.RpcController;
import com.google.protobuf.ServiceException;

/**
 * Server side of {@link MigrationAgentTrackerProtocol} over Hadoop RPC; found by YARN's RpcServerFactoryPBImpl
 * through its name. Exceptions of the real implementation travel wrapped in a
 * {@link ServiceException}, which Hadoop RPC unwraps before sending.
 */
@Private
public class MigrationAgentTrackerProtocolPBServiceImpl implements MigrationAgentTrackerProtocolPB {

  private final MigrationAgentTrackerProtocol real;

  public MigrationAgentTrackerProtocolPBServiceImpl(MigrationAgentTrackerProtocol impl) {
    this.real = impl;
  }

  @Override
  public RegisterMigrationAgentResponseProto registerMigrationAgent(RpcController controller,
      RegisterMigrationAgentRequestProto proto) throws ServiceException {
    try {
      return ((RegisterMigrationAgentResponsePBImpl) real.registerMigrationAgent(new RegisterMigrationAgentRequestPBImpl(proto))).getProto();
    } catch (YarnException e) {
      throw new ServiceException(e);
    } catch (IOException e) {
      throw new ServiceException(e);
    }
  }
}
