/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler.TargetAllocation;
import org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine.ContainerMigration;
import org.apache.hadoop.yarn.server.resourcemanager.migration.records.MigrationSpec;

/**
 * The migrations the RM knows: every one in flight (at most one per container) and the
 * newest {@code maxHistory} finished ones. Thread-safe.
 */
public final class MigrationRegistry {

  /** Newest first: by submit time, then by migration id, both descending. */
  static final Comparator<ContainerMigration> NEWEST_FIRST = (a, b) -> newestFirst(
      a.getSpec().getSubmitTime(), a.getMigrationId(), b.getSpec().getSubmitTime(),
      b.getMigrationId());

  /** Reports in the order of {@link #NEWEST_FIRST}. */
  public static final Comparator<ContainerMigrationReport> REPORTS_NEWEST_FIRST =
      (a, b) -> newestFirst(a.getSubmitTime(), a.getMigrationId(), b.getSubmitTime(),
          b.getMigrationId());

  private static int newestFirst(long timeA, String idA, long timeB, String idB) {
    int byTime = Long.compare(timeB, timeA);
    return byTime != 0 ? byTime : idB.compareTo(idA);
  }

  /** What a search for migrations matches ({@link #find}); a null filter matches anything. */
  public static final class Query {
    private final Set<ContainerId> containerIds;
    private final ApplicationId applicationId;
    private final NodeId node;
    private final Set<ContainerMigrationState> states;

    /**
     * @param containerIds matches a migration whose source or target container is one of
     *     them (a container's whole chain: see {@link #chainOf(Collection)})
     * @param node matches the source or the target node
     * @param states empty or null: any state
     */
    public Query(Set<ContainerId> containerIds, ApplicationId applicationId, NodeId node,
        Set<ContainerMigrationState> states) {
      this.containerIds = containerIds;
      this.applicationId = applicationId;
      this.node = node;
      this.states = states;
    }

    /** Whether a migration with these fields matches (target: null before its grant). */
    boolean matches(ContainerId source, ContainerId target, ApplicationId app,
        NodeId sourceNode, NodeId targetNode, ContainerMigrationState state) {
      return (containerIds == null || containerIds.contains(source)
              || (target != null && containerIds.contains(target)))
          && (applicationId == null || applicationId.equals(app))
          && (node == null || node.equals(sourceNode) || node.equals(targetNode))
          && (states == null || states.isEmpty() || states.contains(state));
    }

    /** Whether a report's migration matches (one an earlier RM ran, say). */
    public boolean matches(ContainerMigrationReport r) {
      return matches(r.getContainerId(), r.getTargetContainerId(), r.getApplicationId(),
          r.getSourceNode(), r.getTargetNode(), r.getState());
    }
  }

  private final int maxHistory;
  private final Map<String, ContainerMigration> byId = new HashMap<>();
  private final Map<ContainerId, ContainerMigration> inFlightByContainer = new HashMap<>();
  private final Deque<ContainerMigration> finished = new ArrayDeque<>();
  private final List<Consumer<String>> finishListeners = new CopyOnWriteArrayList<>();

  public MigrationRegistry(int maxHistory) {
    this.maxHistory = Math.max(0, maxHistory);
  }

  /** The migration of this container that is still in flight, or null. */
  public synchronized ContainerMigration inFlight(ContainerId containerId) {
    return inFlightByContainer.get(containerId);
  }

  /**
   * Registers a new migration unless its container already has one in flight.
   *
   * @return null on success, else the migration already in flight
   */
  public synchronized ContainerMigration registerIfAbsent(ContainerMigration migration) {
    ContainerId id = migration.getSpec().getContainerId();
    ContainerMigration existing = inFlightByContainer.get(id);
    if (existing != null) {
      return existing;
    }
    inFlightByContainer.put(id, migration);
    byId.put(migration.getMigrationId(), migration);
    return null;
  }

  /**
   * Moves a migration that reached a final state to the bounded history, then tells the
   * listeners ({@link #whenFinished}) its id.
   */
  public void finished(ContainerMigration migration) {
    ContainerId id = migration.getSpec().getContainerId();
    synchronized (this) {
      if (inFlightByContainer.get(id) != migration) {
        return;
      }
      inFlightByContainer.remove(id);
      finished.addLast(migration);
      while (finished.size() > maxHistory) {
        byId.remove(finished.removeFirst().getMigrationId());
      }
    }
    for (Consumer<String> l : finishListeners) {
      l.accept(migration.getMigrationId());
    }
  }

  /**
   * Calls {@code listener} with the id of every migration that reaches a final state, on
   * the thread that ended it (inside its last transition): it must not block or take
   * locks; hand the work to a thread of its own.
   */
  public void whenFinished(Consumer<String> listener) {
    finishListeners.add(listener);
  }

  public synchronized ContainerMigration get(String migrationId) {
    return byId.get(migrationId);
  }

  /** Every migration in flight. */
  public synchronized List<ContainerMigration> inFlight() {
    return new ArrayList<>(inFlightByContainer.values());
  }

  /**
   * The ids linked to {@code seed} through committed migrations of this registry (source
   * and target of each), {@code seed} included: every id of a container's migration chain
   * that the history still shows.
   */
  public Set<ContainerId> chainOf(Collection<ContainerId> seed) {
    List<ContainerMigration> all;
    synchronized (this) {
      all = new ArrayList<>(byId.values());
    }
    List<ContainerId[]> moves = new ArrayList<>();
    for (ContainerMigration m : all) {
      // read outside the registry's lock: a migration calls finished() under its own lock
      TargetAllocation allocation = m.getAllocation();
      if (m.getState().isCommitted() && allocation != null) {
        moves.add(new ContainerId[] {m.getSpec().getContainerId(),
            allocation.getContainer().getId()});
      }
    }
    Set<ContainerId> chain = new LinkedHashSet<>(seed);
    boolean grew = true;
    while (grew) {
      grew = false;
      for (ContainerId[] move : moves) {
        if (chain.contains(move[0]) || chain.contains(move[1])) {
          grew |= chain.add(move[0]);
          grew |= chain.add(move[1]);
        }
      }
    }
    return chain;
  }

  /** Migrations the query matches, newest first, at most {@code limit} (-1: all). */
  public List<ContainerMigration> find(Query query, int limit) {
    List<ContainerMigration> all;
    synchronized (this) {
      all = new ArrayList<>(byId.values());
    }
    List<ContainerMigration> matching = new ArrayList<>();
    for (ContainerMigration m : all) {
      MigrationSpec s = m.getSpec();
      TargetAllocation allocation = m.getAllocation();
      if (query.matches(s.getContainerId(),
          allocation == null ? null : allocation.getContainer().getId(),
          s.getApplicationAttemptId().getApplicationId(), s.getSourceNode(),
          s.getTargetNode(), m.getState())) {
        matching.add(m);
      }
    }
    Collections.sort(matching, NEWEST_FIRST);
    return limit >= 0 && matching.size() > limit ? matching.subList(0, limit) : matching;
  }
}
