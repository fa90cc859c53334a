/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.records;

import org.apache.hadoop.classification.InterfaceAudience.Public;
import org.apache.hadoop.classification.InterfaceStability.Unstable;

/**
 * The states of one container migration, as reported to clients.
 *
 * <pre>
 *   NEW -&gt; ALLOCATING -&gt; CHECKPOINTING -&gt; TRANSFERRING -&gt; RESTORING -&gt; SUCCEEDED
 *    |         |              |                |              |    \           ^
 *    |         +--------------+-------+--------+--------------+     \ (post-   |
 *    |                                v                              v  copy) |
 *    |                          ROLLING_BACK                        PULLING_PAGES
 *    |                                |                                   |
 *    |                                v                                   v
 *    +----------------------------&gt; FAILED                                LOST
 * </pre>
 *
 * The transition table itself belongs to the ResourceManager's state machine; this enum
 * only names the states and says which are final. The restore is the commit point: from
 * RESTORED on, the tree has run on the target and the source is never resumed. With the
 * {@code LAZY_PAGES} (post-copy) strategy the tree runs on the target before its memory is
 * all there: PULLING_PAGES until the source confirms that every page went (SUCCEEDED), or
 * LOST when the source or the page stream failed first (the tree on the target lacks
 * memory and is ended: the container is lost, as on a lost node).
 */
@Public
@Unstable
public enum ContainerMigrationState {
  /** Accepted, not started. */
  NEW,
  /** The target container is being obtained from the scheduler on the target node. */
  ALLOCATING,
  /** The source NodeManager is freezing the container and dumping it with CRIU. */
  CHECKPOINTING,
  /** The images are being sent from the source to the target NodeManager. */
  TRANSFERRING,
  /** The target container is launching the CRIU restore. */
  RESTORING,
  /**
   * Post-copy: the container runs on the target node and pulls the rest of its memory
   * from the source's dump; the source is never resumed from here on.
   */
  PULLING_PAGES,
  /** The container runs on the target node; the source container is gone. Final. */
  SUCCEEDED,
  /** A failure was seen: the source is being resumed and the target released. */
  ROLLING_BACK,
  /** The migration failed; the container still runs on the source node. Final. */
  FAILED,
  /**
   * Post-copy: the source (or the page stream) failed while the container, already running
   * on the target, still pulled its memory; the container is lost (ended on the target,
   * its application sees it end). Final.
   */
  LOST;

  /** Whether no transition leaves this state. */
  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED || this == LOST;
  }

  /**
   * Whether the migration is past its commit point: the tree ran on the target, the
   * source is never resumed, and the target container stands for the original one.
   */
  public boolean isCommitted() {
    return this == PULLING_PAGES || this == SUCCEEDED || this == LOST;
  }
}
