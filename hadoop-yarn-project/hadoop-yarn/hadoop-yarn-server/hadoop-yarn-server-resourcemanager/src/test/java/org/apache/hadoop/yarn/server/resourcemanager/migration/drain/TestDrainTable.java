/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.drain;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.yarn.api.migration.records.NodeDrainState;
import org.apache.hadoop.yarn.server.resourcemanager.migration.drain.DrainTable.Action;
import org.apache.hadoop.yarn.server.resourcemanager.migration.drain.DrainTable.Observation;
import org.apache.hadoop.yarn.server.resourcemanager.migration.drain.DrainTable.Phase;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/** Holds {@link DrainTable} against a table written by hand: every (phase x observation). */
public class TestDrainTable {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  // Columns: the observations in this order.
  private static final Observation[] SEEN = {
      Observation.RECOMMISSIONED_KEPT, Observation.RECOMMISSIONED, Observation.DRAINING,
      Observation.DRAINED_HELD, Observation.DRAINED_EMPTY, Observation.DECOMMISSIONED_EMPTY,
      Observation.DECOMMISSIONED_WITH_CONTAINERS, Observation.NODE_GONE,
  };

  private static final Phase[] ROWS = {
      Phase.AWAITING_DECOMMISSIONING, Phase.DRAINING, Phase.DRAINED,
      Phase.DECOMMISSION_ASKED, Phase.DECOMMISSIONED, Phase.TIMED_OUT, Phase.CANCELLED,
      Phase.NODE_LOST,
  };

  // Cells: the next phase, "+R" put back into graceful decommission, "+D" decommission now.
  // W AWAITING_DECOMMISSIONING, G DRAINING, E DRAINED, A DECOMMISSION_ASKED,
  // X DECOMMISSIONED, T TIMED_OUT, C CANCELLED, L NODE_LOST.
  private static final String[][] EXPECTED = {
      //        KEPT   RECOM  DRNG   HELD   EMPTY  DEC_E  DEC_W  GONE
      /* W */ {"W",   "W",   "G",   "E",   "A+D", "X",   "T",   "L"},
      /* G */ {"W+R", "C",   "G",   "E",   "A+D", "X",   "T",   "L"},
      /* E */ {"W+R", "C",   "G",   "E",   "A+D", "X",   "T",   "L"},
      /* A */ {"W+R", "C",   "A",   "A",   "A",   "X",   "T",   "L"},
      /* X */ {"X",   "X",   "X",   "X",   "X",   "X",   "X",   "X"},
      /* T */ {"T",   "T",   "T",   "T",   "T",   "T",   "T",   "T"},
      /* C */ {"C",   "C",   "C",   "C",   "C",   "C",   "C",   "C"},
      /* L */ {"L",   "L",   "L",   "L",   "L",   "L",   "L",   "L"},
  };

  private static Phase decode(char c) {
    switch (c) {
    case 'W': return Phase.AWAITING_DECOMMISSIONING;
    case 'G': return Phase.DRAINING;
    case 'E': return Phase.DRAINED;
    case 'A': return Phase.DECOMMISSION_ASKED;
    case 'X': return Phase.DECOMMISSIONED;
    case 'T': return Phase.TIMED_OUT;
    case 'C': return Phase.CANCELLED;
    case 'L': return Phase.NODE_LOST;
    default: throw new IllegalArgumentException(String.valueOf(c));
    }
  }

  @Test
  public void givenEveryPhaseAndObservation_thenTheTableMatchesTheExpectedOne() {
    assertEquals("every phase has a row", Phase.values().length, ROWS.length);
    assertEquals("every observation has a column", Observation.values().length, SEEN.length);
    List<String> mismatches = new ArrayList<>();
    for (int r = 0; r < ROWS.length; r++) {
      for (int c = 0; c < SEEN.length; c++) {
        String cell = EXPECTED[r][c];
        Phase next = decode(cell.charAt(0));
        Action action = cell.endsWith("+R") ? Action.REDO_DECOMMISSION
            : cell.endsWith("+D") ? Action.DECOMMISSION : Action.NONE;
        DrainTable.Step step = DrainTable.next(ROWS[r], SEEN[c]);
        if (step == null || step.next != next || step.action != action) {
          mismatches.add(ROWS[r] + " x " + SEEN[c] + ": expected " + cell + ", got " + step);
        }
      }
    }
    assertTrue(String.join("\n", mismatches), mismatches.isEmpty());
  }

  @Test
  public void givenThePhases_thenTheReportShowsTheirStateAndOnlyFinalOnesStay() {
    assertEquals(NodeDrainState.DRAINING, Phase.AWAITING_DECOMMISSIONING.reported());
    assertEquals(NodeDrainState.DRAINED, Phase.DECOMMISSION_ASKED.reported());
    for (Phase p : Phase.values()) {
      boolean stays = true;
      for (Observation o : Observation.values()) {
        stays &= DrainTable.next(p, o).next == p && DrainTable.next(p, o).action == Action.NONE;
      }
      assertEquals(p + " final?", p.isFinal(), stays);
    }
  }
}
