/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.channel;

import org.apache.hadoop.ipc.Server;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.yarn.server.api.migration.security.MigrationAgentKeys;
import org.apache.hadoop.yarn.server.api.migration.security.MigrationAgentSecretManager;
import org.apache.hadoop.yarn.server.api.migration.security.MigrationAgentTokenIdentifier;
import org.apache.hadoop.yarn.server.api.migration.security.SealedSecret;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException.Reason;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.server.api.migration.MigrationAgentTrackerProtocol;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.RegisterMigrationAgentRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.RegisterMigrationAgentResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RM's registry of NodeManager migration agents, fed by
 * {@link MigrationAgentTrackerProtocol} (served on the RM's migration RPC server). Holds
 * the cluster's transfer keys: 32 random bytes each ({@link SecureRandom}), the current one
 * and the next, rolled every
 * {@value MigrationConfiguration#RM_MIGRATION_TRANSFER_KEY_ROLLING_INTERVAL_SECS} seconds
 * ({@link TransferKeyRing}), both handed to every agent at each registration.
 *
 * <p>Only a NodeManager registers its node's agent: over RPC, the caller must have proved
 * a migration token of the NodeManager role for that very node
 * ({@link MigrationAgentSecretManager}, derived from the NM-token master key the RM gave
 * the NodeManager when it registered), and the node must be one the RM knows. The secret
 * goes back sealed under that master key ({@link SealedSecret}): a listener on the wire
 * cannot read it.
 */
public class MigrationAgentTracker implements MigrationAgentTrackerProtocol {

  private static final Logger LOG = LoggerFactory.getLogger(MigrationAgentTracker.class);

  /** Length of the transfer secret. */
  public static final int SECRET_BYTES = 32;

  private final TransferKeyRing transferKeys;
  private long loggedGeneration;
  private final long heartbeatMs;
  private final Map<NodeId, Agent> agents = new ConcurrentHashMap<>();

  /** One registered agent. */
  public static final class Agent {
    private final NodeId nodeId;
    private final String agentAddress;
    private final String transferAddress;
    private final String criuVersion;
    private final List<String> capabilities;
    private final long registeredAt;
    private final long startedAt;

    Agent(NodeId nodeId, String agentAddress, String transferAddress, String criuVersion,
        List<String> capabilities, long registeredAt, long startedAt) {
      this.nodeId = nodeId;
      this.agentAddress = agentAddress;
      this.transferAddress = transferAddress;
      this.criuVersion = criuVersion;
      this.capabilities = capabilities == null ? Collections.<String>emptyList()
          : Collections.unmodifiableList(new ArrayList<>(capabilities));
      this.registeredAt = registeredAt;
      this.startedAt = startedAt;
    }

    public NodeId getNodeId() {
      return nodeId;
    }

    /** host:port of the agent's NodeMigrationAgentProtocol server. */
    public String getAgentAddress() {
      return agentAddress;
    }

    /** host:port of the NM's image transfer port. */
    public String getTransferAddress() {
      return transferAddress;
    }

    public String getCriuVersion() {
      return criuVersion;
    }

    public List<String> getCapabilities() {
      return capabilities;
    }

    /**
     * When this run of the agent started (ms; 0 if it did not say): a new value after its
     * NodeManager restarted. Connections to the run that ended are not reused (the RPC
     * client would find the old socket closed only when it reads the answer of a call).
     */
    public long getStartedAt() {
      return startedAt;
    }

    /** Wall-clock time of the last registration (ms). */
    public long getRegisteredAt() {
      return registeredAt;
    }

    @Override
    public String toString() {
      return "agent of " + nodeId + " at " + agentAddress + " (transfer " + transferAddress
          + ", criu " + criuVersion + ")";
    }
  }

  private final MigrationAgentKeys keys;
  private final java.util.function.Predicate<NodeId> knownNode;

  /**
   * @param keys the RM's NM-token master keys (tokens are checked and the secret sealed
   *     with them)
   * @param knownNode whether the RM knows a node (registered, not yet forgotten)
   */
  public MigrationAgentTracker(Configuration conf, MigrationAgentKeys keys,
      java.util.function.Predicate<NodeId> knownNode) {
    this.keys = keys;
    this.knownNode = knownNode;
    this.heartbeatMs = conf.getLong(
        MigrationConfiguration.RM_MIGRATION_AGENT_HEARTBEAT_INTERVAL_MS,
        MigrationConfiguration.DEFAULT_RM_MIGRATION_AGENT_HEARTBEAT_INTERVAL_MS);
    long rollSecs = conf.getLong(
        MigrationConfiguration.RM_MIGRATION_TRANSFER_KEY_ROLLING_INTERVAL_SECS,
        MigrationConfiguration.DEFAULT_RM_MIGRATION_TRANSFER_KEY_ROLLING_INTERVAL_SECS);
    if (rollSecs * 1000L < 10 * heartbeatMs) {
      throw new IllegalArgumentException(
          MigrationConfiguration.RM_MIGRATION_TRANSFER_KEY_ROLLING_INTERVAL_SECS + "="
          + rollSecs + " is shorter than ten agent heartbeats ("
          + MigrationConfiguration.RM_MIGRATION_AGENT_HEARTBEAT_INTERVAL_MS + "="
          + heartbeatMs + "): an agent could miss a key before it is used. Set it to at"
          + " least " + (10 * heartbeatMs + 999) / 1000);
    }
    final SecureRandom random = new SecureRandom();
    this.transferKeys = new TransferKeyRing(rollSecs * 1000L, System::currentTimeMillis,
        () -> {
          byte[] k = new byte[SECRET_BYTES];
          random.nextBytes(k);
          return k;
        });
  }

  @Override
  public RegisterMigrationAgentResponse registerMigrationAgent(
      RegisterMigrationAgentRequest request) throws YarnException, IOException {
    NodeId nodeId = request.getNodeId();
    if (nodeId == null || request.getAgentAddress() == null
        || request.getTransferAddress() == null) {
      throw new YarnException("registerMigrationAgent needs nodeId, agentAddress and"
          + " transferAddress");
    }
    if (MigrationAgentSecretManager.inRpcCall()) {
      MigrationAgentTokenIdentifier t = MigrationAgentSecretManager.callerToken();
      String refused = null;
      if (t == null || t.getRole() != MigrationAgentTokenIdentifier.Role.NODE_MANAGER) {
        refused = "the caller proved no NodeManager migration token";
      } else if (!t.getNodeId().equals(nodeId.toString())) {
        refused = "the caller is the NodeManager of " + t.getNodeId() + ", not of " + nodeId;
      } else if (!knownNode.test(nodeId)) {
        refused = "the ResourceManager knows no node " + nodeId;
      }
      if (refused != null) {
        LOG.warn("registerMigrationAgent for {} from {} ({}) refused: {}", nodeId,
            Server.getRemoteAddress(), Server.getRemoteUser(), refused);
        throw new AccessControlException("registerMigrationAgent for node " + nodeId
            + " refused: " + refused + ". Only the NodeManager of a node registers its"
            + " migration agent; nothing was registered and no secret is returned");
      }
    }
    byte[] sealed;
    byte[] sealedNext;
    TransferKeyRing.Keys k = transferKeys.now();
    try {
      sealed = SealedSecret.seal(k.current, keys, nodeId.toString());
      sealedNext = SealedSecret.seal(k.next, keys, nodeId.toString());
    } catch (IllegalStateException e) {
      throw new YarnException("registerMigrationAgent for node " + nodeId + ": "
          + e.getMessage() + "; retry once the ResourceManager has started");
    }
    Agent a = new Agent(nodeId, request.getAgentAddress(), request.getTransferAddress(),
        request.getCriuVersion(), request.getCapabilities(), System.currentTimeMillis(),
        request.getStartedAt());
    Agent old = agents.put(nodeId, a);
    if (old == null || !old.agentAddress.equals(a.agentAddress)
        || !old.transferAddress.equals(a.transferAddress) || old.startedAt != a.startedAt) {
      LOG.info("Registered migration {}", a);
    }
    synchronized (this) {
      if (k.generation > loggedGeneration) {
        loggedGeneration = k.generation;
        LOG.info("Rolled the migration transfer key (generation {}): agents get it at their"
            + " next registration", k.generation);
      }
    }
    RegisterMigrationAgentResponse response =
        RegisterMigrationAgentResponse.newInstance(ByteBuffer.wrap(sealed), heartbeatMs);
    response.setNextTransferSecret(ByteBuffer.wrap(sealedNext));
    return response;
  }

  /** The RM's migration keys: the channel's and the migration server's tokens use them. */
  public MigrationAgentKeys getKeys() {
    return keys;
  }

  /** @return the agent of the node, or null */
  public Agent get(NodeId nodeId) {
    return agents.get(nodeId);
  }

  /**
   * @return the agent of the node
   * @throws ContainerMigrationException if none registered
   */
  public Agent require(NodeId nodeId) throws ContainerMigrationException {
    Agent a = agents.get(nodeId);
    if (a == null) {
      throw new ContainerMigrationException(Reason.INTERNAL, "NodeManager " + nodeId
          + " has no migration agent registered (is the container_migration aux service"
          + " configured there?)");
    }
    return a;
  }

  /**
   * Forgets an agent unless it registered again meanwhile.
   *
   * @return whether it was forgotten
   */
  public boolean removeIfSame(Agent a) {
    return agents.remove(a.getNodeId(), a);
  }

  /** Forgets the agent of a node (e.g. the node was removed). */
  public void remove(NodeId nodeId) {
    agents.remove(nodeId);
  }

  /** @return every registered agent */
  public List<Agent> getAgents() {
    return new ArrayList<>(agents.values());
  }

  public long getHeartbeatIntervalMs() {
    return heartbeatMs;
  }
}
