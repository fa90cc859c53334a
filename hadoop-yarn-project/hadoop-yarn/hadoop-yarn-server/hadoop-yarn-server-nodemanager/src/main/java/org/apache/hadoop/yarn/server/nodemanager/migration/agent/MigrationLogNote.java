/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.agent;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;

/**
 * A container's own account of its moves, in its log dir: the file {@value #FILE_NAME},
 * one line per move. The source container's says where the tree went, the target
 * container's where it came from. With log aggregation on, {@code yarn logs
 * -applicationId <app>} shows it beside each container's stdout and stderr, so that the
 * logs of the containers a tree ran in read as one story: the source's stdout holds the
 * output up to the move, the target's the output after it.
 *
 * <p>Written by the NM (as root) into a directory the container can write to: the note
 * is only appended to a real file in a real directory, never through a symbolic link.
 */
public final class MigrationLogNote {

  /** Name of the note in a container's log dir. */
  public static final String FILE_NAME = "migration.log";

  private MigrationLogNote() {
  }

  /** The source's line: the tree now runs as {@code targetContainer} on {@code targetNode}. */
  public static String movedOut(String migrationId, String sourceContainer,
      String targetContainer, String targetNode, long timeMs) {
    return Instant.ofEpochMilli(timeMs) + " " + migrationId + ": " + sourceContainer
        + " moved to " + targetContainer + " on " + targetNode + "; its output from here"
        + " on is in the logs of " + targetContainer;
  }

  /** The target's line: the tree ran as {@code sourceContainer} on {@code sourceNode}. */
  public static String movedIn(String migrationId, String targetContainer,
      String sourceContainer, String sourceNode, long timeMs) {
    return Instant.ofEpochMilli(timeMs) + " " + migrationId + ": " + targetContainer
        + " continues " + sourceContainer + " of " + sourceNode + "; its output up to the"
        + " move is in the logs of " + sourceContainer;
  }

  /** Name of the copy of CRIU's log of a failed restore in the target container's logs. */
  public static final String RESTORE_LOG_COPY = "criu-restore.log";

  /**
   * Copies CRIU's log of a failed restore into the (failed) target container's log dir as
   * {@value #RESTORE_LOG_COPY}: the images dir that holds it is deleted with the
   * migration, the container's logs stay (and are aggregated with the application's).
   *
   * @throws IOException as {@link #append}, or if the copy exists already
   */
  public static void keepRestoreLog(File logDir, File restoreLog) throws IOException {
    Path dir = realDir(logDir);
    try (OutputStream out = Files.newOutputStream(dir.resolve(RESTORE_LOG_COPY),
        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      Files.copy(restoreLog.toPath(), out);
    }
  }

  /**
   * Appends a line to {@code <logDir>/}{@value #FILE_NAME}.
   *
   * @throws IOException if the log dir is not a directory reached without a symbolic
   *     link, if the note is a symbolic link, or if the write fails
   */
  public static void append(File logDir, String line) throws IOException {
    Path dir = realDir(logDir);
    try (OutputStream out = Files.newOutputStream(dir.resolve(FILE_NAME),
        StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS)) {
      out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The log dir, if it is a directory reached without a symbolic link. */
  private static Path realDir(File logDir) throws IOException {
    Path dir = logDir.toPath().toAbsolutePath().normalize();
    BasicFileAttributes a = Files.readAttributes(dir, BasicFileAttributes.class,
        LinkOption.NOFOLLOW_LINKS);
    if (!a.isDirectory() || !dir.toRealPath().equals(dir)) {
      throw new IOException("log dir " + dir + " is not a directory reached without a"
          + " symbolic link; nothing written");
    }
    return dir;
  }
}
