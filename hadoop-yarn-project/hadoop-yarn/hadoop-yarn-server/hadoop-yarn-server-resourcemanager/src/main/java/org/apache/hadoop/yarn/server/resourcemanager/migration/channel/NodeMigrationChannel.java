/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.channel;

import java.util.concurrent.CompletableFuture;

import org.apache.hadoop.yarn.server.api.migration.MigrationContract;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.RestoreStatus;
import org.apache.hadoop.yarn.server.resourcemanager.migration.records.MigrationSpec;
import org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler.TargetAllocation;

/**
 * How the RM's MigrationManager drives the NodeManagers of one migration (implemented by
 * the NM-agent side). Every call returns at once; the future completes when the NM reports
 * the outcome, exceptionally with the cause (ideally a
 * {@link org.apache.hadoop.yarn.api.migration.ContainerMigrationException} whose text says
 * what failed on which node). The manager bounds the whole migration with its own deadline
 * and cancels outstanding futures on rollback; implementations should also bound each NM
 * call (RPC timeouts) and must tolerate a call for a migration they no longer know.
 *
 * <p>Order used by the manager: {@link #checkpoint} -&gt; {@link #ship} -&gt;
 * {@link #restore} -&gt; {@link #awaitRestored} -&gt; {@link #complete}; on any failure
 * {@link #abort}. After an RM restart, for a migration the store kept in flight
 * (recovery.InFlightRecovery):
 * {@link #restoreStatus} (not committed yet) -&gt; {@link #complete} or {@link #abort}.
 * Invariant the NM side must keep: the source tree stays frozen from the
 * dump until {@link #complete} (killed, exit status {@link MigrationContract#EXIT_MIGRATED}) or
 * {@link #abort} (thawed), so the container never runs twice.
 */
public interface NodeMigrationChannel {

  /**
   * Source NM: freeze the container and dump it with CRIU, for the target node. Completes
   * when the dump is done and the tree is frozen, with what the source measured (never
   * null; {@link CheckpointResult#UNMEASURED} if nothing).
   */
  CompletableFuture<CheckpointResult> checkpoint(MigrationSpec spec, TargetAllocation target);

  /**
   * Source NM: send the checkpoint to the target NM (whose migration port the NM side knows
   * from the target node). Completes once the target holds every file, checksummed, with
   * what the source measured (never null; {@link ShipResult#UNMEASURED} if nothing).
   */
  CompletableFuture<ShipResult> ship(MigrationSpec spec, TargetAllocation target);

  /**
   * Target NM: start the target container (its container token is in
   * {@code target.getContainer()}) with a launch context marked as the restore of this
   * migration. Completes when the NM accepted the start.
   */
  CompletableFuture<Void> restore(MigrationSpec spec, TargetAllocation target);

  /**
   * Completes with the frozen time (downtime, ms) once the restored tree runs in the target
   * container.
   */
  CompletableFuture<Long> awaitRestored(MigrationSpec spec, TargetAllocation target);

  /**
   * Source NM: kill the frozen source tree; its container ends with
   * MigrationContract.EXIT_MIGRATED. Post-copy: first waits (a bounded time per call; a
   * failure then is retried) until every memory page went to the target; fails with
   * {@link PagesLostException} when they did not all go (the tree was ended anyway).
   */
  CompletableFuture<Void> complete(MigrationSpec spec, TargetAllocation target);

  /**
   * Undo everything: kill any restored tree on the target FIRST, discard images on both
   * nodes, THEN thaw the source tree. {@code target} is null if nothing was allocated.
   */
  CompletableFuture<Void> abort(MigrationSpec spec, TargetAllocation target, String reason);

  /**
   * Target NM: how the restore of this migration stands (after an RM restart, which knows
   * no more of it than its store kept). Completes exceptionally when the target cannot be
   * asked.
   */
  default CompletableFuture<RestoreStatus> restoreStatus(MigrationSpec spec,
      TargetAllocation target) {
    CompletableFuture<RestoreStatus> f = new CompletableFuture<>();
    f.completeExceptionally(new UnsupportedOperationException(getClass().getSimpleName()
        + " cannot ask a target node how a restore stands"));
    return f;
  }

  /**
   * The RM gave up calling the nodes about this migration (its abort or completion was
   * retried until the retry policy ended): drop what the channel kept for it. Called at
   * most once, after every other call of the migration.
   */
  default void forget(MigrationSpec spec) {
  }
}
