/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.ams;

import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.server.resourcemanager.migration.channel.ForwardingNodeMigrationChannel;
import org.apache.hadoop.yarn.server.resourcemanager.migration.channel.NodeMigrationChannel;
import org.apache.hadoop.yarn.server.resourcemanager.migration.channel.PagesLostException;
import org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler.TargetAllocation;
import org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler.TargetContainerAllocator;
import org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine.ContainerMigration;
import org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine.MigrationDriver;
import org.apache.hadoop.yarn.server.resourcemanager.migration.records.MigrationSpec;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ContainerAliases} of one MigrationManager. It learns of migrations through
 * two decorators the manager installs ({@link #tracking(TargetContainerAllocator)} and
 * {@link #tracking(MigrationDriver)}):
 * <ul>
 * <li>a target container is recorded the moment the scheduler grants it (before the
 *   migration sees it), and marked "released" just before a rollback releases it, so its
 *   completion can never reach the AM unfiltered;</li>
 * <li>at the commit point (SUCCEEDED, or PULLING_PAGES for post-copy; before the
 *   orchestrator tells the source NM to end the source with exit status 175) the source
 *   becomes a hidden source and the target its alias.</li>
 * </ul>
 * The {@link MigrationAMSProcessor} forgets entries once the completion they hide or
 * translate has been delivered, and every entry of an application when its AM finishes.
 * What must outlive the RM (each committed move, the sources still hidden, and each
 * migration in flight, from its target's grant until its source confirmed the completion
 * or it failed) is written to a {@link MigrationIdStore} at each of those steps and read
 * back by {@link #recover} when an RM with recovery starts, before its NodeManagers and AMs
 * come back; the store forgets an application with its AM. A third decorator ({@link
 * #tracking(NodeMigrationChannel)}) learns when a completion landed.
 */
public final class MigrationIdMap implements ContainerAliases {

  private static final Logger LOG = LoggerFactory.getLogger(MigrationIdMap.class);

  private final MigrationIdStore store;
  /**
   * Held while the store is written (taken before the map's own lock, never after it): the
   * store's I/O never holds up the AMS processor's lookups, and two writes of one
   * application land in the order of the map's changes.
   */
  private final Object storeWrites = new Object();

  /** A map kept in memory only. */
  public MigrationIdMap() {
    this(MigrationIdStore.NONE);
  }

  /** A map whose committed moves outlive the RM in {@code store}. */
  public MigrationIdMap(MigrationIdStore store) {
    this.store = store;
  }

  /**
   * Reads the store back (an RM that starts with recovery on).
   *
   * @return the applications it held moves of
   */
  public synchronized Set<ApplicationId> recover() throws java.io.IOException {
    Map<ApplicationId, MigrationIdStore.AppIds> all = store.load();
    for (MigrationIdStore.AppIds ids : all.values()) {
      for (ContainerId[] move : ids.getMoves()) {
        next.put(move[0], move[1]);
        previous.put(move[1], move[0]);
      }
      hiddenSources.addAll(ids.getHiddenSources());
      for (MigrationIdStore.InFlight m : ids.getInFlight()) {
        inFlight.put(m.getMigrationId(), m);
        if (!m.isCommitted()) {
          inFlightTargets.put(m.getTarget(), m.getMigrationId());
        }
      }
      for (ContainerMigrationReport r : ids.getReports()) {
        reports.put(r.getMigrationId(), r);
      }
    }
    if (!all.isEmpty()) {
      LOG.info("Recovered the container ids of {} application(s) from {}: {}", all.size(),
          store, all.keySet());
    }
    return new HashSet<>(all.keySet());
  }

  /**
   * Writes what the store keeps of one application, outside the map's lock; a failure is
   * logged, not thrown.
   */
  private void persist(ApplicationId app) {
    synchronized (storeWrites) {
      MigrationIdStore.AppIds ids = idsOf(app);
      try {
        store.store(app, ids);
      } catch (java.io.IOException | RuntimeException e) {
        LOG.error("The container ids of {} were not written to {}: should the RM restart,"
            + " its AM would see its migrated containers under their new ids ({})", app,
            store, e.toString());
      }
    }
  }

  /**
   * What the store keeps of one application: its committed moves, its hidden sources, its
   * migrations in flight.
   */
  private synchronized MigrationIdStore.AppIds idsOf(ApplicationId app) {
    List<ContainerId[]> moves = new ArrayList<>();
    for (Map.Entry<ContainerId, ContainerId> e : next.entrySet()) {
      if (appOf(e.getKey()).equals(app)) {
        moves.add(new ContainerId[] {e.getKey(), e.getValue()});
      }
    }
    Set<ContainerId> hidden = new HashSet<>();
    for (ContainerId h : hiddenSources) {
      if (appOf(h).equals(app)) {
        hidden.add(h);
      }
    }
    List<MigrationIdStore.InFlight> flying = new ArrayList<>();
    for (MigrationIdStore.InFlight m : inFlight.values()) {
      if (appOf(m.getSource()).equals(app)) {
        flying.add(m);
      }
    }
    return new MigrationIdStore.AppIds(moves, hidden, flying, reportsOf(app));
  }

  private static ApplicationId appOf(ContainerId id) {
    return id.getApplicationAttemptId().getApplicationId();
  }


  /** Succeeded migrations: source -&gt; target and target -&gt; source. */
  private final Map<ContainerId, ContainerId> next = new HashMap<>();
  private final Map<ContainerId, ContainerId> previous = new HashMap<>();
  /** Target containers of migrations in flight: target -&gt; migration id. */
  private final Map<ContainerId, String> inFlightTargets = new HashMap<>();
  /** Targets released by a rollback whose completion has not been filtered yet. */
  private final Set<ContainerId> releasedTargets = new HashSet<>();
  /** Sources of succeeded migrations whose completion has not been filtered yet. */
  private final Set<ContainerId> hiddenSources = new HashSet<>();
  /** Migrations granted a target and not ended yet (committed: not completed yet). */
  private final Map<String, MigrationIdStore.InFlight> inFlight = new HashMap<>();
  /** Final reports the store keeps, by migration id, oldest first. */
  private final Map<String, ContainerMigrationReport> reports = new LinkedHashMap<>();
  /** Final reports kept per running application. */
  static final int MAX_REPORTS_PER_APPLICATION = 100;

  @Override
  public synchronized ContainerId originalOf(ContainerId id) {
    ContainerId current = id;
    ContainerId before;
    int guard = 0;
    while ((before = previous.get(current)) != null && guard++ < 1000) {
      current = before;
    }
    return current;
  }

  @Override
  public synchronized ContainerId currentOf(ContainerId id) {
    ContainerId current = id;
    ContainerId after;
    int guard = 0;
    while ((after = next.get(current)) != null && guard++ < 1000) {
      current = after;
    }
    return current;
  }

  /**
   * Every id of the chain {@code id} belongs to, oldest first: the original, each container
   * it was migrated to, the current one ({@code [id]} when it was never migrated).
   */
  public synchronized List<ContainerId> chainOf(ContainerId id) {
    List<ContainerId> chain = new ArrayList<>();
    ContainerId c = originalOf(id);
    chain.add(c);
    ContainerId after;
    while ((after = next.get(c)) != null && chain.size() <= 1000) {
      chain.add(after);
      c = after;
    }
    return chain;
  }

  /** The id of the in-flight migration whose target container is {@code id}, or null. */
  public synchronized String inFlightMigrationTargeting(ContainerId id) {
    return inFlightTargets.get(id);
  }

  @Override
  public synchronized boolean isMigrationTarget(ContainerId id) {
    return inFlightTargets.containsKey(id) || releasedTargets.contains(id);
  }

  @Override
  public synchronized boolean isHiddenSource(ContainerId id) {
    return hiddenSources.contains(id);
  }

  /** Whether {@code id} is a target a rollback released (its completion is dropped). */
  public synchronized boolean isReleasedTarget(ContainerId id) {
    return releasedTargets.contains(id);
  }

  /** Entries held (tests: the map must not grow without bound). */
  public synchronized int size() {
    return next.size() + inFlightTargets.size() + releasedTargets.size()
        + hiddenSources.size() + inFlight.size();
  }

  /**
   * The migrations in flight the store gave back ({@link #recover}) or that this RM runs:
   * those an RM that starts resolves.
   */
  public synchronized List<MigrationIdStore.InFlight> inFlight() {
    return new ArrayList<>(inFlight.values());
  }

  // ---- updates: the manager's decorators -----------------------------------------------

  void targetAllocated(MigrationSpec spec, ContainerId target, NodeId targetNode) {
    synchronized (this) {
      inFlightTargets.put(target, spec.getMigrationId());
      inFlight.put(spec.getMigrationId(), new MigrationIdStore.InFlight(spec.getMigrationId(),
          spec.getContainerId(), spec.getSourceNode(), target, targetNode, spec.getStrategy(),
          false, spec.getSubmitTime()));
    }
    persist(appOf(spec.getContainerId()));
  }

  /**
   * A migration ended (its final report): the store keeps the newest
   * {@value #MAX_REPORTS_PER_APPLICATION} reports of each running application, so that an
   * RM that restarts still shows them. Kept only with a store (an RM with recovery on).
   */
  public void ended(ContainerMigrationReport report) {
    if (!keepsReports() || report.getApplicationId() == null
        || report.getState() == null || !report.getState().isFinal()) {
      return;
    }
    synchronized (this) {
      reports.remove(report.getMigrationId());
      reports.put(report.getMigrationId(), report);
      List<ContainerMigrationReport> ofApp = reportsOf(report.getApplicationId());
      for (int i = 0; i < ofApp.size() - MAX_REPORTS_PER_APPLICATION; i++) {
        reports.remove(ofApp.get(i).getMigrationId());
      }
    }
    persist(report.getApplicationId());
  }

  /** Whether {@link #ended} keeps reports: only with a store (an RM with recovery on). */
  public boolean keepsReports() {
    return store != MigrationIdStore.NONE;
  }

  /**
   * The final report of a migration the store kept (of this RM or an earlier one), or
   * null.
   */
  public synchronized ContainerMigrationReport report(String migrationId) {
    return reports.get(migrationId);
  }

  /** Every final report the store keeps, oldest first. */
  public synchronized List<ContainerMigrationReport> reports() {
    return new ArrayList<>(reports.values());
  }

  private synchronized List<ContainerMigrationReport> reportsOf(ApplicationId app) {
    List<ContainerMigrationReport> out = new ArrayList<>();
    for (ContainerMigrationReport r : reports.values()) {
      if (app.equals(r.getApplicationId())) {
        out.add(r);
      }
    }
    return out;
  }

  /**
   * A migration in flight ended: failed, lost, or completed on its source node. Nothing of
   * it is left to resolve.
   */
  public void inFlightEnded(String migrationId) {
    MigrationIdStore.InFlight m;
    synchronized (this) {
      m = inFlight.remove(migrationId);
    }
    if (m != null) {
      persist(appOf(m.getSource()));
    }
  }

  /**
   * A target container is released: one of a migration in flight (a rollback) is hidden
   * from the AM; one past the commit point (a post-copy migration LOST) stands for the
   * AM's container, whose end the AM must see.
   */
  synchronized void targetReleased(ContainerId target) {
    if (inFlightTargets.remove(target) != null) {
      releasedTargets.add(target);
    }
  }

  /**
   * A migration reached its commit point: the AM sees the target under the source's id, and
   * never the source's end.
   */
  public void succeeded(ContainerId source, ContainerId target) {
    synchronized (this) {
      String m = inFlightTargets.remove(target);
      next.put(source, target);
      previous.put(target, source);
      hiddenSources.add(source);
      MigrationIdStore.InFlight flying = m == null ? null : inFlight.get(m);
      if (flying != null) {
        inFlight.put(m, flying.committed());
      }
    }
    persist(appOf(source));
  }

  // ---- updates: the AMS processor, once a completion was filtered -----------------------

  synchronized void sourceCompletionHidden(ContainerId source) {
    hiddenSources.remove(source);
  }

  synchronized void releasedTargetCompletionHidden(ContainerId target) {
    releasedTargets.remove(target);
  }

  /** The current container of a chain completed and the AM was told: forget the chain. */
  synchronized void chainCompleted(ContainerId current) {
    ContainerId c = current;
    ContainerId before;
    while ((before = previous.remove(c)) != null) {
      next.remove(before);
      c = before;
    }
  }

  /** The application's AM finished: nothing of it is needed any more. */
  public void forgetApplication(ApplicationId appId) {
    synchronized (storeWrites) {
      synchronized (this) {
        removeApp(next.keySet().iterator(), appId);
        removeApp(previous.keySet().iterator(), appId);
        removeApp(inFlightTargets.keySet().iterator(), appId);
        removeApp(releasedTargets.iterator(), appId);
        removeApp(hiddenSources.iterator(), appId);
        reports.values().removeIf(r -> appId.equals(r.getApplicationId()));
        Iterator<MigrationIdStore.InFlight> flying = inFlight.values().iterator();
        while (flying.hasNext()) {
          if (appOf(flying.next().getSource()).equals(appId)) {
            flying.remove();
          }
        }
      }
      try {
        store.remove(appId);
      } catch (java.io.IOException | RuntimeException e) {
        LOG.warn("The container ids of the finished {} stay in {}: {}", appId, store,
            e.toString());
      }
    }
  }

  private static void removeApp(Iterator<ContainerId> ids, ApplicationId appId) {
    while (ids.hasNext()) {
      if (ids.next().getApplicationAttemptId().getApplicationId().equals(appId)) {
        ids.remove();
      }
    }
  }

  // ---- the decorators ---------------------------------------------------------------------

  /**
   * An allocator that records every granted target before anyone else sees it, and marks
   * it released before the release produces its completion.
   */
  public TargetContainerAllocator tracking(final TargetContainerAllocator allocator) {
    return new TargetContainerAllocator() {
      @Override
      public TargetAllocation allocate(MigrationSpec spec)
          throws ContainerMigrationException {
        TargetAllocation allocation = allocator.allocate(spec);
        targetAllocated(spec, allocation.getContainer().getId(),
            allocation.getContainer().getNodeId());
        return allocation;
      }

      @Override
      public void release(TargetAllocation allocation, String diagnostics) {
        targetReleased(allocation.getContainer().getId());
        allocator.release(allocation, diagnostics);
      }
    };
  }

  /**
   * A driver that records a migration at its commit point before {@code driver} (the
   * orchestrator) completes it on the source node, so the source's exit-175 completion is
   * always known; and forgets one that failed or was lost, once {@code driver} rolled it
   * back or ended its target.
   */
  public MigrationDriver tracking(final MigrationDriver driver) {
    return new MigrationDriver() {
      @Override
      public void onEnter(ContainerMigration m, ContainerMigrationState state) {
        if (m.commits(state) && m.getAllocation() != null) {
          succeeded(m.getSpec().getContainerId(), m.getAllocation().getContainer().getId());
        }
        driver.onEnter(m, state);
        if (state.isFinal() && state != ContainerMigrationState.SUCCEEDED) {
          inFlightEnded(m.getMigrationId());
        }
      }
    };
  }

  /**
   * A channel that forgets a migration in flight once its source node confirmed the
   * completion (the source tree is ended: nothing is left for an RM that starts again).
   */
  public NodeMigrationChannel tracking(final NodeMigrationChannel channel) {
    return new ForwardingNodeMigrationChannel(channel) {
      @Override
      public CompletableFuture<Void> complete(MigrationSpec spec, TargetAllocation target) {
        CompletableFuture<Void> f = super.complete(spec, target);
        f.whenComplete((v, error) -> {
          if (error == null || PagesLostException.in(error) != null) {
            inFlightEnded(spec.getMigrationId());
          }
        });
        return f;
      }
    };
  }
}
