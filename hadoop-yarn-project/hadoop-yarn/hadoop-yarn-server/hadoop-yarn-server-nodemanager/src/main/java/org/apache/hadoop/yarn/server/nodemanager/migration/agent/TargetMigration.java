/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

import org.apache.hadoop.yarn.server.nodemanager.migration.restore.RestoreStatus;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ReceivedImages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Target NM side of one migration, after its images were received: wait for the restore
 * container to report the tree restored, then {@link #finish()}, which discards the
 * received images (CRIU has read them and the work dir was merged into the target work
 * dir before the restore; nothing needs them afterwards). {@link #abort()} discards them
 * when the migration is abandoned. Both are idempotent: the images are gone from the
 * target after either.
 */
public final class TargetMigration {

  private static final Logger LOG = LoggerFactory.getLogger(TargetMigration.class);

  private final ReceivedImages images;
  private final String migrationId;

  /**
   * @param images the target NM's received images ({@link MigrationAuxService#getReceivedImages()})
   * @param migrationId the migration
   */
  public TargetMigration(ReceivedImages images, String migrationId) {
    this.images = Objects.requireNonNull(images, "images");
    this.migrationId = Objects.requireNonNull(migrationId, "migrationId");
  }

  /** @return the received image directory, or null if none (not arrived or discarded) */
  public Path imageDir() {
    return images.find(migrationId);
  }

  /**
   * @param timeoutMs how long to wait
   * @return true once the restored tree runs (the restore action script's marker)
   * @throws IOException if no images of the migration are on this NM
   */
  public boolean awaitRestored(long timeoutMs) throws IOException, InterruptedException {
    return status().awaitRestored(timeoutMs);
  }

  /** @return the tail of CRIU's restore log, for a failure message */
  public String restoreLogTail(int lines) {
    Path dir = imageDir();
    return dir == null ? "(no images of migration " + migrationId + ")"
        : new RestoreStatus(dir.toFile()).restoreLogTail(lines);
  }

  /** The tree runs on this NM: discard the images. */
  public void finish() throws IOException {
    images.discard(migrationId);
    LOG.info("Migration {} finished on the target: images discarded", migrationId);
  }

  /** The migration is abandoned: discard the images (if any arrived). */
  public void abort() throws IOException {
    if (images.discard(migrationId)) {
      LOG.info("Migration {} aborted on the target: images discarded", migrationId);
    }
  }

  private RestoreStatus status() throws IOException {
    Path dir = imageDir();
    if (dir == null) {
      throw new IOException("no images of migration " + migrationId + " on this node");
    }
    return new RestoreStatus(dir.toFile());
  }
}
