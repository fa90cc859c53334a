/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine.ContainerMigration;

/**
 * The migrations the RM knows: every one in flight (at most one per container) and the
 * newest {@code maxHistory} finished ones. Thread-safe.
 */
public final class MigrationRegistry {

  /** Newest first: by submit time, then by migration id, both descending. */
  static final Comparator<ContainerMigration> NEWEST_FIRST =
      new Comparator<ContainerMigration>() {
        @Override
        public int compare(ContainerMigration a, ContainerMigration b) {
          int byTime = Long.compare(b.getSpec().getSubmitTime(), a.getSpec().getSubmitTime());
          return byTime != 0 ? byTime : b.getMigrationId().compareTo(a.getMigrationId());
        }
      };

  private final int maxHistory;
  private final Map<String, ContainerMigration> byId = new HashMap<>();
  private final Map<ContainerId, ContainerMigration> inFlightByContainer = new HashMap<>();
  private final Deque<ContainerMigration> finished = new ArrayDeque<>();

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

  /** Moves a migration that reached a final state to the bounded history. */
  public synchronized void finished(ContainerMigration migration) {
    ContainerId id = migration.getSpec().getContainerId();
    if (inFlightByContainer.get(id) == migration) {
      inFlightByContainer.remove(id);
      finished.addLast(migration);
      while (finished.size() > maxHistory) {
        byId.remove(finished.removeFirst().getMigrationId());
      }
    }
  }

  public synchronized ContainerMigration get(String migrationId) {
    return byId.get(migrationId);
  }

  /** Every migration in flight. */
  public synchronized List<ContainerMigration> inFlight() {
    return new ArrayList<>(inFlightByContainer.values());
  }

  /**
   * Migrations matching every non-null filter, newest first, at most {@code limit}.
   *
   * @param node matches the source or the target node
   * @param states empty or null: any state
   */
  public List<ContainerMigration> find(ContainerId containerId, ApplicationId applicationId,
      NodeId node, Set<ContainerMigrationState> states, int limit) {
    List<ContainerMigration> all;
    synchronized (this) {
      all = new ArrayList<>(byId.values());
    }
    List<ContainerMigration> matching = new ArrayList<>();
    for (ContainerMigration m : all) {
      MigrationSpec s = m.getSpec();
      if (containerId != null && !containerId.equals(s.getContainerId())) {
        continue;
      }
      if (applicationId != null && !applicationId.equals(
          s.getApplicationAttemptId().getApplicationId())) {
        continue;
      }
      if (node != null && !node.equals(s.getSourceNode()) && !node.equals(s.getTargetNode())) {
        continue;
      }
      if (states != null && !states.isEmpty() && !states.contains(m.getState())) {
        continue;
      }
      matching.add(m);
    }
    Collections.sort(matching, NEWEST_FIRST);
    return limit >= 0 && matching.size() > limit ? matching.subList(0, limit) : matching;
  }
}
