/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.channel;

import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.server.resourcemanager.RMContext;
import org.apache.hadoop.yarn.server.resourcemanager.rmnode.RMNode;
import org.apache.hadoop.yarn.util.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a node a migration uses is gone, so that the migration is aborted at once instead
 * of when a call to it times out. A node is gone when the ResourceManager says so (LOST,
 * SHUTDOWN, DECOMMISSIONED or REBOOTED, or moved to its inactive nodes) or when its
 * migration agent stopped heartbeating: an agent re-registers every heartbeat interval,
 * and one not heard from for the expiry is dropped from the {@link MigrationAgentTracker}
 * (it comes back with its next registration).
 */
public class NodeLiveness {

  private static final Logger LOG = LoggerFactory.getLogger(NodeLiveness.class);

  /** The agent expiry when none is configured, in heartbeat intervals. */
  public static final long EXPIRY_HEARTBEATS = 3;

  /** The node states after which nothing on the node runs or answers. */
  static final EnumSet<NodeState> GONE = EnumSet.of(NodeState.LOST, NodeState.SHUTDOWN,
      NodeState.DECOMMISSIONED, NodeState.REBOOTED);

  private final RMContext rmContext;
  private final MigrationAgentTracker tracker;
  private final Clock clock;
  private final long agentExpiryMs;
  /** Agents dropped for silence: node -> how long it had been silent, ms. */
  private final Map<NodeId, Long> silent = new ConcurrentHashMap<>();

  public NodeLiveness(RMContext rmContext, MigrationAgentTracker tracker, Clock clock,
      long agentExpiryMs) {
    this.rmContext = rmContext;
    this.tracker = tracker;
    this.clock = clock;
    this.agentExpiryMs = agentExpiryMs;
  }

  /** Drops the agents not heard from for the expiry; call before {@link #whyGone}. */
  public void expireSilentAgents() {
    long now = clock.getTime();
    for (MigrationAgentTracker.Agent a : tracker.getAgents()) {
      long quiet = now - a.getRegisteredAt();
      if (quiet > agentExpiryMs && tracker.removeIfSame(a)) {
        silent.put(a.getNodeId(), quiet);
        LOG.warn("Dropped the {}: not heard from for {} ms (expiry {} ms)", a, quiet,
            agentExpiryMs);
      }
    }
    for (NodeId n : silent.keySet()) {
      if (tracker.get(n) != null) {
        silent.remove(n); // registered again
      }
    }
  }

  /**
   * Why the ResourceManager counts the node gone (LOST, SHUTDOWN, DECOMMISSIONED or
   * REBOOTED, or moved to its inactive nodes), or null: then nothing of the node runs for
   * YARN. A node the RM does not know at all (not registered yet) is not gone.
   */
  static String goneInResourceManager(RMContext rmContext, NodeId node) {
    RMNode active = rmContext.getRMNodes().get(node);
    if (active != null && GONE.contains(active.getState())) {
      return "its NodeManager is " + active.getState() + " in the ResourceManager";
    }
    if (active == null) {
      RMNode inactive = rmContext.getInactiveRMNodes().get(node);
      if (inactive != null) {
        return "its NodeManager is " + inactive.getState() + " in the ResourceManager";
      }
    }
    return null;
  }

  /**
   * @return why the node is gone (a cause that does not name the node again), or null when
   *     it is there
   */
  public String whyGone(NodeId node) {
    if (node == null) {
      return null;
    }
    String rm = goneInResourceManager(rmContext, node);
    if (rm != null) {
      return rm;
    }
    Long quiet = silent.get(node);
    if (quiet != null && tracker.get(node) == null) {
      return "its migration agent has not been heard from for " + quiet + " ms (expiry "
          + agentExpiryMs + " ms)";
    }
    return null;
  }
}
