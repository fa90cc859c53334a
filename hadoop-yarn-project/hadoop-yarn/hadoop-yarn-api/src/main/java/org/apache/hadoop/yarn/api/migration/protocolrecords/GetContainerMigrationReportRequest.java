/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.protocolrecords;

import org.apache.hadoop.classification.InterfaceAudience.Public;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.util.Records;

/** Asks for the report of one migration by id. */
@Public
@Unstable
public abstract class GetContainerMigrationReportRequest {

  public static GetContainerMigrationReportRequest newInstance(String migrationId) {
    GetContainerMigrationReportRequest request =
        Records.newRecord(GetContainerMigrationReportRequest.class);
    request.setMigrationId(migrationId);
    return request;
  }

  public abstract String getMigrationId();

  public abstract void setMigrationId(String migrationId);
}
