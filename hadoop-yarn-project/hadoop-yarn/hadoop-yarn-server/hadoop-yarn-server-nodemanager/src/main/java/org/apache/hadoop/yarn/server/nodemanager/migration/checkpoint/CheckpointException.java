/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint;

import java.io.IOException;
import org.apache.hadoop.yarn.api.migration.MigrationFailure;
import org.apache.hadoop.yarn.api.migration.MigrationFailure.Step;

/**
 * A checkpoint failed; the container runs on (thawed). Message:
 * {@code Checkpoint of <container> (migration <id>, node <host>) failed: <reason>}.
 */
public class CheckpointException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String reason;

  public CheckpointException(String containerId, String migrationId, String node,
      String reason, Throwable cause) {
    super(MigrationFailure.of(Step.CHECKPOINT, containerId, migrationId, node, reason)
        .getMessage(), cause);
    this.reason = reason;
  }

  /** The cause alone, e.g. CRIU's first error line. */
  public String getReason() {
    return reason;
  }
}
