/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where received images live on this NM, and who is told when they arrive.
 *
 * <p>Layout: {@code <localDir>/<dirName>/<migrationId>} (0700) once complete,
 * {@code <localDir>/<dirName>/<migrationId>.partial} while being received, where dirName
 * is {@code yarn.nodemanager.migration.images.dir} (default {@code migration-images}), the
 * same directory the checkpoint and restore code use. The
 * directory itself is the record: {@link #find(String)} looks in every local dir, so the
 * restore code finds images without holding a reference to the receiver, and after an NM
 * restart. {@link #discard(String)} deletes them after the restore or an abort.
 * Thread-safe.
 */
public final class ReceivedImages {

  private static final Logger LOG = LoggerFactory.getLogger(ReceivedImages.class);

  /** Suffix of a directory still being received. */
  public static final String PARTIAL_SUFFIX = ".partial";
  /** Suffix of the directory of a migration's streamed pages ({@link StreamedPages}). */
  public static final String PAGES_SUFFIX = ".pages";

  /** Told when all images of a migration have arrived and been verified. */
  public interface Listener {
    /**
     * Called on the receiving thread after the final rename; must not block long.
     *
     * @param migrationId the migration
     * @param dir the complete image directory
     */
    void imagesReceived(String migrationId, Path dir);

    /** Called once a migration's images were discarded (it ended or was given up). */
    default void imagesDiscarded(String migrationId) {
    }
  }

  /**
   * Pages that arrived apart from the images, while the source dumped (streaming
   * stop-and-copy, {@link PageStream.DumpHandler}): merged into a migration's images before
   * they are complete, dropped with them.
   */
  public interface StreamedPages {
    /**
     * Moves the pages of the migration, once every one was written, into
     * {@code imagesDir}; nothing when none were streamed for it.
     *
     * @throws IOException when they were streamed but not all written (the images are then
     *     refused)
     */
    void mergeInto(String migrationId, Path imagesDir) throws IOException;

    /** Drops whatever was streamed for the migration (its page server, its pages). */
    void discard(String migrationId);
  }

  private volatile StreamedPages streamedPages;
  private final String dirName;
  private final List<Path> roots;
  private final Set<String> inProgress = Collections.newSetFromMap(
      new ConcurrentHashMap<String, Boolean>());
  private final List<Listener> listeners = new CopyOnWriteArrayList<Listener>();

  /**
   * With the default directory name,
   * {@link MigrationConfiguration#DEFAULT_NM_MIGRATION_IMAGES_DIR}.
   *
   * @param localDirs the NM local dirs ({@code yarn.nodemanager.local-dirs}), at least one
   */
  public ReceivedImages(List<Path> localDirs) {
    this(localDirs, MigrationConfiguration.DEFAULT_NM_MIGRATION_IMAGES_DIR);
  }

  /**
   * @param localDirs the NM local dirs ({@code yarn.nodemanager.local-dirs}), at least one
   * @param dirName directory under each local dir ({@code
   *     yarn.nodemanager.migration.images.dir}), a single path component
   */
  public ReceivedImages(List<Path> localDirs, String dirName) {
    if (localDirs == null || localDirs.isEmpty()) {
      throw new IllegalArgumentException("at least one NM local dir is needed");
    }
    if (!MigrationIds.isValid(dirName)) {
      throw new IllegalArgumentException(MigrationConfiguration.NM_MIGRATION_IMAGES_DIR
          + " must be a plain directory name, was " + dirName);
    }
    this.dirName = dirName;
    List<Path> r = new ArrayList<Path>();
    for (Path d : localDirs) {
      r.add(d.toAbsolutePath().normalize().resolve(dirName));
    }
    this.roots = Collections.unmodifiableList(r);
  }

  /** @return the directory name under each local dir */
  public String getDirName() {
    return dirName;
  }

  /** @return the {@code <localDir>/<dirName>} directories */
  public List<Path> getRoots() {
    return roots;
  }

  /** Where pages streamed apart from the images are (null: none are). */
  public void setStreamedPages(StreamedPages pages) {
    this.streamedPages = pages;
  }

  /** @param l listener to add */
  public void addListener(Listener l) {
    listeners.add(l);
  }

  /** @param l listener to remove */
  public void removeListener(Listener l) {
    listeners.remove(l);
  }

  /**
   * @param migrationId a migration
   * @return the complete image directory of that migration, or null if none arrived
   */
  public Path find(String migrationId) {
    if (!MigrationIds.isValid(migrationId)) {
      return null;
    }
    for (Path root : roots) {
      Path dir = root.resolve(migrationId);
      if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        return dir;
      }
    }
    return null;
  }

  /**
   * Deletes the images of a migration (after its restore, or when it is aborted).
   *
   * @param migrationId a migration
   * @return true if something was deleted
   * @throws IOException if deletion failed
   */
  public boolean discard(String migrationId) throws IOException {
    MigrationIds.check(migrationId);
    StreamedPages pages = streamedPages;
    if (pages != null) {
      pages.discard(migrationId);
    }
    boolean any = false;
    for (Path root : roots) {
      Path dir = root.resolve(migrationId);
      if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        deleteTree(dir);
        any = true;
      }
    }
    if (any) {
      LOG.info("Discarded received images of migration {}", migrationId);
    }
    for (Listener l : listeners) {
      l.imagesDiscarded(migrationId);
    }
    return any;
  }

  /**
   * Deletes the complete images of every migration not being received now: what an
   * earlier NM process left (an NM that starts knows no migration). Partial ones are
   * {@link #cleanStalePartials}' (the receiver's start).
   *
   * @return the directories deleted
   */
  public List<String> discardAllLeftovers() {
    List<String> done = new java.util.ArrayList<>();
    for (Path root : roots) {
      if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
        for (Path p : ds) {
          String id = p.getFileName().toString();
          if (!id.endsWith(PARTIAL_SUFFIX) && !inProgress.contains(id)) {
            deleteTree(p);
            done.add(p.toString());
          }
        }
      } catch (IOException e) {
        LOG.warn("Could not delete leftover images under {}", root, e);
      }
    }
    return done;
  }

  /**
   * Deletes {@code *.partial} directories left by an earlier NM process.
   *
   * @return how many were deleted
   */
  int cleanStalePartials() {
    int n = 0;
    for (Path root : roots) {
      if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, "*" + PARTIAL_SUFFIX)) {
        for (Path p : ds) {
          String id = p.getFileName().toString();
          if (!inProgress.contains(id.substring(0, id.length() - PARTIAL_SUFFIX.length()))) {
            deleteTree(p);
            n++;
          }
        }
      } catch (IOException e) {
        LOG.warn("Could not clean partial images under {}", root, e);
      }
    }
    return n;
  }

  /**
   * Reserves a migration and creates its empty partial directory (0700) in the local dir
   * with the most usable space.
   *
   * @param migrationId a valid migration id
   * @param bytes bytes about to be written
   * @return the partial directory
   * @throws IOException if the migration is in progress or complete here already, or no
   *     local dir can take it
   */
  Path begin(String migrationId, long bytes) throws IOException {
    MigrationIds.check(migrationId);
    if (!inProgress.add(migrationId)) {
      throw new IOException("a transfer for migration " + migrationId
          + " is already in progress");
    }
    try {
      if (find(migrationId) != null) {
        throw new IOException("images of migration " + migrationId + " were already received");
      }
      return newPrivateDir(migrationId + PARTIAL_SUFFIX, bytes, "images");
    } catch (IOException | RuntimeException e) {
      inProgress.remove(migrationId);
      throw e;
    }
  }

  /**
   * Renames a complete partial directory to its final name and tells the listeners.
   *
   * @return the final directory
   */
  Path commit(String migrationId, Path partial) throws IOException {
    try {
      StreamedPages pages = streamedPages;
      if (pages != null) {
        pages.mergeInto(migrationId,
            partial.resolve(org.apache.hadoop.yarn.server.api.migration.MigrationContract
                .IMAGES_DIR));
      }
      Path done = partial.resolveSibling(migrationId);
      Files.move(partial, done, StandardCopyOption.ATOMIC_MOVE);
      for (Listener l : listeners) {
        try {
          l.imagesReceived(migrationId, done);
        } catch (RuntimeException e) {
          LOG.warn("Listener {} failed for migration {}", l, migrationId, e);
        }
      }
      return done;
    } finally {
      inProgress.remove(migrationId);
    }
  }

  /**
   * Deletes a partial directory and releases the migration.
   *
   * @throws IOException if the deletion failed (the migration is released anyway)
   */
  void abort(String migrationId, Path partial) throws IOException {
    try {
      if (partial != null && Files.exists(partial, LinkOption.NOFOLLOW_LINKS)) {
        deleteTree(partial);
      }
    } finally {
      inProgress.remove(migrationId);
    }
  }

  /**
   * A new, empty directory (0700) of that name in the local dir with the most usable space,
   * in place of any left there.
   *
   * @param name its name under {@code <localDir>/<dirName>}
   * @param bytes what it is about to hold
   * @param what what it holds, for the errors ("images", "pages")
   * @throws IOException if no local dir can take it, or the roomiest has less than bytes
   */
  public Path newPrivateDir(String name, long bytes, String what) throws IOException {
    Path best = null;
    long bestFree = -1;
    IOException firstError = null;
    for (Path root : roots) {
      try {
        createPrivateDirs(root);
        long free = Files.getFileStore(root).getUsableSpace();
        if (free > bestFree) {
          best = root;
          bestFree = free;
        }
      } catch (IOException e) {
        if (firstError == null) {
          firstError = e;
        }
        LOG.warn("NM local dir {} cannot take migration {}", root, what, e);
      }
    }
    if (best == null) {
      throw new IOException("no usable NM local dir for migration " + what, firstError);
    }
    if (bestFree < bytes) {
      throw new IOException("not enough space for " + bytes + " bytes of " + what + ": "
          + bestFree + " bytes usable in " + best);
    }
    Path dir = best.resolve(name);
    if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      deleteTree(dir);
    }
    Files.createDirectory(dir,
        PosixFilePermissions.asFileAttribute(PosixModes.fromBits(PosixModes.DIR_MODE)));
    Files.setPosixFilePermissions(dir, PosixModes.fromBits(PosixModes.DIR_MODE));
    return dir;
  }

  private static void createPrivateDirs(Path root) throws IOException {
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(root.getParent());
      try {
        Files.createDirectory(root,
            PosixFilePermissions.asFileAttribute(PosixModes.fromBits(PosixModes.DIR_MODE)));
      } catch (java.nio.file.FileAlreadyExistsException e) {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
          throw new IOException(root + " exists and is not a directory");
        }
      }
    }
    Files.setPosixFilePermissions(root, PosixModes.fromBits(PosixModes.DIR_MODE));
  }

  /** Deletes a tree; symlinks are deleted, never followed. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<Path>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
          throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
        if (exc instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE;
        }
        throw exc;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc)
          throws IOException {
        if (exc != null) {
          throw exc;
        }
        Files.deleteIfExists(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
