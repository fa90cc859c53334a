/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.ipc.RPC;
import org.apache.hadoop.ipc.Server;
import org.apache.hadoop.yarn.proto.MigrationAgentTrackerProtocol.MigrationAgentTrackerProtocolService;
import org.apache.hadoop.yarn.server.api.migration.impl.pb.service.MigrationAgentTrackerProtocolPBServiceImpl;

import com.google.protobuf.BlockingService;

/**
 * Serves a second protocol on an existing Hadoop RPC server. The ResourceManager serves
 * {@link MigrationAgentTrackerProtocol} on the same server (and port) as
 * ContainerMigrationProtocol, which it creates with {@code YarnRPC.getServer}.
 *
 * <p>How it works in Hadoop 3.1.0: {@code RPC.Server.addProtocol(RPC_PROTOCOL_BUFFER,
 * protocolClass, impl)} registers {@code impl} under the protocol name and version of the
 * {@code @ProtocolInfo} of {@code protocolClass} (here {@link MigrationAgentTrackerProtocolPB});
 * for protobuf the implementation must be the {@link BlockingService} made from the PB
 * service translator, as YARN's RpcServerFactoryPBImpl does for the first protocol. Calls
 * are dispatched by protocol name, so both protocols share handlers, port and ACL refresh
 * (see {@link MigrationServerPolicyProvider}). Register before or after {@code start()}.
 */
@Private
@Unstable
public final class MigrationServerProtocols {

  private MigrationServerProtocols() {
  }

  /** Adds {@link MigrationAgentTrackerProtocol}, served by {@code impl}, to {@code server}. */
  public static void addTo(RPC.Server server, MigrationAgentTrackerProtocol impl) {
    if (server == null || impl == null) {
      throw new IllegalArgumentException("server and impl are required");
    }
    BlockingService service = MigrationAgentTrackerProtocolService.newReflectiveBlockingService(
        new MigrationAgentTrackerProtocolPBServiceImpl(impl));
    server.addProtocol(RPC.RpcKind.RPC_PROTOCOL_BUFFER, MigrationAgentTrackerProtocolPB.class,
        service);
  }

  /**
   * As {@link #addTo(RPC.Server, MigrationAgentTrackerProtocol)} for the
   * {@link Server} that {@code YarnRPC.getServer} returns (always an {@link RPC.Server}).
   *
   * @throws IllegalArgumentException if {@code server} is no {@link RPC.Server}
   */
  public static void addTo(Server server, MigrationAgentTrackerProtocol impl) {
    if (!(server instanceof RPC.Server)) {
      throw new IllegalArgumentException("Not a Hadoop RPC.Server: "
          + (server == null ? null : server.getClass().getName()));
    }
    addTo((RPC.Server) server, impl);
  }
}
