/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.recovery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import org.apache.hadoop.service.AbstractService;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.RestoreStatus;
import org.apache.hadoop.yarn.server.resourcemanager.migration.ams.MigrationIdMap;
import org.apache.hadoop.yarn.server.resourcemanager.migration.ams.MigrationIdStore.InFlight;
import org.apache.hadoop.yarn.server.resourcemanager.migration.channel.NodeMigrationChannel;
import org.apache.hadoop.yarn.server.resourcemanager.migration.channel.PagesLostException;
import org.apache.hadoop.yarn.server.resourcemanager.migration.records.MigrationSpec;
import org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler.TargetAllocation;
import org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler.TargetContainerAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the migrations an RM found in flight when it started (the store's records of
 * its predecessor): each is finished or rolled back, so no source tree waits frozen for
 * its node's watchdog. Runs once both nodes' agents registered with this RM:
 * <ul>
 * <li>committed (the tree ran on the target and the AM had been told): the source is
 *   completed (ended with exit status 175, which the AM never sees);</li>
 * <li>not committed, and the target says RESTORED (or PAGES_LOST): committed now (the id
 *   map records the move), then completed as above;</li>
 * <li>not committed, and the target says FAILED, or PENDING while this RM holds no target
 *   container (it never started there): rolled back (the source thawed, the target's
 *   images discarded, its container released);</li>
 * <li>PENDING with the target container running: asked again (its restore ends within the
 *   target's restore timeout).</li>
 * <li>post-copy, when the source says the pages did not all reach the target: the
 *   container is lost (as LOST reports it); its target container is released.</li>
 * </ul>
 * What is still unresolved after {@code resolveWithinMs} is left, with an ERROR naming
 * it, to the source node's watchdog ({@code yarn.nodemanager.migration.max-frozen-ms}).
 */
public class InFlightRecovery extends AbstractService {

  private static final Logger LOG = LoggerFactory.getLogger(InFlightRecovery.class);

  /** Between two rounds of questions to the nodes. */
  static final long ROUND_MS = 500;
  /** Rounds a target container must be missing before it counts as never started. */
  static final int ABSENT_ROUNDS = 4;
  /** The reason its spec and report give a migration this RM resolves. */
  static final String REASON = "in flight when the ResourceManager stopped";
  /** Bound of one call to the nodes. */
  private static final long CALL_MS = 30_000;

  /** Where the target containers this RM holds are found (its scheduler). */
  public interface TargetContainers {
    /**
     * The target container as this RM holds it (recovered from its NM's report), or null
     * when it holds none.
     */
    Container get(InFlight m);
  }

  private final MigrationIdMap idMap;
  private final NodeMigrationChannel channel;
  private final TargetContainerAllocator allocator;
  private final Predicate<NodeId> agentRegistered;
  private final TargetContainers containers;
  private final long resolveWithinMs;
  private final Map<String, Integer> absentRounds = new HashMap<>();
  private volatile Thread worker;

  /**
   * @param idMap what the store gave back ({@link MigrationIdMap#inFlight}), where a
   *     commit is recorded
   * @param channel the manager's channel, tracked by {@code idMap} (a landed completion
   *     ends the record)
   * @param allocator the manager's allocator, tracked by {@code idMap}
   * @param agentRegistered whether a node's agent registered with this RM
   */
  public InFlightRecovery(MigrationIdMap idMap, NodeMigrationChannel channel,
      TargetContainerAllocator allocator, Predicate<NodeId> agentRegistered,
      TargetContainers containers, long resolveWithinMs) {
    super(InFlightRecovery.class.getSimpleName());
    this.idMap = idMap;
    this.channel = channel;
    this.allocator = allocator;
    this.agentRegistered = agentRegistered;
    this.containers = containers;
    this.resolveWithinMs = resolveWithinMs;
  }

  @Override
  protected void serviceStart() throws Exception {
    List<InFlight> found = idMap.inFlight();
    if (!found.isEmpty()) {
      LOG.info("{} migration(s) were in flight when the RM stopped; resolving them: {}",
          found.size(), found);
      Thread t = new Thread(() -> resolveAll(found), "migration-inflight-recovery");
      t.setDaemon(true);
      worker = t;
      t.start();
    }
    super.serviceStart();
  }

  @Override
  protected void serviceStop() throws Exception {
    Thread t = worker;
    if (t != null) {
      t.interrupt();
      t.join(10_000);
    }
    super.serviceStop();
  }

  private void resolveAll(List<InFlight> found) {
    List<InFlight> open = new ArrayList<>(found);
    long deadline = System.nanoTime() + resolveWithinMs * 1_000_000L;
    try {
      while (!open.isEmpty()) {
        for (Iterator<InFlight> it = open.iterator(); it.hasNext();) {
          if (resolve(it.next())) {
            it.remove();
          }
        }
        if (open.isEmpty() || System.nanoTime() - deadline > 0) {
          break;
        }
        Thread.sleep(ROUND_MS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (InFlight m : open) {
      LOG.error("Migration {} of {} was in flight when the RM stopped and is still not"
          + " resolved {} ms after its start: its source tree on {} stays frozen until that"
          + " node's watchdog (yarn.nodemanager.migration.max-frozen-ms) gives it up."
          + " Check that the agents of {} and {} registered with this RM.", m.getMigrationId(),
          m.getSource(), resolveWithinMs, m.getSourceNode(), m.getSourceNode(),
          m.getTargetNode());
    }
  }

  /**
   * One round for one migration.
   *
   * @return true once it is resolved (completed or rolled back)
   */
  boolean resolve(InFlight m) throws InterruptedException {
    if (!agentRegistered.test(m.getSourceNode())) {
      return false; // the source holds the frozen tree: nothing is decided without it
    }
    MigrationSpec spec = specOf(m);
    Container held = containers.get(m);
    TargetAllocation target = new TargetAllocation(m.getMigrationId(), held != null ? held
        : Container.newInstance(m.getTarget(), m.getTargetNode(), null, null, null, null),
        null);
    if (!m.isCommitted()) {
      if (!agentRegistered.test(m.getTargetNode())) {
        return false;
      }
      RestoreStatus status;
      try {
        status = channel.restoreStatus(spec, target).get(CALL_MS, TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        LOG.info("{}: the target {} cannot say how the restore stands yet: {}", m,
            m.getTargetNode(), e.toString());
        return false;
      }
      switch (status) {
      case RESTORED:
      case PAGES_LOST:
        LOG.info("{}: the tree runs on the target {}; committed now", m, m.getTargetNode());
        idMap.succeeded(m.getSource(), m.getTarget());
        break;
      case FAILED:
        return rollBack(m, spec, target, "the restore on " + m.getTargetNode() + " failed");
      default: // PENDING
        if (held != null) {
          absentRounds.remove(m.getMigrationId());
          return false; // the restore container runs: its restore ends one way or the other
        }
        int rounds = absentRounds.merge(m.getMigrationId(), 1, Integer::sum);
        if (rounds < ABSENT_ROUNDS) {
          return false; // the target NM may not have reported its containers yet
        }
        return rollBack(m, spec, target, "its restore never started on " + m.getTargetNode());
      }
    }
    return complete(m, spec, target);
  }

  private boolean complete(InFlight m, MigrationSpec spec, TargetAllocation target)
      throws InterruptedException {
    try {
      channel.complete(spec, target).get(CALL_MS, TimeUnit.MILLISECONDS);
      LOG.info("Migration {} of {}, in flight when the RM stopped, completed: it runs in {}"
          + " on {}", m.getMigrationId(), m.getSource(), m.getTarget(), m.getTargetNode());
      ended(m, ContainerMigrationState.SUCCEEDED, "In flight when the ResourceManager"
          + " stopped; completed by the ResourceManager that started again: "
          + m.getSource() + " runs as " + m.getTarget() + " on " + m.getTargetNode());
      return true;
    } catch (ExecutionException | TimeoutException e) {
      PagesLostException lost = PagesLostException.in(e);
      if (lost == null) {
        LOG.warn("Completing {} failed, asking again: {}", m, e.toString());
        return false;
      }
      // post-copy: the tree on the target lacks memory and was ended; the container is
      // lost, as the orchestrator reports it (LOST): its target container goes too
      String why = "Container " + m.getSource() + " was lost in its post-copy migration "
          + m.getMigrationId() + ", in flight when the ResourceManager stopped: "
          + lost.getMessage();
      allocator.release(target, why);
      LOG.error(why);
      ended(m, ContainerMigrationState.LOST, why);
      return true;
    }
  }

  private boolean rollBack(InFlight m, MigrationSpec spec, TargetAllocation target,
      String why) throws InterruptedException {
    String reason = "Migration " + m.getMigrationId() + " of " + m.getSource() + " was in"
        + " flight when the ResourceManager stopped, and " + why + ": rolled back, the"
        + " container keeps running on " + m.getSourceNode();
    try {
      channel.abort(spec, target, reason).get(CALL_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("Rolling back {} failed, trying again: {}", m, e.toString());
      return false;
    }
    allocator.release(target, reason);
    idMap.inFlightEnded(m.getMigrationId());
    LOG.info(reason);
    ended(m, ContainerMigrationState.FAILED, reason);
    return true;
  }

  /**
   * The final report of a migration this RM resolved: what {@code yarn container
   * -migration <id>} shows of it (the report the RM that stopped had is gone).
   */
  private void ended(InFlight m, ContainerMigrationState state, String diagnostics) {
    ContainerMigrationReport r = ContainerMigrationReport.newInstance();
    r.setMigrationId(m.getMigrationId());
    r.setContainerId(m.getSource());
    r.setTargetContainerId(m.getTarget());
    r.setApplicationId(m.getSource().getApplicationAttemptId().getApplicationId());
    r.setSourceNode(m.getSourceNode());
    r.setTargetNode(m.getTargetNode());
    r.setState(state);
    r.setStrategy(m.getStrategy());
    r.setReason(REASON);
    r.setSubmitTime(m.getSubmitTime());
    r.setFinishTime(System.currentTimeMillis());
    r.setDiagnostics(diagnostics);
    idMap.ended(r);
  }

  private MigrationSpec specOf(InFlight m) {
    return MigrationSpec.newBuilder().migrationId(m.getMigrationId())
        .containerId(m.getSource()).sourceNode(m.getSourceNode())
        .targetNode(m.getTargetNode()).strategy(m.getStrategy()).timeoutMs(resolveWithinMs)
        .reason(REASON).build();
  }
}
