/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.protocolrecords;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.util.Records;

/** Response of {@link org.apache.hadoop.yarn.server.api.migration.NodeMigrationAgentProtocol#getRestoreStatus}. */
@Private
@Unstable
public abstract class GetRestoreStatusResponse {

  /**
   * A new record.
   * @param status state of the restore; null only on an empty record
   * @param diagnostics why it FAILED, or progress text; may be null
   */
  public static GetRestoreStatusResponse newInstance(RestoreStatus status, String diagnostics) {
    GetRestoreStatusResponse record = Records.newRecord(GetRestoreStatusResponse.class);
    record.setStatus(status);
    record.setDiagnostics(diagnostics);
    return record;
  }

  /** @return state of the restore; null only on an empty record */
  public abstract RestoreStatus getStatus();

  public abstract void setStatus(RestoreStatus status);

  /** @return why it FAILED, or progress text; may be null */
  public abstract String getDiagnostics();

  public abstract void setDiagnostics(String diagnostics);
}
