/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.ipc.ProtocolInfo;
import org.apache.hadoop.yarn.proto.MigrationAgentTrackerProtocol.MigrationAgentTrackerProtocolService;

/** The protobuf face of {@link MigrationAgentTrackerProtocol}, as seen by Hadoop RPC. */
@Private
@Unstable
@ProtocolInfo(
    protocolName = "org.apache.hadoop.yarn.server.api.migration.MigrationAgentTrackerProtocolPB",
    protocolVersion = 1)
public interface MigrationAgentTrackerProtocolPB extends MigrationAgentTrackerProtocolService.BlockingInterface {
}
