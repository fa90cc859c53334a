/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu.cgroup;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One freezer cgroup holding a process tree. Created by a {@link CgroupFreezerFactory};
 * {@link #close()} is {@link #destroy()}. Discipline: every {@link #freeze} is paired with a
 * {@link #thaw} in a finally block; a freeze that times out thaws before it throws.
 */
public interface CgroupFreezer extends Closeable {

  /** The cgroup directory, e.g. for {@code criu dump --freeze-cgroup}. */
  Path path();

  /** Moves one process (all its threads) into this cgroup. */
  void addProcess(int pid) throws IOException;

  /**
   * Moves {@code pid} and all its descendants in; repeated until no new descendant shows
   * up, so a forking tree is caught. Descendants that exit meanwhile are skipped.
   */
  void addTree(int pid) throws IOException;

  /** Pids currently in the cgroup. */
  java.util.List<Integer> pids() throws IOException;

  /**
   * Freezes and waits until every task is frozen.
   *
   * @throws IOException when not FROZEN within {@code timeoutMs}; the cgroup is thawed
   */
  void freeze(long timeoutMs) throws IOException;

  /** Thaws; a no-op when already thawed. */
  void thaw() throws IOException;

  FreezerState state() throws IOException;

  /**
   * Thaws, moves every remaining process back to the cgroup of this hierarchy it was in
   * when this freezer added it (a process forked inside: the cgroup of the first one
   * added), so that it keeps that cgroup's limits on a unified (v2) hierarchy, and removes
   * the cgroup directory. A process whose cgroup is gone, or that this instance never
   * added (a freezer opened again after a restart), goes to the hierarchy's root.
   * Idempotent.
   */
  void destroy() throws IOException;

  @Override
  void close() throws IOException;
}
