/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.apache.hadoop.yarn.server.nodemanager.migration.restore.AppDirFiles;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.Fifos;


/**
 * Decides, before the freeze, whether the files a container's tree holds can move with it.
 * What moves: the work dir (copied), the localized resources (localized again by the
 * target), the log files (continued in the target's logs), regular files the tree holds
 * under the application's local dir ({@code .../appcache/<app>}) outside those (a task's
 * spill: copied while frozen and put at the same path on the target, see
 * {@link #appDirFiles}), and anything outside the application's local dir (the same on
 * every host: the distribution, /dev, /tmp of the host is NOT a concern of this check).
 * What does not move: anything else the tree holds under the application's local dir (a
 * directory as its cwd, a socket or FIFO there), which the target host does not have. A
 * tree holding one would fail only at restore, after its downtime; this check refuses it
 * first, with the path, and the container runs on.
 */
public final class MovableFiles {

  /** How /proc names a file that was deleted while held (CRIU carries it as a ghost). */
  private static final String DELETED = " (deleted)";

  private MovableFiles() {
  }

  /**
   * The first file that cannot move, as a sentence for the checkpoint's error, or null.
   *
   * @param open where each path is held ("pid 12 fd 7", "pid 12 cwd") -&gt; absolute path
   * @param workDir the container's work dir
   * @param resourcePaths the localized resources' paths on this node
   * @param travelling the app-dir files that move ({@link #appDirFiles})
   */
  public static String firstUnmovable(Map<String, String> open, String workDir,
      Collection<String> resourcePaths, Collection<String> travelling) {
    String appDir = new File(workDir).getParent();
    if (appDir == null) {
      return null;
    }
    for (Map.Entry<String, String> e : open.entrySet()) {
      String p = e.getValue();
      if (!elsewhereInAppDir(p, appDir, workDir, resourcePaths) || travelling.contains(p)) {
        continue;
      }
      return p + " (held by " + e.getKey() + ") is under the application's local dir "
          + appDir + " but outside the container's work dir and its localized resources,"
          + " and is not a regular file of its own there (a directory, a socket, another"
          + " container's file or resource): only its own regular files there move with the"
          + " container. The container runs on where it is; migrate it once it no longer"
          + " holds that";
    }
    return null;
  }

  /**
   * Whether the tree's path p lies under the application's local dir but outside the work
   * dir and the resources (a ghost, deleted while held, is CRIU's and not counted).
   */
  private static boolean elsewhereInAppDir(String p, String appDir, String workDir,
      Collection<String> resourcePaths) {
    return under(p, appDir) && !under(p, workDir) && !underAny(p, resourcePaths)
        && !p.endsWith(DELETED);
  }

  /**
   * The regular files the tree holds under the application's local dir outside its work
   * dir and resources (a task's spill or output), which move with it: path -&gt; the
   * {@code /proc/<pid>/fd/<n>} link of its first holder (copy through it: the very file
   * the tree holds). A file deleted while held is left to CRIU (a ghost file); another
   * container's file or resource never travels ({@link AppDirFiles#mayTravel}).
   *
   * @param workDir the container's work dir, as the tree sees it
   */
  public static Map<String, Path> appDirFiles(TreeFds tree, String workDir,
      Collection<String> resourcePaths) {
    Map<String, Path> out = new TreeMap<>();
    String appDir = new File(workDir).getParent();
    if (appDir == null) {
      return out;
    }
    for (TreeFds.Entry e : tree.all()) {
      String p = e.getTarget();
      if (e.getFd() == null || !e.isPath() || out.containsKey(p) || p.equals(appDir)
          || !elsewhereInAppDir(p, appDir, workDir, resourcePaths)
          || !AppDirFiles.mayTravel(p.substring(appDir.length() + 1))) {
        continue;
      }
      if (Files.isRegularFile(e.procLink())) {
        out.put(p, e.procLink());
      }
    }
    return out;
  }

  /**
   * The first FIFO (named pipe) the tree holds outside its work dir, as a sentence for the
   * checkpoint's error, or null. Only the work dir's FIFOs travel (made again on the
   * target, see Fifos); CRIU reopens any other by path, which the target host does not
   * have (a FIFO of the host, e.g. under /tmp, or of another container).
   *
   * @param tree what the tree holds
   * @param workDir the container's work dir, as the tree sees it
   */
  public static String firstForeignFifo(TreeFds tree, String workDir) {
    for (TreeFds.Entry e : tree.all()) {
      if (e.getFd() == null || !e.isPath() || under(e.getTarget(), workDir)) {
        continue;
      }
      boolean fifo;
      try {
        // The fd must still name the path read before: a process of the tree that is
        // starting a command (fork, then dup2 of a pipe onto fd 0 before exec) shows
        // /dev/null as its fd 0 to the first read and a pipe to the stat (seen in CI).
        fifo = Fifos.opensFifo(e.procLink())
            && e.getTarget().equals(Files.readSymbolicLink(e.procLink()).toString());
      } catch (IOException | UnsupportedOperationException e2) {
        continue; // closed meanwhile
      }
      if (fifo) {
        return e.getTarget() + " (held by " + e.holder() + ") is a FIFO outside the"
            + " container's work dir " + workDir + ": only the work dir's FIFOs move with"
            + " the container. The container runs on where it is; make the FIFO in its work"
            + " dir, or migrate it once it no longer holds that one";
      }
    }
    return null;
  }

  private static boolean under(String path, String dir) {
    return path.equals(dir) || path.startsWith(dir.endsWith("/") ? dir : dir + "/");
  }

  private static boolean underAny(String path, Collection<String> dirs) {
    for (String d : dirs) {
      if (under(path, d)) {
        return true;
      }
    }
    return false;
  }

  /**
   * What the tree holds: every process's cwd and the targets of its fds that are absolute
   * paths (pipes, sockets and anonymous inodes are not files here).
   */
  public static Map<String, String> openPaths(TreeFds tree) {
    Map<String, String> out = new LinkedHashMap<>();
    for (TreeFds.Entry e : tree.all()) {
      if (e.isPath()) {
        out.put(e.holder(), e.getTarget());
      }
    }
    return out;
  }
}
