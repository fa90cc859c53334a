/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.ipc.ProtocolInfo;
import org.apache.hadoop.yarn.proto.NodeMigrationAgentProtocol.NodeMigrationAgentProtocolService;

/** The protobuf face of {@link NodeMigrationAgentProtocol}, as seen by Hadoop RPC. */
@Private
@Unstable
@ProtocolInfo(
    protocolName = "org.apache.hadoop.yarn.server.api.migration.NodeMigrationAgentProtocolPB",
    protocolVersion = 1)
public interface NodeMigrationAgentProtocolPB extends NodeMigrationAgentProtocolService.BlockingInterface {
}
