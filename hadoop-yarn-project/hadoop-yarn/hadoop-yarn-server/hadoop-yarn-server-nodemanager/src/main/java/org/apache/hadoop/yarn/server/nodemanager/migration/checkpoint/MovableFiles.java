/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint;

import java.io.File;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;


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
