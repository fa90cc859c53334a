/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration;

import static org.junit.Assert.assertEquals;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.yarn.api.migration.MigrationFailure.Step;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/** The one way a failed step is written. */
public class TestMigrationFailure {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(30);

  @Test
  public void givenEachPartNamedOrNot_whenWritten_thenEachIsNamedOnceInItsPlace() {
    assertEquals("Restore of container_1_0001_01_000002 (migration m-1, node h2:8041)"
        + " failed: CRIU: Error (cr-restore.c:1): boom", MigrationFailure.of(Step.RESTORE,
            "container_1_0001_01_000002", "m-1", "h2:8041", "CRIU: Error (cr-restore.c:1):"
                + " boom").getMessage());
    assertEquals("Completion of c (migration m-1) failed: source h1:1: refused",
        MigrationFailure.of(Step.COMPLETION, "c", "m-1", null, "source h1:1: refused")
            .getMessage());
    assertEquals("Transfer of images (node h:1) failed: x",
        MigrationFailure.of(Step.TRANSFER, "images", null, "h:1", "x").getMessage());
    assertEquals("Checkpoint of c failed: y",
        MigrationFailure.of(Step.CHECKPOINT, "c", null, null, "y").toString());
  }

  @Test
  public void givenAFailure_whenRead_thenItsPartsAreThere() {
    MigrationFailure f = MigrationFailure.of(Step.ABORT, "c", "m", "n:1", "why");
    assertEquals(Step.ABORT, f.getStep());
    assertEquals("c", f.getContainer());
    assertEquals("m", f.getMigrationId());
    assertEquals("n:1", f.getNode());
    assertEquals("why", f.getCause());
    assertEquals("Abort", Step.ABORT.word());
  }
}
