/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu;

import java.util.List;

/**
 * How {@code criu restore} relates to the restored tree.
 *
 * <p>A tree started as {@code unshare --pid --fork --kill-child ...} has a parent-death
 * signal (SIGKILL) on its namespace init, and CRIU restores it. Then:
 * <ul>
 * <li>{@link #FOREGROUND}: CRIU stays the tree's parent and waits for it; the tree lives
 *     as long as that CRIU process. This is how a container runs a restored tree as its
 *     own command: SIGKILL to CRIU (e.g. the NodeManager's group kill) ends the tree.</li>
 * <li>{@link #DETACHED} ({@code -d}): CRIU exits after the restore, so such a tree is
 *     killed at once. Fine for trees without a parent-death signal.</li>
 * <li>{@link #DETACHED_SIBLING} ({@code -d --restore-sibling}): the tree becomes a child
 *     of CRIU's caller and lives as long as the caller; the caller must reap it.</li>
 * </ul>
 */
public enum CriuRestoreMode {
  FOREGROUND,
  DETACHED,
  DETACHED_SIBLING;

  void appendTo(List<String> args) {
    if (this != FOREGROUND) {
      args.add("-d");
    }
    if (this == DETACHED_SIBLING) {
      args.add("--restore-sibling");
    }
  }

  public boolean isDetached() {
    return this != FOREGROUND;
  }
}
