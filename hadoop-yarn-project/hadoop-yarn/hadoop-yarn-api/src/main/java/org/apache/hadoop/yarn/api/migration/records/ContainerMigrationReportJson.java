/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.records;

import java.util.List;

import org.apache.hadoop.yarn.api.migration.MigrationFailure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A migration report as JSON, one shape for every reader: the RM's REST API
 * ({@code GET /ws/v1/cluster/migrations/<id>}) and {@code yarn container -json} print it.
 * Fields are camelCase, times in ms since the epoch, absent values (no target container
 * yet, no diagnostics) left out; one report is wrapped as {@code {"migration":{...}}}. A
 * failed migration has {@code "failure":{"step", "containerId", "migrationId", "node",
 * "cause", "message"}} (the step as its enum name, the message as the CLI prints it).
 */
public final class ContainerMigrationReportJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ContainerMigrationReportJson() {
  }

  /** {@code {"migration":{...}}} */
  public static ObjectNode single(ContainerMigrationReport r) {
    ObjectNode root = MAPPER.createObjectNode();
    root.set("migration", report(r));
    return root;
  }

  /** The report's fields (see the class comment). */
  public static ObjectNode report(ContainerMigrationReport r) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("migrationId", r.getMigrationId());
    putString(o, "containerId", r.getContainerId());
    putString(o, "targetContainerId", r.getTargetContainerId());
    putString(o, "applicationId", r.getApplicationId());
    putString(o, "user", r.getUser());
    putString(o, "sourceNode", r.getSourceNode());
    putString(o, "targetNode", r.getTargetNode());
    putString(o, "state", r.getState());
    putString(o, "strategy", r.getStrategy());
    putString(o, "tcpMode", r.getTcpMode());
    putString(o, "placement", r.getPlacement());
    putString(o, "reason", r.getReason());
    o.put("submitTime", r.getSubmitTime());
    o.put("finishTime", r.getFinishTime());
    o.put("imageBytes", r.getImageBytes());
    o.put("frozenTimeMs", r.getFrozenTimeMs());
    o.put("dumpTimeMs", r.getDumpTimeMs());
    o.put("transferTimeMs", r.getTransferTimeMs());
    o.put("transferredBytes", r.getTransferredBytes());
    putString(o, "diagnostics", r.getDiagnostics());
    MigrationFailure failure = r.getFailure();
    if (failure != null) {
      ObjectNode fo = o.putObject("failure");
      putString(fo, "step", failure.getStep());
      putString(fo, "containerId", failure.getContainer());
      putString(fo, "migrationId", failure.getMigrationId());
      putString(fo, "node", failure.getNode());
      putString(fo, "cause", failure.getCause());
      putString(fo, "message", failure.getMessage());
    }
    ArrayNode phases = o.putArray("phases");
    List<ContainerMigrationPhase> list = r.getPhases();
    if (list != null) {
      for (ContainerMigrationPhase p : list) {
        ObjectNode po = phases.addObject();
        putString(po, "state", p.getState());
        po.put("startTime", p.getStartTime());
        po.put("endTime", p.getEndTime());
      }
    }
    return o;
  }

  private static void putString(ObjectNode o, String field, Object value) {
    if (value != null) {
      o.put(field, value.toString());
    }
  }
}
