/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler;

import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.ResourceInformation;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.ResourceScheduler;
import org.apache.hadoop.yarn.util.resource.DefaultResourceCalculator;
import org.apache.hadoop.yarn.util.resource.ResourceCalculator;
import org.apache.hadoop.yarn.util.resource.Resources;

/**
 * The one place that decides whether a container "fits" on a node, asked the way the
 * configured scheduler answers it: with the scheduler's own {@link ResourceCalculator}
 * ({@code DefaultResourceCalculator} counts memory only, so a node may hold more
 * containers than vcores and show negative unallocated vcores; {@code
 * DominantResourceCalculator} needs every resource type to fit) on the node's unallocated
 * resource as the scheduler sees it. The migration validator and the drain's target
 * policy both use it. The scheduler's allocation on the target stays the final word.
 *
 * <p>Pure: a function of the calculator and its two arguments.
 */
public final class SchedulerFit {

  private final ResourceCalculator calculator;

  public SchedulerFit(ResourceCalculator calculator) {
    if (calculator == null) {
      throw new IllegalArgumentException("no resource calculator");
    }
    this.calculator = calculator;
  }

  /** The fit of a running scheduler (its calculator as configured now). */
  public static SchedulerFit of(ResourceScheduler scheduler) {
    return new SchedulerFit(scheduler.getResourceCalculator());
  }

  /** True if the scheduler would find {@code needed} within {@code unallocated}. */
  public boolean fits(Resource needed, Resource unallocated) {
    return Resources.fitsIn(calculator, needed, unallocated);
  }

  /** The calculator's simple class name, as the message shows it. */
  public String calculatorName() {
    return calculator.getClass().getSimpleName();
  }

  /** True when the calculator counts memory only. */
  public boolean memoryOnly() {
    return calculator instanceof DefaultResourceCalculator;
  }

  /**
   * Why {@code needed} does not fit, in the calculator's terms and with its figures, e.g.
   * {@code "memory 1024 MB needed, 512 MB unallocated (DefaultResourceCalculator: memory
   * only)"}; empty when it fits.
   */
  public String whyNot(Resource needed, Resource unallocated) {
    if (fits(needed, unallocated)) {
      return "";
    }
    String memory = ResourceInformation.MEMORY_MB.getName();
    if (memoryOnly()) {
      return component(needed.getResourceInformation(memory),
          unallocated.getResourceInformation(memory)) + " (" + calculatorName()
          + ": memory only)";
    }
    List<String> parts = new ArrayList<>();
    for (ResourceInformation n : needed.getResources()) {
      ResourceInformation u = unallocated.getResourceInformation(n.getName());
      if (n.getValue() > u.getValue()) {
        parts.add(component(n, u));
      }
    }
    return String.join(", ", parts) + " (" + calculatorName()
        + ": every resource type must fit)";
  }

  private static String component(ResourceInformation needed, ResourceInformation free) {
    String unit = needed.getUnits() == null || needed.getUnits().isEmpty()
        ? "" : " " + ("Mi".equals(needed.getUnits()) ? "MB" : needed.getUnits());
    return name(needed.getName()) + " " + needed.getValue() + unit + " needed, "
        + free.getValue() + unit + " unallocated";
  }

  private static String name(String resourceName) {
    if (ResourceInformation.MEMORY_MB.getName().equals(resourceName)) {
      return "memory";
    }
    if (ResourceInformation.VCORES.getName().equals(resourceName)) {
      return "vcores";
    }
    return resourceName;
  }
}
