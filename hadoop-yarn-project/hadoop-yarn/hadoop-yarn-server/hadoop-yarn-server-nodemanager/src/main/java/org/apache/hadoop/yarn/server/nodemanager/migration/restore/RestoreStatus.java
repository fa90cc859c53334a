/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.restore;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.apache.hadoop.yarn.server.api.migration.MigrationContract;

/**
 * Whether the restored tree of a migration runs: the CRIU action script of the restore
 * launcher creates {@value MigrationContract#RESTORED_MARKER} in the migration directory on
 * {@code post-resume}.
 */
public final class RestoreStatus {


  private final File migrationDir;

  public RestoreStatus(File migrationDir) {
    this.migrationDir = migrationDir;
  }

  public File getMarker() {
    return new File(migrationDir, MigrationContract.RESTORED_MARKER);
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

  /** CRIU's restore log of this migration (in its images dir). */
  public File getRestoreLog() {
    return new File(new File(migrationDir, MigrationContract.IMAGES_DIR), MigrationContract.RESTORE_LOG);
  }

  /**
   * Error lines CRIU 4.2.1 logs on restores that go on (measured: an unprivileged
   * RLIMIT_NOFILE raise fails in every restore here): never the cause of a failure.
   */
  private static final String[] NOT_FATAL = {"rlimit: Can't setup RLIMIT_NOFILE"};

  /**
   * CRIU's first error line in the restore log ({@code Error (<file>:<line>): ...}, from
   * "Error (" on, skipping the ones CRIU goes on after), else its last non-empty line,
   * else a sentence saying there is no log.
   */
  public String firstErrorLine() {
    File log = getRestoreLog();
    List<String> all;
    try {
      all = Files.readAllLines(log.toPath(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no restore log " + log + ": " + e + ")";
    }
    String last = null;
    for (String line : all) {
      int i = line.indexOf("Error (");
      if (i >= 0 && !notFatal(line)) {
        return line.substring(i).trim();
      }
      if (!line.trim().isEmpty()) {
        last = line.trim();
      }
    }
    return last == null ? "(the restore log " + log + " is empty)" : last;
  }

  private static boolean notFatal(String line) {
    for (String n : NOT_FATAL) {
      if (line.contains(n)) {
        return true;
      }
    }
    return false;
  }

  /** The tail of CRIU's restore log, for diagnostics. */
  public String restoreLogTail(int lines) {
    File log = getRestoreLog();
    try {
      java.util.List<String> all = java.nio.file.Files.readAllLines(log.toPath(),
          java.nio.charset.StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no restore log " + log + ": " + e + ")";
    }
  }
}
