/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationPhase;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState;
import org.apache.hadoop.yarn.server.resourcemanager.migration.MigrationTestSpecs;
import org.apache.hadoop.yarn.server.resourcemanager.migration.MutableClock;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/**
 * Holds the state table of {@link ContainerMigration} against an independently written
 * one: every (state x event) pair.
 */
public class TestContainerMigrationStateMachine {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  // Columns: the events in this order.
  private static final ContainerMigrationEventType[] EVENTS = {
      ContainerMigrationEventType.START,
      ContainerMigrationEventType.ALLOCATED,
      ContainerMigrationEventType.ALLOCATION_FAILED,
      ContainerMigrationEventType.CHECKPOINTED,
      ContainerMigrationEventType.CHECKPOINT_FAILED,
      ContainerMigrationEventType.TRANSFERRED,
      ContainerMigrationEventType.TRANSFER_FAILED,
      ContainerMigrationEventType.RESTORED,
      ContainerMigrationEventType.RESTORE_FAILED,
      ContainerMigrationEventType.TIMEOUT,
      ContainerMigrationEventType.ABORTED,
      ContainerMigrationEventType.ROLLED_BACK,
      ContainerMigrationEventType.ILLEGAL_EVENT,
  };

  // Rows: the state before; cells: the state after. "!" marks an event the table does not
  // allow (it fails the migration, or is ignored in a final state, with diagnostics).
  // Abbreviations: N NEW, A ALLOCATING, C CHECKPOINTING, T TRANSFERRING, R RESTORING,
  // S SUCCEEDED, B ROLLING_BACK, F FAILED.
  private static final String[][] EXPECTED = {
      //        START ALLOC AL_F  CKPT  CK_F  XFER  XF_F  REST  RS_F  TIME  ABRT  RBCK  ILL
      /* N */ {"A",  "F!", "F!", "F!", "F!", "F!", "F!", "F!", "F!", "F",  "F",  "F!", "F"},
      /* A */ {"B!", "C",  "F",  "B!", "B!", "B!", "B!", "B!", "B!", "B",  "B",  "B!", "B"},
      /* C */ {"B!", "B!", "B!", "T",  "B",  "B!", "B!", "B!", "B!", "B",  "B",  "B!", "B"},
      /* T */ {"B!", "B!", "B!", "B!", "B!", "R",  "B",  "B!", "B!", "B",  "B",  "B!", "B"},
      /* R */ {"B!", "B!", "B!", "B!", "B!", "B!", "B!", "S",  "B",  "B",  "B",  "B!", "B"},
      /* S */ {"S!", "S!", "S!", "S!", "S!", "S!", "S!", "S!", "S!", "S!", "S!", "S!", "S!"},
      /* B */ {"B!", "B",  "B",  "B",  "B",  "B",  "B",  "B",  "B",  "B",  "B",  "F",  "B"},
      /* F */ {"F!", "F!", "F!", "F!", "F!", "F!", "F!", "F!", "F!", "F!", "F!", "F!", "F!"},
  };

  private static final ContainerMigrationState[] ROWS = {
      ContainerMigrationState.NEW, ContainerMigrationState.ALLOCATING,
      ContainerMigrationState.CHECKPOINTING, ContainerMigrationState.TRANSFERRING,
      ContainerMigrationState.RESTORING, ContainerMigrationState.SUCCEEDED,
      ContainerMigrationState.ROLLING_BACK, ContainerMigrationState.FAILED,
  };

  private static ContainerMigrationState decode(String cell) {
    switch (cell.charAt(0)) {
    case 'N': return ContainerMigrationState.NEW;
    case 'A': return ContainerMigrationState.ALLOCATING;
    case 'C': return ContainerMigrationState.CHECKPOINTING;
    case 'T': return ContainerMigrationState.TRANSFERRING;
    case 'R': return ContainerMigrationState.RESTORING;
    case 'S': return ContainerMigrationState.SUCCEEDED;
    case 'B': return ContainerMigrationState.ROLLING_BACK;
    case 'F': return ContainerMigrationState.FAILED;
    default: throw new IllegalArgumentException(cell);
    }
  }

  /** Records what the driver is told. */
  private static final class RecordingDriver implements MigrationDriver {
    final List<ContainerMigrationState> entered = new ArrayList<>();

    @Override
    public void onEnter(ContainerMigration migration, ContainerMigrationState state) {
      entered.add(state);
    }
  }

  @Test
  public void givenEveryStateAndEvent_whenHandled_thenTheTableMatchesTheExpectedOne() {
    assertEquals("every state has a row", ContainerMigrationState.values().length,
        ROWS.length);
    assertEquals("every event has a column", ContainerMigrationEventType.values().length,
        EVENTS.length);
    List<String> mismatches = new ArrayList<>();
    for (int r = 0; r < ROWS.length; r++) {
      for (int c = 0; c < EVENTS.length; c++) {
        String cell = EXPECTED[r][c];
        RecordingDriver driver = new RecordingDriver();
        ContainerMigration m = new ContainerMigration(
            MigrationTestSpecs.spec("migration_1_0001", 0), driver, new MutableClock(),
            ROWS[r]);
        m.handle(ContainerMigrationEvent.failure("migration_1_0001", EVENTS[c], "cause"));
        ContainerMigrationState expected = decode(cell);
        boolean illegal = cell.endsWith("!");
        if (m.getState() != expected) {
          mismatches.add(ROWS[r] + " x " + EVENTS[c] + ": expected " + expected + ", got "
              + m.getState());
        }
        boolean saysIllegal = m.getDiagnostics().contains("illegal event " + EVENTS[c]);
        if (illegal != saysIllegal) {
          mismatches.add(ROWS[r] + " x " + EVENTS[c] + ": expected "
              + (illegal ? "an illegal-event diagnostic" : "no illegal-event diagnostic")
              + ", diagnostics were: " + m.getDiagnostics());
        }
        boolean changed = expected != ROWS[r];
        if (changed != !driver.entered.isEmpty()
            || (changed && driver.entered.get(0) != expected)) {
          mismatches.add(ROWS[r] + " x " + EVENTS[c] + ": driver told " + driver.entered);
        }
      }
    }
    assertTrue(String.join("\n", mismatches), mismatches.isEmpty());
  }

  @Test
  public void givenFinalStates_thenTheyAreTheOnlyOnesWithoutExits() {
    for (ContainerMigrationState s : ContainerMigrationState.values()) {
      int row = java.util.Arrays.asList(ROWS).indexOf(s);
      boolean allStay = true;
      for (String cell : EXPECTED[row]) {
        allStay &= decode(cell) == s;
      }
      assertEquals(s + " final?", s.isFinal(), allStay);
    }
  }

  @Test
  public void givenTheSuccessPath_thenEachPhaseHasItsTimestamps() {
    MutableClock clock = new MutableClock();
    clock.setTime(1000L);
    RecordingDriver driver = new RecordingDriver();
    ContainerMigration m = new ContainerMigration(
        MigrationTestSpecs.spec("migration_1_0002", 0), driver, clock);
    ContainerMigrationEventType[] path = {ContainerMigrationEventType.START,
        ContainerMigrationEventType.ALLOCATED, ContainerMigrationEventType.CHECKPOINTED,
        ContainerMigrationEventType.TRANSFERRED, ContainerMigrationEventType.RESTORED};
    for (ContainerMigrationEventType e : path) {
      clock.tickMsec(10);
      m.handle(ContainerMigrationEvent.of("migration_1_0002", e));
    }
    assertEquals(ContainerMigrationState.SUCCEEDED, m.getState());
    List<ContainerMigrationPhase> phases = m.getPhases();
    assertEquals(6, phases.size());
    long t = 1000L;
    ContainerMigrationState[] order = {ContainerMigrationState.NEW,
        ContainerMigrationState.ALLOCATING, ContainerMigrationState.CHECKPOINTING,
        ContainerMigrationState.TRANSFERRING, ContainerMigrationState.RESTORING,
        ContainerMigrationState.SUCCEEDED};
    for (int i = 0; i < phases.size(); i++) {
      ContainerMigrationPhase p = phases.get(i);
      assertEquals(order[i], p.getState());
      assertEquals("start of " + p.getState(), t, p.getStartTime());
      t = i == 0 ? 1010L : t + 10;
      assertEquals("end of " + p.getState(), i == phases.size() - 1 ? 1050L : t,
          p.getEndTime());
    }
    assertEquals(1050L, m.getFinishTime());
    assertFalse(m.getDiagnostics().contains("illegal"));
  }
}
