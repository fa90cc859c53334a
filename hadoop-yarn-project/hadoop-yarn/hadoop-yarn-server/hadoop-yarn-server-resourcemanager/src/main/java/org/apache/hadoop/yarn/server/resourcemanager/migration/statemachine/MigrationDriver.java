/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine;

import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState;

/**
 * What the state machine asks of the world when a migration enters a state: the
 * mechanism behind the table. Implementations must not block and must not call back into
 * the migration on the calling thread (they run the step on their own threads and feed the
 * outcome back as an event).
 */
public interface MigrationDriver {

  /**
   * The migration entered {@code state}. For working states the driver starts the step
   * (allocate, checkpoint, await transfer, restore, roll back); for final states it
   * finishes up (complete the source, release bookkeeping, metrics, history).
   */
  void onEnter(ContainerMigration migration, ContainerMigrationState state);

  /** A driver that does nothing: for tests of the table alone. */
  MigrationDriver NONE = new MigrationDriver() {
    @Override
    public void onEnter(ContainerMigration migration, ContainerMigrationState state) {
    }
  };
}
