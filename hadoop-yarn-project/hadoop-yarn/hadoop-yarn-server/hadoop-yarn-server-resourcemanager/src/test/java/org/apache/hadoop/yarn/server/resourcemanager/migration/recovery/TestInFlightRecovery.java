/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.recovery;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationStrategy;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.RestoreStatus;
import org.apache.hadoop.yarn.server.resourcemanager.migration.ams.FileSystemMigrationIdStore;
import org.apache.hadoop.yarn.server.resourcemanager.migration.ams.MigrationIdMap;
import org.apache.hadoop.yarn.server.resourcemanager.migration.ams.MigrationIdStore;
import org.apache.hadoop.yarn.server.resourcemanager.migration.ams.MigrationIdStore.InFlight;
import org.apache.hadoop.yarn.server.resourcemanager.migration.channel.CheckpointResult;
import org.apache.hadoop.yarn.server.resourcemanager.migration.channel.NodeMigrationChannel;
import org.apache.hadoop.yarn.server.resourcemanager.migration.channel.PagesLostException;
import org.apache.hadoop.yarn.api.migration.MigrationFailure;
import org.apache.hadoop.yarn.server.resourcemanager.migration.channel.ShipResult;
import org.apache.hadoop.yarn.server.resourcemanager.migration.records.MigrationSpec;
import org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler.TargetAllocation;
import org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler.TargetContainerAllocator;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.TestRule;

/**
 * The decisions an RM that starts takes for the migrations its store kept in flight, each
 * against the map and store a restarted RM reads back, with the nodes' answers faked.
 */
public class TestInFlightRecovery {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private static final NodeId H1 = NodeId.newInstance("h1", 8041);
  private static final NodeId H2 = NodeId.newInstance("h2", 8041);
  private static final long SUBMITTED = 1_796_000_000_000L;
  private final ApplicationAttemptId attempt =
      ApplicationAttemptId.newInstance(ApplicationId.newInstance(1000L, 1), 1);
  private final ContainerId source = ContainerId.newContainerId(attempt, 2);
  private final ContainerId target = ContainerId.newContainerId(attempt, 3);

  /** What the nodes were asked. */
  private final List<String> calls = new ArrayList<>();
  private final Set<NodeId> registered = new HashSet<>();
  private RestoreStatus targetSays = RestoreStatus.PENDING;
  private boolean targetHeld;
  /** The source's answer to a completion: null (done), or why the pages were lost. */
  private String pagesLost;
  private MigrationIdStore store;

  @Before
  public void setUp() throws Exception {
    store = new FileSystemMigrationIdStore(new Path(tmp.getRoot().toURI()),
        new Configuration());
    registered.add(H1);
    registered.add(H2);
  }

  /** The RM that stopped: migration m1 granted its target, committed or not. */
  private MigrationIdMap stoppedDuring(boolean committed) throws Exception {
    MigrationIdMap before = new MigrationIdMap(store);
    TargetContainerAllocator granting = before.tracking(new Allocator() {
      @Override
      public TargetAllocation allocate(MigrationSpec spec) {
        return new TargetAllocation(spec.getMigrationId(),
            Container.newInstance(target, H2, null, null, null, null), null);
      }
    });
    granting.allocate(MigrationSpec.newBuilder().migrationId("m1").containerId(source)
        .sourceNode(H1).targetNode(H2).strategy(ContainerMigrationStrategy.STOP_AND_COPY)
        .submitTime(SUBMITTED).build());
    if (committed) {
      before.succeeded(source, target);
    }
    MigrationIdMap after = new MigrationIdMap(store);
    after.recover();
    return after;
  }

  private InFlightRecovery recovery(MigrationIdMap map) {
    return new InFlightRecovery(map, map.tracking(new Channel()), map.tracking(new Allocator()),
        registered::contains, m -> targetHeld ? Container.newInstance(m.getTarget(),
            m.getTargetNode(), null, Resource.newInstance(128, 1), null, null) : null,
        60_000);
  }

  private static InFlight only(MigrationIdMap map) {
    assertEquals(1, map.inFlight().size());
    return map.inFlight().get(0);
  }

  /**
   * The final report of m1 as an RM that starts after this one reads it back (what
   * {@code yarn container -migration m1} shows), with its state and submit time.
   */
  private String reportAfterRestart() throws Exception {
    MigrationIdMap again = new MigrationIdMap(store);
    again.recover();
    ContainerMigrationReport r = again.report("m1");
    assertTrue("no report of m1 kept", r != null);
    assertEquals(SUBMITTED, r.getSubmitTime());
    assertEquals(source, r.getContainerId());
    assertEquals(target, r.getTargetContainerId());
    assertEquals(InFlightRecovery.REASON, r.getReason());
    return r.getState() + ": " + r.getDiagnostics();
  }

  private Set<InFlight> storedAfterRestart() throws Exception {
    MigrationIdMap again = new MigrationIdMap(store);
    again.recover();
    return new HashSet<>(again.inFlight());
  }

  @Test
  public void givenACommittedMigration_whenResolved_thenTheSourceIsCompletedAndTheRecordEnds()
      throws Exception {
    MigrationIdMap map = stoppedDuring(true);
    InFlightRecovery r = recovery(map);
    assertTrue(r.resolve(only(map)));
    assertEquals("[complete m1]", calls.toString());
    assertEquals(target, map.currentOf(source));
    assertTrue(map.inFlight().isEmpty());
    assertTrue(storedAfterRestart().isEmpty());
    assertEquals("SUCCEEDED: In flight when the ResourceManager stopped; completed by the"
        + " ResourceManager that started again: " + source + " runs as " + target + " on "
        + H2, reportAfterRestart());
  }

  @Test
  public void givenATreeRestoredOnTheTarget_whenResolved_thenCommittedThenCompleted()
      throws Exception {
    MigrationIdMap map = stoppedDuring(false);
    assertTrue("not committed: the target is hidden", map.isMigrationTarget(target));
    targetSays = RestoreStatus.RESTORED;
    assertTrue(recovery(map).resolve(only(map)));
    assertEquals("[restoreStatus m1, complete m1]", calls.toString());
    assertEquals(target, map.currentOf(source));
    assertEquals(source, map.originalOf(target));
    assertTrue(map.isHiddenSource(source));
    assertTrue(storedAfterRestart().isEmpty());
  }

  @Test
  public void givenAFailedRestore_whenResolved_thenAbortedThenReleasedAndTheSourceIsKept()
      throws Exception {
    MigrationIdMap map = stoppedDuring(false);
    targetSays = RestoreStatus.FAILED;
    assertTrue(recovery(map).resolve(only(map)));
    assertEquals("[restoreStatus m1, abort m1, release " + target + "]", calls.toString());
    assertEquals(source, map.currentOf(source));
    assertTrue("its completion stays hidden", map.isReleasedTarget(target));
    assertTrue(storedAfterRestart().isEmpty());
    assertEquals("FAILED: Migration m1 of " + source + " was in flight when the"
        + " ResourceManager stopped, and the restore on " + H2 + " failed: rolled back, the"
        + " container keeps running on " + H1, reportAfterRestart());
  }

  @Test
  public void givenARestoreNeverStarted_whenResolved_thenRolledBackOnlyAfterSomeRounds()
      throws Exception {
    MigrationIdMap map = stoppedDuring(false);
    InFlightRecovery r = recovery(map);
    for (int i = 1; i < InFlightRecovery.ABSENT_ROUNDS; i++) {
      assertFalse("round " + i + ": the target NM may not have reported yet",
          r.resolve(only(map)));
    }
    assertTrue(r.resolve(only(map)));
    assertTrue(calls.toString(), calls.contains("abort m1"));
    assertTrue(calls.toString(), calls.contains("release " + target));
  }

  @Test
  public void givenARestoreRunning_whenResolved_thenAskedAgainAndNothingUndone()
      throws Exception {
    MigrationIdMap map = stoppedDuring(false);
    targetHeld = true;
    InFlightRecovery r = recovery(map);
    for (int i = 0; i < 2 * InFlightRecovery.ABSENT_ROUNDS; i++) {
      assertFalse(r.resolve(only(map)));
    }
    assertFalse(calls.toString(), calls.contains("abort m1"));
    targetSays = RestoreStatus.RESTORED;
    assertTrue(r.resolve(only(map)));
    assertEquals(target, map.currentOf(source));
  }

  @Test
  public void givenAPostCopyWhosePagesWereLost_whenResolved_thenLostAndTheTargetReleased()
      throws Exception {
    MigrationIdMap map = stoppedDuring(false);
    targetSays = RestoreStatus.PAGES_LOST;
    pagesLost = "the page stream from h1 broke";
    assertTrue(recovery(map).resolve(only(map)));
    assertEquals("[restoreStatus m1, complete m1, release " + target + "]", calls.toString());
    assertTrue(reportAfterRestart(), reportAfterRestart().startsWith("LOST: Container "
        + source + " was lost in its post-copy migration m1"));
    assertEquals("committed: the AM sees its container end under the original id", target,
        map.currentOf(source));
    assertTrue(storedAfterRestart().isEmpty());
  }

  @Test
  public void givenTheSourceAgentNotBack_whenResolved_thenNothingIsAskedOrDecided()
      throws Exception {
    MigrationIdMap map = stoppedDuring(false);
    targetSays = RestoreStatus.FAILED;
    registered.remove(H1);
    assertFalse(recovery(map).resolve(only(map)));
    assertTrue(calls.toString(), calls.isEmpty());
    assertEquals(1, storedAfterRestart().size());
  }

  // ---- fakes ------------------------------------------------------------------------------

  private class Allocator implements TargetContainerAllocator {
    @Override
    public TargetAllocation allocate(MigrationSpec spec) {
      throw new UnsupportedOperationException("recovery allocates nothing");
    }

    @Override
    public void release(TargetAllocation allocation, String diagnostics) {
      calls.add("release " + allocation.getContainer().getId());
    }
  }

  private class Channel implements NodeMigrationChannel {
    @Override
    public CompletableFuture<CheckpointResult> checkpoint(MigrationSpec spec,
        TargetAllocation t) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<ShipResult> ship(MigrationSpec spec, TargetAllocation t) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Void> restore(MigrationSpec spec, TargetAllocation t) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Long> awaitRestored(MigrationSpec spec, TargetAllocation t) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<RestoreStatus> restoreStatus(MigrationSpec spec,
        TargetAllocation t) {
      calls.add("restoreStatus " + spec.getMigrationId());
      assertEquals(target, t.getContainer().getId());
      return CompletableFuture.completedFuture(targetSays);
    }

    @Override
    public CompletableFuture<Void> complete(MigrationSpec spec, TargetAllocation t) {
      calls.add("complete " + spec.getMigrationId());
      assertEquals(source, spec.getContainerId());
      assertEquals(H1, spec.getSourceNode());
      if (pagesLost != null) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        f.completeExceptionally(new PagesLostException(MigrationFailure.of(
            MigrationFailure.Step.PAGE_PULL, source, spec.getMigrationId(), H1, pagesLost)));
        return f;
      }
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> abort(MigrationSpec spec, TargetAllocation t,
        String reason) {
      calls.add("abort " + spec.getMigrationId());
      assertTrue(reason, reason.contains(source.toString()) && reason.contains(H1.toString()));
      return CompletableFuture.completedFuture(null);
    }
  }
}
