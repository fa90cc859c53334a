/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration;

import java.io.IOException;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.RegisterMigrationAgentRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.RegisterMigrationAgentResponse;

/**
 * The NodeManager's migration agent reports to the ResourceManager. Served by the RM on its migration RPC server, beside ContainerMigrationProtocol (see MigrationServerProtocols#addTo).
 * Internal (server to server); over Hadoop RPC through {@link MigrationAgentTrackerProtocolPB}.
 */
@Private
@Unstable
public interface MigrationAgentTrackerProtocol {

  /**
   * Registers (or re-registers) the migration agent of a NodeManager. Idempotent: the agent calls it again every {@code heartbeatIntervalMs} of the response, so a restarted RM learns the agent again.
   */
  RegisterMigrationAgentResponse registerMigrationAgent(RegisterMigrationAgentRequest request) throws YarnException, IOException;
}
