/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.agent;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A declarative state table of the agent's records ({@link SourceMigrations},
 * {@link TargetMigrations}): for each state, the events it takes and the state each leads
 * to; a missing cell is an event the state refuses.
 *
 * @param <S> the states
 * @param <E> the events
 */
final class TransitionTable<S extends Enum<S>, E extends Enum<E>> {

  private final Class<S> states;
  private final Class<E> events;
  private final Map<S, Map<E, S>> cells;

  TransitionTable(Class<S> states, Class<E> events) {
    this.states = states;
    this.events = events;
    this.cells = new EnumMap<>(states);
  }

  /**
   * Adds the row of {@code from}.
   *
   * @param eventsAndNext pairs of an event and the state it leads to
   * @return this table
   */
  TransitionTable<S, E> row(S from, Object... eventsAndNext) {
    Map<E, S> r = new EnumMap<>(events);
    for (int i = 0; i < eventsAndNext.length; i += 2) {
      r.put(events.cast(eventsAndNext[i]), states.cast(eventsAndNext[i + 1]));
    }
    cells.put(from, Collections.unmodifiableMap(r));
    return this;
  }

  /** @return the next state, or null when the table has no such cell */
  S next(S from, E event) {
    Map<E, S> r = cells.get(from);
    return r == null ? null : r.get(event);
  }
}
