/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.records;

import org.apache.hadoop.classification.InterfaceAudience.Public;
import org.apache.hadoop.classification.InterfaceStability.Unstable;

/** How the memory of the container moves to the target node. */
@Public
@Unstable
public enum ContainerMigrationStrategy {
  /**
   * Freeze, dump every page, copy the images, restore (the default). Downtime grows with
   * the container's memory.
   */
  STOP_AND_COPY,
  /**
   * Post-copy: restore on the target as soon as the non-memory state arrived and pull the
   * pages over the network while the tree runs (CRIU lazy pages: userfaultfd on both
   * nodes). A request between nodes that cannot do it is rejected with {@code CONFLICT}.
   */
  LAZY_PAGES,
  /**
   * The ResourceManager picks: {@link #LAZY_PAGES} when both nodes do lazy pages and the
   * container has at least
   * {@code yarn.resourcemanager.migration.auto.post-copy-min-memory-mb}, else
   * {@link #STOP_AND_COPY}. The report names the strategy that ran.
   */
  AUTO;

  /** The strategy used when a request names none. */
  public static final ContainerMigrationStrategy DEFAULT = STOP_AND_COPY;
}
