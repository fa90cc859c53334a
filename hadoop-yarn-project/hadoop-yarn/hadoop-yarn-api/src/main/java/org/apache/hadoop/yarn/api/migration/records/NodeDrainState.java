/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.records;

import org.apache.hadoop.classification.InterfaceAudience.Public;
import org.apache.hadoop.classification.InterfaceStability.Unstable;

/** Where the drain of a decommissioning node stands. */
@Public
@Unstable
public enum NodeDrainState {
  /** Containers are being migrated off the node (or wait for room / their migration). */
  DRAINING,
  /** Every migratable container left the node; the node is not DECOMMISSIONED yet. */
  DRAINED,
  /** Final: the node is DECOMMISSIONED and no container was lost (all migrated or finished). */
  DECOMMISSIONED,
  /** Final: the node was decommissioned (timeout) while containers still ran on it. */
  TIMED_OUT,
  /** Final: the node was recommissioned (RUNNING again) before the drain ended. */
  CANCELLED,
  /** Final: the node was lost, shut down or removed during the drain. */
  NODE_LOST;

  public boolean isFinal() {
    return this != DRAINING && this != DRAINED;
  }
}
