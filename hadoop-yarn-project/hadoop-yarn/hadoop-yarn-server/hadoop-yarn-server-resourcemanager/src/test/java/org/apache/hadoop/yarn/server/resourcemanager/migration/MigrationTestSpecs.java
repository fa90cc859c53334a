/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration;

import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.server.resourcemanager.migration.records.MigrationSpec;

/** Specs for tests that need no cluster. */
public final class MigrationTestSpecs {

  private MigrationTestSpecs() {
  }

  public static MigrationSpec spec(String migrationId, long timeoutMs) {
    return builder(migrationId, timeoutMs).build();
  }

  /** The builder of {@link #spec}'s spec, for one that differs in a field. */
  public static MigrationSpec.Builder builder(String migrationId, long timeoutMs) {
    ApplicationAttemptId attempt =
        ApplicationAttemptId.newInstance(ApplicationId.newInstance(1000L, 1), 1);
    return MigrationSpec.newBuilder()
        .migrationId(migrationId)
        .containerId(ContainerId.newContainerId(attempt, 2))
        .user("alice")
        .appOwner("alice")
        .sourceNode(NodeId.newInstance("h1", 1234))
        .targetNode(NodeId.newInstance("h2", 1234))
        .resource(Resource.newInstance(1024, 1))
        .priority(Priority.newInstance(1))
        .timeoutMs(timeoutMs)
        .submitTime(1000L);
  }
}
