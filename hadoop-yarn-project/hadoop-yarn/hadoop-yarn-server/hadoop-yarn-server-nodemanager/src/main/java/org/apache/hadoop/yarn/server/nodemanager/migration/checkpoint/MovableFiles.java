/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint;

import java.io.File;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.Fifos;


/**
 * Decides, before the freeze, whether the files a container's tree holds can move with it.
 * What moves: the work dir (copied), the localized resources (localized again by the
 * target), the log files (continued in the target's logs), and anything outside the
 * application's local dir (the same on every host: the distribution, /dev, /tmp of the
 * host is NOT a concern of this check). What does not move yet: a file under the
 * application's local dir ({@code .../appcache/<app>}) outside the work dir and outside
 * the localized resources -- a task's spill, another container's file -- which the target
 * host does not have. A tree holding one would fail only at restore, after its downtime;
 * this check refuses it first, with the path, and the container runs on.
 */
public final class MovableFiles {

  private MovableFiles() {
  }

  /**
   * The first file that cannot move, as a sentence for the checkpoint's error, or null.
   *
   * @param open where each path is held ("pid 12 fd 7", "pid 12 cwd") -&gt; absolute path
   * @param workDir the container's work dir
   * @param resourcePaths the localized resources' paths on this node
   */
  public static String firstUnmovable(Map<String, String> open, String workDir,
      Collection<String> resourcePaths) {
    String appDir = new File(workDir).getParent();
    if (appDir == null) {
      return null;
    }
    for (Map.Entry<String, String> e : open.entrySet()) {
      String p = e.getValue();
      if (!under(p, appDir) || under(p, workDir) || underAny(p, resourcePaths)) {
        continue;
      }
      return p + " (held by " + e.getKey() + ") is under the application's local dir "
          + appDir + " but outside the container's work dir and its localized resources:"
          + " such files do not move with the container yet. The container runs on where"
          + " it is; migrate it once it no longer holds that file";
    }
    return null;
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
        fifo = Fifos.opensFifo(e.procLink());
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
