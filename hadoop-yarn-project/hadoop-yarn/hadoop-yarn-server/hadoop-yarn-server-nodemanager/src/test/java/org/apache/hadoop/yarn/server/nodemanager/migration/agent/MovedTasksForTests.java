/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.agent;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Collection;

/** Test aid: what the migration agent records in {@link MovedTasks}, for other packages. */
public final class MovedTasksForTests {

  private MovedTasksForTests() {
  }

  /** As the migration service does at its start (null: as at its stop). */
  public static void install(MovedTasks tasks) {
    MovedTasks.setOnThisNode(tasks);
  }

  /** As a completion on the source records it. */
  public static void movedAway(MovedTasks tasks, Collection<String> attempts,
      String migrationId, InetSocketAddress target, Path appDir) {
    tasks.movedAway(attempts, migrationId, target, appDir);
  }

  /** As a completion on the target records it. */
  public static void movedIn(MovedTasks tasks, String migrationId, String applicationId,
      Path appDir) {
    tasks.movedIn(migrationId, applicationId, appDir);
  }
}
