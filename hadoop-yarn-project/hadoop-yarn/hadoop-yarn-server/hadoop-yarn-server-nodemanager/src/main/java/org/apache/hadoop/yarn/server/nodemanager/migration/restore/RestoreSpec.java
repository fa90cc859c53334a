/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.restore;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * What the target NodeManager needs to know about the source container to restore it:
 * written by the checkpointer next to the images as {@value #FILE_NAME} (a Java
 * properties file), read by the restore launch. Immutable.
 *
 * <p>Layout of a migration directory ({@code <localDir>/nm-migration/<migrationId>/}):
 * <pre>
 *   restore-spec.properties   this spec
 *   images/                   CRIU images (criu dump -D)
 *   workdir/                  the source container's work dir, copied while frozen
 *   restored                  created by the CRIU action script after post-resume
 * </pre>
 */
public final class RestoreSpec {

  public static final String FILE_NAME = "restore-spec.properties";
  public static final String IMAGES_DIR = "images";
  public static final String WORKDIR_COPY_DIR = "workdir";

  /**
   * Migration ids, container ids and source log file names: each becomes one path component
   * here or in a shell command, so no separator and nothing a shell would expand.
   */
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]*");

  private static final String MIGRATION_ID = "migration.id";
  private static final String CONTAINER_ID = "source.container.id";
  private static final String NODE = "source.node";
  private static final String WORK_DIR = "source.work.dir";
  private static final String LOG_FILES = "source.log.files";
  private static final String LOG_DIR = "source.log.dir";

  private final String migrationId;
  private final String sourceContainerId;
  private final String sourceNode;
  private final String sourceWorkDir;
  private final String sourceLogDir;
  private final List<String> sourceLogFiles;

  /**
   * @param sourceLogFiles names of the files in the source container's log dir (stdout,
   *     stderr, prelaunch.out, ...): whatever of them the tree holds open continues in the
   *     target container's log file of the same name
   */
  public RestoreSpec(String migrationId, String sourceContainerId, String sourceNode,
      String sourceWorkDir, String sourceLogDir, List<String> sourceLogFiles) {
    this.migrationId = checkId("migration id", migrationId);
    this.sourceContainerId = checkId("source container id", sourceContainerId);
    this.sourceNode = Objects.requireNonNull(sourceNode, "source node");
    this.sourceWorkDir = checkAbsolute("source work dir", sourceWorkDir);
    this.sourceLogDir = checkAbsolute("source log dir", sourceLogDir);
    List<String> names = new ArrayList<>();
    for (String name : sourceLogFiles) {
      if (!SAFE_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("Invalid source log file name: '" + name + "'");
      }
      names.add(name);
    }
    this.sourceLogFiles = Collections.unmodifiableList(names);
  }

  /** Whether a file of the source log dir can travel in a spec (see the constructor). */
  public static boolean isSafeLogFileName(String name) {
    return SAFE_NAME.matcher(name).matches();
  }

  /**
   * A migration id is used as a directory name: letters, digits, '_', '.', '-' only,
   * not starting with '.'.
   */
  public static String checkId(String what, String id) {
    if (id == null || !SAFE_NAME.matcher(id).matches()) {
      throw new IllegalArgumentException("Invalid " + what + ": '" + id + "'");
    }
    return id;
  }

  private static String checkAbsolute(String what, String path) {
    if (path == null || !path.startsWith("/") || path.contains("\n")
        || ("/" + path + "/").contains("/../")) {
      throw new IllegalArgumentException("Invalid " + what + ": '" + path + "'");
    }
    return path;
  }

  public String getMigrationId() {
    return migrationId;
  }

  public String getSourceContainerId() {
    return sourceContainerId;
  }

  public String getSourceNode() {
    return sourceNode;
  }

  public String getSourceWorkDir() {
    return sourceWorkDir;
  }

  public String getSourceLogDir() {
    return sourceLogDir;
  }

  /** Names of the files of the source log dir, continued in the target's log dir. */
  public List<String> getSourceLogFiles() {
    return sourceLogFiles;
  }

  /** Writes {@value #FILE_NAME} into {@code migrationDir} (atomically, mode 0600). */
  public void write(File migrationDir) throws IOException {
    Properties p = new Properties();
    p.setProperty(MIGRATION_ID, migrationId);
    p.setProperty(CONTAINER_ID, sourceContainerId);
    p.setProperty(NODE, sourceNode);
    p.setProperty(WORK_DIR, sourceWorkDir);
    p.setProperty(LOG_FILES, String.join(",", sourceLogFiles));
    p.setProperty(LOG_DIR, sourceLogDir);
    File tmp = new File(migrationDir, FILE_NAME + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp.toPath())) {
      p.store(out, "YARN container migration: restore spec");
    }
    MigrationDirs.ownerOnly(tmp);
    Files.move(tmp.toPath(), new File(migrationDir, FILE_NAME).toPath(),
        StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Reads and validates {@value #FILE_NAME} from {@code migrationDir}. */
  public static RestoreSpec read(File migrationDir) throws IOException {
    File f = new File(migrationDir, FILE_NAME);
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(f.toPath())) {
      p.load(in);
    }
    try {
      return new RestoreSpec(p.getProperty(MIGRATION_ID), p.getProperty(CONTAINER_ID),
          p.getProperty(NODE, ""), p.getProperty(WORK_DIR), p.getProperty(LOG_DIR),
          splitNames(p.getProperty(LOG_FILES, "")));
    } catch (IllegalArgumentException e) {
      throw new IOException("Invalid restore spec " + f + ": " + e.getMessage(), e);
    }
  }

  private static List<String> splitNames(String joined) {
    List<String> names = new ArrayList<>();
    for (String name : joined.split(",")) {
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    return names;
  }

  @Override
  public String toString() {
    return "RestoreSpec{migration=" + migrationId + ", source=" + sourceContainerId + "@"
        + sourceNode + ", workDir=" + sourceWorkDir + "}";
  }
}
