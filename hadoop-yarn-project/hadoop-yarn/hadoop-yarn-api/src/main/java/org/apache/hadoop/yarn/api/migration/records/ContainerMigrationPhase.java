/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.records;

import org.apache.hadoop.classification.InterfaceAudience.Public;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.util.Records;

/** One state a migration went through, with its start and end time. */
@Public
@Unstable
public abstract class ContainerMigrationPhase {

  public static ContainerMigrationPhase newInstance(ContainerMigrationState state,
      long startTime, long endTime) {
    ContainerMigrationPhase phase = Records.newRecord(ContainerMigrationPhase.class);
    phase.setState(state);
    phase.setStartTime(startTime);
    phase.setEndTime(endTime);
    return phase;
  }

  public abstract ContainerMigrationState getState();

  public abstract void setState(ContainerMigrationState state);

  /** When the migration entered the state, ms since the epoch. */
  public abstract long getStartTime();

  public abstract void setStartTime(long startTime);

  /** When it left the state, ms since the epoch; 0 while still in it. */
  public abstract long getEndTime();

  public abstract void setEndTime(long endTime);
}
