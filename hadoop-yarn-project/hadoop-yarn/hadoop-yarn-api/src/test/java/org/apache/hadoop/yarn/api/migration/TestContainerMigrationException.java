/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration;

import static org.junit.Assert.assertEquals;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.util.StringUtils;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException.Reason;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

public class TestContainerMigrationException {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  @Test
  public void givenReasonsThenHttpStatusesMatchRest() {
    assertEquals(400, Reason.INVALID_REQUEST.getHttpStatus());
    assertEquals(403, Reason.ACCESS_DENIED.getHttpStatus());
    assertEquals(404, Reason.NOT_FOUND.getHttpStatus());
    assertEquals(409, Reason.CONFLICT.getHttpStatus());
    assertEquals(500, Reason.INTERNAL.getHttpStatus());
  }

  @Test
  public void givenExceptionWhenPrintedThenReasonPrecedesMessage() {
    ContainerMigrationException e = new ContainerMigrationException(Reason.CONFLICT,
        "Container container_1_0001_01_000002 is not RUNNING");
    assertEquals("Container container_1_0001_01_000002 is not RUNNING", e.getMessage());
    assertEquals("org.apache.hadoop.yarn.api.migration.ContainerMigrationException: "
        + "[CONFLICT] Container container_1_0001_01_000002 is not RUNNING", e.toString());
  }

  /** What Hadoop's RPC server sends: stringifyException minus "<class>: ". */
  @Test
  public void givenWireTextWithRemoteStackTraceWhenRebuiltThenReasonAndMessageSurvive() {
    ContainerMigrationException sent = new ContainerMigrationException(Reason.NOT_FOUND,
        "Migration migration_1_0001 not found", new IllegalStateException("inner"));
    String wire = StringUtils.stringifyException(sent)
        .substring(ContainerMigrationException.class.getName().length() + 2);
    ContainerMigrationException received = new ContainerMigrationException(wire);
    assertEquals(Reason.NOT_FOUND, received.getReason());
    assertEquals("Migration migration_1_0001 not found", received.getMessage());
  }

  @Test
  public void givenTextWithoutReasonWhenRebuiltThenInternalAndTextKept() {
    assertEquals(Reason.INTERNAL, new ContainerMigrationException("plain text").getReason());
    assertEquals("plain text", new ContainerMigrationException("plain text").getMessage());
    ContainerMigrationException unknown = new ContainerMigrationException("[NOPE] text");
    assertEquals(Reason.INTERNAL, unknown.getReason());
    assertEquals("[NOPE] text", unknown.getMessage());
    assertEquals(Reason.INTERNAL,
        new ContainerMigrationException((Reason) null, "x").getReason());
  }
}
