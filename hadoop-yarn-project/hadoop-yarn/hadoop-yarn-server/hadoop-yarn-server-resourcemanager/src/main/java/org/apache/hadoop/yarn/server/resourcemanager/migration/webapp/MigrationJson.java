/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.webapp;

import java.util.List;

import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationPhase;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON of the migration REST API, shaped like RMWebServices' answers: camelCase fields,
 * times in ms since the epoch, one object wrapped as {@code {"migration":{...}}}, a list
 * as {@code {"migrations":{"migration":[...]}}}, errors as
 * {@code {"RemoteException":{"exception":..,"message":..,"javaClassName":..}}}. Absent
 * values (no target container yet, no diagnostics) are left out.
 */
public final class MigrationJson {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private MigrationJson() {
  }

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
    o.put("submitTime", r.getSubmitTime());
    o.put("finishTime", r.getFinishTime());
    o.put("imageBytes", r.getImageBytes());
    o.put("frozenTimeMs", r.getFrozenTimeMs());
    putString(o, "diagnostics", r.getDiagnostics());
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

  /** {@code {"migration":{...}}} */
  public static ObjectNode single(ContainerMigrationReport r) {
    ObjectNode root = MAPPER.createObjectNode();
    root.set("migration", report(r));
    return root;
  }

  /** {@code {"migrations":{"migration":[...]}}} */
  public static ObjectNode list(List<ContainerMigrationReport> reports) {
    ObjectNode root = MAPPER.createObjectNode();
    ArrayNode array = root.putObject("migrations").putArray("migration");
    for (ContainerMigrationReport r : reports) {
      array.add(report(r));
    }
    return root;
  }

  /** RMWebServices' error body. */
  public static ObjectNode error(Class<?> exception, String message) {
    ObjectNode root = MAPPER.createObjectNode();
    ObjectNode e = root.putObject("RemoteException");
    e.put("exception", exception.getSimpleName());
    e.put("message", message);
    e.put("javaClassName", exception.getName());
    return root;
  }

  private static void putString(ObjectNode o, String field, Object value) {
    if (value != null) {
      o.put(field, value.toString());
    }
  }
}
