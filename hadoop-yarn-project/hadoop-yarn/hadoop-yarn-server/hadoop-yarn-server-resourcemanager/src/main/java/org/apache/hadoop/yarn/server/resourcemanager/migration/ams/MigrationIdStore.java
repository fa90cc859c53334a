/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.ams;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationStrategy;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.server.api.migration.MigrationContract;

/**
 * What of the {@link MigrationIdMap} must outlive the ResourceManager, per application: the
 * moves past their commit point (source -&gt; target), the sources whose completion the AM
 * must never see, and the migrations in flight (from the grant of their target container
 * until the source node confirmed their completion, or their rollback released the
 * target), which an RM that starts again resolves (recovery.InFlightRecovery), and the
 * final reports of its migrations (what {@code yarn container -migration <id>} shows after
 * a restart).
 * Written at each of those steps, read back when the RM starts with recovery on, removed
 * when the application's AM finished.
 */
public interface MigrationIdStore {

  /** A migration in flight: enough to finish it or roll it back after an RM restart. */
  final class InFlight {
    private final String migrationId;
    private final ContainerId source;
    private final NodeId sourceNode;
    private final ContainerId target;
    private final NodeId targetNode;
    private final ContainerMigrationStrategy strategy;
    /** Past the commit point: the tree runs on the target, the source is to be ended. */
    private final boolean committed;
    /** When it was asked for (ms; 0 when not known). */
    private final long submitTime;

    public InFlight(String migrationId, ContainerId source, NodeId sourceNode,
        ContainerId target, NodeId targetNode, ContainerMigrationStrategy strategy,
        boolean committed) {
      this(migrationId, source, sourceNode, target, targetNode, strategy, committed, 0L);
    }

    public InFlight(String migrationId, ContainerId source, NodeId sourceNode,
        ContainerId target, NodeId targetNode, ContainerMigrationStrategy strategy,
        boolean committed, long submitTime) {
      this.migrationId = MigrationContract.checkId("migration id", migrationId);
      this.source = source;
      this.sourceNode = sourceNode;
      this.target = target;
      this.targetNode = targetNode;
      this.strategy = strategy;
      this.committed = committed;
      this.submitTime = submitTime;
    }

    /** When it was asked for (ms since the epoch; 0 when not known). */
    public long getSubmitTime() {
      return submitTime;
    }

    public String getMigrationId() {
      return migrationId;
    }

    public ContainerId getSource() {
      return source;
    }

    public NodeId getSourceNode() {
      return sourceNode;
    }

    public ContainerId getTarget() {
      return target;
    }

    public NodeId getTargetNode() {
      return targetNode;
    }

    public ContainerMigrationStrategy getStrategy() {
      return strategy;
    }

    public boolean isCommitted() {
      return committed;
    }

    /** The same migration, past its commit point. */
    public InFlight committed() {
      return new InFlight(migrationId, source, sourceNode, target, targetNode, strategy, true,
          submitTime);
    }

    @Override
    public String toString() {
      return "migration " + migrationId + " of " + source + " (" + sourceNode + " -> "
          + target + " on " + targetNode + ", " + strategy + ", "
          + (committed ? "committed" : "not committed") + ")";
    }
  }

  /** One application's record. */
  final class AppIds {
    /** Each committed move: {source, target} (a chain is rebuilt from them in any order). */
    private final List<ContainerId[]> moves;
    /** Sources whose completion the AM has not been spared yet. */
    private final Set<ContainerId> hiddenSources;
    private final List<InFlight> inFlight;
    /** The reports of its migrations that ended, oldest first. */
    private final List<ContainerMigrationReport> reports;

    public AppIds(List<ContainerId[]> moves, Set<ContainerId> hiddenSources) {
      this(moves, hiddenSources, Collections.<InFlight>emptyList());
    }

    public AppIds(List<ContainerId[]> moves, Set<ContainerId> hiddenSources,
        List<InFlight> inFlight) {
      this(moves, hiddenSources, inFlight, Collections.<ContainerMigrationReport>emptyList());
    }

    public AppIds(List<ContainerId[]> moves, Set<ContainerId> hiddenSources,
        List<InFlight> inFlight, List<ContainerMigrationReport> reports) {
      this.moves = Collections.unmodifiableList(new ArrayList<>(moves));
      this.hiddenSources = Collections.unmodifiableSet(new LinkedHashSet<>(hiddenSources));
      this.inFlight = Collections.unmodifiableList(new ArrayList<>(inFlight));
      this.reports = Collections.unmodifiableList(new ArrayList<>(reports));
    }

    /** The final reports of its migrations, oldest first. */
    public List<ContainerMigrationReport> getReports() {
      return reports;
    }

    /** Migrations in flight: granted a target, neither completed nor rolled back. */
    public List<InFlight> getInFlight() {
      return inFlight;
    }

    public List<ContainerId[]> getMoves() {
      return moves;
    }

    public Set<ContainerId> getHiddenSources() {
      return hiddenSources;
    }

    public boolean isEmpty() {
      return moves.isEmpty() && hiddenSources.isEmpty() && inFlight.isEmpty()
          && reports.isEmpty();
    }
  }

  /** @return every application's record (unreadable ones are left out, with a warning) */
  Map<ApplicationId, AppIds> load() throws IOException;

  /** Replaces the application's record. */
  void store(ApplicationId app, AppIds ids) throws IOException;

  /** Removes the application's record (none: nothing happens). */
  void remove(ApplicationId app) throws IOException;

  /** Keeps nothing: an RM without recovery. */
  MigrationIdStore NONE = new MigrationIdStore() {
    @Override
    public Map<ApplicationId, AppIds> load() {
      return Collections.emptyMap();
    }

    @Override
    public void store(ApplicationId app, AppIds ids) {
    }

    @Override
    public void remove(ApplicationId app) {
    }

    @Override
    public String toString() {
      return "nowhere (yarn.resourcemanager.recovery.enabled is false)";
    }
  };
}
