/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.protocolrecords;

import org.apache.hadoop.classification.InterfaceAudience.Public;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport;
import org.apache.hadoop.yarn.util.Records;

/** The report of one migration. */
@Public
@Unstable
public abstract class GetContainerMigrationReportResponse {

  public static GetContainerMigrationReportResponse newInstance(
      ContainerMigrationReport report) {
    GetContainerMigrationReportResponse response =
        Records.newRecord(GetContainerMigrationReportResponse.class);
    response.setReport(report);
    return response;
  }

  public abstract ContainerMigrationReport getReport();

  public abstract void setReport(ContainerMigrationReport report);
}
