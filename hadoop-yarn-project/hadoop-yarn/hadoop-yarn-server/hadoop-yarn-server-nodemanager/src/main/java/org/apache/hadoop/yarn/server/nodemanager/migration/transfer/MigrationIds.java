/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;

import java.util.regex.Pattern;

/**
 * Migration ids arrive from the network and name directories, so only a safe shape is
 * accepted: 1 to 128 characters of {@code [A-Za-z0-9_.-]} starting with a letter or
 * digit (so never "." or ".."), no path separator, and not ending in
 * {@link ReceivedImages#PARTIAL_SUFFIX}. {@code migration_1700000000000_0001} fits.
 */
public final class MigrationIds {

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  private MigrationIds() {
  }

  /**
   * @param id candidate id (may be null)
   * @return true if id is safe to use as a directory name
   */
  public static boolean isValid(String id) {
    return id != null && VALID.matcher(id).matches()
        && !id.endsWith(ReceivedImages.PARTIAL_SUFFIX);
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
