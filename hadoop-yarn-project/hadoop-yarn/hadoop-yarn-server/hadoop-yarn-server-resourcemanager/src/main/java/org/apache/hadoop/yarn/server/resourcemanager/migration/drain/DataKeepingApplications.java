/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.drain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.apache.hadoop.yarn.api.records.ApplicationId;

/**
 * When a drained node may be decommissioned: a pure policy (no cluster, no clock).
 *
 * <p>Some applications keep data on a node that outlives their containers there and that
 * the rest of the application still reads from that node: MapReduce's map outputs, which
 * the node's shuffle serves to reducers at the address the MR AM knows (also those of a map
 * that moved away: the shuffle pulls them back from where it went). Decommissioning the
 * node shuts its NodeManager down; the MR AM, told the node is unusable, kills the attempts
 * it believes run there (moved ones included) and re-runs the maps that finished there.
 * So a drained node waits, empty, while a running application of such a type has run on
 * it, as stock graceful decommission waits for every application; other applications do
 * not hold it.
 */
public final class DataKeepingApplications {

  private final Set<String> types;

  /** @param types application types that keep data on a node (any case; empty: none) */
  public DataKeepingApplications(Collection<String> types) {
    Set<String> t = new TreeSet<>();
    for (String s : types) {
      if (s != null && !s.trim().isEmpty()) {
        t.add(s.trim().toUpperCase(Locale.ROOT));
      }
    }
    this.types = Collections.unmodifiableSet(t);
  }

  /**
   * The applications a drained node waits for.
   *
   * @param ranOnNode the applications that ran on the node and have not been cleaned up
   *     there (RMNode#getRunningApps), in the node's order
   * @param runningType the type of an application that is still running, or null for one
   *     that finished (or that the RM does not know)
   * @return those of {@code ranOnNode} that run and keep data there; empty: decommission
   */
  public List<ApplicationId> waitFor(Collection<ApplicationId> ranOnNode,
      Function<ApplicationId, String> runningType) {
    List<ApplicationId> out = new ArrayList<>();
    if (types.isEmpty()) {
      return out;
    }
    for (ApplicationId app : ranOnNode) {
      String type = runningType.apply(app);
      if (type != null && types.contains(type.trim().toUpperCase(Locale.ROOT))
          && !out.contains(app)) {
        out.add(app);
      }
    }
    return out;
  }

  /** @return the types, upper case, sorted */
  public Set<String> getTypes() {
    return types;
  }
}
