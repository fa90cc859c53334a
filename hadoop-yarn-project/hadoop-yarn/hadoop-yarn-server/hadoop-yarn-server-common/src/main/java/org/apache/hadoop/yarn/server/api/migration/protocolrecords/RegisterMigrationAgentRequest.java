/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.protocolrecords;

import java.util.List;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.util.Records;

/** Request of {@link org.apache.hadoop.yarn.server.api.migration.MigrationAgentTrackerProtocol#registerMigrationAgent}. */
@Private
@Unstable
public abstract class RegisterMigrationAgentRequest {

  /**
   * A new record.
   * @param nodeId the NodeManager's id ({@code host:port}, as in the RM's node list)
   * @param agentAddress {@code host:port} of the agent's NodeMigrationAgentProtocol endpoint (the real, bound port)
   * @param transferAddress {@code host:port} of the NM-to-NM image transfer port
   * @param criuVersion version of the CRIU binary the agent uses, e.g. {@code 3.17.1}
   * @param capabilities optional features of this node, e.g. {@code lazy-pages}; empty when none
   */
  public static RegisterMigrationAgentRequest newInstance(NodeId nodeId, String agentAddress, String transferAddress, String criuVersion, List<String> capabilities) {
    RegisterMigrationAgentRequest record = Records.newRecord(RegisterMigrationAgentRequest.class);
    record.setNodeId(nodeId);
    record.setAgentAddress(agentAddress);
    record.setTransferAddress(transferAddress);
    record.setCriuVersion(criuVersion);
    record.setCapabilities(capabilities);
    return record;
  }

  /** @return the NodeManager's id ({@code host:port}, as in the RM's node list) */
  public abstract NodeId getNodeId();

  public abstract void setNodeId(NodeId nodeId);

  /** @return {@code host:port} of the agent's NodeMigrationAgentProtocol endpoint (the real, bound port) */
  public abstract String getAgentAddress();

  public abstract void setAgentAddress(String agentAddress);

  /** @return {@code host:port} of the NM-to-NM image transfer port */
  public abstract String getTransferAddress();

  public abstract void setTransferAddress(String transferAddress);

  /** @return version of the CRIU binary the agent uses, e.g. {@code 3.17.1} */
  public abstract String getCriuVersion();

  public abstract void setCriuVersion(String criuVersion);

  /** @return optional features of this node, e.g. {@code lazy-pages}; empty when none */
  public abstract List<String> getCapabilities();

  public abstract void setCapabilities(List<String> capabilities);

  /**
   * @return when this run of the agent started (ms since the epoch; 0 if not said): the
   *     same for every registration of one run, new after the NodeManager restarted, so
   *     the ResourceManager opens new connections to it instead of reusing those of the
   *     run that ended
   */
  public abstract long getStartedAt();

  public abstract void setStartedAt(long startedAt);
}
