/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.metrics2.lib.DefaultMetricsSystem;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException.Reason;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException;
import org.apache.hadoop.yarn.api.migration.MigrationFailure;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationPhase;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.server.resourcemanager.migration.channel.CheckpointResult;
import org.apache.hadoop.yarn.server.resourcemanager.migration.channel.ShipResult;
import org.apache.hadoop.yarn.server.resourcemanager.migration.channel.NodeMigrationChannel;
import org.apache.hadoop.yarn.server.resourcemanager.migration.channel.PagesLostException;
import org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler.TargetAllocation;
import org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler.TargetContainerAllocator;
import org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine.ContainerMigration;
import org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine.ContainerMigrationEvent;
import org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine.ContainerMigrationEventType;
import org.apache.hadoop.yarn.util.Clock;
import org.apache.hadoop.yarn.util.SystemClock;
import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;
import org.apache.hadoop.yarn.server.resourcemanager.migration.records.MigrationSpec;

/** The manager's orchestration with a fake allocator and a fake node channel. */
public class TestMigrationOrchestrator {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  /** What a fake step does. */
  enum Outcome { SUCCEED, FAIL, HANG }

  /** Records every call; each step's outcome is set by the test. */
  static final class FakeChannel implements NodeMigrationChannel {
    final List<String> calls = Collections.synchronizedList(new ArrayList<String>());
    volatile Outcome checkpoint = Outcome.SUCCEED;
    volatile Outcome transfer = Outcome.SUCCEED;
    volatile Outcome restore = Outcome.SUCCEED;
    volatile Outcome awaitRestored = Outcome.SUCCEED;
    volatile Outcome abort = Outcome.SUCCEED;
    /** The first so many completions (aborts) fail, the later ones succeed. */
    final java.util.concurrent.atomic.AtomicInteger failCompletions =
        new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicInteger failAborts =
        new java.util.concurrent.atomic.AtomicInteger();
    /** What a successful checkpoint reports. */
    volatile CheckpointResult checkpointResult = CheckpointResult.UNMEASURED;
    /** What a successful ship reports. */
    volatile ShipResult shipResult = new ShipResult(0, 4096L);
    /** If set, a successful checkpoint (ship) call "takes" this long on {@link #clock}. */
    volatile MutableClock clock;
    volatile long checkpointCallMs;
    volatile long shipCallMs;
    /** If set, a failing step fails with this failure's fields (as the RPC channel does). */
    volatile MigrationFailure failWith;

    private <T> CompletableFuture<T> step(String name, Outcome outcome, T value) {
      calls.add(name);
      CompletableFuture<T> f = new CompletableFuture<>();
      switch (outcome) {
      case SUCCEED:
        f.complete(value);
        break;
      case FAIL:
        f.completeExceptionally(failWith != null
            ? new ContainerMigrationException(Reason.INTERNAL, failWith, null)
            : new ContainerMigrationException(Reason.INTERNAL, name + " broke on purpose"));
        break;
      default:
        break;
      }
      return f;
    }

    @Override
    public CompletableFuture<CheckpointResult> checkpoint(MigrationSpec spec,
        TargetAllocation target) {
      if (clock != null && checkpoint == Outcome.SUCCEED) {
        clock.tickMsec(checkpointCallMs);
      }
      return step("checkpoint", checkpoint, checkpointResult);
    }

    @Override
    public CompletableFuture<ShipResult> ship(MigrationSpec spec,
        TargetAllocation target) {
      if (clock != null && transfer == Outcome.SUCCEED) {
        clock.tickMsec(shipCallMs);
      }
      return step("ship", transfer, shipResult);
    }

    @Override
    public CompletableFuture<Void> restore(MigrationSpec spec, TargetAllocation target) {
      return step("restore", restore, null);
    }

    @Override
    public CompletableFuture<Long> awaitRestored(MigrationSpec spec,
        TargetAllocation target) {
      return step("awaitRestored", awaitRestored, 42L);
    }

    /** If set, a completion that does not fail says the pages did not all go. */
    volatile boolean pagesLost;
    /** If set, completions never answer (a source that still serves its pages). */
    volatile boolean hangCompletions;

    @Override
    public CompletableFuture<Void> complete(MigrationSpec spec, TargetAllocation target) {
      if (hangCompletions) {
        return step("complete", Outcome.HANG, null);
      }
      if (failCompletions.getAndDecrement() > 0) {
        return step("complete", Outcome.FAIL, null);
      }
      if (pagesLost) {
        calls.add("complete");
        CompletableFuture<Void> f = new CompletableFuture<>();
        f.completeExceptionally(new PagesLostException(MigrationFailure.of(
            MigrationFailure.Step.PAGE_PULL, spec.getContainerId(), spec.getMigrationId(),
            spec.getSourceNode(), "the page stream broke on purpose")));
        return f;
      }
      return step("complete", Outcome.SUCCEED, null);
    }

    @Override
    public CompletableFuture<Void> abort(MigrationSpec spec, TargetAllocation target,
        String reason) {
      return step("abort", failAborts.getAndDecrement() > 0 ? Outcome.FAIL : abort, null);
    }

    @Override
    public void forget(MigrationSpec spec) {
      calls.add("forget");
    }
  }

  /** Grants a fixed container, or refuses. */
  static final class FakeAllocator implements TargetContainerAllocator {
    final List<String> calls = Collections.synchronizedList(new ArrayList<String>());
    volatile boolean refuse;

    @Override
    public TargetAllocation allocate(MigrationSpec spec) throws ContainerMigrationException {
      calls.add("allocate");
      if (refuse) {
        throw new ContainerMigrationException(Reason.CONFLICT, "no room on purpose");
      }
      ContainerId target = ContainerId.newContainerId(spec.getApplicationAttemptId(), 99);
      Container c = Container.newInstance(target, spec.getTargetNode(), "h2:8042",
          spec.getResource(), spec.getPriority(), null);
      return new TargetAllocation(spec.getMigrationId(), c,
          TargetContainerAllocator.tagFor(spec.getMigrationId()));
    }

    @Override
    public void release(TargetAllocation allocation, String diagnostics) {
      calls.add("release");
    }
  }

  private FakeChannel channel;
  private FakeAllocator allocator;
  private MigrationRegistry registry;
  private MigrationMetrics metrics;
  private MigrationOrchestrator orchestrator;

  @BeforeClass
  public static void setUpMetrics() {
    DefaultMetricsSystem.setMiniClusterMode(true);
  }

  @Before
  public void setUp() {
    channel = new FakeChannel();
    allocator = new FakeAllocator();
    registry = new MigrationRegistry(10);
    metrics = MigrationMetrics.create();
    orchestrator = new MigrationOrchestrator(allocator, channel, registry, metrics);
    Configuration conf = new Configuration(false);
    conf.setLong(MigrationConfiguration.RM_MIGRATION_ROLLBACK_TIMEOUT_MS, 2000);
    conf.setLong(MigrationConfiguration.RM_MIGRATION_NODE_CALL_RETRY_INTERVAL_MS, 10);
    conf.setLong(MigrationConfiguration.RM_MIGRATION_NODE_CALL_RETRY_MAX_INTERVAL_MS, 40);
    conf.setLong(MigrationConfiguration.RM_MIGRATION_NODE_CALL_RETRY_GIVE_UP_MS, 400);
    orchestrator.init(conf);
    orchestrator.start();
  }

  @After
  public void tearDown() {
    orchestrator.stop();
    metrics.unregister();
  }

  private ContainerMigration run(long timeoutMs) throws InterruptedException {
    return run(timeoutMs, SystemClock.getInstance());
  }

  private ContainerMigration run(long timeoutMs, Clock clock) throws InterruptedException {
    return run(MigrationTestSpecs.spec("migration_1_0001", timeoutMs), clock);
  }

  private ContainerMigration run(MigrationSpec spec, Clock clock)
      throws InterruptedException {
    ContainerMigration m = new ContainerMigration(spec, orchestrator, clock);
    assertNull(registry.registerIfAbsent(m));
    metrics.started();
    m.handle(ContainerMigrationEvent.of(m.getMigrationId(),
        ContainerMigrationEventType.START));
    long deadline = System.currentTimeMillis() + 10_000;
    while (!m.getState().isFinal() && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    return m;
  }

  private static List<ContainerMigrationState> phaseStates(ContainerMigration m) {
    List<ContainerMigrationState> states = new ArrayList<>();
    for (ContainerMigrationPhase p : m.getPhases()) {
      states.add(p.getState());
    }
    return states;
  }

  /**
   * Checkpoint and transfer are two steps: each phase lasts as long as its own call, and the
   * report carries what the source NodeManager measured of each (dump time and image size,
   * transfer time and bytes shipped).
   */
  @Test
  public void givenCheckpointThenShip_whenMigrating_thenEachPhaseAndMeasureIsItsOwn()
      throws Exception {
    MutableClock clock = new MutableClock();
    clock.setTime(MigrationTestSpecs.spec("migration_1_0001", 0).getSubmitTime() + 5_000L);
    channel.clock = clock;
    channel.checkpointCallMs = 300;
    channel.shipCallMs = 700;
    channel.checkpointResult = new CheckpointResult(120, 3_000);
    channel.shipResult = new ShipResult(650, 4_096);

    ContainerMigration m = run(0, clock);

    assertEquals(ContainerMigrationState.SUCCEEDED, m.getState());
    assertEquals(120L, m.toReport().getDumpTimeMs());
    assertEquals(3_000L, m.toReport().getImageBytes());
    assertEquals(650L, m.toReport().getTransferTimeMs());
    assertEquals(4_096L, m.toReport().getTransferredBytes());
    ContainerMigrationPhase checkpointing = phase(m, ContainerMigrationState.CHECKPOINTING);
    ContainerMigrationPhase transferring = phase(m, ContainerMigrationState.TRANSFERRING);
    assertEquals(300L, checkpointing.getEndTime() - checkpointing.getStartTime());
    assertEquals(checkpointing.getEndTime(), transferring.getStartTime());
    assertEquals(700L, transferring.getEndTime() - transferring.getStartTime());
    ContainerMigrationPhase restoring = phase(m, ContainerMigrationState.RESTORING);
    assertEquals(transferring.getEndTime(), restoring.getStartTime());
  }

  private static ContainerMigrationPhase phase(ContainerMigration m,
      ContainerMigrationState state) {
    for (ContainerMigrationPhase p : m.getPhases()) {
      if (p.getState() == state) {
        return p;
      }
    }
    throw new AssertionError("no phase " + state + " in " + m.getPhases());
  }

  @Test
  public void givenEveryStepSucceeds_whenMigrating_thenSucceededWithAllPhases()
      throws Exception {
    ContainerMigration m = run(0);
    assertEquals(ContainerMigrationState.SUCCEEDED, m.getState());
    assertEquals(java.util.Arrays.asList(ContainerMigrationState.NEW,
        ContainerMigrationState.ALLOCATING, ContainerMigrationState.CHECKPOINTING,
        ContainerMigrationState.TRANSFERRING, ContainerMigrationState.RESTORING,
        ContainerMigrationState.SUCCEEDED), phaseStates(m));
    waitForCall(channel.calls, "complete");
    assertEquals(java.util.Arrays.asList("checkpoint", "ship", "restore",
        "awaitRestored", "complete"), channel.calls);
    assertEquals(Collections.singletonList("allocate"), allocator.calls);
    assertEquals(4096L, m.getTransferredBytes());
    assertEquals(42L, m.getFrozenTimeMs());
    assertEquals(1, metrics.getSucceeded());
    assertEquals(0, metrics.getInFlight());
    assertEquals(4096L, metrics.getBytesMoved());
    assertNull(registry.inFlight(m.getSpec().getContainerId()));
    assertEquals(m, registry.get(m.getMigrationId()));
  }

  @Test
  public void givenTheSchedulerRefuses_whenMigrating_thenFailedWithoutTouchingTheNodes()
      throws Exception {
    allocator.refuse = true;
    ContainerMigration m = run(0);
    assertEquals(ContainerMigrationState.FAILED, m.getState());
    assertEquals("ALLOCATION_FAILED: no room on purpose", m.getDiagnostics());
    assertTrue(channel.calls.isEmpty());
    assertEquals(Collections.singletonList("allocate"), allocator.calls);
    assertEquals(1, metrics.getFailed());
  }

  @Test
  public void givenCheckpointFails_whenMigrating_thenRolledBack() throws Exception {
    channel.checkpoint = Outcome.FAIL;
    assertRolledBack(run(0), "CHECKPOINT_FAILED: checkpoint broke on purpose",
        "checkpoint", "abort");
  }

  @Test
  public void givenTransferFails_whenMigrating_thenRolledBack() throws Exception {
    channel.transfer = Outcome.FAIL;
    assertRolledBack(run(0), "TRANSFER_FAILED: ship broke on purpose",
        "checkpoint", "ship", "abort");
  }

  @Test
  public void givenRestoreStartFails_whenMigrating_thenRolledBack() throws Exception {
    channel.restore = Outcome.FAIL;
    assertRolledBack(run(0), "RESTORE_FAILED: restore broke on purpose",
        "checkpoint", "ship", "restore", "abort");
  }

  @Test
  public void givenRestoredTreeNeverRuns_whenMigrating_thenRolledBack() throws Exception {
    channel.awaitRestored = Outcome.FAIL;
    assertRolledBack(run(0), "RESTORE_FAILED: awaitRestored broke on purpose",
        "checkpoint", "ship", "restore", "awaitRestored", "abort");
  }

  @Test
  public void givenCheckpointHangs_whenTheDeadlinePasses_thenRolledBack() throws Exception {
    channel.checkpoint = Outcome.HANG;
    assertRolledBack(run(300), "TIMEOUT: no result within 300 ms", "checkpoint", "abort");
  }

  @Test
  public void givenAbortFails_whenRollingBack_thenTheTargetIsStillReleasedAndTheCauseKept()
      throws Exception {
    channel.checkpoint = Outcome.FAIL;
    channel.abort = Outcome.FAIL;
    ContainerMigration m = run(0);
    assertEquals(ContainerMigrationState.FAILED, m.getState());
    assertEquals("CHECKPOINT_FAILED: checkpoint broke on purpose\n"
        + "rollback problems: abort on the nodes failed: abort broke on purpose (retried for"
        + " up to 400 ms)",
        m.getDiagnostics());
    assertEquals(java.util.Arrays.asList("allocate", "release"), allocator.calls);
  }

  /** A step's failure given as fields travels unchanged into the report. */
  @Test
  public void givenTheTransferFailsWithItsFields_whenMigrating_thenTheReportCarriesThem()
      throws Exception {
    MigrationSpec spec = MigrationTestSpecs.spec("migration_1_0001", 0);
    channel.transfer = Outcome.FAIL;
    channel.failWith = MigrationFailure.of(MigrationFailure.Step.TRANSFER,
        spec.getContainerId(), spec.getMigrationId(), spec.getSourceNode(),
        "transfer to h2:8044: connection refused");
    ContainerMigration m = run(0);
    assertRolledBack(m, "TRANSFER_FAILED: " + channel.failWith.getMessage(), "checkpoint",
        "ship", "abort");
    MigrationFailure f = m.toReport().getFailure();
    assertEquals(MigrationFailure.Step.TRANSFER, f.getStep());
    assertEquals(spec.getContainerId().toString(), f.getContainer());
    assertEquals(spec.getMigrationId(), f.getMigrationId());
    assertEquals(spec.getSourceNode().toString(), f.getNode());
    assertEquals("transfer to h2:8044: connection refused", f.getCause());
  }

  /**
   * A failure given as text only is named after the step that ran and the node it ran on:
   * the deadline during the checkpoint is the checkpoint's failure on the source node.
   */
  @Test
  public void givenTheDeadlineInTheCheckpoint_thenTheFailureIsTheCheckpointsOnTheSource()
      throws Exception {
    channel.checkpoint = Outcome.HANG;
    ContainerMigration m = run(300);
    MigrationFailure f = m.toReport().getFailure();
    assertEquals(MigrationFailure.Step.CHECKPOINT, f.getStep());
    assertEquals(m.getSpec().getSourceNode().toString(), f.getNode());
    assertEquals("the migration's deadline passed (no result within 300 ms)", f.getCause());
  }

  @Test
  public void givenTheSchedulerRefuses_thenTheFailureIsTheAllocationsOnTheTargetNode()
      throws Exception {
    allocator.refuse = true;
    MigrationFailure f = run(0).toReport().getFailure();
    assertEquals(MigrationFailure.Step.ALLOCATION, f.getStep());
    assertEquals(MigrationTestSpecs.spec("migration_1_0001", 0).getTargetNode().toString(),
        f.getNode());
    assertEquals("no room on purpose", f.getCause());
  }

  /** The rollback's own problems go to the diagnostics; the failure stays the first one. */
  @Test
  public void givenTheAbortFailsToo_thenTheFailureIsStillTheCheckpoints() throws Exception {
    channel.checkpoint = Outcome.FAIL;
    channel.abort = Outcome.FAIL;
    ContainerMigration m = run(0);
    assertEquals(ContainerMigrationState.FAILED, m.getState());
    MigrationFailure f = m.toReport().getFailure();
    assertEquals(MigrationFailure.Step.CHECKPOINT, f.getStep());
    assertEquals("checkpoint broke on purpose", f.getCause());
  }

  @Test
  public void givenEveryStepSucceeds_thenTheReportHasNoFailure() throws Exception {
    assertNull(run(0).toReport().getFailure());
  }

  /** A completion that fails is called again until it lands: the source is not left frozen. */
  @Test
  public void givenTheCompletionFailsTwice_whenSucceeded_thenItIsRetriedUntilItLands()
      throws Exception {
    channel.failCompletions.set(2);
    ContainerMigration m = run(0);
    assertEquals(ContainerMigrationState.SUCCEEDED, m.getState());
    awaitCount(channel.calls, "complete", 3);
    assertEquals(2, metrics.getNodeCallRetries());
    assertEquals(0, metrics.getNodeCallsAbandoned());
  }

  private ContainerMigration runPostCopy() throws InterruptedException {
    return run(MigrationTestSpecs.builder("migration_1_0001", 0).strategy(
        org.apache.hadoop.yarn.api.migration.records.ContainerMigrationStrategy.LAZY_PAGES)
        .build(), SystemClock.getInstance());
  }

  /**
   * Post-copy: past the restore the migration pulls pages until the source's completion
   * confirms the last one (asked again while it does not), then SUCCEEDED; the target is
   * not released and the completion is not called once more.
   */
  @Test
  public void givenPostCopy_whenTheSourceConfirmsThePagesOnTheThirdCall_thenSucceeded()
      throws Exception {
    channel.failCompletions.set(2);
    ContainerMigration m = runPostCopy();
    assertEquals(m.getDiagnostics(), ContainerMigrationState.SUCCEEDED, m.getState());
    assertEquals(java.util.Arrays.asList(ContainerMigrationState.NEW,
        ContainerMigrationState.ALLOCATING, ContainerMigrationState.CHECKPOINTING,
        ContainerMigrationState.TRANSFERRING, ContainerMigrationState.RESTORING,
        ContainerMigrationState.PULLING_PAGES, ContainerMigrationState.SUCCEEDED),
        phaseStates(m));
    Thread.sleep(100); // nothing more may come
    assertEquals(3, java.util.Collections.frequency(new ArrayList<>(channel.calls),
        "complete"));
    assertEquals(java.util.Collections.singletonList("allocate"), allocator.calls);
    assertEquals(1, metrics.getSucceeded());
  }

  /**
   * Post-copy: a source that says its pages did not all reach the target makes the
   * container LOST: the target container is released (ended), nothing is aborted (the
   * source is never resumed past the restore), the failure names the page pull.
   */
  @Test
  public void givenPostCopy_whenTheSourceSaysThePagesWereLost_thenLostAndTheTargetEnded()
      throws Exception {
    channel.pagesLost = true;
    ContainerMigration m = runPostCopy();
    assertEquals(m.getDiagnostics(), ContainerMigrationState.LOST, m.getState());
    assertEquals(java.util.Arrays.asList("checkpoint", "ship", "restore", "awaitRestored",
        "complete"), channel.calls);
    assertEquals(java.util.Arrays.asList("allocate", "release"), allocator.calls);
    MigrationFailure f = m.toReport().getFailure();
    assertEquals(MigrationFailure.Step.PAGE_PULL, f.getStep());
    assertEquals("the page stream broke on purpose", f.getCause());
    assertEquals(1, metrics.getLost());
    assertEquals(0, metrics.getFailed());
    assertEquals(0, metrics.getInFlight());
  }

  /** Post-copy: a source that never confirms its pages: LOST once the retries give up. */
  @Test
  public void givenPostCopy_whenTheSourceNeverConfirms_thenLostWhenTheRetriesGiveUp()
      throws Exception {
    channel.failCompletions.set(Integer.MAX_VALUE);
    ContainerMigration m = runPostCopy();
    assertEquals(m.getDiagnostics(), ContainerMigrationState.LOST, m.getState());
    assertTrue(m.getDiagnostics(), m.toReport().getFailure().getCause().contains(
        "the source never confirmed that every memory page reached the target"));
    assertEquals(1, metrics.getNodeCallsAbandoned());
    assertEquals(java.util.Arrays.asList("allocate", "release"), allocator.calls);
  }

  /** An abort that failed during the rollback is called again after the migration FAILED. */
  @Test
  public void givenTheAbortFailsOnce_whenRolledBack_thenItIsRetriedUntilItLands()
      throws Exception {
    channel.checkpoint = Outcome.FAIL;
    channel.failAborts.set(1);
    ContainerMigration m = run(0);
    assertEquals(ContainerMigrationState.FAILED, m.getState());
    awaitCount(channel.calls, "abort", 2);
    assertEquals(1, metrics.getNodeCallRetries());
    assertEquals(0, metrics.getNodeCallsAbandoned());
  }

  /** An abort that never lands is given up once the retry time is over, and counted. */
  @Test
  public void givenTheAbortAlwaysFails_whenTheRetryTimeIsOver_thenGivenUpAndCounted()
      throws Exception {
    channel.checkpoint = Outcome.FAIL;
    channel.abort = Outcome.FAIL;
    run(0);
    long deadline = System.currentTimeMillis() + 5000;
    while (metrics.getNodeCallsAbandoned() == 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(1, metrics.getNodeCallsAbandoned());
    List<String> calls = new ArrayList<>(channel.calls);
    int aborts = java.util.Collections.frequency(calls, "abort");
    assertTrue("retried with growing waits within 400 ms: " + aborts, aborts >= 3
        && aborts <= 15);
    // the channel drops what it kept for the migration, once, after its last call
    assertEquals(calls.toString(), 1, java.util.Collections.frequency(calls, "forget"));
    assertEquals(calls.toString(), "forget", calls.get(calls.size() - 1));
  }

  @Test
  public void givenARetryPolicy_thenTheWaitDoublesUpToItsMaxAndEndsAtTheGiveUpTime() {
    NodeCallRetries r = new NodeCallRetries(100, 1000, 5000);
    assertEquals(100, r.delayBefore(1, 0));
    assertEquals(200, r.delayBefore(2, 0));
    assertEquals(800, r.delayBefore(4, 0));
    assertEquals(1000, r.delayBefore(5, 0));
    assertEquals(1000, r.delayBefore(60, 0));
    assertEquals(1000, r.delayBefore(9, 4000));
    assertEquals("no time left for the wait", -1, r.delayBefore(9, 4001));
    assertEquals("0 = no retry", -1, new NodeCallRetries(100, 100, 0).delayBefore(1, 0));
  }

  /**
   * A target node that goes away aborts the migration at once (not at its deadline): the
   * failure names the node and why, and the source is thawed by the rollback.
   */
  @Test
  public void givenTheTargetNodeIsLostDuringTheCheckpoint_thenAbortedAtOnceNamingIt()
      throws Exception {
    final MigrationSpec spec = MigrationTestSpecs.spec("migration_1_0001", 0);
    final java.util.concurrent.atomic.AtomicBoolean lost = watching(spec.getTargetNode(),
        "its NodeManager is LOST in the ResourceManager");
    channel.checkpoint = Outcome.HANG;
    ContainerMigration m = new ContainerMigration(spec, orchestrator,
        SystemClock.getInstance());
    assertNull(registry.registerIfAbsent(m));
    metrics.started();
    m.handle(ContainerMigrationEvent.of(m.getMigrationId(),
        ContainerMigrationEventType.START));
    waitForCall(channel.calls, "checkpoint");
    lost.set(true);
    long deadline = System.currentTimeMillis() + 10_000;
    while (!m.getState().isFinal() && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }

    assertEquals(m.getDiagnostics(), ContainerMigrationState.FAILED, m.getState());
    MigrationFailure f = m.toReport().getFailure();
    assertEquals(spec.getTargetNode().toString(), f.getNode());
    assertEquals("the target node is gone: its NodeManager is LOST in the ResourceManager;"
        + " the container stays on " + spec.getSourceNode(), f.getCause());
    assertEquals(java.util.Arrays.asList("checkpoint", "abort"), channel.calls);
  }

  /**
   * Post-copy: the source node found gone while the target pulls the pages makes the
   * container LOST at once (not FAILED: nothing rolls back past the restore), the failure
   * names the page pull and the source node, and the target container is ended.
   */
  @Test
  public void givenPostCopy_whenTheSourceNodeIsLostDuringThePagePull_thenLostAtOnce()
      throws Exception {
    final MigrationSpec spec = MigrationTestSpecs.builder("migration_1_0001", 0).strategy(
        org.apache.hadoop.yarn.api.migration.records.ContainerMigrationStrategy.LAZY_PAGES)
        .build();
    final java.util.concurrent.atomic.AtomicBoolean lost = watching(spec.getSourceNode(),
        "its migration agent has not registered for 30 s");
    channel.hangCompletions = true;
    ContainerMigration m = new ContainerMigration(spec, orchestrator,
        SystemClock.getInstance());
    assertNull(registry.registerIfAbsent(m));
    metrics.started();
    m.handle(ContainerMigrationEvent.of(m.getMigrationId(),
        ContainerMigrationEventType.START));
    waitForCall(channel.calls, "complete");
    assertEquals(ContainerMigrationState.PULLING_PAGES, m.getState());
    lost.set(true);
    long deadline = System.currentTimeMillis() + 10_000;
    while (!m.getState().isFinal() && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(m.getDiagnostics(), ContainerMigrationState.LOST, m.getState());
    MigrationFailure f = m.toReport().getFailure();
    assertEquals(MigrationFailure.Step.PAGE_PULL, f.getStep());
    assertEquals(spec.getSourceNode().toString(), f.getNode());
    assertTrue(f.getCause(), f.getCause().startsWith("the source node is gone while the"
        + " target pulled the container's memory from it"));
    assertEquals(java.util.Arrays.asList("allocate", "release"), allocator.calls);
    assertEquals("no abort past the commit point", java.util.Arrays.asList("checkpoint",
        "ship", "restore", "awaitRestored", "complete"), channel.calls);
  }

  /**
   * Restarts the orchestrator watching the nodes: {@code node} is gone (for {@code why})
   * once the returned flag is set.
   */
  private java.util.concurrent.atomic.AtomicBoolean watching(
      final org.apache.hadoop.yarn.api.records.NodeId node, final String why) {
    orchestrator.stop();
    orchestrator = new MigrationOrchestrator(allocator, channel, registry, metrics);
    final java.util.concurrent.atomic.AtomicBoolean lost =
        new java.util.concurrent.atomic.AtomicBoolean();
    orchestrator.watchNodes(new MigrationOrchestrator.NodeWatch() {
      @Override
      public void refresh() {
      }

      @Override
      public String whyGone(org.apache.hadoop.yarn.api.records.NodeId n) {
        return lost.get() && n.equals(node) ? why : null;
      }
    });
    Configuration conf = new Configuration(false);
    conf.setLong(MigrationConfiguration.RM_MIGRATION_ROLLBACK_TIMEOUT_MS, 2000);
    orchestrator.init(conf);
    orchestrator.start();
    return lost;
  }

  private static void awaitCount(List<String> calls, String call, int count)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 5000;
    while (java.util.Collections.frequency(new ArrayList<>(calls), call) < count
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(calls.toString(), count, java.util.Collections.frequency(
        new ArrayList<>(calls), call));
  }

  private void assertRolledBack(ContainerMigration m, String diagnostics,
      String... channelCalls) {
    assertEquals(m.getDiagnostics(), ContainerMigrationState.FAILED, m.getState());
    assertEquals(diagnostics, m.getDiagnostics());
    assertEquals(java.util.Arrays.asList(channelCalls), channel.calls);
    assertEquals(java.util.Arrays.asList("allocate", "release"), allocator.calls);
    List<ContainerMigrationState> states = phaseStates(m);
    assertEquals(ContainerMigrationState.ROLLING_BACK, states.get(states.size() - 2));
    assertEquals(1, metrics.getFailed());
    assertEquals(0, metrics.getInFlight());
  }

  private static void waitForCall(List<String> calls, String call)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 5000;
    while (!calls.contains(call) && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
  }
}
