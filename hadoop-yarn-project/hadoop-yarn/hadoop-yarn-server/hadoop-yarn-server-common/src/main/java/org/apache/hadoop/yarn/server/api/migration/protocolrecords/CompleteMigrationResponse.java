/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.protocolrecords;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.util.Records;

/** Response of {@link org.apache.hadoop.yarn.server.api.migration.NodeMigrationAgentProtocol#completeMigration}. */
@Private
@Unstable
public abstract class CompleteMigrationResponse {

  /** A new (empty) record. */
  public static CompleteMigrationResponse newInstance() {
    CompleteMigrationResponse record = Records.newRecord(CompleteMigrationResponse.class);
    return record;
  }
}
