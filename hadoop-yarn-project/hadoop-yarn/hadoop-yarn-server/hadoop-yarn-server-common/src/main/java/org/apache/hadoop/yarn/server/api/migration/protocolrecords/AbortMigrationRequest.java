/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.protocolrecords;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.util.Records;

/** Request of {@link org.apache.hadoop.yarn.server.api.migration.NodeMigrationAgentProtocol#abortMigration}. */
@Private
@Unstable
public abstract class AbortMigrationRequest {

  /**
   * A new record.
   * @param migrationId the migration
   * @param containerId the container on this node (source or target container)
   * @param reason why, for the logs; may be null
   */
  public static AbortMigrationRequest newInstance(String migrationId, ContainerId containerId, String reason) {
    AbortMigrationRequest record = Records.newRecord(AbortMigrationRequest.class);
    record.setMigrationId(migrationId);
    record.setContainerId(containerId);
    record.setReason(reason);
    return record;
  }

  /** @return the migration */
  public abstract String getMigrationId();

  public abstract void setMigrationId(String migrationId);

  /** @return the container on this node (source or target container) */
  public abstract ContainerId getContainerId();

  public abstract void setContainerId(ContainerId containerId);

  /** @return why, for the logs; may be null */
  public abstract String getReason();

  public abstract void setReason(String reason);
}
