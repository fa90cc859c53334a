/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.restore;

import java.io.File;
import java.io.IOException;

/**
 * Whether the restored tree of a migration runs: the CRIU action script of the restore
 * launcher creates {@value #RESTORED_MARKER} in the migration directory on
 * {@code post-resume}.
 */
public final class RestoreStatus {

  public static final String RESTORED_MARKER = "restored";

  private final File migrationDir;

  public RestoreStatus(File migrationDir) {
    this.migrationDir = migrationDir;
  }

  public File getMarker() {
    return new File(migrationDir, RESTORED_MARKER);
  }

  public boolean isRestored() {
    return getMarker().exists();
  }

  /**
   * Waits until the tree is restored.
   *
   * @return true if restored within the timeout
   */
  public boolean awaitRestored(long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
    while (!isRestored()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      Thread.sleep(50);
    }
    return true;
  }

  /** The tail of CRIU's restore log, for diagnostics. */
  public String restoreLogTail(int lines) {
    File log = new File(new File(migrationDir, RestoreSpec.IMAGES_DIR), RestoreLaunch.RESTORE_LOG);
    try {
      java.util.List<String> all = java.nio.file.Files.readAllLines(log.toPath(),
          java.nio.charset.StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no restore log " + log + ": " + e + ")";
    }
  }
}
