/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.util.resource.DefaultResourceCalculator;
import org.apache.hadoop.yarn.util.resource.DominantResourceCalculator;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/** The one "fits" decision, under both calculators of the CapacityScheduler. */
public class TestSchedulerFit {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  private final SchedulerFit memoryOnly = new SchedulerFit(new DefaultResourceCalculator());
  private final SchedulerFit dominant = new SchedulerFit(new DominantResourceCalculator());

  private static Resource r(long mb, int vcores) {
    return Resource.newInstance(mb, vcores);
  }

  @Test
  public void givenNegativeUnallocatedVcores_whenMemoryOnly_thenFitsByMemory() {
    // a node the scheduler packed with more containers than vcores
    assertTrue(memoryOnly.fits(r(128, 1), r(2432, -9)));
    assertEquals("", memoryOnly.whyNot(r(128, 1), r(2432, -9)));
  }

  @Test
  public void givenNegativeUnallocatedVcores_whenDominant_thenRefusedNamingVcores() {
    assertFalse(dominant.fits(r(128, 1), r(2432, -9)));
    assertEquals("vcores 1 needed, -9 unallocated (DominantResourceCalculator: every"
        + " resource type must fit)", dominant.whyNot(r(128, 1), r(2432, -9)));
  }

  @Test
  public void givenTooLittleMemory_whenMemoryOnly_thenRefusedWithTheFigures() {
    assertFalse(memoryOnly.fits(r(1024, 1), r(512, 8)));
    assertEquals("memory 1024 MB needed, 512 MB unallocated (DefaultResourceCalculator:"
        + " memory only)", memoryOnly.whyNot(r(1024, 1), r(512, 8)));
  }

  @Test
  public void givenNeitherFits_whenDominant_thenBothNamed() {
    assertEquals("memory 1024 MB needed, 512 MB unallocated, vcores 2 needed, 1 unallocated"
        + " (DominantResourceCalculator: every resource type must fit)",
        dominant.whyNot(r(1024, 2), r(512, 1)));
  }

  @Test
  public void givenExactFit_whenEither_thenFits() {
    assertTrue(memoryOnly.fits(r(1024, 2), r(1024, 2)));
    assertTrue(dominant.fits(r(1024, 2), r(1024, 2)));
    assertFalse(memoryOnly.fits(r(1025, 0), r(1024, 100)));
  }

  @Test
  public void givenNames_whenAsked_thenTheCalculatorsSimpleName() {
    assertEquals("DefaultResourceCalculator", memoryOnly.calculatorName());
    assertTrue(memoryOnly.memoryOnly());
    assertFalse(dominant.memoryOnly());
  }
}
