/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.drain;

import static org.junit.Assert.assertEquals;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/** The pure rule of when a drained node may be decommissioned, as a table. */
public class TestDataKeepingApplications {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(30);

  private static final ApplicationId MR = ApplicationId.newInstance(1, 1);
  private static final ApplicationId MR_DONE = ApplicationId.newInstance(1, 2);
  private static final ApplicationId SHELL = ApplicationId.newInstance(1, 3);
  private static final ApplicationId UNKNOWN = ApplicationId.newInstance(1, 4);
  private static final ApplicationId SPARK = ApplicationId.newInstance(1, 5);

  /** Running types as the RM has them; finished and unknown applications map to null. */
  private static final Map<ApplicationId, String> RUNNING = new HashMap<>();

  static {
    RUNNING.put(MR, "MAPREDUCE");
    RUNNING.put(SHELL, "YARN");
    RUNNING.put(SPARK, "Spark");
  }

  private static List<ApplicationId> waitFor(List<String> types, ApplicationId... ran) {
    return new DataKeepingApplications(types).waitFor(Arrays.asList(ran), RUNNING::get);
  }

  @Test
  public void table() {
    List<String> mr = Collections.singletonList("MAPREDUCE");
    // a running MapReduce application that ran on the node holds it
    assertEquals(Arrays.asList(MR), waitFor(mr, MR));
    // finished, unknown or of another type: none holds it
    assertEquals(Collections.emptyList(), waitFor(mr, MR_DONE, SHELL, UNKNOWN, SPARK));
    // only the holding ones are named, in the node's order, once each
    assertEquals(Arrays.asList(MR), waitFor(mr, SHELL, MR, MR_DONE, MR));
    // types compare ignoring case and blanks; several types
    assertEquals(Arrays.asList(SPARK, MR), waitFor(Arrays.asList(" spark ", "mapreduce"),
        SPARK, SHELL, MR));
    // no type configured (an empty key): nothing ever holds a node
    assertEquals(Collections.emptyList(), waitFor(Collections.<String>emptyList(), MR, SPARK));
    assertEquals(Collections.emptyList(), waitFor(Arrays.asList("", " "), MR));
    // nothing ran there
    assertEquals(Collections.emptyList(), waitFor(mr));
  }
}
