/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;

import org.apache.hadoop.yarn.server.api.migration.MigrationContract;

/**
 * Migration ids arrive from the network and name directories, so only a safe shape is
 * accepted: {@link MigrationContract#isSafeId}, and not ending in
 * {@link ReceivedImages#PARTIAL_SUFFIX} or {@link ReceivedImages#PAGES_SUFFIX} (the names of
 * another migration's directories). {@code migration_1700000000000_0001} fits.
 */
public final class MigrationIds {

  private MigrationIds() {
  }

  /**
   * @param id candidate id (may be null)
   * @return true if id is safe to use as a directory name
   */
  public static boolean isValid(String id) {
    return MigrationContract.isSafeId(id)
        && !id.endsWith(ReceivedImages.PARTIAL_SUFFIX)
        && !id.endsWith(ReceivedImages.PAGES_SUFFIX);
  }

  /**
   * @param id candidate id
   * @return id
   * @throws IllegalArgumentException if it is not {@link #isValid}
   */
  public static String check(String id) {
    if (!isValid(id)) {
      throw new IllegalArgumentException("invalid migration id "
          + (id == null ? "null" : ImageManifest.quote(id)));
    }
    return id;
  }
}
