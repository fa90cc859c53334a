/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.channel;

import java.util.concurrent.CompletableFuture;

import org.apache.hadoop.yarn.server.api.migration.protocolrecords.RestoreStatus;
import org.apache.hadoop.yarn.server.resourcemanager.migration.records.MigrationSpec;
import org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler.TargetAllocation;

/**
 * A channel that passes every call to another: the base of decorators that learn of a
 * call's outcome (override a call, call {@code super}, watch its future).
 */
public class ForwardingNodeMigrationChannel implements NodeMigrationChannel {

  private final NodeMigrationChannel delegate;

  public ForwardingNodeMigrationChannel(NodeMigrationChannel delegate) {
    this.delegate = delegate;
  }

  @Override
  public CompletableFuture<CheckpointResult> checkpoint(MigrationSpec spec,
      TargetAllocation target) {
    return delegate.checkpoint(spec, target);
  }

  @Override
  public CompletableFuture<ShipResult> ship(MigrationSpec spec, TargetAllocation target) {
    return delegate.ship(spec, target);
  }

  @Override
  public CompletableFuture<Void> restore(MigrationSpec spec, TargetAllocation target) {
    return delegate.restore(spec, target);
  }

  @Override
  public CompletableFuture<Long> awaitRestored(MigrationSpec spec, TargetAllocation target) {
    return delegate.awaitRestored(spec, target);
  }

  @Override
  public CompletableFuture<Void> complete(MigrationSpec spec, TargetAllocation target) {
    return delegate.complete(spec, target);
  }

  @Override
  public CompletableFuture<Void> abort(MigrationSpec spec, TargetAllocation target,
      String reason) {
    return delegate.abort(spec, target, reason);
  }

  @Override
  public CompletableFuture<RestoreStatus> restoreStatus(MigrationSpec spec,
      TargetAllocation target) {
    return delegate.restoreStatus(spec, target);
  }

  @Override
  public void forget(MigrationSpec spec) {
    delegate.forget(spec);
  }
}
