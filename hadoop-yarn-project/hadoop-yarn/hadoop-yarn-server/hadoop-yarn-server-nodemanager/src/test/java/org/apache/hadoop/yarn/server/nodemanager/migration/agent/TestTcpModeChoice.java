/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.agent;

import static org.junit.Assert.assertEquals;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.criu.CriuTcpMode;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationTcpMode;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/**
 * What CRIU does with a tree's connections, for each mode the RM names and each kind of
 * container network: the whole table.
 */
public class TestTcpModeChoice {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(30);

  @Test
  public void givenEachModeAndNetwork_whenChosen_thenAutoKeepsConnectionsOnlyWithAnAddressOfItsOwn()
      throws Exception {
    // {requested, own address?, expected}
    Object[][] table = {
        {ContainerMigrationTcpMode.AUTO, true, CriuTcpMode.ESTABLISHED},
        {ContainerMigrationTcpMode.AUTO, false, CriuTcpMode.CLOSE},
        {ContainerMigrationTcpMode.CLOSE, true, CriuTcpMode.CLOSE},
        {ContainerMigrationTcpMode.CLOSE, false, CriuTcpMode.CLOSE},
        // the checkpointer refuses it, naming why, for a tree on its host's network
        {ContainerMigrationTcpMode.ESTABLISHED, true, CriuTcpMode.ESTABLISHED},
        {ContainerMigrationTcpMode.ESTABLISHED, false, CriuTcpMode.ESTABLISHED},
        // an RM that names no mode: no connection is dumped, a tree holding one is refused
        {null, true, CriuTcpMode.DEFAULT},
        {null, false, CriuTcpMode.DEFAULT},
    };
    for (Object[] row : table) {
      assertEquals(row[0] + (((Boolean) row[1]) ? " with" : " without")
          + " an address of its own", row[2],
          NodeMigrationAgent.criuTcpMode((ContainerMigrationTcpMode) row[0],
              (Boolean) row[1]));
    }
    assertEquals("every mode of the API is in the table", 3,
        ContainerMigrationTcpMode.values().length);
    assertEquals("the default", ContainerMigrationTcpMode.AUTO,
        ContainerMigrationTcpMode.DEFAULT);
  }
}
