/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.protocolrecords;

import org.apache.hadoop.classification.InterfaceAudience.Public;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.util.Records;

/** The report of the (last) drain of a node. */
@Public
@Unstable
public abstract class GetNodeDrainReportRequest {

  public static GetNodeDrainReportRequest newInstance(NodeId node) {
    GetNodeDrainReportRequest request = Records.newRecord(GetNodeDrainReportRequest.class);
    request.setNode(node);
    return request;
  }

  public abstract NodeId getNode();

  public abstract void setNode(NodeId node);
}
