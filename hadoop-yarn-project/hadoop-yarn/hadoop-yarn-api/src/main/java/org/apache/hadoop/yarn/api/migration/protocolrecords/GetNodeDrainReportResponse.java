/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.protocolrecords;

import org.apache.hadoop.classification.InterfaceAudience.Public;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.migration.records.NodeDrainReport;
import org.apache.hadoop.yarn.util.Records;

/** The report of a node's drain. */
@Public
@Unstable
public abstract class GetNodeDrainReportResponse {

  public static GetNodeDrainReportResponse newInstance(NodeDrainReport report) {
    GetNodeDrainReportResponse response = Records.newRecord(GetNodeDrainReportResponse.class);
    response.setReport(report);
    return response;
  }

  public abstract NodeDrainReport getReport();

  public abstract void setReport(NodeDrainReport report);
}
