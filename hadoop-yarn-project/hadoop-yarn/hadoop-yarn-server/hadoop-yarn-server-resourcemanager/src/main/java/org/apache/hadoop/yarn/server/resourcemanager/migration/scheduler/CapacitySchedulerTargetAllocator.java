/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler;

import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

import org.apache.hadoop.yarn.api.migration.ContainerMigrationException;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException.Reason;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ExecutionType;
import org.apache.hadoop.yarn.api.records.ExecutionTypeRequest;
import org.apache.hadoop.yarn.api.records.LogAggregationContext;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.ResourceSizing;
import org.apache.hadoop.yarn.api.records.SchedulingRequest;
import org.apache.hadoop.yarn.api.records.Token;
import org.apache.hadoop.yarn.api.migration.MigrationFailure;
import org.apache.hadoop.yarn.api.migration.MigrationFailure.Step;
import org.apache.hadoop.yarn.server.api.ContainerType;
import org.apache.hadoop.yarn.server.resourcemanager.RMContext;
import org.apache.hadoop.yarn.server.resourcemanager.migration.records.MigrationSpec;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMApp;
import org.apache.hadoop.yarn.server.resourcemanager.rmcontainer.RMContainer;
import org.apache.hadoop.yarn.server.resourcemanager.rmcontainer.RMContainerEvent;
import org.apache.hadoop.yarn.server.resourcemanager.rmcontainer.RMContainerEventType;
import org.apache.hadoop.yarn.server.resourcemanager.rmcontainer.RMContainerState;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.SchedulerNode;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.SchedulerUtils;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.capacity.CapacityScheduler;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.common.fica.FiCaSchedulerApp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TargetContainerAllocator} for the CapacityScheduler of Hadoop 3.1.0.
 *
 * <h3>How the allocation goes through the scheduler</h3>
 * <ol>
 * <li>{@code CapacityScheduler.attemptAllocationOnNode(attempt, SchedulingRequest, node)}
 *   with one allocation of the source container's Resource and Priority, GUARANTEED, and
 *   the allocation tag {@code yarn-migration:<id>}. It builds an RMContainerImpl, checks
 *   placement constraints (none match our tag) and calls
 *   {@code tryCommit(cluster, request, updatePending=false)} synchronously: the attempt's
 *   {@code accept} checks the node's unallocated resource, the leaf queue's {@code accept}
 *   its limits; {@code apply} then charges queue, user, attempt and node exactly like any
 *   allocation, moves the RMContainer NEW -&gt; ALLOCATED, registers the tag with the
 *   AllocationTagsManager and adds it to the attempt's {@code newlyAllocatedContainers}.
 *   No pending ResourceRequest is needed or consumed ({@code updatePending=false}).</li>
 * <li>{@code tryCommit} always subtracts the allocation from the attempt's "unconfirmed"
 *   resource, which only the regular allocator adds; we add it back (otherwise
 *   {@code hasPendingResourceRequest} would see phantom demand).</li>
 * <li>Under the attempt's write lock we take the container out of
 *   {@code newlyAllocatedContainers} ({@link SchedulerInternals}) so the AM's next allocate
 *   does not return it, create its container token with
 *   {@code RMContainerTokenSecretManager.createContainerToken} (as
 *   {@code pullNewlyAllocatedContainers} would) and fire {@code ACQUIRED}: the RMContainer
 *   goes ALLOCATED -&gt; ACQUIRED and is registered with the ContainerAllocationExpirer, so
 *   the target NM must report it within the expiry interval or the RM reclaims it.</li>
 * </ol>
 * If the AM's heartbeat pulled the container in the instant between commit and our lock,
 * it already carries a token and is ACQUIRED; the AM response then contains it and the AMS
 * processor must drop it by its tag. Release goes through
 * {@code AbstractYarnScheduler.completedContainer(..., RELEASED)}, the path of an AM
 * release: the RM tells the NM to clean the container up and every usage is given back.
 */
public class CapacitySchedulerTargetAllocator implements TargetContainerAllocator {

  private static final Logger LOG =
      LoggerFactory.getLogger(CapacitySchedulerTargetAllocator.class);

  private final RMContext rmContext;

  public CapacitySchedulerTargetAllocator(RMContext rmContext) {
    SchedulerInternals.checkSeam();
    this.rmContext = rmContext;
  }

  private CapacityScheduler scheduler() {
    return (CapacityScheduler) rmContext.getScheduler();
  }

  @Override
  public TargetAllocation allocate(MigrationSpec spec) throws ContainerMigrationException {
    CapacityScheduler cs = scheduler();
    FiCaSchedulerApp attempt = cs.getApplicationAttempt(spec.getApplicationAttemptId());
    if (attempt == null || attempt.isStopped()) {
      throw failure(spec, Reason.CONFLICT, "application attempt "
          + spec.getApplicationAttemptId() + " is not running");
    }
    SchedulerNode node = cs.getSchedulerNode(spec.getTargetNode());
    if (node == null) {
      throw failure(spec, Reason.NOT_FOUND, "the scheduler does not know the node");
    }
    String tag = TargetContainerAllocator.tagFor(spec.getMigrationId());
    SchedulingRequest request = SchedulingRequest.newBuilder()
        .priority(spec.getPriority())
        .executionType(ExecutionTypeRequest.newInstance(ExecutionType.GUARANTEED, true))
        .allocationTags(Collections.singleton(tag))
        .resourceSizing(ResourceSizing.newInstance(1, spec.getResource()))
        .build();

    boolean granted = cs.attemptAllocationOnNode(attempt, request, node);
    // tryCommit ran (the attempt was running and no placement constraint names our tag)
    // and subtracted an "unconfirmed" amount that was never added: add it back.
    attempt.incUnconfirmedRes(spec.getResource());
    if (!granted) {
      throw failure(spec, Reason.CONFLICT, "the scheduler did not grant "
          + spec.getResource() + ": " + whyNotGranted(cs, attempt, node, spec.getResource()));
    }

    RMContainer rmContainer = findByTag(attempt, tag);
    if (rmContainer == null) {
      throw failure(spec, Reason.INTERNAL, "the granted container was not found in the"
          + " application attempt");
    }
    attempt.getWriteLock().lock();
    try {
      RMContainer taken = SchedulerInternals.takeNewlyAllocated(attempt,
          rmContainer.getContainerId());
      if (taken != null) {
        acquire(attempt, rmContainer);
      } else {
        LOG.warn("Target container {} of migration {} was pulled by the AM heartbeat before"
            + " the migration could claim it; the AMS processor must hide it",
            rmContainer.getContainerId(), spec.getMigrationId());
      }
    } finally {
      attempt.getWriteLock().unlock();
    }
    Container container = rmContainer.getContainer();
    LOG.info("Allocated target container {} on {} ({}) for migration {} of {}",
        container.getId(), container.getNodeId(), container.getResource(),
        spec.getMigrationId(), spec.getContainerId());
    return new TargetAllocation(spec.getMigrationId(), container, tag);
  }

  /** Token + ALLOCATED -&gt; ACQUIRED, as pullNewlyAllocatedContainers does for the AM. */
  private void acquire(FiCaSchedulerApp attempt, RMContainer rmContainer) {
    Container container = rmContainer.getContainer();
    Set<String> tags = new HashSet<>(rmContainer.getAllocationTags());
    Token token = rmContext.getContainerTokenSecretManager().createContainerToken(
        container.getId(), container.getVersion(), container.getNodeId(),
        attempt.getUser(), container.getResource(), container.getPriority(),
        rmContainer.getCreationTime(), logAggregationContext(attempt),
        rmContainer.getNodeLabelExpression(), ContainerType.TASK,
        container.getExecutionType(), container.getAllocationRequestId(), tags);
    container.setContainerToken(token);
    container.setAllocationTags(tags);
    rmContainer.handle(new RMContainerEvent(container.getId(),
        RMContainerEventType.ACQUIRED));
  }

  private LogAggregationContext logAggregationContext(FiCaSchedulerApp attempt) {
    RMApp app = rmContext.getRMApps().get(attempt.getApplicationId());
    return app == null || app.getApplicationSubmissionContext() == null ? null
        : app.getApplicationSubmissionContext().getLogAggregationContext();
  }

  private static RMContainer findByTag(FiCaSchedulerApp attempt, String tag) {
    for (RMContainer c : attempt.getLiveContainers()) {
      Set<String> tags = c.getAllocationTags();
      if (tags != null && tags.contains(tag)) {
        return c;
      }
    }
    return null;
  }

  @Override
  public void release(TargetAllocation allocation, String diagnostics) {
    CapacityScheduler cs = scheduler();
    RMContainer rmContainer = cs.getRMContainer(allocation.getContainer().getId());
    if (rmContainer == null) {
      LOG.info("Target container {} of migration {} is already gone",
          allocation.getContainer().getId(), allocation.getMigrationId());
      return;
    }
    // ALLOCATED has no RELEASED arc in 3.1.0; KILL is its release (FinishedTransition).
    RMContainerEventType event = rmContainer.getState() == RMContainerState.ALLOCATED
        ? RMContainerEventType.KILL : RMContainerEventType.RELEASED;
    cs.completedContainer(rmContainer, SchedulerUtils.createAbnormalContainerStatus(
        rmContainer.getContainerId(), diagnostics), event);
    LOG.info("Released target container {} of migration {}: {}",
        allocation.getContainer().getId(), allocation.getMigrationId(), diagnostics);
  }

  /**
   * The scheduler answers a refused allocation with false only: name what explains it, in
   * the scheduler's own terms (its calculator), from the node's free resource and the
   * application's headroom (queue and user limits).
   */
  static String whyNotGranted(CapacityScheduler cs, FiCaSchedulerApp attempt,
      SchedulerNode node, Resource needed) {
    SchedulerFit fit = SchedulerFit.of(cs);
    String nodeWhy = fit.whyNot(needed, node.getUnallocatedResource());
    if (!nodeWhy.isEmpty()) {
      return "node " + node.getNodeID() + " has no room: " + nodeWhy;
    }
    Resource headroom = attempt.getHeadroom();
    if (headroom != null && !fit.fits(needed, headroom)) {
      return "the application's headroom in queue " + attempt.getQueueName() + " is "
          + headroom + " (queue or user limit): " + fit.whyNot(needed, headroom);
    }
    return "neither the node's free resource " + node.getUnallocatedResource()
        + " nor the application's headroom " + headroom + " explains it (the"
        + " CapacityScheduler logs its reason at DEBUG)";
  }

  private static ContainerMigrationException failure(MigrationSpec spec, Reason reason,
      String cause) {
    return new ContainerMigrationException(reason, MigrationFailure.of(Step.ALLOCATION,
        spec.getContainerId(), spec.getMigrationId(), spec.getTargetNode(),
        "no target container: " + cause), null);
  }
}
