/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.restore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.yarn.server.api.migration.MigrationContract;

/**
 * Files a tree holds under its application's local dir ({@code .../appcache/<app>})
 * outside its work dir -- a task's spill or output -- travel with it: the source copies
 * each (through the {@code /proc} link of the fd that holds it, while the tree is frozen)
 * into {@value MigrationContract#APP_FILES_DIR}/ by its path below the app dir; the target puts
 * each at the same path below the same app dir (every host has the same local dirs)
 * before the restore, so CRIU reopens it there and other processes of the host see it too.
 *
 * <p>The target writes as root into a directory that other containers of the application
 * can write: it never follows a symbolic link (every directory on the way must be a real
 * one, the file a regular one or absent), writes only into this node's own app dir of the
 * application and never into a container's directory or the file cache ({@link
 * #mayTravel}), creates what is missing, leaves a file with the same content alone, and
 * replaces any other (a stale copy left when the container moved away from this host
 * earlier) atomically. A file put here stays until the application ends, as on the
 * source, also when the restore fails.
 */
public final class AppDirFiles {

  private AppDirFiles() {
  }

  /**
   * Whether a file at this path below the app dir may travel: not inside a container's
   * directory ({@code container_...}: another container's work dir) nor in the
   * application's file cache (localized resources, which the target localizes itself).
   * The source moves only such files; the target writes only such paths.
   */
  public static boolean mayTravel(String relativePath) {
    String first = relativePath.split("/", 2)[0];
    return !first.startsWith("container_") && !first.equals("filecache");
  }

  /**
   * Source side: the held files by their paths below {@code appDir}, in order.
   *
   * @param held absolute path (under appDir) -&gt; the /proc link to read it through
   * @return path below appDir -&gt; the /proc link
   */
  public static Map<String, Path> byRelativePath(Map<String, Path> held, String appDir) {
    Map<String, Path> out = new TreeMap<>();
    for (Map.Entry<String, Path> e : held.entrySet()) {
      out.put(relative(e.getKey(), appDir), e.getValue());
    }
    return out;
  }

  /**
   * Source side, while the tree is frozen: copies each file (permissions and times kept)
   * to {@code toDir/<path below the app dir>}.
   *
   * @param files path below the app dir -&gt; where to read it (a /proc link of a held
   *     file, or the file itself)
   * @return the bytes copied
   */
  public static long copy(Map<String, Path> files, Path toDir) throws IOException {
    long bytes = 0;
    for (Map.Entry<String, Path> e : files.entrySet()) {
      Path to = toDir.resolve(e.getKey());
      Files.createDirectories(to.getParent());
      Files.copy(e.getValue(), to, StandardCopyOption.COPY_ATTRIBUTES);
      bytes += Files.size(to);
    }
    return bytes;
  }

  private static String relative(String path, String appDir) {
    String prefix = appDir.endsWith("/") ? appDir : appDir + "/";
    if (!path.startsWith(prefix)) {
      throw new IllegalArgumentException(path + " is not under " + appDir);
    }
    return path.substring(prefix.length());
  }

  /**
   * Target side, before the restore: puts {@code fromDir/<rel>} at {@code appDir/<rel>}
   * for each rel (see the class comment); appDir must be this node's own app dir of the
   * application, and each rel one that {@link #mayTravel} (the spec checks it).
   *
   * @throws IOException naming the path and why, if one cannot be put there
   */
  public static void place(Path fromDir, Path appDir, List<String> rels) throws IOException {
    if (!Files.isDirectory(appDir, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("application dir " + appDir + " is not a directory here");
    }
    for (String rel : rels) {
      Path from = fromDir.resolve(rel);
      if (!Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException("no received copy of " + rel + " (" + from + ")");
      }
      Path dir = appDir;
      String[] names = rel.split("/");
      for (String name : Arrays.asList(names).subList(0, names.length - 1)) {
        dir = dir.resolve(name);
        if (Files.isSymbolicLink(dir)) {
          throw new IOException(dir + " is a symbolic link; " + rel + " is not put through it");
        }
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectory(dir);
        } else if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
          throw new IOException(dir + " is not a directory; " + rel + " cannot be put there");
        }
      }
      Path to = dir.resolve(names[names.length - 1]);
      if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
        if (!Files.isRegularFile(to, LinkOption.NOFOLLOW_LINKS)) {
          throw new IOException(to + " exists here and is not a regular file");
        }
        if (sameContent(from, to)) {
          continue;
        }
      }
      Path tmp = dir.resolve("." + to.getFileName() + ".migrating");
      Files.deleteIfExists(tmp);
      Files.copy(from, tmp, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
      Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /** Whether two regular files (never read through a link) hold the same bytes. */
  static boolean sameContent(Path a, Path b) throws IOException {
    if (Files.size(a) != Files.size(b)) {
      return false;
    }
    byte[] x = new byte[64 * 1024];
    byte[] y = new byte[64 * 1024];
    try (InputStream ia = Files.newInputStream(a, LinkOption.NOFOLLOW_LINKS);
        InputStream ib = Files.newInputStream(b, LinkOption.NOFOLLOW_LINKS)) {
      while (true) {
        int n = readFully(ia, x);
        int m = readFully(ib, y);
        if (n != m || !Arrays.equals(x, y)) {
          return false;
        }
        if (n < x.length) {
          return true;
        }
      }
    }
  }

  /** Fills buf (zeroing what is not read); returns the bytes read. */
  private static int readFully(InputStream in, byte[] buf) throws IOException {
    int n = 0;
    while (n < buf.length) {
      int r = in.read(buf, n, buf.length - n);
      if (r < 0) {
        break;
      }
      n += r;
    }
    Arrays.fill(buf, n, buf.length, (byte) 0);
    return n;
  }
}
