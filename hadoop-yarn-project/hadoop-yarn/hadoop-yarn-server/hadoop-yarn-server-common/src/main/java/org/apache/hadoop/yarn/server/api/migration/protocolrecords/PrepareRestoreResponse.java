/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration.protocolrecords;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.util.Records;

/** Response of {@link org.apache.hadoop.yarn.server.api.migration.NodeMigrationAgentProtocol#prepareRestore}. */
@Private
@Unstable
public abstract class PrepareRestoreResponse {

  /**
   * A new record.
   * @param ready true when the images are complete and the restore may start
   * @param diagnostics why not ready; null when ready
   */
  public static PrepareRestoreResponse newInstance(boolean ready, String diagnostics) {
    PrepareRestoreResponse record = Records.newRecord(PrepareRestoreResponse.class);
    record.setReady(ready);
    record.setDiagnostics(diagnostics);
    return record;
  }

  /** @return true when the images are complete and the restore may start */
  public abstract boolean getReady();

  public abstract void setReady(boolean ready);

  /** @return why not ready; null when ready */
  public abstract String getDiagnostics();

  public abstract void setDiagnostics(String diagnostics);
}
