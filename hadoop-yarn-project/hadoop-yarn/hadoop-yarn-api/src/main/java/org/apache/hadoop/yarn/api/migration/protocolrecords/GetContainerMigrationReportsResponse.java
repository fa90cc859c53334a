/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.protocolrecords;

import java.util.List;

import org.apache.hadoop.classification.InterfaceAudience.Public;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport;
import org.apache.hadoop.yarn.util.Records;

/**
 * Migration reports matching a {@link GetContainerMigrationReportsRequest}, newest first
 * (by submit time, then migration id, descending). The server sorts; the list is kept in
 * the order received.
 */
@Public
@Unstable
public abstract class GetContainerMigrationReportsResponse {

  public static GetContainerMigrationReportsResponse newInstance(
      List<ContainerMigrationReport> reports) {
    GetContainerMigrationReportsResponse response =
        Records.newRecord(GetContainerMigrationReportsResponse.class);
    response.setReports(reports);
    return response;
  }

  /** Never null. */
  public abstract List<ContainerMigrationReport> getReports();

  public abstract void setReports(List<ContainerMigrationReport> reports);
}
