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

import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;

/**
 * What of the {@link MigrationIdMap} must outlive the ResourceManager, per application: the
 * moves past their commit point (source -&gt; target) and the sources whose
 * completion the AM must never see. Written at each commit, read back when the RM starts
 * with recovery on, removed when the application's AM finished. Migrations in flight are
 * not in it.
 */
public interface MigrationIdStore {

  /** One application's record. */
  final class AppIds {
    /** Each committed move: {source, target} (a chain is rebuilt from them in any order). */
    private final List<ContainerId[]> moves;
    /** Sources whose completion the AM has not been spared yet. */
    private final Set<ContainerId> hiddenSources;

    public AppIds(List<ContainerId[]> moves, Set<ContainerId> hiddenSources) {
      this.moves = Collections.unmodifiableList(new ArrayList<>(moves));
      this.hiddenSources = Collections.unmodifiableSet(new LinkedHashSet<>(hiddenSources));
    }

    public List<ContainerId[]> getMoves() {
      return moves;
    }

    public Set<ContainerId> getHiddenSources() {
      return hiddenSources;
    }

    public boolean isEmpty() {
      return moves.isEmpty() && hiddenSources.isEmpty();
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
