/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source NodeManager's one record of each migration it checkpoints: one state, changed
 * only by {@link #fire} under one lock, by the table {@link #TABLE}. The caller acts on the
 * {@link Transition} it gets back (thaw, kill) outside the lock, so an abort that arrives
 * while the checkpoint or the transfer runs is never lost: the step's own end finds
 * ABORT_REQUESTED and thaws. One migration per container at a time ({@link #begin}).
 *
 * <pre>
 *  CHECKPOINTING --CHECKPOINTED--&gt; CHECKPOINTED --SHIP--&gt; SHIPPING --SHIPPED--&gt; SHIPPED
 *     |  ABORT                         | ABORT                 |  ABORT              | ABORT
 *     v                                |                       v                     |
 *  ABORT_REQUESTED --(the running step ends)--&gt; ENDED &lt;-----+---------------------+
 *  CHECKPOINT_FAILED, SHIP_FAILED --&gt; ENDED                   ^ COMPLETED
 *                                                              |
 *  SHIPPED --COMPLETE--&gt; COMPLETING --COMPLETE_FAILED--&gt; UNKILLED --COMPLETE--&gt; COMPLETING
 * </pre>
 *
 * A completion kills the tree; one that cannot kill leaves it frozen in UNKILLED, where only
 * another completion applies (the RM retries it): its copy runs on the target, so an abort
 * must never thaw it.
 */
final class SourceMigrations {

  private static final Logger LOG = LoggerFactory.getLogger(SourceMigrations.class);

  /** Where a source migration is. ENDED records are forgotten. */
  enum State {
    /** Freeze and dump are running. */
    CHECKPOINTING,
    /** The RM aborted while a step ran: its end thaws the tree. */
    ABORT_REQUESTED,
    /** Dumped; the tree is frozen, the images are here. */
    CHECKPOINTED,
    /** The images travel to the target; the tree is frozen. */
    SHIPPING,
    /** The target holds the images; the tree is frozen until complete (killed) or abort. */
    SHIPPED,
    /** The target runs the tree; the source tree is being killed. */
    COMPLETING,
    /** A completion could not kill the tree: it stays frozen until a completion does. */
    UNKILLED,
    /** Completed, aborted or failed: nothing of it is left frozen here. */
    ENDED
  }

  /** What happens to it. */
  enum Event {
    /** The checkpoint ended with the tree frozen and dumped. */
    CHECKPOINTED,
    /** The checkpoint failed; the checkpointer already thawed the tree. */
    CHECKPOINT_FAILED,
    /** The RM asks for the images to be shipped. */
    SHIP,
    /** The target acknowledged every file. */
    SHIPPED,
    /** The transfer failed; the tree was thawed. */
    SHIP_FAILED,
    /** The RM (or the agent's stop) gives the migration up. */
    ABORT,
    /** The target runs the tree: kill the source tree. */
    COMPLETE,
    /** Every process of the tree got SIGKILL. */
    COMPLETED,
    /** The tree could not be killed; it stays frozen. */
    COMPLETE_FAILED
  }

  /** The whole table: state, event, next state; a missing cell is refused. */
  static final TransitionTable<State, Event> TABLE =
      new TransitionTable<>(State.class, Event.class)
      .row(State.CHECKPOINTING, Event.CHECKPOINTED, State.CHECKPOINTED,
          Event.CHECKPOINT_FAILED, State.ENDED, Event.ABORT, State.ABORT_REQUESTED)
      .row(State.ABORT_REQUESTED, Event.CHECKPOINTED, State.ENDED,
          Event.CHECKPOINT_FAILED, State.ENDED, Event.SHIPPED, State.ENDED,
          Event.SHIP_FAILED, State.ENDED, Event.ABORT, State.ABORT_REQUESTED)
      .row(State.CHECKPOINTED, Event.SHIP, State.SHIPPING, Event.ABORT, State.ENDED)
      .row(State.SHIPPING, Event.SHIPPED, State.SHIPPED, Event.SHIP_FAILED, State.ENDED,
          Event.ABORT, State.ABORT_REQUESTED)
      .row(State.SHIPPED, Event.COMPLETE, State.COMPLETING, Event.ABORT, State.ENDED)
      .row(State.COMPLETING, Event.COMPLETED, State.ENDED, Event.COMPLETE_FAILED,
          State.UNKILLED)
      .row(State.UNKILLED, Event.COMPLETE, State.COMPLETING)
      .row(State.ENDED);

  /** @return the next state, or null when the table has no such cell */
  static State next(State from, Event event) {
    return TABLE.next(from, event);
  }

  /** Whether the tree of a migration in this state is frozen and waits for the RM. */
  static boolean waitsFrozen(State s) {
    return s == State.CHECKPOINTED || s == State.SHIPPING || s == State.SHIPPED
        || s == State.COMPLETING || s == State.UNKILLED;
  }

  /**
   * A change of state, with what the caller acts on: the checkpoint (null before
   * CHECKPOINTED) and the shipped checkpoint (null before SHIPPED).
   */
  static final class Transition {
    final State from;
    final State to;
    final SourceMigration.Checkpointed checkpointed;
    final SourceMigration.Shipped shipped;

    Transition(State from, State to, SourceMigration.Checkpointed checkpointed,
        SourceMigration.Shipped shipped) {
      this.from = from;
      this.to = to;
      this.checkpointed = checkpointed;
      this.shipped = shipped;
    }
  }

  private static final class Record {
    final String migrationId;
    final String containerId;
    State state = State.CHECKPOINTING;
    SourceMigration.Checkpointed checkpointed;
    SourceMigration.Shipped shipped;
    /** When the checkpoint ended with the tree frozen (System.nanoTime()). */
    long frozenAtNanos;

    Record(String migrationId, String containerId) {
      this.migrationId = migrationId;
      this.containerId = containerId;
    }
  }

  private final Map<String, Record> records = new LinkedHashMap<>();

  /**
   * Records a new migration in CHECKPOINTING.
   *
   * @return null, or why it is refused (the migration or its container is already in one)
   */
  synchronized String begin(String migrationId, String containerId) {
    Record same = records.get(migrationId);
    if (same != null) {
      return "migration " + migrationId + " of " + same.containerId + " is already here ("
          + same.state + ")";
    }
    for (Record r : records.values()) {
      if (r.containerId.equals(containerId)) {
        return containerId + " is already in migration " + r.migrationId + " (" + r.state
            + "); one migration of a container at a time";
      }
    }
    records.put(migrationId, new Record(migrationId, containerId));
    LOG.info("Source migration {} of {}: -> {}", migrationId, containerId,
        State.CHECKPOINTING);
    return null;
  }

  /** {@link #fire(String, Event, SourceMigration.Checkpointed, SourceMigration.Shipped)}
   *  without a result. */
  Transition fire(String migrationId, Event event) {
    return fire(migrationId, event, null, null);
  }

  /**
   * Applies an event.
   *
   * @param checkpointed the checkpoint, with {@link Event#CHECKPOINTED}; else null
   * @param shipped the shipped checkpoint, with {@link Event#SHIPPED}; else null
   * @return the transition, or null when this node has no record of the migration
   * @throws IllegalStateException when the table has no cell for the record's state and
   *     the event (nothing changes)
   */
  synchronized Transition fire(String migrationId, Event event,
      SourceMigration.Checkpointed checkpointed, SourceMigration.Shipped shipped) {
    Record r = records.get(migrationId);
    if (r == null) {
      return null;
    }
    State to = next(r.state, event);
    if (to == null) {
      throw new IllegalStateException("migration " + migrationId + " of " + r.containerId
          + " is " + r.state + " here: " + event + " does not apply");
    }
    State from = r.state;
    if (event == Event.CHECKPOINTED) {
      r.checkpointed = checkpointed;
      r.frozenAtNanos = System.nanoTime();
    } else if (event == Event.SHIPPED) {
      r.shipped = shipped;
    }
    r.state = to;
    if (to == State.ENDED) {
      records.remove(migrationId);
    }
    LOG.info("Source migration {} of {}: {} -> {} on {}", migrationId, r.containerId, from,
        to, event);
    return new Transition(from, to, r.checkpointed, r.shipped);
  }

  /** A migration whose tree waits frozen past the watchdog's limit. */
  static final class Overdue {
    final String migrationId;
    final String containerId;
    final State state;
    final SourceMigration.Checkpointed checkpointed;
    final long frozenMs;

    Overdue(Record r, long frozenMs) {
      this.migrationId = r.migrationId;
      this.containerId = r.containerId;
      this.state = r.state;
      this.checkpointed = r.checkpointed;
      this.frozenMs = frozenMs;
    }
  }

  /**
   * @return the migrations whose tree waits frozen for the RM (CHECKPOINTED, SHIPPED,
   *     UNKILLED) since more than {@code limitMs} before {@code nowNanos}; the steps that run
   *     (CHECKPOINTING, SHIPPING, COMPLETING) have their own bounds
   */
  synchronized List<Overdue> overdue(long nowNanos, long limitMs) {
    List<Overdue> out = new ArrayList<>();
    for (Record r : records.values()) {
      long frozenMs = (nowNanos - r.frozenAtNanos) / 1_000_000L;
      if ((r.state == State.CHECKPOINTED || r.state == State.SHIPPED
          || r.state == State.UNKILLED) && frozenMs > limitMs) {
        out.add(new Overdue(r, frozenMs));
      }
    }
    return out;
  }

  /** @return the container a migration recorded here moves, or null (no record) */
  synchronized String containerOf(String migrationId) {
    Record r = records.get(migrationId);
    return r == null ? null : r.containerId;
  }

  /** @return ids of the migrations whose tree is frozen here, waiting for the RM */
  synchronized Set<String> frozen() {
    Set<String> out = new TreeSet<>();
    for (Record r : records.values()) {
      if (waitsFrozen(r.state)) {
        out.add(r.migrationId);
      }
    }
    return out;
  }

  /** @return ids of every migration recorded here */
  synchronized List<String> all() {
    return new ArrayList<>(records.keySet());
  }
}
