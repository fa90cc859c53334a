/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.protocolrecords;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.util.Records;

/** Response of {@link org.apache.hadoop.yarn.server.api.migration.NodeMigrationAgentProtocol#abortMigration}. */
@Private
@Unstable
public abstract class AbortMigrationResponse {

  /**
   * A new record.
   * @param resumed source side: true when the container runs again (false on the target)
   * @param diagnostics what went wrong while aborting; may be null
   */
  public static AbortMigrationResponse newInstance(boolean resumed, String diagnostics) {
    AbortMigrationResponse record = Records.newRecord(AbortMigrationResponse.class);
    record.setResumed(resumed);
    record.setDiagnostics(diagnostics);
    return record;
  }

  /** @return source side: true when the container runs again (false on the target) */
  public abstract boolean getResumed();

  public abstract void setResumed(boolean resumed);

  /** @return what went wrong while aborting; may be null */
  public abstract String getDiagnostics();

  public abstract void setDiagnostics(String diagnostics);
}
