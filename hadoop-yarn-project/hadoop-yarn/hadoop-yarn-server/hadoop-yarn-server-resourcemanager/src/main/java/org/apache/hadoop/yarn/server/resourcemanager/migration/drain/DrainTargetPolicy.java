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
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler.SchedulerFit;
import org.apache.hadoop.yarn.util.resource.Resources;

/**
 * Where the containers of a draining node go: a pure function of its inputs (no cluster,
 * no clock, inputs never modified).
 *
 * <p>Rule: containers are placed largest first (memory, then vcores, then container id:
 * first-fit decreasing packs better than arrival order); each goes to the candidate with
 * the most free memory (ties: more free vcores, then the lower node id) that it fits in
 * (as the scheduler decides it: {@link SchedulerFit}) and that is not excluded for it (a
 * node its migration already failed on). What a container takes is subtracted from that candidate before the next one
 * is placed, so one round never over-commits a node. A container that fits on no candidate
 * is reported as "no room".
 *
 * <p>The caller passes only eligible candidates (RUNNING, not decommissioning, not the
 * draining node) with their unallocated resource minus what in-flight migrations to them
 * will take.
 */
public final class DrainTargetPolicy {

  private final SchedulerFit fit;

  /** @param fit how the scheduler decides that a container fits on a node */
  public DrainTargetPolicy(SchedulerFit fit) {
    this.fit = fit;
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

    public Candidate(NodeId node, Resource free) {
      this.node = node;
      this.free = free;
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

  /** Better candidate first: most free memory, then most free vcores, then node id. */
  private static int better(NodeId an, Resource a, NodeId bn, Resource b) {
    int c = Long.compare(b.getMemorySize(), a.getMemorySize());
    if (c == 0) {
      c = Integer.compare(b.getVirtualCores(), a.getVirtualCores());
    }
    return c != 0 ? c : an.compareTo(bn);
  }

  public Plan plan(Collection<Request> containers, Collection<Candidate> candidates) {
    List<Request> ordered = new ArrayList<>(containers);
    Collections.sort(ordered, LARGEST_FIRST);
    Map<NodeId, Resource> free = new LinkedHashMap<>();
    for (Candidate c : candidates) {
      free.put(c.node, Resources.clone(c.free));
    }
    Map<ContainerId, NodeId> assignments = new LinkedHashMap<>();
    List<ContainerId> noRoom = new ArrayList<>();
    for (Request r : ordered) {
      NodeId best = null;
      for (Map.Entry<NodeId, Resource> e : free.entrySet()) {
        if (r.excluded.contains(e.getKey()) || !fit.fits(r.resource, e.getValue())) {
          continue;
        }
        if (best == null || better(e.getKey(), e.getValue(), best, free.get(best)) < 0) {
          best = e.getKey();
        }
      }
      if (best == null) {
        noRoom.add(r.containerId);
      } else {
        Resources.subtractFrom(free.get(best), r.resource);
        assignments.put(r.containerId, best);
      }
    }
    return new Plan(assignments, noRoom);
  }
}
