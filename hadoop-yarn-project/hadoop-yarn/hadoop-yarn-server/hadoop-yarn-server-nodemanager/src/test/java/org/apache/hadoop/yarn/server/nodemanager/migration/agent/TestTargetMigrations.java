/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.agent;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.yarn.server.nodemanager.migration.agent.TargetMigrations.Event;
import org.apache.hadoop.yarn.server.nodemanager.migration.agent.TargetMigrations.State;
import org.apache.hadoop.yarn.server.api.migration.MigrationContract;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.GiveUp;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ReceivedImages;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.TestRule;

/** The target NM's record of a migration: its table, cell by cell, and its uses. */
public class TestTargetMigrations {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private static final State R = State.RECEIVED;
  private static final State T = State.TICKETED;
  private static final State G = State.RESTORING;
  private static final State D = State.RESTORED;
  private static final State L = State.LOST;
  private static final State F = State.FAILED;
  private static final State A = State.ABORTED;
  private static final State E = State.ENDED;

  /**
   * Every state x event, written out independently of the table: the next state, or null
   * where the event is refused.
   */
  private static final Object[][] EXPECTED = {
      // state,         IMAGES_RECEIVED, TICKET, LAUNCHED, RESTORED, RESTORE_FAILED, PAGES_LOST, COMPLETE, ABORT
      {State.NONE,      R,               null,   null,     null,     null,           null,       null,     A},
      {State.RECEIVED,  null,            T,      null,     null,     F,              null,       null,     E},
      {State.TICKETED,  null,            T,      G,        null,     F,              null,       null,     E},
      {State.RESTORING, null,            null,   null,     D,        F,              L,          null,     E},
      {State.RESTORED,  null,            null,   null,     D,        null,           L,          E,        E},
      {State.LOST,      null,            null,   null,     null,     null,           L,          E,        E},
      {State.FAILED,    null,            null,   null,     null,     F,              null,       null,     E},
      {State.ABORTED,   E,               null,   null,     null,     null,           null,       null,     A},
      {State.ENDED,     null,            null,   null,     null,     null,           null,       null,     null},
  };

  @Test
  public void givenEveryStateAndEvent_whenLookedUp_thenTheNextStateOrRefused() {
    assertEquals("a row per state", State.values().length, EXPECTED.length);
    Event[] columns = {Event.IMAGES_RECEIVED, Event.TICKET, Event.LAUNCHED, Event.RESTORED,
        Event.RESTORE_FAILED, Event.PAGES_LOST, Event.COMPLETE, Event.ABORT};
    assertEquals("a column per event", Event.values().length, columns.length);
    for (Object[] row : EXPECTED) {
      for (int i = 0; i < columns.length; i++) {
        assertEquals(row[0] + " + " + columns[i], row[i + 1],
            TargetMigrations.next((State) row[0], columns[i]));
      }
    }
  }

  private static final long LIFETIME_MS = 120_000;

  /** A record with a clock the test sets. */
  private final long[] now = {1_000_000};

  private TargetMigrations record(ReceivedImages images) {
    return new TargetMigrations(images, LIFETIME_MS, () -> now[0]);
  }

  /** Images received, and the RM's restore ticket for {@code container}. */
  private static void received(TargetMigrations t, String m, Path dir, String container) {
    t.fire(m, Event.IMAGES_RECEIVED, dir, null, null);
    t.fire(m, Event.TICKET, null, container, null);
  }

  /**
   * A restore only by the container the RM issued the migration's ticket to, before it
   * expired: an AM that names the migration in another container's launch context, with
   * or before the ticket, restores nothing and changes nothing.
   */
  @Test
  public void givenReceivedImages_whenAContainerWithoutTheTicketLaunches_thenRefused() {
    TargetMigrations t = record(null);
    Path dir = new File("/nm/migration-images/m1").toPath();
    t.fire("m1", Event.IMAGES_RECEIVED, dir, null, null);
    assertEquals("migration m1 has no restore ticket on this node: only the container the"
        + " ResourceManager names for it restores it", t.refusalOf("m1", Event.LAUNCHED));
    try {
      t.fire("m1", Event.LAUNCHED, null, "c_attacker", null);
      fail("restored without a ticket");
    } catch (IllegalStateException e) {
      assertEquals(t.refusalOf("m1", Event.LAUNCHED), e.getMessage());
    }
    assertEquals(State.TICKETED, t.fire("m1", Event.TICKET, null, "c2", null).to);
    assertEquals("the RM asks again: the same ticket", "c2",
        t.fire("m1", Event.TICKET, null, "c2", null).ticket);
    try {
      t.fire("m1", Event.TICKET, null, "c_attacker", null);
      fail("a second ticket");
    } catch (IllegalStateException e) {
      assertEquals("the restore ticket of migration m1 was issued to c2 already;"
          + " c_attacker gets none", e.getMessage());
    }
    try {
      t.fire("m1", Event.LAUNCHED, null, "c_attacker", null);
      fail("restored with another container's ticket");
    } catch (IllegalStateException e) {
      assertEquals("c_attacker holds no restore ticket of migration m1: the"
          + " ResourceManager issued it to c2", e.getMessage());
    }
    assertEquals("nothing changed", State.TICKETED, t.state("m1"));
    now[0] += LIFETIME_MS;
    assertEquals("the ticket's container, in time", State.RESTORING,
        t.fire("m1", Event.LAUNCHED, null, "c2", null).to);

    t.fire("m2", Event.IMAGES_RECEIVED, dir, null, null);
    t.fire("m2", Event.TICKET, null, "c3", null);
    now[0] += LIFETIME_MS + 1;
    try {
      t.fire("m2", Event.LAUNCHED, null, "c3", null);
      fail("restored with an expired ticket");
    } catch (IllegalStateException e) {
      assertEquals("the restore ticket of migration m2 for c3 expired: issued "
          + (LIFETIME_MS + 1) + " ms ago, good for " + LIFETIME_MS + " ms"
          + " (yarn.nodemanager.migration.restore.timeout-ms)", e.getMessage());
    }
    assertEquals(State.TICKETED, t.state("m2"));
    try {
      t.fire("m9", Event.TICKET, null, "c9", null);
      fail("a ticket without images");
    } catch (IllegalStateException e) {
      assertEquals("no images of migration m9 arrived on this node", e.getMessage());
    }
  }

  @Test
  public void givenReceivedImages_whenASecondRestoreTakesThem_thenRefusedNamingTheFirst() {
    TargetMigrations t = record(null);
    Path dir = new File("/nm/migration-images/m1").toPath();
    received(t, "m1", dir, "c2");
    assertNull(t.refusalOf("m1", Event.LAUNCHED));
    TargetMigrations.Transition taken = t.fire("m1", Event.LAUNCHED, null, "c2", null);
    assertEquals(dir, taken.images);
    assertEquals(State.RESTORING, taken.to);
    try {
      t.fire("m1", Event.LAUNCHED, null, "c3", null);
      fail("the images restored twice");
    } catch (IllegalStateException e) {
      assertEquals("the images of migration m1 were taken by c2 (RESTORING); they restore"
          + " once", e.getMessage());
    }
    assertEquals("nothing changed", State.RESTORING, t.state("m1"));
    // a container restores one migration, even with two tickets
    received(t, "m2", dir, "c2");
    try {
      t.fire("m2", Event.LAUNCHED, null, "c2", null);
      fail("one container restored two migrations");
    } catch (IllegalStateException e) {
      assertEquals("c2 restores migration m1 already (RESTORING)", e.getMessage());
    }
    try {
      t.fire("m9", Event.LAUNCHED, null, "c9", null);
      fail("a restore without images");
    } catch (IllegalStateException e) {
      assertEquals("no images of migration m9 arrived on this node", e.getMessage());
    }
  }

  @Test
  public void givenAFailedRestore_whenPolledAgainAndAborted_thenTheFirstCauseStaysThenEnded() {
    TargetMigrations t = record(null);
    received(t, "m1", new File("/x/m1").toPath(), "c2");
    t.fire("m1", Event.LAUNCHED, null, "c2", null);
    t.fire("m1", Event.RESTORE_FAILED, null, null, "restore container c2 exited with 1");
    assertEquals("restore container c2 exited with 1",
        t.fire("m1", Event.RESTORE_FAILED, null, null, "later text").failure);
    assertEquals("the restore of migration m1 failed here: restore container c2 exited"
        + " with 1", t.refusalOf("m1", Event.COMPLETE));
    TargetMigrations.Transition end = t.fire("m1", Event.ABORT, null, null, null);
    assertEquals(State.FAILED, end.from);
    assertEquals(State.ENDED, end.to);
    assertEquals("forgotten once ended", State.NONE, t.state("m1"));
    assertEquals(Collections.emptyList(), t.all());
  }

  @Test
  public void givenAnAbortBeforeTheImages_whenTheyArrive_thenDiscardedAtOnce() throws Exception {
    Path root = tmp.newFolder("local").toPath();
    ReceivedImages images = new ReceivedImages(Collections.singletonList(root), "images");
    TargetMigrations t = record(images);
    assertEquals(State.ABORTED, t.fire("m1", Event.ABORT, null, null, null).to);
    // what the receiver's commit does: the final rename, then its listeners
    Path dir = Files.createDirectories(root.resolve("images").resolve("m1"));
    Files.write(dir.resolve("pages-1.img"), new byte[] {1, 2, 3});
    t.imagesReceived("m1", dir);
    assertFalse("discarded on arrival", Files.exists(dir));
    assertEquals(State.NONE, t.state("m1"));
    try {
      t.fire("m1", Event.LAUNCHED, null, "c2", null);
      fail("restored an aborted migration");
    } catch (IllegalStateException e) {
      assertEquals("no images of migration m1 arrived on this node", e.getMessage());
    }
  }

  @Test
  public void givenManyAbortsOfMigrationsThatNeverCame_whenRecorded_thenTheOldestForgotten() {
    TargetMigrations t = record(null);
    t.fire("live", Event.IMAGES_RECEIVED, new File("/x/live").toPath(), null, null);
    for (int i = 0; i <= TargetMigrations.MAX_ABORTED_MARKS; i++) {
      t.fire("a" + i, Event.ABORT, null, null, null);
    }
    assertEquals(State.NONE, t.state("a0"));
    assertEquals(State.ABORTED, t.state("a1"));
    assertEquals("a migration in progress is never dropped", State.RECEIVED,
        t.state("live"));
    assertEquals(TargetMigrations.MAX_ABORTED_MARKS + 1, t.all().size());
    assertTrue(t.all().contains("live"));
  }

  /**
   * What a source that gives a migration up is told, in every state: THAW only where no
   * restore can happen here any more, KILL where the tree runs here, UNDECIDED otherwise.
   */
  @Test
  public void givenEachState_whenTheSourceGivesUp_thenThawOnlyWhereNoRestoreCanHappen()
      throws Exception {
    TargetMigrations t = record(null);
    assertEquals(GiveUp.Verdict.UNDECIDED, t.giveUp("unknown").getVerdict());

    t.fire("received", Event.IMAGES_RECEIVED, tmp.newFolder("received").toPath(), null, null);
    assertEquals(GiveUp.Verdict.THAW, t.giveUp("received").getVerdict());
    assertEquals("given up here: ended", State.NONE, t.state("received"));
    assertEquals("no restore takes them any more",
        "no images of migration received arrived on this node",
        t.refusalOf("received", Event.LAUNCHED));

    received(t, "ticketed", tmp.newFolder("ticketed").toPath(), "container_t");
    assertEquals("a ticket but no launch yet", GiveUp.Verdict.THAW,
        t.giveUp("ticketed").getVerdict());
    assertEquals("no restore takes them any more",
        "no images of migration ticketed arrived on this node",
        t.refusalOf("ticketed", Event.LAUNCHED));

    t.fire("aborted", Event.ABORT, null, null, null);
    assertEquals(GiveUp.Verdict.THAW, t.giveUp("aborted").getVerdict());

    File restoring = tmp.newFolder("restoring");
    received(t, "restoring", restoring.toPath(), "container_r");
    t.fire("restoring", Event.LAUNCHED, null, "container_r", null);
    assertEquals("a restore runs", GiveUp.Verdict.UNDECIDED,
        t.giveUp("restoring").getVerdict());
    assertEquals(State.RESTORING, t.state("restoring"));
    assertTrue(new File(restoring, MigrationContract.RESTORED_MARKER).createNewFile());
    GiveUp.Answer marked = t.giveUp("restoring");
    assertEquals("CRIU marked the tree running", GiveUp.Verdict.KILL, marked.getVerdict());
    assertEquals(State.RESTORED, t.state("restoring"));
    assertEquals(GiveUp.Verdict.KILL, t.giveUp("restoring").getVerdict());

    t.fire("restoring", Event.COMPLETE, null, null, null);
    assertEquals("completed here: the tree runs here", GiveUp.Verdict.KILL,
        t.giveUp("restoring").getVerdict());

    received(t, "failed", tmp.newFolder("failed").toPath(), "container_f");
    t.fire("failed", Event.LAUNCHED, null, "container_f", null);
    t.fire("failed", Event.RESTORE_FAILED, null, null, "exited with 1");
    GiveUp.Answer failed = t.giveUp("failed");
    assertEquals("its container may still restore", GiveUp.Verdict.UNDECIDED,
        failed.getVerdict());
    assertTrue(failed.getReason(), failed.getReason().contains("exited with 1"));

    received(t, "lost", tmp.newFolder("lost").toPath(), "container_l");
    t.fire("lost", Event.LAUNCHED, null, "container_l", null);
    t.fire("lost", Event.RESTORED, null, null, null);
    t.fire("lost", Event.PAGES_LOST, null, null, "the page stream broke");
    GiveUp.Answer lost = t.giveUp("lost");
    assertEquals("the tree ran here, then was ended lacking pages", GiveUp.Verdict.KILL,
        lost.getVerdict());
    assertTrue(lost.getReason(), lost.getReason().contains("the page stream broke"));
  }

  /**
   * Post-copy: a restored tree whose page pull broke is LOST here, with why, until the RM
   * ends the migration; its completion discards it like any other (nothing restores it).
   */
  @Test
  public void givenARestoredTree_whenItsPagesAreLost_thenLostWithWhyUntilTheRmEndsIt()
      throws Exception {
    TargetMigrations t = record(null);
    received(t, "m", tmp.newFolder("m").toPath(), "container_1");
    t.fire("m", Event.LAUNCHED, null, "container_1", null);
    t.fire("m", Event.PAGES_LOST, null, null, "the source's side of the page stream failed");
    assertEquals("lost before the RM's poll saw it restored", State.LOST, t.state("m"));
    assertEquals("the source's side of the page stream failed", t.get("m").failure);
    t.fire("m", Event.PAGES_LOST, null, null, "a second report");
    assertEquals("the first cause stays", "the source's side of the page stream failed",
        t.get("m").failure);
    TargetMigrations.Transition done = t.fire("m", Event.COMPLETE, null, null, null);
    assertEquals(State.LOST, done.from);
    assertEquals(State.NONE, t.state("m"));
  }
}
