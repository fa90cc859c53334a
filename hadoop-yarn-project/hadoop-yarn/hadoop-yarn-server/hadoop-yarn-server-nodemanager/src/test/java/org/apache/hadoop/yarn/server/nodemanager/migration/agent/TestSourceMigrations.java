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
  private static final State CP = State.CHECKPOINTED;
  private static final State END = State.ENDED;
  private static final State ABQ = State.ABORT_REQUESTED;
  private static final State CPL = State.COMPLETING;
  private static final State UNK = State.UNKILLED;

  private static final Object[][] EXPECTED = {
      // state,              CHECKPOINTED, CHECKPOINT_FAILED, SHIP,           SHIPPED,
      //                     SHIP_FAILED,  ABORT, COMPLETE, COMPLETED, COMPLETE_FAILED
      {State.CHECKPOINTING,  CP,   END,  null,           null,          null, ABQ, null,
          null, null},
      {State.ABORT_REQUESTED, END, END,  null,           END,           END,  ABQ, null,
          null, null},
      {State.CHECKPOINTED,   null, null, State.SHIPPING, null,          null, END, null,
          null, null},
      {State.SHIPPING,       null, null, null,           State.SHIPPED, END,  ABQ, null,
          null, null},
      {State.SHIPPED,        null, null, null,           null,          null, END, CPL,
          null, null},
      // the copy runs on the target: an abort never thaws a completing tree
      {State.COMPLETING,     null, null, null,           null,          null, null, null,
          END, UNK},
      {State.UNKILLED,       null, null, null,           null,          null, null, CPL,
          null, null},
      {State.ENDED,          null, null, null,           null,          null, null, null,
          null, null},
  };

  @Test
  public void givenEveryStateAndEvent_whenLookedUp_thenTheNextStateOrRefused() {
    assertEquals("a row per state", State.values().length, EXPECTED.length);
    Event[] columns = {Event.CHECKPOINTED, Event.CHECKPOINT_FAILED, Event.SHIP,
        Event.SHIPPED, Event.SHIP_FAILED, Event.ABORT, Event.COMPLETE, Event.COMPLETED,
        Event.COMPLETE_FAILED};
    assertEquals("a column per event", Event.values().length, columns.length);
    for (Object[] row : EXPECTED) {
      for (int i = 0; i < columns.length; i++) {
        assertEquals(row[0] + " + " + columns[i], row[i + 1],
            SourceMigrations.next((State) row[0], columns[i]));
      }
    }
  }

  @Test
  public void givenAnAbortWhileShipping_whenTheTransferEnds_thenItEndsAndIsNotFrozen() {
    SourceMigrations s = new SourceMigrations();
    assertNull(s.begin("m1", "c1"));
    s.fire("m1", Event.CHECKPOINTED);
    assertEquals(State.SHIPPING, s.fire("m1", Event.SHIP).to);
    assertEquals(Collections.singleton("m1"), s.frozen());
    SourceMigrations.Transition a = s.fire("m1", Event.ABORT);
    assertEquals("the transfer runs on until it ends", State.ABORT_REQUESTED, a.to);
    assertEquals(Collections.emptySet(), s.frozen());
    assertEquals("the transfer's end sees the abort", State.ENDED,
        s.fire("m1", Event.SHIPPED).to);
    assertNull("forgotten once ended", s.fire("m1", Event.ABORT));
  }

  @Test
  public void givenAnAbortWhileCheckpointing_whenTheCheckpointEnds_thenItEndsAndIsNotFrozen() {
    SourceMigrations s = new SourceMigrations();
    assertNull(s.begin("m1", "c1"));
    SourceMigrations.Transition a = s.fire("m1", Event.ABORT);
    assertEquals(State.ABORT_REQUESTED, a.to);
    SourceMigrations.Transition done = s.fire("m1", Event.CHECKPOINTED);
    assertEquals("the checkpoint's end sees the abort", State.ENDED, done.to);
    assertEquals(Collections.emptySet(), s.frozen());
    assertNull("forgotten once ended", s.fire("m1", Event.ABORT));
  }

  @Test
  public void givenAMigrationOfAContainer_whenASecondBegins_thenRefusedNamingTheFirst() {
    SourceMigrations s = new SourceMigrations();
    assertNull(s.begin("m1", "c1"));
    assertEquals("migration m1 of c1 is already here (CHECKPOINTING)", s.begin("m1", "c1"));
    assertEquals("c1 is already in migration m1 (CHECKPOINTING); one migration of a"
        + " container at a time", s.begin("m2", "c1"));
    assertNull("another container may move", s.begin("m3", "c2"));
    assertEquals("c1", s.containerOf("m1"));
    assertNull(s.containerOf("m9"));
    s.fire("m1", Event.CHECKPOINTED);
    assertEquals(Collections.singleton("m1"), s.frozen());
    assertEquals(Arrays.asList("m1", "m3"), s.all());
    try {
      s.fire("m3", Event.COMPLETE);
      fail("a checkpointing migration completed");
    } catch (IllegalStateException e) {
      assertEquals("migration m3 of c2 is CHECKPOINTING here: COMPLETE does not apply",
          e.getMessage());
    }
    try {
      s.fire("m1", Event.COMPLETE);
      fail("a migration completed before its images were shipped");
    } catch (IllegalStateException e) {
      assertEquals("migration m1 of c1 is CHECKPOINTED here: COMPLETE does not apply",
          e.getMessage());
    }
    s.fire("m1", Event.SHIP);
    s.fire("m1", Event.SHIPPED);
    assertEquals(State.COMPLETING, s.fire("m1", Event.COMPLETE).to);
    assertEquals(State.ENDED, s.fire("m1", Event.COMPLETED).to);
    assertNull("c1 may move again", s.begin("m4", "c1"));
    assertTrue(s.frozen().isEmpty());
  }

  /**
   * A completion that could not kill leaves the tree frozen and the migration waiting for
   * another completion: an abort is refused, a second completion tries again.
   */
  @Test
  public void givenACompletionThatCouldNotKill_whenAbortedThenCompletedAgain_thenOnlyTheCompletionApplies() {
    SourceMigrations s = new SourceMigrations();
    assertNull(s.begin("m1", "c1"));
    s.fire("m1", Event.CHECKPOINTED);
    s.fire("m1", Event.SHIP);
    s.fire("m1", Event.SHIPPED);
    s.fire("m1", Event.COMPLETE);
    assertEquals(State.UNKILLED, s.fire("m1", Event.COMPLETE_FAILED).to);
    assertEquals("still frozen, waiting", Collections.singleton("m1"), s.frozen());
    try {
      s.fire("m1", Event.ABORT);
      fail("an abort applied to a tree whose copy runs on the target");
    } catch (IllegalStateException e) {
      assertEquals("migration m1 of c1 is UNKILLED here: ABORT does not apply",
          e.getMessage());
    }
    assertEquals("c1 is already in migration m1 (UNKILLED); one migration of a container"
        + " at a time", s.begin("m2", "c1"));
    assertEquals(State.COMPLETING, s.fire("m1", Event.COMPLETE).to);
    assertEquals(State.ENDED, s.fire("m1", Event.COMPLETED).to);
    assertTrue(s.frozen().isEmpty());
  }
}
