/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine;

import static org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState.ALLOCATING;
import static org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState.CHECKPOINTING;
import static org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState.FAILED;
import static org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState.LOST;
import static org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState.NEW;
import static org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState.PULLING_PAGES;
import static org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState.RESTORING;
import static org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState.ROLLING_BACK;
import static org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState.SUCCEEDED;
import static org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState.TRANSFERRING;
import static org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine.ContainerMigrationEventType.ABORTED;
import static org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine.ContainerMigrationEventType.ALLOCATED;
import static org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine.ContainerMigrationEventType.ALLOCATION_FAILED;
import static org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine.ContainerMigrationEventType.CHECKPOINTED;
import static org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine.ContainerMigrationEventType.CHECKPOINT_FAILED;
import static org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine.ContainerMigrationEventType.ILLEGAL_EVENT;
import static org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine.ContainerMigrationEventType.PAGES_LOST;
import static org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine.ContainerMigrationEventType.PAGES_PULLED;
import static org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine.ContainerMigrationEventType.RESTORED;
import static org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine.ContainerMigrationEventType.RESTORE_FAILED;
import static org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine.ContainerMigrationEventType.ROLLED_BACK;
import static org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine.ContainerMigrationEventType.START;
import static org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine.ContainerMigrationEventType.TIMEOUT;
import static org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine.ContainerMigrationEventType.TRANSFERRED;
import static org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine.ContainerMigrationEventType.TRANSFER_FAILED;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.apache.hadoop.yarn.api.migration.MigrationFailure;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationPhase;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationStrategy;
import org.apache.hadoop.yarn.event.EventHandler;
import org.apache.hadoop.yarn.server.resourcemanager.migration.records.MigrationSpec;
import org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler.TargetAllocation;
import org.apache.hadoop.yarn.state.InvalidStateTransitionException;
import org.apache.hadoop.yarn.state.MultipleArcTransition;
import org.apache.hadoop.yarn.state.SingleArcTransition;
import org.apache.hadoop.yarn.state.StateMachine;
import org.apache.hadoop.yarn.state.StateMachineFactory;
import org.apache.hadoop.yarn.util.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One container migration and its state machine: ONE declarative table, grouped by source
 * state, with three final states.
 *
 * <pre>
 *  NEW --START--&gt; ALLOCATING --ALLOCATED--&gt; CHECKPOINTING --CHECKPOINTED--&gt; TRANSFERRING
 *   |                 |                          |                              |
 *   |          ALLOCATION_FAILED                 |                         TRANSFERRED
 *   |                 v                          |                              v
 *   +--TIMEOUT/----&gt; FAILED &lt;--ROLLED_BACK--+     |                          RESTORING --RESTORED--&gt; SUCCEEDED
 *      ABORTED/                              |     |                              |
 *      ILLEGAL_EVENT                    ROLLING_BACK &lt;--- *_FAILED, TIMEOUT, ABORTED,
 *                                            ^  |          ILLEGAL_EVENT from ALLOCATING,
 *                                            +--+          CHECKPOINTING, TRANSFERRING, RESTORING
 *                          late step outcomes, TIMEOUT, ABORTED, ILLEGAL_EVENT (absorbed)
 *
 *  post-copy (LAZY_PAGES): RESTORING --RESTORED--&gt; PULLING_PAGES --PAGES_PULLED--&gt; SUCCEEDED
 *                                                      |
 *                                           PAGES_LOST, ABORTED --&gt; LOST
 * </pre>
 *
 * RESTORED is the commit point: from there on the tree has run on the target and the
 * source is never resumed, so nothing rolls back. A post-copy tree pulls its memory from
 * the source's dump while it runs (PULLING_PAGES); when the pages cannot all come (the
 * source or its node failed, or the stream broke) the container is LOST: the tree on the
 * target is ended (it lacks memory) and its application sees the container end, as on a
 * lost node. TIMEOUT and illegal events there are noted and otherwise ignored.
 *
 * An event the table does not allow in a working state is not just logged: it is turned
 * into {@link ContainerMigrationEventType#ILLEGAL_EVENT}, which fails the migration (through
 * ROLLING_BACK when the target or the source may hold state). Final states accept nothing;
 * an event there is logged and noted in the diagnostics.
 *
 * <p>Every state change records the phase timestamps and logs one INFO line; entering a
 * state hands over to the {@link MigrationDriver}, which runs the step asynchronously.
 */
public final class ContainerMigration implements EventHandler<ContainerMigrationEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(ContainerMigration.class);

  /** Step outcomes that may still arrive after a rollback began; they are absorbed. */
  private static final EnumSet<ContainerMigrationEventType> LATE_IN_ROLLBACK = EnumSet.of(
      ALLOCATION_FAILED, CHECKPOINTED, CHECKPOINT_FAILED, TRANSFERRED, TRANSFER_FAILED,
      RESTORED, RESTORE_FAILED, TIMEOUT, ABORTED, ILLEGAL_EVENT);

  private static final StateMachineFactory<ContainerMigration, ContainerMigrationState,
      ContainerMigrationEventType, ContainerMigrationEvent> FACTORY =
      new StateMachineFactory<ContainerMigration, ContainerMigrationState,
          ContainerMigrationEventType, ContainerMigrationEvent>(NEW)

      // NEW: accepted, nothing held yet.
      .addTransition(NEW, ALLOCATING, START, new Enter(ALLOCATING))
      .addTransition(NEW, FAILED, EnumSet.of(TIMEOUT, ABORTED, ILLEGAL_EVENT),
          new Fail(FAILED))

      // ALLOCATING: the scheduler is asked for the target container.
      .addTransition(ALLOCATING, CHECKPOINTING, ALLOCATED, new Allocated())
      .addTransition(ALLOCATING, FAILED, ALLOCATION_FAILED, new Fail(FAILED))
      .addTransition(ALLOCATING, ROLLING_BACK, EnumSet.of(TIMEOUT, ABORTED, ILLEGAL_EVENT),
          new Fail(ROLLING_BACK))

      // CHECKPOINTING: the source NM freezes and dumps the container.
      .addTransition(CHECKPOINTING, TRANSFERRING, CHECKPOINTED, new Checkpointed())
      .addTransition(CHECKPOINTING, ROLLING_BACK,
          EnumSet.of(CHECKPOINT_FAILED, TIMEOUT, ABORTED, ILLEGAL_EVENT),
          new Fail(ROLLING_BACK))

      // TRANSFERRING: the images travel from the source NM to the target NM.
      .addTransition(TRANSFERRING, RESTORING, TRANSFERRED, new Transferred())
      .addTransition(TRANSFERRING, ROLLING_BACK,
          EnumSet.of(TRANSFER_FAILED, TIMEOUT, ABORTED, ILLEGAL_EVENT),
          new Fail(ROLLING_BACK))

      // RESTORING: the target container is started as a CRIU restore.
      .addTransition(RESTORING, EnumSet.of(SUCCEEDED, PULLING_PAGES), RESTORED,
          new Restored())
      .addTransition(RESTORING, ROLLING_BACK,
          EnumSet.of(RESTORE_FAILED, TIMEOUT, ABORTED, ILLEGAL_EVENT),
          new Fail(ROLLING_BACK))

      // PULLING_PAGES (post-copy, past the commit point): the tree runs on the target and
      // pulls its memory; the source's completion says whether every page went.
      .addTransition(PULLING_PAGES, SUCCEEDED, PAGES_PULLED, new Enter(SUCCEEDED))
      .addTransition(PULLING_PAGES, LOST, EnumSet.of(PAGES_LOST, ABORTED), new Fail(LOST))
      .addTransition(PULLING_PAGES, PULLING_PAGES, EnumSet.of(TIMEOUT, ILLEGAL_EVENT),
          new Absorb("while the pages are pulled"))

      // ROLLING_BACK: source resumes, target released; late outcomes are absorbed.
      .addTransition(ROLLING_BACK, FAILED, ROLLED_BACK, new Enter(FAILED))
      .addTransition(ROLLING_BACK, ROLLING_BACK, ALLOCATED, new LateAllocation())
      .addTransition(ROLLING_BACK, ROLLING_BACK, LATE_IN_ROLLBACK,
          new Absorb("during rollback"))

      // SUCCEEDED, FAILED and LOST are final: no transitions.
      .installTopology();

  private final MigrationSpec spec;
  private final MigrationDriver driver;
  private final Clock clock;
  private final StateMachine<ContainerMigrationState, ContainerMigrationEventType,
      ContainerMigrationEvent> stateMachine;

  // Guarded by this.
  private final List<ContainerMigrationPhase> phases = new ArrayList<>();
  private final StringBuilder diagnostics = new StringBuilder();
  private TargetAllocation allocation;
  private long imageBytes;
  private long frozenTimeMs;
  private long dumpTimeMs;
  private long transferTimeMs;
  private long transferredBytes;
  private long finishTime;
  /** The failure that ended the migration: the first one, kept through the rollback. */
  private MigrationFailure failure;

  public ContainerMigration(MigrationSpec spec, MigrationDriver driver, Clock clock) {
    this(spec, driver, clock, NEW);
  }

  /** A migration put straight into {@code initial}: for tests of the table. */
  ContainerMigration(MigrationSpec spec, MigrationDriver driver, Clock clock,
      ContainerMigrationState initial) {
    this.spec = spec;
    this.driver = driver;
    this.clock = clock;
    this.stateMachine = FACTORY.make(this, initial);
    phases.add(ContainerMigrationPhase.newInstance(initial, spec.getSubmitTime(), 0));
  }

  /** The table itself, for the state graph in docs and for tests. */
  public static StateMachineFactory<ContainerMigration, ContainerMigrationState,
      ContainerMigrationEventType, ContainerMigrationEvent> getFactory() {
    return FACTORY;
  }

  @Override
  public synchronized void handle(ContainerMigrationEvent event) {
    ContainerMigrationState before = stateMachine.getCurrentState();
    try {
      stateMachine.doTransition(event.getType(), event);
    } catch (InvalidStateTransitionException e) {
      String message = "illegal event " + event.getType() + " in state " + before;
      if (before.isFinal()) {
        LOG.warn("Migration {} of {}: {} ignored, the migration is final",
            spec.getMigrationId(), spec.getContainerId(), message);
        appendDiagnostics(message + " (ignored, the migration is final)");
        return;
      }
      LOG.error("Migration {} of {}: {}; failing the migration", spec.getMigrationId(),
          spec.getContainerId(), message);
      stateMachine.doTransition(ILLEGAL_EVENT, ContainerMigrationEvent.failure(
          spec.getMigrationId(), ILLEGAL_EVENT, message
              + (event.getDiagnostics() == null ? "" : " (" + event.getDiagnostics() + ")")));
    }
    ContainerMigrationState after = stateMachine.getCurrentState();
    if (after != before) {
      LOG.info("Migration {} of {} ({} -> {}): {} -> {} on {}", spec.getMigrationId(),
          spec.getContainerId(), spec.getSourceNode(), spec.getTargetNode(), before, after,
          event.getType());
    }
  }

  public MigrationSpec getSpec() {
    return spec;
  }

  public String getMigrationId() {
    return spec.getMigrationId();
  }

  public synchronized ContainerMigrationState getState() {
    return stateMachine.getCurrentState();
  }

  /** The target allocation once granted (also a late one that arrived during rollback). */
  public synchronized TargetAllocation getAllocation() {
    return allocation;
  }

  public synchronized String getDiagnostics() {
    return diagnostics.toString();
  }

  /** The failure that ended the migration (the first); null while nothing failed. */
  public synchronized MigrationFailure getFailure() {
    return failure;
  }

  public synchronized long getImageBytes() {
    return imageBytes;
  }

  /** Bytes the source shipped to the target (images, work dir copy, spec). */
  public synchronized long getTransferredBytes() {
    return transferredBytes;
  }

  public synchronized long getFrozenTimeMs() {
    return frozenTimeMs;
  }

  public synchronized long getFinishTime() {
    return finishTime;
  }

  /** Copies of the phases so far, oldest first. */
  public synchronized List<ContainerMigrationPhase> getPhases() {
    List<ContainerMigrationPhase> copy = new ArrayList<>(phases.size());
    for (ContainerMigrationPhase p : phases) {
      copy.add(ContainerMigrationPhase.newInstance(p.getState(), p.getStartTime(),
          p.getEndTime()));
    }
    return copy;
  }

  /** A fresh report record of the current state. */
  public synchronized ContainerMigrationReport toReport() {
    ContainerMigrationReport report = ContainerMigrationReport.newInstance();
    report.setMigrationId(spec.getMigrationId());
    report.setContainerId(spec.getContainerId());
    report.setApplicationId(spec.getContainerId().getApplicationAttemptId().getApplicationId());
    report.setUser(spec.getUser());
    report.setSourceNode(spec.getSourceNode());
    report.setTargetNode(spec.getTargetNode());
    report.setStrategy(spec.getStrategy());
    report.setTcpMode(spec.getTcpMode());
    report.setPlacement(spec.getPlacement());
    report.setReason(spec.getReason());
    report.setSubmitTime(spec.getSubmitTime());
    report.setFinishTime(finishTime);
    report.setState(stateMachine.getCurrentState());
    report.setPhases(getPhases());
    report.setImageBytes(imageBytes);
    report.setFrozenTimeMs(frozenTimeMs);
    report.setDumpTimeMs(dumpTimeMs);
    report.setTransferTimeMs(transferTimeMs);
    report.setTransferredBytes(transferredBytes);
    if (allocation != null) {
      report.setTargetContainerId(allocation.getContainer().getId());
    }
    report.setDiagnostics(diagnostics.length() == 0 ? null : diagnostics.toString());
    report.setFailure(failure);
    return report;
  }

  @Override
  public String toString() {
    return spec.getMigrationId() + " of " + spec.getContainerId();
  }

  // ---- transitions --------------------------------------------------------------------

  private void appendDiagnostics(String text) {
    if (text == null || text.isEmpty()) {
      return;
    }
    if (diagnostics.length() > 0) {
      diagnostics.append('\n');
    }
    diagnostics.append(text);
  }

  /** Closes the current phase and opens {@code state}'s, then hands over to the driver. */
  private void enter(ContainerMigrationState state) {
    long at = clock.getTime();
    ContainerMigrationPhase current = phases.get(phases.size() - 1);
    current.setEndTime(at);
    phases.add(ContainerMigrationPhase.newInstance(state, at, state.isFinal() ? at : 0));
    if (state.isFinal()) {
      finishTime = at;
    }
    driver.onEnter(this, state);
  }

  /** Moves on to the next working state. */
  private static class Enter
      implements SingleArcTransition<ContainerMigration, ContainerMigrationEvent> {
    private final ContainerMigrationState target;

    Enter(ContainerMigrationState target) {
      this.target = target;
    }

    @Override
    public void transition(ContainerMigration m, ContainerMigrationEvent event) {
      m.appendDiagnostics(event.getDiagnostics());
      m.enter(target);
    }
  }

  /** A failure: records the cause ("<event>: <detail>") and enters FAILED or ROLLING_BACK. */
  private static class Fail extends Enter {
    Fail(ContainerMigrationState target) {
      super(target);
    }

    @Override
    public void transition(ContainerMigration m, ContainerMigrationEvent event) {
      String cause = event.getDiagnostics() == null ? "" : ": " + event.getDiagnostics();
      m.appendDiagnostics(event.getType() + cause);
      if (m.failure == null) {
        m.failure = event.getFailure() != null ? event.getFailure() : m.failureIn(
            m.phases.get(m.phases.size() - 1).getState(), event);
      }
      m.enter(((Enter) this).target);
    }
  }

  /**
   * A failure the event gave as text only (the deadline, an abort, an illegal event, a
   * step's unexpected error), named after the step that was running in {@code state} and
   * the node it ran on.
   */
  private MigrationFailure failureIn(ContainerMigrationState state,
      ContainerMigrationEvent event) {
    MigrationFailure.Step step;
    Object node;
    switch (state) {
    case ALLOCATING:
      step = MigrationFailure.Step.ALLOCATION;
      node = spec.getTargetNode();
      break;
    case CHECKPOINTING:
      step = MigrationFailure.Step.CHECKPOINT;
      node = spec.getSourceNode();
      break;
    case TRANSFERRING:
      step = MigrationFailure.Step.TRANSFER;
      node = spec.getSourceNode();
      break;
    case RESTORING:
      step = MigrationFailure.Step.RESTORE;
      node = allocation != null ? allocation.getContainer().getNodeId()
          : spec.getTargetNode();
      break;
    case PULLING_PAGES:
      step = MigrationFailure.Step.PAGE_PULL;
      node = spec.getSourceNode();
      break;
    default:
      step = MigrationFailure.Step.MIGRATION;
      node = null;
      break;
    }
    String detail = event.getDiagnostics() == null ? "no detail" : event.getDiagnostics();
    String cause;
    switch (event.getType()) {
    case TIMEOUT:
      cause = "the migration's deadline passed (" + detail + ")";
      break;
    case ABORTED:
      cause = "aborted: " + detail;
      break;
    default:
      cause = detail;
      break;
    }
    return MigrationFailure.of(step, spec.getContainerId(), spec.getMigrationId(), node,
        cause);
  }

  private static class Allocated extends Enter {
    Allocated() {
      super(CHECKPOINTING);
    }

    @Override
    public void transition(ContainerMigration m, ContainerMigrationEvent event) {
      m.allocation = event.getAllocation();
      super.transition(m, event);
    }
  }

  private static class Checkpointed extends Enter {
    Checkpointed() {
      super(TRANSFERRING);
    }

    @Override
    public void transition(ContainerMigration m, ContainerMigrationEvent event) {
      m.dumpTimeMs = event.getStepMs();
      m.imageBytes = event.getBytes();
      super.transition(m, event);
    }
  }

  private static class Transferred extends Enter {
    Transferred() {
      super(RESTORING);
    }

    @Override
    public void transition(ContainerMigration m, ContainerMigrationEvent event) {
      m.transferTimeMs = event.getStepMs();
      m.transferredBytes = event.getBytes();
      super.transition(m, event);
    }
  }

  /**
   * The commit point: SUCCEEDED, or PULLING_PAGES for a post-copy tree that still pulls its
   * memory from the source.
   */
  private static class Restored implements MultipleArcTransition<ContainerMigration,
      ContainerMigrationEvent, ContainerMigrationState> {
    @Override
    public ContainerMigrationState transition(ContainerMigration m,
        ContainerMigrationEvent event) {
      m.frozenTimeMs = event.getFrozenTimeMs();
      m.appendDiagnostics(event.getDiagnostics());
      ContainerMigrationState next =
          m.spec.getStrategy() == ContainerMigrationStrategy.LAZY_PAGES ? PULLING_PAGES
              : SUCCEEDED;
      m.enter(next);
      return next;
    }
  }

  /**
   * Whether entering {@code state} is this migration's commit point (the tree ran on the
   * target): PULLING_PAGES, or SUCCEEDED straight from RESTORING. What must happen once at
   * the commit (the AM's view of the container moves to the target) keys on this.
   */
  public synchronized boolean commits(ContainerMigrationState state) {
    if (state == PULLING_PAGES) {
      return true;
    }
    if (state != SUCCEEDED) {
      return false;
    }
    for (ContainerMigrationPhase p : phases) {
      if (p.getState() == PULLING_PAGES) {
        return false;
      }
    }
    return true;
  }

  /** An allocation that arrived after the rollback began: kept so the rollback frees it. */
  private static class LateAllocation
      implements SingleArcTransition<ContainerMigration, ContainerMigrationEvent> {
    @Override
    public void transition(ContainerMigration m, ContainerMigrationEvent event) {
      m.allocation = event.getAllocation();
      m.appendDiagnostics("ALLOCATED after the rollback began; the allocation is released");
    }
  }

  /**
   * Events that change nothing where they come (outcomes of the interrupted step during a
   * rollback; a deadline past the commit point): noted, otherwise ignored.
   */
  private static class Absorb
      implements SingleArcTransition<ContainerMigration, ContainerMigrationEvent> {
    private final String where;

    Absorb(String where) {
      this.where = where;
    }

    @Override
    public void transition(ContainerMigration m, ContainerMigrationEvent event) {
      String cause = event.getDiagnostics() == null ? "" : ": " + event.getDiagnostics();
      m.appendDiagnostics(event.getType() + " " + where + cause);
    }
  }
}
