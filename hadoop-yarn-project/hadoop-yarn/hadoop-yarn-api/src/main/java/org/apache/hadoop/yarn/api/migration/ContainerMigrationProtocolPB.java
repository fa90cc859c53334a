/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.ipc.ProtocolInfo;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtocol.ContainerMigrationProtocolService;

/** The protobuf face of {@link ContainerMigrationProtocol}, as seen by Hadoop RPC. */
@Private
@Unstable
@ProtocolInfo(
    protocolName = "org.apache.hadoop.yarn.api.migration.ContainerMigrationProtocolPB",
    protocolVersion = 1)
public interface ContainerMigrationProtocolPB
    extends ContainerMigrationProtocolService.BlockingInterface {
}
