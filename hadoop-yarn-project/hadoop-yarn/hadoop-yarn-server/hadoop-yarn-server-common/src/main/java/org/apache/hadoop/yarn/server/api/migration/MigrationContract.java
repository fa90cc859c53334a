/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration;

import java.util.regex.Pattern;

/**
 * What the ResourceManager, the NodeManagers and the NodeManager's launch scripts agree on,
 * defined here and nowhere else. The scripts never retype a value: the NodeManager passes
 * each one to them as an argument, or (for CRIU's action script, which takes none) in the
 * environment of the restore.
 */
public final class MigrationContract {

  private MigrationContract() {
  }

  /**
   * Exit status of a container whose tree was checkpointed and now runs on another node:
   * the source's launcher ends with it, and the RM reads it as "moved", not "failed".
   */
  public static final int EXIT_MIGRATED = 175;

  // ---------------------------------------------------- environment of any container

  /**
   * In a container's launch environment (set by its application, e.g. distributed shell's
   * {@code -shell_env}): {@value #NETWORK_OWN} gives the container an address of its own
   * on the cluster network (yarn.nodemanager.migration.network.*), which moves with it, so
   * its connections can stay open across a migration (TCP mode ESTABLISHED).
   */
  public static final String NETWORK_ENV =
      org.apache.hadoop.yarn.api.migration.records.ContainerNetwork.ENV;
  /** The value of {@link #NETWORK_ENV} that asks for an address of the container's own. */
  public static final String NETWORK_OWN =
      org.apache.hadoop.yarn.api.migration.records.ContainerNetwork.OWN;

  /**
   * The address the CRIU action script announces from the restored tree's network
   * namespace once it runs (post-resume), so the bridges of the cluster network learn
   * where the tree's address is now.
   */
  public static final String ANNOUNCE_TO_ENV = "YARN_MIGRATION_ANNOUNCE_TO";

  // ---------------------------------------------------- environment of a restore

  /**
   * In a container's launch environment: {@code <migrationId>} makes the launch the
   * restore of that migration (the RM sets it on the target container).
   */
  public static final String RESTORE_ENV = "YARN_CONTAINER_MIGRATION_RESTORE";

  /**
   * The file CRIU's action script creates once the restored tree runs again (post-resume):
   * the target NodeManager's sign that the restore succeeded.
   */
  public static final String RESTORED_MARKER_ENV = "YARN_MIGRATION_RESTORED_MARKER";

  /**
   * The file listing the temporary links (and directories made for them) the target
   * NodeManager put at the source's resource paths; the action script removes them on
   * post-resume.
   */
  public static final String TEMP_PATHS_ENV = "YARN_MIGRATION_TEMP_PATHS";

  // ---------------------------------------------------- layout of a migration dir
  // (a checkpoint on the source, the received images on the target)

  /** The restore spec (properties). */
  public static final String SPEC_FILE = "restore-spec.properties";
  /** CRIU's images. */
  public static final String IMAGES_DIR = "images";
  /** The source work dir, copied while the tree was frozen. */
  public static final String WORKDIR_COPY_DIR = "workdir";
  /** Files the tree holds under its application dir, by their path below it. */
  public static final String APP_FILES_DIR = "appfiles";
  /** Created by CRIU's action script once the restored tree runs (target only). */
  public static final String RESTORED_MARKER = "restored";
  /** The temporary paths made for a restore's resources (target only). */
  public static final String TEMP_PATHS_FILE = "temporary-paths";
  /** CRIU's restore log, in the images dir (target only). */
  public static final String RESTORE_LOG = "restore.log";
  /** The log of a post-copy restore's {@code criu lazy-pages} daemon, in the images dir. */
  public static final String LAZY_PAGES_LOG = "lazy-pages.log";

  // ---------------------------------------------------- capabilities

  /**
   * What an NM's agent registers when it can take part in a post-copy migration (source
   * or target): its CRIU and kernel do lazy pages (userfaultfd) and its pipes may grow as
   * CRIU needs ({@code fs.pipe-max-size}).
   */
  public static final String CAPABILITY_LAZY_PAGES = "lazy-pages";

  // ---------------------------------------------------- ids

  /**
   * The shape of every id that names a file or directory (container and migration ids,
   * from the network, a spec or a user): 1 to 128 characters of {@code [A-Za-z0-9_.-]}
   * starting with a letter or digit, so never "." or ".." and no path separator.
   */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  /** @return whether {@code id} has the {@link #ID} shape (null has not) */
  public static boolean isSafeId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  /**
   * @param what what the id is, for the message ("migration id", "container id")
   * @return {@code id}
   * @throws IllegalArgumentException naming it when it has not the safe shape
   */
  public static String checkId(String what, String id) {
    if (!isSafeId(id)) {
      throw new IllegalArgumentException("Invalid " + what + ": "
          + (id == null ? "null" : "'" + id + "'")
          + " (1 to 128 of [A-Za-z0-9_.-], starting with a letter or digit)");
    }
    return id;
  }
}
