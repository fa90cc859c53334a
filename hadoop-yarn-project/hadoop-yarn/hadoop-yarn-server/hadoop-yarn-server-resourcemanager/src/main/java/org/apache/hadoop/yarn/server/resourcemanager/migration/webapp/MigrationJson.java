/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.webapp;

import java.util.List;

import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReportJson;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON of the migration REST API, shaped like RMWebServices' answers: camelCase fields,
 * times in ms since the epoch, one object wrapped as {@code {"migration":{...}}}, a list
 * as {@code {"migrations":{"migration":[...]}}}, errors as
 * {@code {"RemoteException":{"exception":..,"message":..,"javaClassName":..}}}. A report
 * is {@link ContainerMigrationReportJson}'s, which {@code yarn container -json} prints too.
 */
public final class MigrationJson {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private MigrationJson() {
  }

  /** {@code {"migrations":{"migration":[...]}}} */
  public static ObjectNode list(List<ContainerMigrationReport> reports) {
    ObjectNode root = MAPPER.createObjectNode();
    ArrayNode array = root.putObject("migrations").putArray("migration");
    for (ContainerMigrationReport r : reports) {
      array.add(ContainerMigrationReportJson.report(r));
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
}
