/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.protocolrecords;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.util.Records;

/** Request of {@link org.apache.hadoop.yarn.server.api.migration.NodeMigrationAgentProtocol#completeMigration}. */
@Private
@Unstable
public abstract class CompleteMigrationRequest {

  /**
   * A new record.
   * @param migrationId the migration
   * @param containerId the source container
   */
  public static CompleteMigrationRequest newInstance(String migrationId, ContainerId containerId) {
    CompleteMigrationRequest record = Records.newRecord(CompleteMigrationRequest.class);
    record.setMigrationId(migrationId);
    record.setContainerId(containerId);
    return record;
  }

  /** @return the migration */
  public abstract String getMigrationId();

  public abstract void setMigrationId(String migrationId);

  /** @return the source container */
  public abstract ContainerId getContainerId();

  public abstract void setContainerId(ContainerId containerId);
}
