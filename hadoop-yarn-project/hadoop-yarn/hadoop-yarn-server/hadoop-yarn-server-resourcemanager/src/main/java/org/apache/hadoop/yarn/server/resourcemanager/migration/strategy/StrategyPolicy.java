/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.strategy;

import java.util.List;

import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationStrategy;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.server.api.migration.MigrationContract;

/**
 * Which strategy a migration runs (pure policy; the mechanism is the NodeManagers').
 * <ul>
 *   <li>none named, or STOP_AND_COPY: stop-and-copy;</li>
 *   <li>LAZY_PAGES: post-copy, refused ({@link #lacking}) unless both nodes' agents
 *       registered {@link MigrationContract#CAPABILITY_LAZY_PAGES};</li>
 *   <li>AUTO: post-copy when both nodes can and the container has at least the configured
 *       memory (post-copy's downtime does not grow with memory, stop-and-copy's does), else
 *       stop-and-copy. The chosen one is what the report names.</li>
 * </ul>
 */
public final class StrategyPolicy {

  private StrategyPolicy() {
  }

  /** A choice and why it was made. */
  public static final class Choice {
    private final ContainerMigrationStrategy strategy;
    private final String why;

    Choice(ContainerMigrationStrategy strategy, String why) {
      this.strategy = strategy;
      this.why = why;
    }

    /** STOP_AND_COPY or LAZY_PAGES, never AUTO. */
    public ContainerMigrationStrategy getStrategy() {
      return strategy;
    }

    /** Why this strategy: the request named it, or AUTO's reason. */
    public String getWhy() {
      return why;
    }

    @Override
    public String toString() {
      return strategy + " (" + why + ")";
    }
  }

  /**
   * @param requested what the request names (null: the default)
   * @param memoryMb the container's memory
   * @param sourceCapabilities the source agent's, null when none registered
   * @param targetCapabilities the target agent's, null when none registered
   * @param postCopyMinMemoryMb AUTO's threshold
   *     ({@code yarn.resourcemanager.migration.auto.post-copy-min-memory-mb})
   * @return the strategy to run; for an explicit LAZY_PAGES check {@link #lacking} first
   */
  public static Choice choose(ContainerMigrationStrategy requested, long memoryMb,
      List<String> sourceCapabilities, List<String> targetCapabilities,
      long postCopyMinMemoryMb) {
    if (requested == null) {
      return new Choice(ContainerMigrationStrategy.DEFAULT, "the default");
    }
    if (requested != ContainerMigrationStrategy.AUTO) {
      return new Choice(requested, "requested");
    }
    boolean lazy = lazyPages(sourceCapabilities) && lazyPages(targetCapabilities);
    if (!lazy) {
      return new Choice(ContainerMigrationStrategy.STOP_AND_COPY,
          "AUTO: a node does not do lazy pages");
    }
    if (memoryMb < postCopyMinMemoryMb) {
      return new Choice(ContainerMigrationStrategy.STOP_AND_COPY, "AUTO: " + memoryMb
          + " MB, under the " + postCopyMinMemoryMb + " MB that go post-copy");
    }
    return new Choice(ContainerMigrationStrategy.LAZY_PAGES, "AUTO: " + memoryMb
        + " MB, at least the " + postCopyMinMemoryMb + " MB that go post-copy, and both"
        + " nodes do lazy pages");
  }

  /**
   * Post-copy (strategy LAZY_PAGES) needs both NodeManagers to do lazy pages: each agent
   * registers {@link MigrationContract#CAPABILITY_LAZY_PAGES} when its CRIU, kernel and
   * pipe limit allow it.
   *
   * @param sourceCapabilities the source agent's, null when none registered
   * @param targetCapabilities the target agent's, null when none registered
   * @return null when both can, else which cannot and why (a rejection's cause)
   */
  public static String lacking(NodeId source, List<String> sourceCapabilities,
      NodeId target, List<String> targetCapabilities) {
    for (int i = 0; i < 2; i++) {
      NodeId node = i == 0 ? source : target;
      List<String> c = i == 0 ? sourceCapabilities : targetCapabilities;
      if (!lazyPages(c)) {
        return "strategy LAZY_PAGES (post-copy) needs lazy pages on both nodes, and the "
            + (i == 0 ? "source " : "target ") + node + (c == null
                ? " has no migration agent registered"
                : " does not do them (its NodeManager's log says why: CRIU or kernel"
                    + " without userfaultfd, or fs.pipe-max-size it may not raise)");
      }
    }
    return null;
  }

  private static boolean lazyPages(List<String> capabilities) {
    return capabilities != null
        && capabilities.contains(MigrationContract.CAPABILITY_LAZY_PAGES);
  }
}
