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
 *    |         |              |                |              |
 *    |         +--------------+-------+--------+--------------+
 *    |                                v
 *    |                          ROLLING_BACK
 *    |                                |
 *    |                                v
 *    +----------------------------&gt; FAILED
 * </pre>
 *
 * The transition table itself belongs to the ResourceManager's state machine; this enum
 * only names the states and says which are final. With the {@code LAZY_PAGES} strategy
 * TRANSFERRING and RESTORING overlap; the report shows RESTORING once the restore began.
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
  /** The container runs on the target node; the source container is gone. Final. */
  SUCCEEDED,
  /** A failure was seen: the source is being resumed and the target released. */
  ROLLING_BACK,
  /** The migration failed; the container still runs on the source node. Final. */
  FAILED;

  /** Whether no transition leaves this state. */
  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED;
  }
}
