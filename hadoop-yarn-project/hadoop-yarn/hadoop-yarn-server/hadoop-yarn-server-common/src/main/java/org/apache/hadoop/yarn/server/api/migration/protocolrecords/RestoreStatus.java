/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.protocolrecords;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;

/** Progress of a CRIU restore in the target container, as the target agent sees it. */
@Private
@Unstable
public enum RestoreStatus {
  /** The restore has not finished (or not started) yet. */
  PENDING,
  /** The restored process tree runs in the target container. */
  RESTORED,
  /** The restore failed; the diagnostics say why. */
  FAILED,
  /**
   * Post-copy, past the restore: the tree ran here, but its page pull broke, so it was
   * ended lacking memory (the container is lost); the diagnostics say why.
   */
  PAGES_LOST
}
