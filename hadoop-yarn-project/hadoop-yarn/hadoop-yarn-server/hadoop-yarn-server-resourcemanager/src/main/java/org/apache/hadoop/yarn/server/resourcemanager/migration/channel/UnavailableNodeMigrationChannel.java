/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.channel;

import java.util.concurrent.CompletableFuture;

import org.apache.hadoop.yarn.api.migration.ContainerMigrationException;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException.Reason;
import org.apache.hadoop.yarn.api.migration.MigrationFailure;
import org.apache.hadoop.yarn.api.migration.MigrationFailure.Step;
import org.apache.hadoop.yarn.server.resourcemanager.migration.records.MigrationSpec;
import org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler.TargetAllocation;

/**
 * The channel used until a real one is configured: every step fails with a clear reason,
 * so migrations roll back cleanly (the target allocation is released, nothing on the nodes
 * was touched). {@link #abort} succeeds: there is nothing to undo.
 */
public class UnavailableNodeMigrationChannel implements NodeMigrationChannel {

  private static <T> CompletableFuture<T> unavailable(Step step, MigrationSpec spec) {
    CompletableFuture<T> f = new CompletableFuture<>();
    f.completeExceptionally(new ContainerMigrationException(Reason.INTERNAL,
        MigrationFailure.of(step, spec.getContainerId(), spec.getMigrationId(),
            spec.getSourceNode(), "no NodeMigrationChannel is configured on the"
            + " ResourceManager"), null));
    return f;
  }

  @Override
  public CompletableFuture<CheckpointResult> checkpoint(MigrationSpec spec,
      TargetAllocation target) {
    return unavailable(Step.CHECKPOINT, spec);
  }

  @Override
  public CompletableFuture<ShipResult> ship(MigrationSpec spec,
      TargetAllocation target) {
    return unavailable(Step.TRANSFER, spec);
  }

  @Override
  public CompletableFuture<Void> restore(MigrationSpec spec, TargetAllocation target) {
    return unavailable(Step.RESTORE, spec);
  }

  @Override
  public CompletableFuture<Long> awaitRestored(MigrationSpec spec, TargetAllocation target) {
    return unavailable(Step.RESTORE, spec);
  }

  @Override
  public CompletableFuture<Void> complete(MigrationSpec spec, TargetAllocation target) {
    return unavailable(Step.COMPLETION, spec);
  }

  @Override
  public CompletableFuture<Void> abort(MigrationSpec spec, TargetAllocation target,
      String reason) {
    return CompletableFuture.completedFuture(null);
  }
}
