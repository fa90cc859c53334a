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
      ContainerMigrationEventType.PAGES_PULLED,
      ContainerMigrationEventType.PAGES_LOST,
      ContainerMigrationEventType.TIMEOUT,
      ContainerMigrationEventType.ABORTED,
      ContainerMigrationEventType.ROLLED_BACK,
      ContainerMigrationEventType.ILLEGAL_EVENT,
  };

  // Rows: the state before; cells: the state after. "!" marks an event the table does not
  // allow (it fails the migration, or is ignored in a final state or past the commit point,
  // with diagnostics). Abbreviations: N NEW, A ALLOCATING, C CHECKPOINTING, T TRANSFERRING,
  // R RESTORING, P PULLING_PAGES, S SUCCEEDED, B ROLLING_BACK, F FAILED, L LOST. The
  // migrations here are stop-and-copy: RESTORED leads to SUCCEEDED (post-copy's path to
  // PULLING_PAGES has its own test).
  private static final String[][] EXPECTED = {
      //        START ALLOC AL_F  CKPT  CK_F  XFER  XF_F  REST  RS_F  PGOK  PGLS  TIME  ABRT  RBCK  ILL
      /* N */ {"A",  "F!", "F!", "F!", "F!", "F!", "F!", "F!", "F!", "F!", "F!", "F",  "F",  "F!", "F"},
      /* A */ {"B!", "C",  "F",  "B!", "B!", "B!", "B!", "B!", "B!", "B!", "B!", "B",  "B",  "B!", "B"},
      /* C */ {"B!", "B!", "B!", "T",  "B",  "B!", "B!", "B!", "B!", "B!", "B!", "B",  "B",  "B!", "B"},
      /* T */ {"B!", "B!", "B!", "B!", "B!", "R",  "B",  "B!", "B!", "B!", "B!", "B",  "B",  "B!", "B"},
      /* R */ {"B!", "B!", "B!", "B!", "B!", "B!", "B!", "S",  "B",  "B!", "B!", "B",  "B",  "B!", "B"},
      /* P */ {"P!", "P!", "P!", "P!", "P!", "P!", "P!", "P!", "P!", "S",  "L",  "P",  "L",  "P!", "P"},
      /* S */ {"S!", "S!", "S!", "S!", "S!", "S!", "S!", "S!", "S!", "S!", "S!", "S!", "S!", "S!", "S!"},
      /* B */ {"B!", "B",  "B",  "B",  "B",  "B",  "B",  "B",  "B",  "B!", "B!", "B",  "B",  "F",  "B"},
      /* F */ {"F!", "F!", "F!", "F!", "F!", "F!", "F!", "F!", "F!", "F!", "F!", "F!", "F!", "F!", "F!"},
      /* L */ {"L!", "L!", "L!", "L!", "L!", "L!", "L!", "L!", "L!", "L!", "L!", "L!", "L!", "L!", "L!"},
  };

  private static final ContainerMigrationState[] ROWS = {
      ContainerMigrationState.NEW, ContainerMigrationState.ALLOCATING,
      ContainerMigrationState.CHECKPOINTING, ContainerMigrationState.TRANSFERRING,
      ContainerMigrationState.RESTORING, ContainerMigrationState.PULLING_PAGES,
      ContainerMigrationState.SUCCEEDED, ContainerMigrationState.ROLLING_BACK,
      ContainerMigrationState.FAILED, ContainerMigrationState.LOST,
  };

  private static ContainerMigrationState decode(String cell) {
    switch (cell.charAt(0)) {
    case 'N': return ContainerMigrationState.NEW;
    case 'A': return ContainerMigrationState.ALLOCATING;
    case 'C': return ContainerMigrationState.CHECKPOINTING;
    case 'T': return ContainerMigrationState.TRANSFERRING;
    case 'R': return ContainerMigrationState.RESTORING;
    case 'P': return ContainerMigrationState.PULLING_PAGES;
    case 'L': return ContainerMigrationState.LOST;
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

  @Test
  public void givenPostCopy_whenRestored_thenItPullsPagesAndCommitsOnce() {
    RecordingDriver driver = new RecordingDriver();
    List<Boolean> commits = new ArrayList<>();
    MigrationDriver recording = (m, state) -> {
      commits.add(m.commits(state));
      driver.onEnter(m, state);
    };
    ContainerMigration m = new ContainerMigration(postCopySpec("migration_1_0003"), recording,
        new MutableClock(), ContainerMigrationState.RESTORING);
    m.handle(ContainerMigrationEvent.restored("migration_1_0003", 900));
    assertEquals(ContainerMigrationState.PULLING_PAGES, m.getState());
    assertEquals(900, m.getFrozenTimeMs());
    m.handle(ContainerMigrationEvent.of("migration_1_0003", ContainerMigrationEventType.TIMEOUT));
    assertEquals("a deadline past the commit point changes nothing",
        ContainerMigrationState.PULLING_PAGES, m.getState());
    m.handle(ContainerMigrationEvent.of("migration_1_0003",
        ContainerMigrationEventType.PAGES_PULLED));
    assertEquals(ContainerMigrationState.SUCCEEDED, m.getState());
    assertEquals(java.util.Arrays.asList(ContainerMigrationState.PULLING_PAGES,
        ContainerMigrationState.SUCCEEDED), driver.entered);
    assertEquals("the commit is PULLING_PAGES, not SUCCEEDED after it",
        java.util.Arrays.asList(true, false), commits);
    assertEquals(null, m.getFailure());
  }

  @Test
  public void givenPostCopy_whenThePagesAreLost_thenLostNamesThePagePullAndTheSource() {
    ContainerMigration m = new ContainerMigration(postCopySpec("migration_1_0004"),
        MigrationDriver.NONE, new MutableClock(), ContainerMigrationState.PULLING_PAGES);
    m.handle(ContainerMigrationEvent.failure("migration_1_0004",
        ContainerMigrationEventType.ABORTED, "the source node is gone: LOST"));
    assertEquals(ContainerMigrationState.LOST, m.getState());
    assertTrue(m.getState().isFinal());
    assertTrue(m.getState().isCommitted());
    assertEquals(org.apache.hadoop.yarn.api.migration.MigrationFailure.Step.PAGE_PULL,
        m.getFailure().getStep());
    assertEquals(m.getSpec().getSourceNode().toString(), m.getFailure().getNode());
    assertTrue(m.getFailure().getMessage(),
        m.getFailure().getMessage().contains("the source node is gone"));
  }

  @Test
  public void givenStopAndCopy_whenRestored_thenSucceededIsTheCommit() {
    List<Boolean> commits = new ArrayList<>();
    ContainerMigration m = new ContainerMigration(MigrationTestSpecs.spec("migration_1_0005",
        0), (mig, state) -> commits.add(mig.commits(state)), new MutableClock(),
        ContainerMigrationState.RESTORING);
    m.handle(ContainerMigrationEvent.restored("migration_1_0005", 100));
    assertEquals(ContainerMigrationState.SUCCEEDED, m.getState());
    assertEquals(java.util.Collections.singletonList(true), commits);
  }

  private static org.apache.hadoop.yarn.server.resourcemanager.migration.records.MigrationSpec
      postCopySpec(String id) {
    return MigrationTestSpecs.builder(id, 0).strategy(
        org.apache.hadoop.yarn.api.migration.records.ContainerMigrationStrategy.LAZY_PAGES)
        .build();
  }
}
