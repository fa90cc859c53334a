/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.strategy;

import static org.apache.hadoop.yarn.api.migration.records.ContainerMigrationStrategy.AUTO;
import static org.apache.hadoop.yarn.api.migration.records.ContainerMigrationStrategy.LAZY_PAGES;
import static org.apache.hadoop.yarn.api.migration.records.ContainerMigrationStrategy.STOP_AND_COPY;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationStrategy;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.server.api.migration.MigrationContract;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/**
 * Which strategy runs: the request's, or AUTO's choice by memory and the nodes' lazy pages;
 * and post-copy only between two nodes whose agents do lazy pages.
 */
public class TestStrategyPolicy {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  private static final NodeId A = NodeId.newInstance("a", 1);
  private static final NodeId B = NodeId.newInstance("b", 2);
  private static final List<String> LAZY = Arrays.asList("x",
      MigrationContract.CAPABILITY_LAZY_PAGES);
  private static final List<String> NONE = Collections.emptyList();

  /** requested, memory MB, source capabilities, target capabilities -> chosen. */
  private static final Object[][] TABLE = {
      {null,          4096L, LAZY, LAZY, STOP_AND_COPY},
      {STOP_AND_COPY, 4096L, LAZY, LAZY, STOP_AND_COPY},
      {LAZY_PAGES,    64L,   LAZY, LAZY, LAZY_PAGES},
      {AUTO,          512L,  LAZY, LAZY, LAZY_PAGES},
      {AUTO,          4096L, LAZY, LAZY, LAZY_PAGES},
      {AUTO,          511L,  LAZY, LAZY, STOP_AND_COPY},
      {AUTO,          4096L, NONE, LAZY, STOP_AND_COPY},
      {AUTO,          4096L, LAZY, NONE, STOP_AND_COPY},
      {AUTO,          4096L, LAZY, null, STOP_AND_COPY},
  };

  @Test
  @SuppressWarnings("unchecked")
  public void givenEachRow_whenChosen_thenTheTablesStrategy() {
    for (Object[] row : TABLE) {
      StrategyPolicy.Choice c = StrategyPolicy.choose((ContainerMigrationStrategy) row[0],
          (Long) row[1], (List<String>) row[2], (List<String>) row[3], 512);
      assertEquals(Arrays.toString(row) + ": " + c, row[4], c.getStrategy());
    }
    assertEquals("AUTO: 511 MB, under the 512 MB that go post-copy", StrategyPolicy.choose(
        AUTO, 511, LAZY, LAZY, 512).getWhy());
    assertEquals("AUTO: a node does not do lazy pages", StrategyPolicy.choose(
        AUTO, 4096, LAZY, NONE, 512).getWhy());
  }

  @Test
  public void givenEachCombination_whenPostCopyChecked_thenOnlyBothLazyPass() {
    assertNull(StrategyPolicy.lacking(A, LAZY, B, LAZY));
    String needs = "strategy LAZY_PAGES (post-copy) needs lazy pages on both nodes, and the ";
    String doesNot = " does not do them (its NodeManager's log says why: CRIU or kernel"
        + " without userfaultfd, or fs.pipe-max-size it may not raise)";
    assertEquals(needs + "source a:1" + doesNot, StrategyPolicy.lacking(A, NONE, B, LAZY));
    assertEquals(needs + "target b:2" + doesNot, StrategyPolicy.lacking(A, LAZY, B, NONE));
    assertEquals(needs + "source a:1 has no migration agent registered",
        StrategyPolicy.lacking(A, null, B, null));
    assertEquals(needs + "target b:2 has no migration agent registered",
        StrategyPolicy.lacking(A, LAZY, B, null));
  }
}
