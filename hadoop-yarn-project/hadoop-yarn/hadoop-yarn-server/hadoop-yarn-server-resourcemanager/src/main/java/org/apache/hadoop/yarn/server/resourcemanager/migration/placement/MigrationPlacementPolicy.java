/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.placement;

import java.util.List;

import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.api.records.Resource;

/**
 * Where a container goes when its migration names no target node: one pure decision of
 * its inputs (no cluster, no clock; inputs never modified), so a policy is tested with a
 * table. The RM builds the inputs ({@link PlacementCandidates}); the scheduler still
 * allocates the target container, so a policy can never make a node over-commit.
 * Configured by {@link org.apache.hadoop.yarn.conf.MigrationConfiguration
 * #RM_MIGRATION_PLACEMENT_POLICY_CLASS}; an implementation has a public no-argument
 * constructor.
 */
public interface MigrationPlacementPolicy {

  /**
   * @param container what is to move
   * @param nodes every node of the cluster the scheduler knows, the source included
   * @return the chosen node and why, or no node and why none fits
   */
  Placement place(Container container, List<Candidate> nodes);

  /** The container to place. */
  final class Container {
    private final ContainerId id;
    private final Resource resource;
    private final NodeId source;
    private final String partition;

    /** @param partition the node label partition it runs in ("" for the default) */
    public Container(ContainerId id, Resource resource, NodeId source, String partition) {
      this.id = id;
      this.resource = resource;
      this.source = source;
      this.partition = partition == null ? "" : partition;
    }

    public ContainerId getId() {
      return id;
    }

    public Resource getResource() {
      return resource;
    }

    public NodeId getSource() {
      return source;
    }

    public String getPartition() {
      return partition;
    }
  }

  /** A node, as the scheduler sees it. */
  final class Candidate {
    private final NodeId node;
    private final NodeState state;
    private final String partition;
    private final Resource unallocated;
    private final boolean fits;

    /**
     * @param partition its node label partition ("" for the default)
     * @param unallocated what the scheduler has not allocated on it
     * @param fits whether the container fits in that, as the scheduler decides it
     */
    public Candidate(NodeId node, NodeState state, String partition, Resource unallocated,
        boolean fits) {
      this.node = node;
      this.state = state;
      this.partition = partition == null ? "" : partition;
      this.unallocated = unallocated;
      this.fits = fits;
    }

    public NodeId getNode() {
      return node;
    }

    public NodeState getState() {
      return state;
    }

    public String getPartition() {
      return partition;
    }

    public Resource getUnallocated() {
      return unallocated;
    }

    public boolean fits() {
      return fits;
    }
  }

  /** The decision. */
  final class Placement {
    private final NodeId node;
    private final String reason;

    public Placement(NodeId node, String reason) {
      this.node = node;
      this.reason = reason;
    }

    /** The chosen node, or null when no node can take the container. */
    public NodeId getNode() {
      return node;
    }

    /** Why this node, or why none (names the nodes and what ruled each out). */
    public String getReason() {
      return reason;
    }

    @Override
    public String toString() {
      return (node == null ? "no node" : node.toString()) + ": " + reason;
    }
  }
}
