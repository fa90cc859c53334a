/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.restore;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.yarn.server.api.migration.MigrationContract;

/**
 * Where a NodeManager keeps the files of a migration:
 * {@code <localDir>/<dirName>/<migrationId>/} under one of its local dirs (the transfer
 * delivers images there; the checkpointer writes the same layout, see
 * {@link RestoreSpec}).
 */
public final class MigrationDirs {

  private MigrationDirs() {
  }

  /** The directory a migration would use under the given local dir. */
  public static File under(String localDir, String dirName, String migrationId) {
    MigrationContract.checkId("migration id", migrationId);
    return new File(new File(stripScheme(localDir), dirName), migrationId);
  }

  /** A local dir as configured ({@code file:} URI or path) as a path. */
  public static String stripScheme(String dir) {
    return dir.startsWith("file://") ? dir.substring("file://".length())
        : dir.startsWith("file:") ? dir.substring("file:".length()) : dir;
  }

  /** chmod 0600 (file) / 0700 (directory). */
  public static void ownerOnly(File f) throws IOException {
    Files.setPosixFilePermissions(f.toPath(),
        PosixFilePermissions.fromString(f.isDirectory() ? "rwx------" : "rw-------"));
  }
}
