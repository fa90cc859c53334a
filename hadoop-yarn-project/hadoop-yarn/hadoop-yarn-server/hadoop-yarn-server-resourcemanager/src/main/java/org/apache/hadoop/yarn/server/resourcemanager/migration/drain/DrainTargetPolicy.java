/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.drain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.server.resourcemanager.migration.placement.MigrationPlacementPolicy;
import org.apache.hadoop.yarn.server.resourcemanager.migration.placement.MostRoomPlacementPolicy;
import org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler.SchedulerFit;
import org.apache.hadoop.yarn.util.resource.Resources;

/**
 * Where the containers of a draining node go: a pure function of its inputs (no cluster,
 * no clock, inputs never modified).
 *
 * <p>Rule: containers are placed largest first (memory, then vcores, then container id:
 * first-fit decreasing packs better than arrival order); for each, the RM's placement
 * policy ({@link MigrationPlacementPolicy}, by default {@link MostRoomPlacementPolicy}: the
 * most free memory, then vcores, then the lower node id, in the container's partition)
 * chooses among the candidates not excluded for it (a node its migration already failed
 * on), each with whether the container fits there (as the scheduler decides it:
 * {@link SchedulerFit}). What a container takes is subtracted from its node before the
 * next one is placed, so one round never over-commits a node; a choice the container does
 * not fit in is refused whatever the policy says. A container placed nowhere is reported
 * as "no room".
 *
 * <p>The caller passes only eligible candidates (RUNNING, not decommissioning, not the
 * draining node) with their unallocated resource minus what in-flight migrations to them
 * will take.
 */
public final class DrainTargetPolicy {

  private final SchedulerFit fit;
  private final MigrationPlacementPolicy placement;

  /**
   * @param fit how the scheduler decides that a container fits on a node
   * @param placement chooses each container's node
   */
  public DrainTargetPolicy(SchedulerFit fit, MigrationPlacementPolicy placement) {
    this.fit = fit;
    this.placement = placement;
  }

  /** A container to place. */
  public static final class Request {
    private final ContainerId containerId;
    private final Resource resource;
    private final Set<NodeId> excluded;

    public Request(ContainerId containerId, Resource resource, Set<NodeId> excluded) {
      this.containerId = containerId;
      this.resource = resource;
      this.excluded = excluded == null ? Collections.<NodeId>emptySet() : excluded;
    }

    public ContainerId getContainerId() {
      return containerId;
    }

    public Resource getResource() {
      return resource;
    }

    public Set<NodeId> getExcluded() {
      return excluded;
    }
  }

  /** A node that may receive containers, with what it has free. */
  public static final class Candidate {
    private final NodeId node;
    private final Resource free;
    private final String partition;

    /** @param partition its node label partition ("" for the default) */
    public Candidate(NodeId node, Resource free, String partition) {
      this.node = node;
      this.free = free;
      this.partition = partition == null ? "" : partition;
    }

    public NodeId getNode() {
      return node;
    }

    public Resource getFree() {
      return free;
    }
  }

  /** The outcome: assignments in placement order, and what fits nowhere. */
  public static final class Plan {
    private final Map<ContainerId, NodeId> assignments;
    private final List<ContainerId> noRoom;

    Plan(Map<ContainerId, NodeId> assignments, List<ContainerId> noRoom) {
      this.assignments = Collections.unmodifiableMap(assignments);
      this.noRoom = Collections.unmodifiableList(noRoom);
    }

    /** Container -&gt; target, in the order they were placed (largest first). */
    public Map<ContainerId, NodeId> getAssignments() {
      return assignments;
    }

    /** Containers no candidate has room for. */
    public List<ContainerId> getNoRoom() {
      return noRoom;
    }
  }

  private static final Comparator<Request> LARGEST_FIRST = new Comparator<Request>() {
    @Override
    public int compare(Request a, Request b) {
      int c = Long.compare(b.resource.getMemorySize(), a.resource.getMemorySize());
      if (c == 0) {
        c = Integer.compare(b.resource.getVirtualCores(), a.resource.getVirtualCores());
      }
      return c != 0 ? c : a.containerId.compareTo(b.containerId);
    }
  };

  /**
   * @param draining the node the containers run on (a policy never chooses it)
   * @param partition its node label partition ("" for the default)
   */
  public Plan plan(Collection<Request> containers, Collection<Candidate> candidates,
      NodeId draining, String partition) {
    List<Request> ordered = new ArrayList<>(containers);
    Collections.sort(ordered, LARGEST_FIRST);
    Map<NodeId, Resource> free = new LinkedHashMap<>();
    Map<NodeId, String> partitions = new LinkedHashMap<>();
    for (Candidate c : candidates) {
      free.put(c.node, Resources.clone(c.free));
      partitions.put(c.node, c.partition);
    }
    Map<ContainerId, NodeId> assignments = new LinkedHashMap<>();
    List<ContainerId> noRoom = new ArrayList<>();
    for (Request r : ordered) {
      List<MigrationPlacementPolicy.Candidate> nodes = new ArrayList<>();
      for (Map.Entry<NodeId, Resource> e : free.entrySet()) {
        if (!r.excluded.contains(e.getKey())) {
          nodes.add(new MigrationPlacementPolicy.Candidate(e.getKey(), NodeState.RUNNING,
              partitions.get(e.getKey()), Resources.clone(e.getValue()),
              fit.fits(r.resource, e.getValue())));
        }
      }
      NodeId best = placement.place(new MigrationPlacementPolicy.Container(r.containerId,
          r.resource, draining, partition), nodes).getNode();
      if (best == null || r.excluded.contains(best) || !free.containsKey(best)
          || !fit.fits(r.resource, free.get(best))) {
        noRoom.add(r.containerId);
      } else {
        Resources.subtractFrom(free.get(best), r.resource);
        assignments.put(r.containerId, best);
      }
    }
    return new Plan(assignments, noRoom);
  }
}
