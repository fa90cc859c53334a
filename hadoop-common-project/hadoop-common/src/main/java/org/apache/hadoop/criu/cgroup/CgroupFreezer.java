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
   * Thaws, moves any remaining process back to the hierarchy's root and removes the
   * cgroup directory. Idempotent.
   */
  void destroy() throws IOException;

  @Override
  void close() throws IOException;
}
