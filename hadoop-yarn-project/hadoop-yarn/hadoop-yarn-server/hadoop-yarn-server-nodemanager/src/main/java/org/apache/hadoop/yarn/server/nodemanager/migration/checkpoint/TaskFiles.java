/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.hadoop.yarn.server.nodemanager.migration.restore.AppDirFiles;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TaskOutputs;

/**
 * The files a container owns under its application's local dir without holding them open,
 * which must move with it because it will open them again: a MapReduce task's closed
 * spills ({@code <attempt>_spill_<n>.out[.index]}, merged at the map's end), what it
 * keeps below {@code output/<attempt>/} (its map output, a reduce's fetched map outputs
 * and merged segments) and anything else at the app dir's top named after its attempt
 * ({@code <attempt>}, {@code <attempt>_*}, {@code <attempt>.*}: a merge's temporary
 * files), with everything below such a directory. MapReduce's task JVM
 * ({@code org.apache.hadoop.mapred.YarnChild <am host> <am port> <attempt id> <jvm id>})
 * names its attempt on its command line, and its {@code YarnOutputFiles} names every such
 * file after that attempt; no other container of the application uses that name. Files a container holds open move anyway
 * ({@link MovableFiles#appDirFiles}); a container of another kind owns nothing here.
 *
 * <p>Policy ({@link #attempts}, {@link #owns}) apart from the listing ({@link #list}),
 * which never follows a symbolic link: a file the application's containers could plant
 * there is read only when it is a regular file below real directories.
 */
public final class TaskFiles {

  /** MapReduce's task JVM main class, followed on its command line by host, port, attempt. */
  static final String YARN_CHILD = "org.apache.hadoop.mapred.YarnChild";
  /** The directory below the app dir that holds an attempt's outputs. */
  public static final String OUTPUT_DIR = "output";
  /** A finished map's output index in {@code output/<attempt>/}, written after its data. */
  public static final String INDEX_FILE = "file.out.index";

  private TaskFiles() {
  }

  /** The task attempts the tree's processes run, from their command lines. */
  public static Collection<String> attempts(Collection<List<String>> cmdlines) {
    Collection<String> out = new TreeSet<>();
    for (List<String> argv : cmdlines) {
      int i = argv.indexOf(YARN_CHILD);
      if (i >= 0 && i + 3 < argv.size()
          && TaskOutputs.ATTEMPT.matcher(argv.get(i + 3)).matches()) {
        out.add(argv.get(i + 3));
      }
    }
    return out;
  }

  /** Whether a path below the app dir belongs to one of these attempts. */
  public static boolean owns(Collection<String> attempts, String relativePath) {
    if (!AppDirFiles.mayTravel(relativePath)) {
      return false;
    }
    String top = relativePath.split("/", 2)[0];
    for (String a : attempts) {
      if (top.equals(a) || top.startsWith(a + "_") || top.startsWith(a + ".")
          || relativePath.startsWith(OUTPUT_DIR + "/" + a + "/")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The regular files below {@code appDir} that these attempts own: path below the app dir
   * -&gt; the file on this node. Only the app dir's own entries, the directories among them
   * named after an attempt, and {@code output/<attempt>} are looked at; links are never
   * followed.
   */
  public static Map<String, Path> list(Path appDir, Collection<String> attempts)
      throws IOException {
    Map<String, Path> out = new TreeMap<>();
    if (attempts.isEmpty() || !Files.isDirectory(appDir, LinkOption.NOFOLLOW_LINKS)) {
      return out;
    }
    try (DirectoryStream<Path> top = Files.newDirectoryStream(appDir)) {
      for (Path p : top) {
        if (owns(attempts, p.getFileName().toString())) {
          addRegularFiles(appDir, p, attempts, out);
        }
      }
    }
    Path outputs = appDir.resolve(OUTPUT_DIR);
    if (Files.isDirectory(outputs, LinkOption.NOFOLLOW_LINKS)) {
      for (String a : attempts) {
        addRegularFiles(appDir, outputs.resolve(a), attempts, out);
      }
    }
    return out;
  }

  /** Adds p if a regular file, or the regular files below it if a real directory. */
  private static void addRegularFiles(final Path appDir, Path p,
      final Collection<String> attempts, final Map<String, Path> out) throws IOException {
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    // walkFileTree follows no link by default: a link is visited as a file, and skipped
    Files.walkFileTree(p, new SimpleFileVisitor<Path>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        String rel = appDir.relativize(file).toString();
        if (attrs.isRegularFile() && owns(attempts, rel)) {
          out.put(rel, file);
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
