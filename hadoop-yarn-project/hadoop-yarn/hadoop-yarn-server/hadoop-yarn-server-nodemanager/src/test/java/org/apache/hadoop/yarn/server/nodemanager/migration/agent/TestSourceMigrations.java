/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.agent;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.Collections;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.yarn.server.nodemanager.migration.agent.SourceMigrations.Event;
import org.apache.hadoop.yarn.server.nodemanager.migration.agent.SourceMigrations.State;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/** The source NM's record of a migration: its table, cell by cell, and its uses. */
public class TestSourceMigrations {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  /**
   * Every state x event, written out independently of the table: the next state, or null
   * where the event is refused.
   */
  private static final Object[][] EXPECTED = {
      // state,               CHECKPOINTED,  CHECKPOINT_FAILED, ABORT,                 COMPLETE
      {State.CHECKPOINTING,   State.FROZEN,  State.ENDED,       State.ABORT_REQUESTED, null},
      {State.ABORT_REQUESTED, State.ENDED,   State.ENDED,       State.ABORT_REQUESTED, null},
      {State.FROZEN,          null,          null,              State.ENDED,           State.ENDED},
      {State.ENDED,           null,          null,              null,                  null},
  };

  @Test
  public void givenEveryStateAndEvent_whenLookedUp_thenTheNextStateOrRefused() {
    assertEquals("a row per state", State.values().length, EXPECTED.length);
    Event[] columns = {Event.CHECKPOINTED, Event.CHECKPOINT_FAILED, Event.ABORT,
        Event.COMPLETE};
    assertEquals("a column per event", Event.values().length, columns.length);
    for (Object[] row : EXPECTED) {
      for (int i = 0; i < columns.length; i++) {
        assertEquals(row[0] + " + " + columns[i], row[i + 1],
            SourceMigrations.next((State) row[0], columns[i]));
      }
    }
  }

  @Test
  public void givenAnAbortWhileCheckpointing_whenTheCheckpointEnds_thenItEndsAndIsNotFrozen() {
    SourceMigrations s = new SourceMigrations();
    assertNull(s.begin("m1", "c1"));
    SourceMigrations.Transition a = s.fire("m1", Event.ABORT, null);
    assertEquals(State.ABORT_REQUESTED, a.to);
    SourceMigrations.Transition done = s.fire("m1", Event.CHECKPOINTED, null);
    assertEquals("the checkpoint's end sees the abort", State.ENDED, done.to);
    assertEquals(Collections.emptySet(), s.frozen());
    assertNull("forgotten once ended", s.fire("m1", Event.ABORT, null));
  }

  @Test
  public void givenAMigrationOfAContainer_whenASecondBegins_thenRefusedNamingTheFirst() {
    SourceMigrations s = new SourceMigrations();
    assertNull(s.begin("m1", "c1"));
    assertEquals("migration m1 of c1 is already here (CHECKPOINTING)", s.begin("m1", "c1"));
    assertEquals("c1 is already in migration m1 (CHECKPOINTING); one migration of a"
        + " container at a time", s.begin("m2", "c1"));
    assertNull("another container may move", s.begin("m3", "c2"));
    s.fire("m1", Event.CHECKPOINTED, null);
    assertEquals(Collections.singleton("m1"), s.frozen());
    assertEquals(Arrays.asList("m1", "m3"), s.all());
    try {
      s.fire("m3", Event.COMPLETE, null);
      fail("a checkpointing migration completed");
    } catch (IllegalStateException e) {
      assertEquals("migration m3 of c2 is CHECKPOINTING here: COMPLETE does not apply",
          e.getMessage());
    }
    assertEquals(State.ENDED, s.fire("m1", Event.COMPLETE, null).to);
    assertNull("c1 may move again", s.begin("m4", "c1"));
    assertTrue(s.frozen().isEmpty());
  }
}
