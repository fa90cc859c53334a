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
import org.apache.hadoop.yarn.server.api.migration.MigrationAgentTrackerProtocol;
import org.apache.hadoop.yarn.server.api.migration.MigrationAgentTrackerProtocolPB;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.RegisterMigrationAgentRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.RegisterMigrationAgentResponse;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb.RegisterMigrationAgentRequestPBImpl;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb.RegisterMigrationAgentResponsePBImpl;

import com.google.protobuf.ServiceException;

/**
 * Client side of {@link MigrationAgentTrackerProtocol} over Hadoop RPC; found by YARN's RpcClientFactoryPBImpl
 * through its name. Remote exceptions arrive as their own class, without the server's
 * stack trace in the message (see {@link RemoteExceptions}).
 */
@Private
public class MigrationAgentTrackerProtocolPBClientImpl implements MigrationAgentTrackerProtocol, Closeable {

  private MigrationAgentTrackerProtocolPB proxy;

  public MigrationAgentTrackerProtocolPBClientImpl(long clientVersion, InetSocketAddress addr,
      Configuration conf) throws IOException {
    RPC.setProtocolEngine(conf, MigrationAgentTrackerProtocolPB.class, ProtobufRpcEngine.class);
    proxy = RPC.getProxy(MigrationAgentTrackerProtocolPB.class, clientVersion, addr, conf);
  }

  @Override
  public void close() {
    if (proxy != null) {
      RPC.stopProxy(proxy);
      proxy = null;
    }
  }

  @Override
  public RegisterMigrationAgentResponse registerMigrationAgent(RegisterMigrationAgentRequest request)
      throws YarnException, IOException {
    try {
      return new RegisterMigrationAgentResponsePBImpl(proxy.registerMigrationAgent(null,
          ((RegisterMigrationAgentRequestPBImpl) request).getProto()));
    } catch (ServiceException e) {
      RemoteExceptions.unwrapAndThrowException(e);
      return null;
    }
  }
}
