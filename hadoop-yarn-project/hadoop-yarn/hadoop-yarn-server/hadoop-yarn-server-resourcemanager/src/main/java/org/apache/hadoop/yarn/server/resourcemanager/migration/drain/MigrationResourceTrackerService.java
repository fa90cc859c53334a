/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.drain;

import java.io.IOException;

import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.server.api.protocolrecords.NodeHeartbeatRequest;
import org.apache.hadoop.yarn.server.api.protocolrecords.NodeHeartbeatResponse;
import org.apache.hadoop.yarn.server.api.protocolrecords.RegisterNodeManagerRequest;
import org.apache.hadoop.yarn.server.api.protocolrecords.RegisterNodeManagerResponse;
import org.apache.hadoop.yarn.server.api.records.NodeAction;
import org.apache.hadoop.yarn.server.resourcemanager.NMLivelinessMonitor;
import org.apache.hadoop.yarn.server.resourcemanager.NodesListManager;
import org.apache.hadoop.yarn.server.resourcemanager.RMContext;
import org.apache.hadoop.yarn.server.resourcemanager.ResourceTrackerService;
import org.apache.hadoop.yarn.server.resourcemanager.migration.service.MigrationLookup;
import org.apache.hadoop.yarn.server.resourcemanager.security.NMTokenSecretManagerInRM;
import org.apache.hadoop.yarn.server.resourcemanager.security.RMContainerTokenSecretManager;
import org.apache.hadoop.yarn.util.Records;

/**
 * The RM's ResourceTrackerService (created by MigrationResourceManager's
 * {@code createResourceTrackerService}) with one addition: a node drained by
 * 'yarn rmadmin -decommission' stays decommissioned. Stock YARN keeps a DECOMMISSIONED
 * node out because its host is in the exclude file; a node decommissioned by command is
 * not, so its NodeManager's next heartbeat would be told to resync and the node would
 * register again as RUNNING. Here that heartbeat is answered with SHUTDOWN, as stock
 * YARN answers an excluded host; a NodeManager started there later registers normally.
 */
public class MigrationResourceTrackerService extends ResourceTrackerService {

  private final RMContext rmContext;

  public MigrationResourceTrackerService(RMContext rmContext,
      NodesListManager nodesListManager, NMLivelinessMonitor nmLivelinessMonitor,
      RMContainerTokenSecretManager containerTokenSecretManager,
      NMTokenSecretManagerInRM nmTokenSecretManager) {
    super(rmContext, nodesListManager, nmLivelinessMonitor, containerTokenSecretManager,
        nmTokenSecretManager);
    this.rmContext = rmContext;
  }

  @Override
  public NodeHeartbeatResponse nodeHeartbeat(NodeHeartbeatRequest request)
      throws YarnException, IOException {
    NodeId node = request.getNodeStatus().getNodeId();
    NodeDrainer drainer = drainer();
    if (drainer != null && drainer.isKeptOut(node)
        && !rmContext.getRMNodes().containsKey(node)) {
      NodeHeartbeatResponse shutdown = Records.newRecord(NodeHeartbeatResponse.class);
      shutdown.setNodeAction(NodeAction.SHUTDOWN);
      shutdown.setDiagnosticsMessage("Node " + node + " was decommissioned by 'yarn rmadmin"
          + " -decommission': shutting down. Start the NodeManager again to bring the node"
          + " back.");
      return shutdown;
    }
    return super.nodeHeartbeat(request);
  }

  @Override
  public RegisterNodeManagerResponse registerNodeManager(RegisterNodeManagerRequest request)
      throws YarnException, IOException {
    RegisterNodeManagerResponse response = super.registerNodeManager(request);
    NodeDrainer drainer = drainer();
    if (drainer != null && response.getNodeAction() == NodeAction.NORMAL) {
      drainer.nodeRegistered(request.getNodeId());
    }
    return response;
  }

  private NodeDrainer drainer() {
    return MigrationLookup.find(rmContext, NodeDrainer.class);
  }
}
