/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.Fifos;

/**
 * Copies a directory tree exactly: regular files byte for byte (same size: CRIU checks
 * the size of every file the tree has open), symlinks as symlinks (not followed), FIFOs
 * as (empty) FIFOs, permissions and times kept.
 */
public final class WorkDirCopier {

  private WorkDirCopier() {
  }

  /** @return bytes of regular files copied */
  static long copy(final Path from, final Path to) throws IOException {
    final long[] bytes = {0};
    Files.walkFileTree(from, new SimpleFileVisitor<Path>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
          throws IOException {
        Path target = to.resolve(from.relativize(dir).toString());
        Files.createDirectories(target);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Path target = to.resolve(from.relativize(file).toString());
        if (attrs.isSymbolicLink()) {
          Files.createSymbolicLink(target, Files.readSymbolicLink(file));
        } else if (attrs.isRegularFile()) {
          Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES,
              LinkOption.NOFOLLOW_LINKS);
          bytes[0] += attrs.size();
        } else if (Fifos.isFifo(file)) {
          // CRIU reopens a FIFO the tree holds by its path: it must exist on the target
          Fifos.copy(file, target);
        }
        // sockets, devices: not copied (CRIU handles what the tree has open)
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        if (exc != null) {
          throw exc;
        }
        Path target = to.resolve(from.relativize(dir).toString());
        Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(dir));
        Files.setLastModifiedTime(target, Files.getLastModifiedTime(dir));
        return FileVisitResult.CONTINUE;
      }
    });
    return bytes[0];
  }

  /** Deletes a tree without following symlinks; missing is fine. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<Path>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
