/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.server.api.migration.MigrationContract;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/** Post-copy is accepted only between two nodes whose agents do lazy pages. */
public class TestPostCopyCapability {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  private static final NodeId A = NodeId.newInstance("a", 1);
  private static final NodeId B = NodeId.newInstance("b", 2);
  private static final List<String> LAZY = Arrays.asList("x",
      MigrationContract.CAPABILITY_LAZY_PAGES);
  private static final List<String> NONE = Collections.emptyList();

  @Test
  public void givenEachCombination_whenChecked_thenOnlyBothLazyPass() {
    assertNull(MigrationValidator.postCopyLacking(A, LAZY, B, LAZY));
    String needs = "strategy LAZY_PAGES (post-copy) needs lazy pages on both nodes, and the ";
    String doesNot = " does not do them (its NodeManager's log says why: CRIU or kernel"
        + " without userfaultfd, or fs.pipe-max-size it may not raise)";
    assertEquals(needs + "source a:1" + doesNot,
        MigrationValidator.postCopyLacking(A, NONE, B, LAZY));
    assertEquals(needs + "target b:2" + doesNot,
        MigrationValidator.postCopyLacking(A, LAZY, B, NONE));
    assertEquals(needs + "source a:1 has no migration agent registered",
        MigrationValidator.postCopyLacking(A, null, B, null));
    assertEquals(needs + "target b:2 has no migration agent registered",
        MigrationValidator.postCopyLacking(A, LAZY, B, null));
  }
}
