/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.agent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.server.nodemanager.migration.restore.RestoreStatus;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.GiveUp;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ReceivedImages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The target NodeManager's one record of each migration it receives: one state, changed
 * only by {@link #fire} under one lock, by the table {@link #TABLE} (the source's twin is
 * {@link SourceMigrations}). The caller acts on the {@link Transition} it gets back
 * (discard the images, report a failure) outside the lock.
 *
 * <p>What it guarantees: the images of a migration feed one restore container, once, and
 * only the one the ResourceManager named for it: the RM's {@code prepareRestore} (an
 * authenticated call only the RM may make) issues a restore ticket for that container,
 * good for a limited time ({@link Event#TICKET}); {@link Event#LAUNCHED} applies only to
 * TICKETED, only for the ticket's container, only before it expired. So a launch context
 * that names a migration (any AM can write one) restores nothing unless the RM made that
 * very container the migration's target. One container restores one migration;
 * an abort that arrives before the images (the RM gives up while the source still dumps or
 * ships) leaves an {@link State#ABORTED} mark, and images that arrive for it afterwards are
 * discarded at once instead of staying on this node. Files persist what a state needs
 * (the images, CRIU's {@code restored} marker written by the restore's action script, an
 * event this record takes in); they never define the state.
 */
public final class TargetMigrations implements ReceivedImages.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(TargetMigrations.class);

  /** How many aborts of migrations whose images never came are remembered. */
  static final int MAX_ABORTED_MARKS = 1024;
  /** How many completed migrations are remembered (a source giving one up learns it ran). */
  static final int MAX_COMPLETED_MARKS = 1024;

  /** Where a target migration is. NONE: no record; ENDED records are forgotten. */
  public enum State {
    /** No record of the migration on this node. */
    NONE,
    /** The images arrived and were verified; no restore took them yet. */
    RECEIVED,
    /** The RM named the container that restores them (a restore ticket); not launched yet. */
    TICKETED,
    /** A restore container took the images; CRIU restores. */
    RESTORING,
    /** The restored tree runs in the restore container. */
    RESTORED,
    /**
     * Post-copy: the restored tree's page pull broke, so it was ended lacking memory (the
     * container is lost); images kept until the RM completes or aborts the migration.
     */
    LOST,
    /** The restore failed (refused, exited, or not restored in time); images kept for the log. */
    FAILED,
    /** Aborted before its images came: images that still arrive are discarded. */
    ABORTED,
    /** Completed or aborted: its images are gone from this node. */
    ENDED
  }

  /** What happens to it. */
  public enum Event {
    /** Every image of the migration arrived and was verified. */
    IMAGES_RECEIVED,
    /** The RM names the container that will restore the images (prepareRestore). */
    TICKET,
    /** A restore container's launch takes the images. */
    LAUNCHED,
    /** The restored tree runs (the action script's marker). */
    RESTORED,
    /** The restore container exited, was refused, or did not restore in time. */
    RESTORE_FAILED,
    /** Post-copy: the page pull of the restored tree broke; the tree is ended. */
    PAGES_LOST,
    /** The RM completed the migration: the tree lives here now (or was lost here). */
    COMPLETE,
    /** The RM (or the agent's stop) gives the migration up. */
    ABORT
  }

  /** The whole table: state, event, next state; a missing cell is refused. */
  static final TransitionTable<State, Event> TABLE =
      new TransitionTable<>(State.class, Event.class)
      .row(State.NONE, Event.IMAGES_RECEIVED, State.RECEIVED, Event.ABORT, State.ABORTED)
      .row(State.RECEIVED, Event.TICKET, State.TICKETED, Event.RESTORE_FAILED, State.FAILED,
          Event.ABORT, State.ENDED)
      .row(State.TICKETED, Event.TICKET, State.TICKETED, Event.LAUNCHED, State.RESTORING,
          Event.RESTORE_FAILED, State.FAILED, Event.ABORT, State.ENDED)
      .row(State.RESTORING, Event.RESTORED, State.RESTORED, Event.RESTORE_FAILED, State.FAILED,
          Event.PAGES_LOST, State.LOST, Event.ABORT, State.ENDED)
      .row(State.RESTORED, Event.RESTORED, State.RESTORED, Event.PAGES_LOST, State.LOST,
          Event.COMPLETE, State.ENDED, Event.ABORT, State.ENDED)
      .row(State.LOST, Event.PAGES_LOST, State.LOST, Event.COMPLETE, State.ENDED,
          Event.ABORT, State.ENDED)
      .row(State.FAILED, Event.RESTORE_FAILED, State.FAILED, Event.ABORT, State.ENDED)
      .row(State.ABORTED, Event.IMAGES_RECEIVED, State.ENDED, Event.ABORT, State.ABORTED)
      .row(State.ENDED);

  /** @return the next state, or null when the table has no such cell */
  static State next(State from, Event event) {
    return TABLE.next(from, event);
  }

  /** A change of state, with what the caller needs to act on it. */
  public static final class Transition {
    public final State from;
    public final State to;
    /** The received image directory (null before the images came). */
    public final Path images;
    /** The restore container (null before LAUNCHED). */
    public final String container;
    /** The container the RM issued the restore ticket to (null before TICKET). */
    public final String ticket;
    /** Why the restore failed, or why its pages were lost (null unless FAILED, LOST). */
    public final String failure;

    Transition(State from, State to, Record r) {
      this.from = from;
      this.to = to;
      this.images = r.images;
      this.container = r.container;
      this.ticket = r.ticket;
      this.failure = r.failure;
    }
  }

  private static final class Record {
    final String migrationId;
    State state = State.NONE;
    Path images;
    String container;
    String ticket;
    long ticketIssuedMs;
    String failure;

    Record(String migrationId) {
      this.migrationId = migrationId;
    }
  }

  private final Map<String, Record> records = new LinkedHashMap<>();
  /** Migrations completed here (the tree runs here), oldest first, bounded. */
  private final java.util.LinkedHashSet<String> completed = new java.util.LinkedHashSet<>();
  /** Where this node's received images are (null in tests of the table alone). */
  private final ReceivedImages images;
  /** How long a restore ticket is good for, from its issue to the container's launch. */
  private final long ticketLifetimeMs;
  private final LongSupplier clockMs;

  /**
   * @param images this node's received images; the record listens to them (null: the
   *     record alone, for tests)
   * @param ticketLifetimeMs how long after the RM issued a restore ticket its container may
   *     launch the restore (the NM's restore timeout: the restore container must restore
   *     within it anyway)
   */
  public TargetMigrations(ReceivedImages images, long ticketLifetimeMs) {
    this(images, ticketLifetimeMs, System::currentTimeMillis);
  }

  TargetMigrations(ReceivedImages images, long ticketLifetimeMs, LongSupplier clockMs) {
    if (ticketLifetimeMs <= 0) {
      throw new IllegalArgumentException("restore ticket lifetime " + ticketLifetimeMs
          + " ms: must be positive");
    }
    this.images = images;
    this.ticketLifetimeMs = ticketLifetimeMs;
    this.clockMs = clockMs;
    if (images != null) {
      images.addListener(this);
    }
  }

  /**
   * Applies an event.
   *
   * @param images the image directory, with {@link Event#IMAGES_RECEIVED}
   * @param container the restore container, with {@link Event#TICKET} (the one the RM
   *     names) and {@link Event#LAUNCHED} (the one that launches)
   * @param failure why, with {@link Event#RESTORE_FAILED}
   * @return the transition
   * @throws IllegalStateException when the table has no cell for the migration's state and
   *     the event; with TICKET, when the ticket was issued to another container; with
   *     LAUNCHED, when the container holds no ticket of the migration, its ticket expired,
   *     or it restores another migration already: the message says why, nothing changes
   */
  public synchronized Transition fire(String migrationId, Event event, Path images,
      String container, String failure) {
    Record r = records.get(migrationId);
    State from = r == null ? State.NONE : r.state;
    State to = next(from, event);
    if (to == null) {
      throw new IllegalStateException(refusal(migrationId, r, event));
    }
    if (event == Event.TICKET && r.ticket != null && !r.ticket.equals(container)) {
      throw new IllegalStateException("the restore ticket of migration " + migrationId
          + " was issued to " + r.ticket + " already; " + container + " gets none");
    }
    if (event == Event.LAUNCHED) {
      if (!r.ticket.equals(container)) {
        throw new IllegalStateException(container + " holds no restore ticket of migration "
            + migrationId + ": the ResourceManager issued it to " + r.ticket);
      }
      long age = clockMs.getAsLong() - r.ticketIssuedMs;
      if (age > ticketLifetimeMs) {
        throw new IllegalStateException("the restore ticket of migration " + migrationId
            + " for " + container + " expired: issued " + age + " ms ago, good for "
            + ticketLifetimeMs + " ms (" + MigrationConfiguration.NM_MIGRATION_RESTORE_TIMEOUT_MS
            + ")");
      }
      Record other = restoring(container);
      if (other != null) {
        throw new IllegalStateException(container + " restores migration "
            + other.migrationId + " already (" + other.state + ")");
      }
    }
    if (r == null) {
      r = new Record(migrationId);
      records.put(migrationId, r);
    }
    if (event == Event.IMAGES_RECEIVED) {
      r.images = images;
    } else if (event == Event.TICKET && r.ticket == null) {
      r.ticket = container;
      r.ticketIssuedMs = clockMs.getAsLong();
    } else if (event == Event.LAUNCHED) {
      r.container = container;
    } else if ((event == Event.RESTORE_FAILED || event == Event.PAGES_LOST)
        && r.failure == null) {
      r.failure = failure;
    }
    r.state = to;
    Transition t = new Transition(from, to, r);
    if (to == State.ENDED) {
      records.remove(migrationId);
      if (event == Event.COMPLETE) {
        completed.add(migrationId);
        for (Iterator<String> i = completed.iterator(); completed.size() > MAX_COMPLETED_MARKS;) {
          i.next();
          i.remove();
        }
      }
    } else if (to == State.ABORTED && from == State.NONE) {
      forgetOldestAborted();
    }
    if (from != to) {
      LOG.info("Target migration {}{}: {} -> {} on {}{}", migrationId,
          r.container == null ? "" : " into " + r.container, from, to, event,
          event == Event.RESTORE_FAILED || event == Event.PAGES_LOST ? " (" + failure + ")"
              : "");
    }
    return t;
  }

  private static String refusal(String migrationId, Record r, Event event) {
    if (r == null) {
      return "no images of migration " + migrationId + " arrived on this node";
    }
    switch (r.state) {
    case RECEIVED:
      if (event == Event.LAUNCHED) {
        return "migration " + migrationId + " has no restore ticket on this node: only the"
            + " container the ResourceManager names for it restores it";
      }
      break;
    case RESTORING:
    case RESTORED:
      if (event == Event.LAUNCHED) {
        return "the images of migration " + migrationId + " were taken by " + r.container
            + " (" + r.state + "); they restore once";
      }
      break;
    case ABORTED:
      return "migration " + migrationId + " was aborted on this node";
    case FAILED:
      return "the restore of migration " + migrationId + " failed here: " + r.failure;
    default:
      break;
    }
    return "migration " + migrationId + " is " + r.state + " here: " + event
        + " does not apply";
  }

  private Record restoring(String container) {
    for (Record r : records.values()) {
      if (container != null && container.equals(r.container)
          && (r.state == State.RESTORING || r.state == State.RESTORED)) {
        return r;
      }
    }
    return null;
  }

  private void forgetOldestAborted() {
    int aborted = 0;
    for (Record r : records.values()) {
      if (r.state == State.ABORTED) {
        aborted++;
      }
    }
    for (Iterator<Record> i = records.values().iterator(); i.hasNext()
        && aborted > MAX_ABORTED_MARKS;) {
      if (i.next().state == State.ABORTED) {
        i.remove();
        aborted--;
      }
    }
  }

  /**
   * @return null when the event would apply to the migration now, else why not (the
   *     refusal {@link #fire} would throw)
   */
  public synchronized String refusalOf(String migrationId, Event event) {
    Record r = records.get(migrationId);
    State from = r == null ? State.NONE : r.state;
    return next(from, event) == null ? refusal(migrationId, r, event) : null;
  }

  /** @return the migration's state here (NONE without a record) */
  public synchronized State state(String migrationId) {
    Record r = records.get(migrationId);
    return r == null ? State.NONE : r.state;
  }

  /** @return the migration's record as a transition to its own state (NONE: no record) */
  public synchronized Transition get(String migrationId) {
    Record r = records.get(migrationId);
    return r == null ? new Transition(State.NONE, State.NONE, new Record(migrationId))
        : new Transition(r.state, r.state, r);
  }

  /**
   * The source's watchdog gives the migration up (it kept the tree frozen past its
   * deadline): what it must do, decided under this record's lock, so that no event of the
   * migration interleaves.
   * <ul>
   * <li>images here that no restore took (RECEIVED, TICKETED): the migration ends here, the
   *   images are discarded and no restore can take them any more: THAW;</li>
   * <li>aborted here before its images came (ABORTED): THAW;</li>
   * <li>the tree runs here (RESTORED, or CRIU's marker says so during RESTORING, or the
   *   migration completed here): KILL;</li>
   * <li>a restore runs without having marked the tree running, or failed and was not ended
   *   (its container may still restore), or nothing is known here: UNDECIDED.</li>
   * </ul>
   */
  public GiveUp.Answer giveUp(String migrationId) {
    Transition ended;
    synchronized (this) {
      Record r = records.get(migrationId);
      State s = r == null ? State.NONE : r.state;
      switch (s) {
      case RECEIVED:
      case TICKETED:
        ended = fire(migrationId, Event.ABORT, null, null, null);
        break;
      case ABORTED:
        return new GiveUp.Answer(GiveUp.Verdict.THAW, "aborted here before its images came");
      case RESTORING:
        if (r.images != null && new RestoreStatus(r.images.toFile()).isRestored()) {
          fire(migrationId, Event.RESTORED, null, null, null);
          return new GiveUp.Answer(GiveUp.Verdict.KILL, "restored here in " + r.container);
        }
        return new GiveUp.Answer(GiveUp.Verdict.UNDECIDED, "its restore runs here in "
            + r.container);
      case RESTORED:
        return new GiveUp.Answer(GiveUp.Verdict.KILL, "restored here in " + r.container);
      case LOST:
        return new GiveUp.Answer(GiveUp.Verdict.KILL, "restored here in " + r.container
            + ", then ended lacking pages (" + r.failure + ")");
      case FAILED:
        return new GiveUp.Answer(GiveUp.Verdict.UNDECIDED, "its restore failed here ("
            + r.failure + ") and was not ended by the RM; its container may still run");
      default:
        return completed.contains(migrationId)
            ? new GiveUp.Answer(GiveUp.Verdict.KILL, "completed here")
            : new GiveUp.Answer(GiveUp.Verdict.UNDECIDED, "nothing of it is known here");
      }
    }
    if (images != null) {
      try {
        images.discard(migrationId);
      } catch (java.io.IOException e) {
        LOG.warn("Images of the given-up migration {} not discarded: {}", migrationId,
            e.toString());
      }
    }
    return new GiveUp.Answer(GiveUp.Verdict.THAW, "its images were here, taken by no"
        + " restore; discarded (" + ended.from + " -> " + ended.to + ")");
  }

  /** @return ids of every migration recorded here, oldest first */
  public synchronized List<String> all() {
    return new ArrayList<>(records.keySet());
  }

  /**
   * The receiver's end of a transfer: the record goes RECEIVED, or, for a migration
   * aborted meanwhile, the images are discarded at once.
   */
  @Override
  public void imagesReceived(String migrationId, Path dir) {
    Transition t = fire(migrationId, Event.IMAGES_RECEIVED, dir, null, null);
    if (t.to == State.ENDED && images != null) {
      try {
        images.discard(migrationId);
      } catch (java.io.IOException e) {
        LOG.warn("Images of the aborted migration {} not discarded: {}", migrationId,
            e.toString());
      }
    }
  }
}
