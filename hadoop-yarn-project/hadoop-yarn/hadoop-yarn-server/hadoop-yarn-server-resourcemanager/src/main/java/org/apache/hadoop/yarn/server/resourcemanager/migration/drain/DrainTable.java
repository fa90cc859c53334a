/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.drain;

import java.util.EnumMap;
import java.util.Map;

import org.apache.hadoop.yarn.api.migration.records.NodeDrainState;

/**
 * The drain of one node as ONE declarative table: from the drain's phase and what the RM
 * shows of its node in a round, the next phase and what to do. Pure (no cluster, no
 * clock); {@link NodeDrainer} observes, acts and keeps the containers' own states.
 *
 * <pre>
 *  AWAITING_DECOMMISSIONING --(node DECOMMISSIONING)--&gt; DRAINING &lt;--&gt; DRAINED
 *        ^                                                  |            |
 *        +---- RECOMMISSIONED_KEPT / REDO_DECOMMISSION -----+   DRAINED_EMPTY / DECOMMISSION
 *                                                                        v
 *                                                             DECOMMISSION_ASKED
 *  any working phase: DECOMMISSIONED_EMPTY -&gt; DECOMMISSIONED, DECOMMISSIONED_WITH_CONTAINERS
 *  -&gt; TIMED_OUT, NODE_GONE -&gt; NODE_LOST, RECOMMISSIONED (a drain the RM started) -&gt; CANCELLED
 * </pre>
 *
 * A drain asked with {@code yarn rmadmin -decommission} starts in AWAITING_DECOMMISSIONING
 * (its graceful decommission event is on its way); one the RM started (stock
 * {@code -refreshNodes -g}) starts in DRAINING. The four final phases are the report's final
 * states and accept nothing. The table test holds every (phase x observation) cell against a
 * table written by hand.
 */
public final class DrainTable {

  /** Where a drain is. */
  public enum Phase {
    /** Asked by an admin: the node is not DECOMMISSIONING yet (our event is on its way). */
    AWAITING_DECOMMISSIONING(NodeDrainState.DRAINING),
    /** The node is DECOMMISSIONING and has containers left to move. */
    DRAINING(NodeDrainState.DRAINING),
    /** Every movable container left; the node still holds some, or applications wait. */
    DRAINED(NodeDrainState.DRAINED),
    /** Drained and empty: the node's DECOMMISSION was asked of the RM (once). */
    DECOMMISSION_ASKED(NodeDrainState.DRAINED),
    /** Final: the node is DECOMMISSIONED with no container lost. */
    DECOMMISSIONED(NodeDrainState.DECOMMISSIONED),
    /** Final: the node was decommissioned (its timeout) with containers still on it. */
    TIMED_OUT(NodeDrainState.TIMED_OUT),
    /** Final: the node is RUNNING again and the drain was the RM's own. */
    CANCELLED(NodeDrainState.CANCELLED),
    /** Final: the node was lost, shut down or removed. */
    NODE_LOST(NodeDrainState.NODE_LOST);

    private final NodeDrainState reported;

    Phase(NodeDrainState reported) {
      this.reported = reported;
    }

    /** The state a drain report shows. */
    public NodeDrainState reported() {
      return reported;
    }

    public boolean isFinal() {
      return reported.isFinal();
    }
  }

  /** What a round saw of the node (after moving what it could, when DECOMMISSIONING). */
  public enum Observation {
    /** RUNNING or UNHEALTHY again, and an admin asked the drain: it is kept. */
    RECOMMISSIONED_KEPT,
    /** RUNNING or UNHEALTHY again, and the drain was the RM's own. */
    RECOMMISSIONED,
    /** DECOMMISSIONING with containers still to move (or moving). */
    DRAINING,
    /** DECOMMISSIONING, nothing left to move, but containers still on it or apps wait. */
    DRAINED_HELD,
    /** DECOMMISSIONING, nothing left to move, no container on it, no application waits. */
    DRAINED_EMPTY,
    /** DECOMMISSIONED, every container moved or ended. */
    DECOMMISSIONED_EMPTY,
    /** DECOMMISSIONED while containers still ran on it. */
    DECOMMISSIONED_WITH_CONTAINERS,
    /** LOST, SHUTDOWN, REBOOTED, or no longer known. */
    NODE_GONE
  }

  /** What the drainer does on a step, besides entering the next phase. */
  public enum Action {
    NONE,
    /** Put the node back into graceful decommission (the time left of the drain). */
    REDO_DECOMMISSION,
    /** Ask the RM to DECOMMISSION the node now. */
    DECOMMISSION
  }

  /** One cell: the next phase and what to do. */
  public static final class Step {
    public final Phase next;
    public final Action action;

    Step(Phase next, Action action) {
      this.next = next;
      this.action = action;
    }

    @Override
    public String toString() {
      return next + (action == Action.NONE ? "" : " + " + action);
    }
  }

  private static final Map<Phase, Map<Observation, Step>> TABLE = new EnumMap<>(Phase.class);

  static {
    Phase awaiting = Phase.AWAITING_DECOMMISSIONING;
    row(awaiting)
        .cell(Observation.RECOMMISSIONED_KEPT, awaiting, Action.NONE) // our event still comes
        .cell(Observation.RECOMMISSIONED, awaiting, Action.NONE)
        .cell(Observation.DRAINING, Phase.DRAINING, Action.NONE)
        .cell(Observation.DRAINED_HELD, Phase.DRAINED, Action.NONE)
        .cell(Observation.DRAINED_EMPTY, Phase.DECOMMISSION_ASKED, Action.DECOMMISSION)
        .cell(Observation.DECOMMISSIONED_EMPTY, Phase.DECOMMISSIONED, Action.NONE)
        .cell(Observation.DECOMMISSIONED_WITH_CONTAINERS, Phase.TIMED_OUT, Action.NONE)
        .cell(Observation.NODE_GONE, Phase.NODE_LOST, Action.NONE);
    for (Phase p : new Phase[] {Phase.DRAINING, Phase.DRAINED}) {
      row(p)
          .cell(Observation.RECOMMISSIONED_KEPT, awaiting, Action.REDO_DECOMMISSION)
          .cell(Observation.RECOMMISSIONED, Phase.CANCELLED, Action.NONE)
          .cell(Observation.DRAINING, Phase.DRAINING, Action.NONE)
          .cell(Observation.DRAINED_HELD, Phase.DRAINED, Action.NONE)
          .cell(Observation.DRAINED_EMPTY, Phase.DECOMMISSION_ASKED, Action.DECOMMISSION)
          .cell(Observation.DECOMMISSIONED_EMPTY, Phase.DECOMMISSIONED, Action.NONE)
          .cell(Observation.DECOMMISSIONED_WITH_CONTAINERS, Phase.TIMED_OUT, Action.NONE)
          .cell(Observation.NODE_GONE, Phase.NODE_LOST, Action.NONE);
    }
    Phase asked = Phase.DECOMMISSION_ASKED;
    row(asked) // the RM decommissions the node: asked once
        .cell(Observation.RECOMMISSIONED_KEPT, awaiting, Action.REDO_DECOMMISSION)
        .cell(Observation.RECOMMISSIONED, Phase.CANCELLED, Action.NONE)
        .cell(Observation.DRAINING, asked, Action.NONE)
        .cell(Observation.DRAINED_HELD, asked, Action.NONE)
        .cell(Observation.DRAINED_EMPTY, asked, Action.NONE)
        .cell(Observation.DECOMMISSIONED_EMPTY, Phase.DECOMMISSIONED, Action.NONE)
        .cell(Observation.DECOMMISSIONED_WITH_CONTAINERS, Phase.TIMED_OUT, Action.NONE)
        .cell(Observation.NODE_GONE, Phase.NODE_LOST, Action.NONE);
    for (Phase p : Phase.values()) {
      if (p.isFinal()) {
        Row r = row(p);
        for (Observation o : Observation.values()) {
          r.cell(o, p, Action.NONE);
        }
      }
    }
  }

  private DrainTable() {
  }

  /** The next phase and action for what a round saw. */
  public static Step next(Phase phase, Observation seen) {
    return TABLE.get(phase).get(seen);
  }

  private static Row row(Phase p) {
    return new Row(p);
  }

  /** Fills one phase's row. */
  private static final class Row {
    private final Map<Observation, Step> cells = new EnumMap<>(Observation.class);

    Row(Phase p) {
      TABLE.put(p, cells);
    }

    Row cell(Observation o, Phase next, Action action) {
      cells.put(o, new Step(next, action));
      return this;
    }
  }
}
