/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint;

import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.apache.hadoop.criu.BoundedRun;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/** Which trees would strand their clients if moved (pure: command lines in, verdict out). */
public class TestStrandedClients {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(30);

  private static final List<String> MR_AM = Arrays.asList("/usr/bin/java", "-Xmx1024m",
      StrandedClients.MR_APP_MASTER);
  private static final List<String> LAUNCHER = Arrays.asList("/bin/bash", "-c",
      "java " + StrandedClients.MR_APP_MASTER + " 1>stdout");

  @Test
  public void givenMapReduceAmOnItsHostsNetwork_whenMoved_thenRefusedNamingWhyAndWhatWorks() {
    String why = StrandedClients.firstStranded(Arrays.asList(LAUNCHER, MR_AM), false);
    assertTrue(why, why.startsWith("the tree runs MapReduce's ApplicationMaster"));
    assertTrue(why, why.contains("its job would fail"));
    assertTrue(why, why.contains("move its tasks instead, or give the ApplicationMaster an"
        + " address of its own (yarn.app.mapreduce.am.env: YARN_MIGRATION_NETWORK=own)"));
  }

  @Test
  public void givenOtherTreesOrEstablishedMode_whenAsked_thenNothingStranded() {
    // a task, the distributed shell's AM, a launcher that only names the class in a string
    assertNull(StrandedClients.firstStranded(Arrays.asList(
        Arrays.asList("java", "org.apache.hadoop.mapred.YarnChild", "h", "1",
            "attempt_1_0001_m_000000_0", "2"),
        Arrays.asList("java", "org.apache.hadoop.yarn.applications.distributedshell"
            + ".ApplicationMaster"), LAUNCHER), false));
    // an address of its own: its tasks reach it there wherever it goes
    assertNull(StrandedClients.firstStranded(Collections.singletonList(MR_AM), true));
  }
}
