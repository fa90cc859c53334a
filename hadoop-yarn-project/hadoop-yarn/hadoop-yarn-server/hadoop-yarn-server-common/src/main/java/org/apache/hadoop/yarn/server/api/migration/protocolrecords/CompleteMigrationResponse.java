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

  /** A new record: the completion took effect (and a post-copy's pages all went). */
  public static CompleteMigrationResponse newInstance() {
    return newInstance(null);
  }

  /**
   * A new record.
   *
   * @param pagesLost post-copy, source side: why the tree's memory pages did not all reach
   *     the target after its restore; null when they did (or for stop-and-copy)
   */
  public static CompleteMigrationResponse newInstance(String pagesLost) {
    CompleteMigrationResponse record = Records.newRecord(CompleteMigrationResponse.class);
    record.setPagesLost(pagesLost);
    return record;
  }

  /**
   * @return post-copy, source side: why the tree's memory pages did not all reach the
   *     target after its restore (the tree there lacks memory), or null when they did
   */
  public abstract String getPagesLost();

  public abstract void setPagesLost(String pagesLost);
}
