/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.restore;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.Fifos;

/**
 * What the target NodeManager prepares, as root, once it has written a restore container's
 * files and before that container's launch script runs; the launcher then only enters the
 * namespaces and executes what Java prepared. Everything written here goes into
 * directories this NodeManager made or below a local dir of its own, and nothing is
 * written through a symbolic link: a received copy, or a spec, that plants one (or a FIFO)
 * where a file is written is refused, and the link's target is never touched.
 */
public final class RestorePreparation {

  private RestorePreparation() {
  }

  /**
   * Merges the received copy of the source work dir into the target work dir, as
   * {@code cp -a -n} would but safely: what the NodeManager put there stays as it is (an
   * entry that exists is never replaced), an existing directory is entered only when it is
   * a real directory (never a link), and the names the launch script will link (the
   * container's resources, {@code skipNames} at the top level) are left to it. Directories
   * and regular files are copied with their permissions and times, symbolic links are made
   * as links (never followed) and FIFOs made afresh (CRIU restores their data); anything
   * else (sockets, devices) is not copied.
   *
   * @return bytes of regular files copied
   * @throws IOException naming the path and why, when an entry cannot be merged
   */
  public static long mergeWorkDir(Path copy, Path workDir, Set<String> skipNames)
      throws IOException {
    if (!Files.isDirectory(copy, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("the received work dir " + copy + " is not a directory");
    }
    if (!Files.isDirectory(workDir, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("the target work dir " + workDir + " is not a directory");
    }
    return merge(copy, workDir, skipNames);
  }

  private static long merge(Path from, Path to, Set<String> skipNames) throws IOException {
    long bytes = 0;
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(from)) {
      for (Path p : ds) {
        entries.add(p);
      }
    }
    Collections.sort(entries);
    for (Path src : entries) {
      String name = src.getFileName().toString();
      if (skipNames.contains(name)) {
        continue;
      }
      Path dst = to.resolve(name);
      BasicFileAttributes a = Files.readAttributes(src, BasicFileAttributes.class,
          LinkOption.NOFOLLOW_LINKS);
      boolean exists = Files.exists(dst, LinkOption.NOFOLLOW_LINKS);
      if (a.isDirectory()) {
        if (!exists) {
          Files.createDirectory(dst);
          Files.setPosixFilePermissions(dst, permissions(src));
        } else if (!Files.isDirectory(dst, LinkOption.NOFOLLOW_LINKS)) {
          throw new IOException(dst + " exists here and is not a directory: the received "
              + src + " is not merged into it");
        }
        bytes += merge(src, dst, Collections.<String>emptySet());
        Files.setLastModifiedTime(dst, a.lastModifiedTime());
      } else if (exists) {
        continue;
      } else if (a.isSymbolicLink()) {
        Files.createSymbolicLink(dst, Files.readSymbolicLink(src));
      } else if (a.isRegularFile()) {
        Files.copy(src, dst, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        bytes += a.size();
      } else if (Fifos.isFifo(src)) {
        Fifos.copy(src, dst);
      }
    }
    return bytes;
  }

  private static Set<PosixFilePermission> permissions(Path p) throws IOException {
    return Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * The container's localized resources, re-localized by this node, must be found by the
   * restored tree at the paths it held them by on the source. For each resource whose
   * source path does not exist here, a temporary symbolic link to this node's copy is made
   * there (and the missing directories), so that CRIU reopens the files from this node's
   * copy; CRIU's action script removes them once the tree runs ({@link #removeTemporary}
   * removes what is left). A source path that exists here must be this node's copy itself
   * or have the same content.
   *
   * <p>Only a source path in a file cache under one of this node's local dirs is linked
   * ({@link RestoreSpec#fileCacheLocalDir}; the spec came over the network), and below that
   * local dir every existing directory on the way must be a real directory.
   *
   * @param sourcePaths link name -&gt; the resource's localized path on the source
   * @param localCopies link name -&gt; this node's localized copy
   * @param tempPaths the file to list the paths made in (each directory before what is
   *     inside it), created here; it must not be a link
   * @return the paths made, in the order made
   * @throws IOException naming the resource and why, when one cannot be presented
   */
  public static List<Path> linkResources(Map<String, String> sourcePaths,
      Map<String, Path> localCopies, List<String> localDirs, Path tempPaths)
      throws IOException {
    List<Path> made = new ArrayList<>();
    try {
      for (Map.Entry<String, String> e : sourcePaths.entrySet()) {
        String name = e.getKey();
        String source = e.getValue();
        String localDir = RestoreSpec.fileCacheLocalDir(source, localDirs);
        if (localDir == null) {
          continue;
        }
        Path here = localCopies.get(name);
        if (here == null || !Files.exists(here)) {
          throw new IOException("resource '" + name + "' (on the source: " + source
              + ") was not localized on this node");
        }
        Path src = Paths.get(source);
        if (Files.exists(src, LinkOption.NOFOLLOW_LINKS)) {
          if (!samePlaceOrContent(src, here)) {
            throw new IOException("resource '" + name + "': " + source + " exists on this"
                + " node but is not this node's copy " + here);
          }
          continue;
        }
        Path dir = Paths.get(localDir);
        Path rel = dir.relativize(src.getParent());
        for (Path part : rel) {
          dir = dir.resolve(part);
          if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(dir);
            made.add(dir);
          } else if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("resource '" + name + "': " + dir + " is not a directory"
                + " (a symbolic link is never followed); " + source + " is not made");
          }
        }
        Files.createSymbolicLink(src, here);
        made.add(src);
      }
    } finally {
      writeList(tempPaths, made);
    }
    return made;
  }

  /**
   * Links the container's resources into the target work dir, as the stock launch script
   * would ({@code ln -sf <copy> <name>}), which a restore does not run: each link name,
   * relative and without {@code ..}, becomes a symbolic link to this node's localized
   * copy; a directory on the way is made when missing (never through a link); a name
   * already there is left.
   *
   * @return the links made
   * @throws IOException naming the resource, when one cannot be linked
   */
  public static int linkInWorkDir(Path workDir, Map<String, Path> localCopies)
      throws IOException {
    int made = 0;
    for (Map.Entry<String, Path> e : localCopies.entrySet()) {
      String name = e.getKey();
      Path rel = Paths.get(name);
      boolean climbs = false;
      for (Path part : rel) {
        climbs |= part.toString().equals("..");
      }
      if (name.isEmpty() || rel.isAbsolute() || climbs) {
        throw new IOException("resource link name '" + name + "' is not a relative path"
            + " inside the work dir");
      }
      Path dir = workDir;
      for (int i = 0; i < rel.getNameCount() - 1; i++) {
        dir = dir.resolve(rel.getName(i));
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectory(dir);
        } else if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
          throw new IOException("resource '" + name + "': " + dir + " is not a directory"
              + " (a symbolic link is never followed)");
        }
      }
      Path link = workDir.resolve(rel);
      if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(link, e.getValue());
        made++;
      }
    }
    return made;
  }

  /**
   * Makes the directory the launcher mounts a target dir over, when it is missing: a real
   * directory (0700) in a parent that is a real directory (never through a link). The
   * parent is the target container's own parent dir (see
   * {@link RestoreLaunch#checkPresentable}), so this writes nowhere else.
   *
   * @return true when made here (remove it with {@link #removeMountPoint} once the
   *     container has ended: removing it while the tree runs would take its mount away)
   * @throws IOException when something other than a real directory is there, or the
   *     parent is not a real directory
   */
  public static boolean makeMountPoint(Path dir) throws IOException {
    if (Files.isSymbolicLink(dir)) {
      throw new IOException(dir + " is a symbolic link; it is not mounted over");
    }
    if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException(dir + " exists and is not a directory; it is not mounted"
            + " over");
      }
      return false;
    }
    Path parent = dir.getParent();
    if (parent == null || !Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("the parent of " + dir + " is not a directory here (a symbolic"
          + " link is never followed); " + dir + " is not made");
    }
    Files.createDirectory(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
    return true;
  }

  /** Removes a mount point {@link #makeMountPoint} made, if it is still an empty directory. */
  public static void removeMountPoint(Path dir) throws IOException {
    if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
        if (ds.iterator().hasNext()) {
          return;
        }
      }
      Files.delete(dir);
    }
  }

  /**
   * Removes what {@link #linkResources} listed in {@code tempPaths} and is still there:
   * links (never followed) and the directories made for them when empty, deepest first.
   */
  public static void removeTemporary(Path tempPaths) throws IOException {
    if (!Files.isRegularFile(tempPaths, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    List<String> paths = new ArrayList<>(Files.readAllLines(tempPaths, StandardCharsets.UTF_8));
    Collections.reverse(paths);
    for (String s : paths) {
      if (s.isEmpty()) {
        continue;
      }
      Path p = Paths.get(s);
      if (Files.isSymbolicLink(p)) {
        Files.delete(p);
      } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
          if (!ds.iterator().hasNext()) {
            Files.delete(p);
          }
        }
      }
    }
  }

  private static void writeList(Path file, List<Path> paths) throws IOException {
    StringBuilder b = new StringBuilder();
    for (Path p : paths) {
      b.append(p).append('\n');
    }
    Files.deleteIfExists(file);
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      out.write(b.toString().getBytes(StandardCharsets.UTF_8));
    }
    MigrationDirs.ownerOnly(file.toFile());
  }

  /** The same file or directory, or a copy with the same names and bytes. */
  private static boolean samePlaceOrContent(Path a, Path b) throws IOException {
    if (sameRealPath(a, b)) {
      return true;
    }
    if (Files.isSymbolicLink(a) || Files.isSymbolicLink(b)) {
      // never read through a link: two links are the same when they say the same
      return Files.isSymbolicLink(a) && Files.isSymbolicLink(b)
          && Files.readSymbolicLink(a).equals(Files.readSymbolicLink(b));
    }
    if (Files.isRegularFile(a, LinkOption.NOFOLLOW_LINKS)
        && Files.isRegularFile(b, LinkOption.NOFOLLOW_LINKS)) {
      return AppDirFiles.sameContent(a, b);
    }
    if (!Files.isDirectory(a, LinkOption.NOFOLLOW_LINKS)
        || !Files.isDirectory(b, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    List<String> an = names(a);
    if (!an.equals(names(b))) {
      return false;
    }
    for (String n : an) {
      if (!samePlaceOrContent(a.resolve(n), b.resolve(n))) {
        return false;
      }
    }
    return true;
  }

  /** Both resolve to one file (a dangling link resolves to none). */
  private static boolean sameRealPath(Path a, Path b) {
    try {
      return a.toRealPath().equals(b.toRealPath());
    } catch (IOException e) {
      return false;
    }
  }

  private static List<String> names(Path dir) throws IOException {
    List<String> n = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        n.add(p.getFileName().toString());
      }
    }
    Collections.sort(n);
    return n;
  }
}
