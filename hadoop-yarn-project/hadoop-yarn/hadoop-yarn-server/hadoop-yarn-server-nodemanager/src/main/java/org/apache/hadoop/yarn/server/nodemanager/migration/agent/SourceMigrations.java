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
 * while the checkpoint runs is never lost: the checkpoint's own end finds ABORT_REQUESTED
 * and thaws. One migration per container at a time ({@link #begin}).
 */
final class SourceMigrations {

  private static final Logger LOG = LoggerFactory.getLogger(SourceMigrations.class);

  /** Where a source migration is. ENDED records are forgotten. */
  enum State {
    /** Freeze, dump and ship are running. */
    CHECKPOINTING,
    /** The RM aborted while the checkpoint ran: its end thaws the tree. */
    ABORT_REQUESTED,
    /** Shipped; the tree is frozen until complete (killed) or abort (thawed). */
    FROZEN,
    /** Completed, aborted or failed: nothing of it is left frozen here. */
    ENDED
  }

  /** What happens to it. */
  enum Event {
    /** The checkpoint ended with the images shipped and the tree frozen. */
    CHECKPOINTED,
    /** The checkpoint failed; the checkpointer already thawed the tree. */
    CHECKPOINT_FAILED,
    /** The RM (or the agent's stop) gives the migration up. */
    ABORT,
    /** The target runs the tree. */
    COMPLETE
  }

  /** The whole table: state, event, next state; a missing cell is refused. */
  static final TransitionTable<State, Event> TABLE =
      new TransitionTable<>(State.class, Event.class)
      .row(State.CHECKPOINTING, Event.CHECKPOINTED, State.FROZEN,
          Event.CHECKPOINT_FAILED, State.ENDED, Event.ABORT, State.ABORT_REQUESTED)
      .row(State.ABORT_REQUESTED, Event.CHECKPOINTED, State.ENDED,
          Event.CHECKPOINT_FAILED, State.ENDED, Event.ABORT, State.ABORT_REQUESTED)
      .row(State.FROZEN, Event.COMPLETE, State.ENDED, Event.ABORT, State.ENDED)
      .row(State.ENDED);

  /** @return the next state, or null when the table has no such cell */
  static State next(State from, Event event) {
    return TABLE.next(from, event);
  }

  /** A change of state, with the checkpoint the caller acts on (null before FROZEN). */
  static final class Transition {
    final State from;
    final State to;
    final SourceMigration.Shipped shipped;

    Transition(State from, State to, SourceMigration.Shipped shipped) {
      this.from = from;
      this.to = to;
      this.shipped = shipped;
    }
  }

  private static final class Record {
    final String migrationId;
    final String containerId;
    State state = State.CHECKPOINTING;
    SourceMigration.Shipped shipped;

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

  /**
   * Applies an event.
   *
   * @param shipped the checkpoint, with {@link Event#CHECKPOINTED}; else null
   * @return the transition, or null when this node has no record of the migration
   * @throws IllegalStateException when the table has no cell for the record's state and
   *     the event (nothing changes)
   */
  synchronized Transition fire(String migrationId, Event event,
      SourceMigration.Shipped shipped) {
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
      r.shipped = shipped;
    }
    r.state = to;
    if (to == State.ENDED) {
      records.remove(migrationId);
    }
    LOG.info("Source migration {} of {}: {} -> {} on {}", migrationId, r.containerId, from,
        to, event);
    return new Transition(from, to, r.shipped);
  }

  /** @return ids of the migrations whose tree is frozen here */
  synchronized Set<String> frozen() {
    Set<String> out = new TreeSet<>();
    for (Record r : records.values()) {
      if (r.state == State.FROZEN) {
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
