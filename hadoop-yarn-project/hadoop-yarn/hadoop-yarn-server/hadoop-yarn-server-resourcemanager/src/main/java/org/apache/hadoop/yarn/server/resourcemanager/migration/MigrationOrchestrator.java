/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.service.AbstractService;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException;
import org.apache.hadoop.yarn.api.migration.MigrationFailure;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.server.resourcemanager.migration.channel.NodeMigrationChannel;
import org.apache.hadoop.yarn.server.resourcemanager.migration.channel.PagesLostException;
import org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler.TargetAllocation;
import org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler.TargetContainerAllocator;
import org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine.ContainerMigration;
import org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine.ContainerMigrationEvent;
import org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine.ContainerMigrationEventType;
import org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine.MigrationDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.util.concurrent.ThreadFactoryBuilder;

/**
 * The mechanism behind the state table: runs each step of a migration on its own thread
 * pool and feeds the outcome back into the migration's state machine as an event.
 *
 * <ul>
 * <li>ALLOCATING: {@link TargetContainerAllocator#allocate}; the migration's deadline
 *   starts.</li>
 * <li>CHECKPOINTING, TRANSFERRING, RESTORING: the {@link NodeMigrationChannel} calls.</li>
 * <li>ROLLING_BACK: wait for the interrupted step, abort on the nodes (target killed
 *   before the source thaws), release the target allocation through the scheduler, then
 *   ROLLED_BACK. Cleanup failures are added to the diagnostics, never dropped, and never
 *   stop the remaining cleanup.</li>
 * <li>SUCCEEDED: complete on the source node (exit status 175); FAILED: bookkeeping.</li>
 * <li>PULLING_PAGES (post-copy, past the commit point): the completion on the source,
 *   which answers once every page went (retried until it does), then PAGES_PULLED; a
 *   source that says the pages did not all go, or never confirms them, is PAGES_LOST.</li>
 * <li>LOST: the target container (the tree there lacks memory) is ended through the
 *   scheduler; its application sees it end under its original id.</li>
 * </ul>
 * Outcomes always come back on the orchestrator's threads, never on the thread that is
 * inside a transition.
 */
public class MigrationOrchestrator extends AbstractService implements MigrationDriver {

  private static final Logger LOG = LoggerFactory.getLogger(MigrationOrchestrator.class);

  private final TargetContainerAllocator allocator;
  private final NodeMigrationChannel channel;
  private final MigrationRegistry registry;
  private final MigrationMetrics metrics;

  private final Map<String, Steps> steps = new ConcurrentHashMap<>();
  private volatile ExecutorService executor;
  private volatile ScheduledExecutorService timer;
  private long rollbackTimeoutMs;
  private NodeCallRetries retries;
  /** Why a node is gone, or null; null: nodes are not watched. */
  private volatile NodeWatch nodeWatch;

  /** How often the nodes of in-flight migrations are checked, ms. */
  static final long NODE_CHECK_MS = 1000;

  /** Tells the orchestrator whether the nodes a migration uses are still there. */
  public interface NodeWatch {
    /** Called once per check, before {@link #whyGone} (e.g. to expire silent agents). */
    void refresh();

    /** @return why the node is gone (not naming it), or null when it is there */
    String whyGone(NodeId node);
  }

  /** What is in flight for one migration. */
  private static final class Steps {
    volatile Future<?> current;
    volatile ScheduledFuture<?> deadline;
    volatile boolean nodesTouched;
  }

  public MigrationOrchestrator(TargetContainerAllocator allocator,
      NodeMigrationChannel channel, MigrationRegistry registry, MigrationMetrics metrics) {
    super(MigrationOrchestrator.class.getSimpleName());
    this.allocator = allocator;
    this.channel = channel;
    this.registry = registry;
    this.metrics = metrics;
  }

  @Override
  protected void serviceInit(Configuration conf) throws Exception {
    rollbackTimeoutMs = conf.getLong(MigrationConfiguration.RM_MIGRATION_ROLLBACK_TIMEOUT_MS,
        MigrationConfiguration.DEFAULT_RM_MIGRATION_ROLLBACK_TIMEOUT_MS);
    retries = new NodeCallRetries(
        conf.getLong(MigrationConfiguration.RM_MIGRATION_NODE_CALL_RETRY_INTERVAL_MS,
            MigrationConfiguration.DEFAULT_RM_MIGRATION_NODE_CALL_RETRY_INTERVAL_MS),
        conf.getLong(MigrationConfiguration.RM_MIGRATION_NODE_CALL_RETRY_MAX_INTERVAL_MS,
            MigrationConfiguration.DEFAULT_RM_MIGRATION_NODE_CALL_RETRY_MAX_INTERVAL_MS),
        conf.getLong(MigrationConfiguration.RM_MIGRATION_NODE_CALL_RETRY_GIVE_UP_MS,
            MigrationConfiguration.DEFAULT_RM_MIGRATION_NODE_CALL_RETRY_GIVE_UP_MS));
    int threads = Math.max(2, conf.getInt(
        MigrationConfiguration.RM_MIGRATION_ORCHESTRATOR_THREAD_COUNT,
        MigrationConfiguration.DEFAULT_RM_MIGRATION_ORCHESTRATOR_THREAD_COUNT));
    executor = Executors.newFixedThreadPool(threads, new ThreadFactoryBuilder()
        .setNameFormat("MigrationOrchestrator #%d").setDaemon(true).build());
    timer = Executors.newSingleThreadScheduledExecutor(new ThreadFactoryBuilder()
        .setNameFormat("MigrationDeadlines").setDaemon(true).build());
    super.serviceInit(conf);
  }

  /**
   * Watches the nodes of in-flight migrations: one whose source or target node is gone is
   * ABORTED at once (checked every {@value #NODE_CHECK_MS} ms), not when a call to the node
   * times out. Set before start.
   */
  public void watchNodes(NodeWatch watch) {
    this.nodeWatch = watch;
  }

  @Override
  protected void serviceStart() throws Exception {
    if (nodeWatch != null) {
      timer.scheduleWithFixedDelay(() -> submit(this::abortWhereNodesAreGone), NODE_CHECK_MS,
          NODE_CHECK_MS, TimeUnit.MILLISECONDS);
    }
    super.serviceStart();
  }

  /** Aborts each working migration whose source or target node is gone. */
  void abortWhereNodesAreGone() {
    NodeWatch watch = nodeWatch;
    if (watch == null) {
      return;
    }
    try {
      watch.refresh();
      for (ContainerMigration m : registry.inFlight()) {
        ContainerMigrationState state = m.getState();
        if (state.isFinal() || state == ContainerMigrationState.ROLLING_BACK) {
          continue;
        }
        TargetAllocation a = m.getAllocation();
        NodeId target = a != null ? a.getContainer().getNodeId() : m.getSpec().getTargetNode();
        for (NodeId node : new NodeId[] {m.getSpec().getSourceNode(), target}) {
          String why = watch.whyGone(node);
          if (why != null) {
            boolean source = node.equals(m.getSpec().getSourceNode());
            String cause;
            if (state == ContainerMigrationState.PULLING_PAGES) {
              // past the commit point: the tree runs on the target, without all its memory
              cause = (source ? "the source node is gone while the target pulled the"
                  + " container's memory from it: " + why + "; the container, running on "
                  + target + " without the pages it had not pulled yet, is lost"
                  : "the target node is gone: " + why + "; the container ran there and is"
                  + " lost");
            } else {
              cause = source ? "the source node is gone: " + why + "; the container was on it"
                  : "the target node is gone: " + why + "; the container stays on "
                      + m.getSpec().getSourceNode();
            }
            m.handle(ContainerMigrationEvent.failed(m.getMigrationId(),
                ContainerMigrationEventType.ABORTED, MigrationFailure.of(
                    state == ContainerMigrationState.PULLING_PAGES
                        ? MigrationFailure.Step.PAGE_PULL : MigrationFailure.Step.MIGRATION,
                    m.getSpec().getContainerId(), m.getMigrationId(), node, cause)));
            break;
          }
        }
      }
    } catch (RuntimeException e) {
      LOG.error("Checking the nodes of in-flight migrations failed", e);
    }
  }

  @Override
  protected void serviceStop() throws Exception {
    // Give in-flight migrations a bounded chance to roll back, then stop the threads. One
    // past its commit point (pulling pages) cannot roll back; it is left as it is.
    for (ContainerMigration m : registry.inFlight()) {
      if (m.getState().isCommitted()) {
        continue;
      }
      m.handle(ContainerMigrationEvent.failure(m.getMigrationId(),
          ContainerMigrationEventType.ABORTED, "the ResourceManager is stopping"));
    }
    ExecutorService e = executor;
    if (e != null) {
      e.shutdown();
      if (!e.awaitTermination(Math.min(rollbackTimeoutMs, 10_000L), TimeUnit.MILLISECONDS)) {
        e.shutdownNow();
      }
    }
    ScheduledExecutorService t = timer;
    if (t != null) {
      t.shutdownNow();
    }
    super.serviceStop();
  }

  @Override
  public void onEnter(ContainerMigration m, ContainerMigrationState state) {
    switch (state) {
    case NEW:
      break;
    case ALLOCATING:
      startDeadline(m);
      allocate(m);
      break;
    case CHECKPOINTING:
      steps(m).nodesTouched = true;
      track(m, channel.checkpoint(m.getSpec(), m.getAllocation()),
          result -> result == null
              ? ContainerMigrationEvent.checkpointed(m.getMigrationId(), 0, 0)
              : ContainerMigrationEvent.checkpointed(m.getMigrationId(),
                  result.getDumpMs(), result.getImageBytes()),
          ContainerMigrationEventType.CHECKPOINT_FAILED);
      break;
    case TRANSFERRING:
      track(m, channel.ship(m.getSpec(), m.getAllocation()),
          result -> result == null
              ? ContainerMigrationEvent.transferred(m.getMigrationId(), 0, 0)
              : ContainerMigrationEvent.transferred(m.getMigrationId(),
                  result.getTransferMs(), result.getTransferredBytes()),
          ContainerMigrationEventType.TRANSFER_FAILED);
      break;
    case RESTORING:
      track(m, channel.restore(m.getSpec(), m.getAllocation())
              .thenCompose(v -> channel.awaitRestored(m.getSpec(), m.getAllocation())),
          frozen -> ContainerMigrationEvent.restored(m.getMigrationId(),
              frozen == null ? 0 : frozen),
          ContainerMigrationEventType.RESTORE_FAILED);
      break;
    case ROLLING_BACK:
      cancelDeadline(m);
      submit(() -> rollBack(m));
      break;
    case PULLING_PAGES:
      cancelDeadline(m);
      pullPages(m);
      break;
    case SUCCEEDED:
      cancelDeadline(m);
      if (m.commits(state)) {
        complete(m); // post-copy completed on the source while its pages were pulled
      }
      finish(m, state);
      break;
    case LOST:
      cancelDeadline(m);
      endLostTarget(m);
      finish(m, state);
      break;
    case FAILED:
      cancelDeadline(m);
      finish(m, state);
      break;
    default:
      throw new IllegalStateException("unknown state " + state);
    }
  }

  private Steps steps(ContainerMigration m) {
    return steps.computeIfAbsent(m.getMigrationId(), id -> new Steps());
  }

  private void submit(Runnable task) {
    executor.execute(task);
  }

  private void startDeadline(ContainerMigration m) {
    long timeoutMs = m.getSpec().getTimeoutMs();
    if (timeoutMs <= 0) {
      return;
    }
    steps(m).deadline = timer.schedule(() -> submit(() -> m.handle(
        ContainerMigrationEvent.failure(m.getMigrationId(), ContainerMigrationEventType.TIMEOUT,
            "no result within " + timeoutMs + " ms"))), timeoutMs, TimeUnit.MILLISECONDS);
  }

  private void cancelDeadline(ContainerMigration m) {
    ScheduledFuture<?> d = steps(m).deadline;
    if (d != null) {
      d.cancel(false);
    }
  }

  private void allocate(ContainerMigration m) {
    steps(m).current = executor.submit(() -> {
      TargetAllocation allocation;
      try {
        allocation = allocator.allocate(m.getSpec());
      } catch (ContainerMigrationException e) {
        m.handle(failureEvent(m, ContainerMigrationEventType.ALLOCATION_FAILED, e));
        return;
      } catch (RuntimeException e) {
        LOG.error("Allocation for {} failed unexpectedly", m, e);
        m.handle(ContainerMigrationEvent.failure(m.getMigrationId(),
            ContainerMigrationEventType.ALLOCATION_FAILED, String.valueOf(e)));
        return;
      }
      m.handle(ContainerMigrationEvent.allocated(m.getMigrationId(), allocation));
    });
  }

  /** Feeds a channel future's outcome back, always on the orchestrator's threads. */
  private <T> void track(ContainerMigration m, CompletableFuture<T> future,
      Function<T, ContainerMigrationEvent> onSuccess, ContainerMigrationEventType onFailure) {
    steps(m).current = future;
    future.whenCompleteAsync((value, error) -> {
      if (future.isCancelled()) {
        return; // cancelled by our own rollback: its outcome means nothing
      }
      if (error == null) {
        m.handle(onSuccess.apply(value));
      } else {
        m.handle(failureEvent(m, onFailure, error));
      }
    }, executor);
  }

  private void rollBack(ContainerMigration m) {
    Steps s = steps(m);
    List<String> problems = new ArrayList<>();
    Future<?> current = s.current;
    if (current instanceof CompletableFuture) {
      current.cancel(true); // the channel's work is undone by abort below
    } else if (current != null) {
      try {
        current.get(rollbackTimeoutMs, TimeUnit.MILLISECONDS); // allocation: let it land
      } catch (TimeoutException e) {
        problems.add("the allocation step did not finish within " + rollbackTimeoutMs
            + " ms");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        problems.add("interrupted while waiting for the allocation step");
      } catch (ExecutionException e) {
        problems.add("allocation step: " + describe(e));
      }
    }
    String reason = m.getDiagnostics();
    TargetAllocation allocation = m.getAllocation();
    if (s.nodesTouched) {
      String abortProblem = null;
      try {
        channel.abort(m.getSpec(), allocation, reason)
            .get(rollbackTimeoutMs, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        abortProblem = "abort on the nodes not confirmed within " + rollbackTimeoutMs + " ms";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        abortProblem = "interrupted while aborting on the nodes";
      } catch (ExecutionException | RuntimeException e) {
        abortProblem = "abort on the nodes failed: " + describe(e);
      }
      if (abortProblem != null) {
        problems.add(abortProblem + (retries.getGiveUpAfterMs() > 0 ? " (retried for up to "
            + retries.getGiveUpAfterMs() + " ms)" : ""));
        retryLater(m, "abort", () -> channel.abort(m.getSpec(), allocation, reason),
            System.nanoTime(), 1, () -> { }, () -> { });
      }
    }
    if (allocation != null) {
      try {
        allocator.release(allocation, "Migration " + m.getMigrationId() + " of "
            + m.getSpec().getContainerId() + " rolled back");
      } catch (RuntimeException e) {
        LOG.error("Releasing {} of {} failed", allocation, m, e);
        problems.add("releasing target container " + allocation.getContainer().getId()
            + " failed: " + describe(e));
      }
    }
    m.handle(ContainerMigrationEvent.failure(m.getMigrationId(),
        ContainerMigrationEventType.ROLLED_BACK,
        problems.isEmpty() ? null : "rollback problems: " + String.join("; ", problems)));
  }

  private void complete(ContainerMigration m) {
    TargetAllocation allocation = m.getAllocation();
    channel.complete(m.getSpec(), allocation).whenCompleteAsync((v, error) -> {
      if (error != null) {
        // the target runs; the source stays frozen (and charged) until a completion lands
        LOG.warn("Completion of {} failed, retrying: {}", m, describe(error));
        retryLater(m, "completion", () -> channel.complete(m.getSpec(), allocation),
            System.nanoTime(), 1, () -> { }, () -> { });
      }
    }, executor);
  }

  /**
   * Post-copy, past the commit point: the source's completion answers once the last page
   * went (each call waits a bounded time; one that fails is called again, as a completion
   * is). PAGES_PULLED then; PAGES_LOST when the source says the pages did not all go, or
   * when the retries give up. A node found gone meanwhile makes it ABORTED (LOST) at once.
   */
  private void pullPages(ContainerMigration m) {
    TargetAllocation allocation = m.getAllocation();
    Runnable pulled = () -> whilePulling(m, ContainerMigrationEvent.of(m.getMigrationId(),
        ContainerMigrationEventType.PAGES_PULLED));
    channel.complete(m.getSpec(), allocation).whenCompleteAsync((v, error) -> {
      if (error == null) {
        pulled.run();
      } else if (PagesLostException.in(error) != null) {
        whilePulling(m, failureEvent(m, ContainerMigrationEventType.PAGES_LOST, error));
      } else {
        LOG.info("{} still pulls its pages, or its completion failed; asking again: {}", m,
            describe(error));
        retryLater(m, "completion", () -> channel.complete(m.getSpec(), allocation),
            System.nanoTime(), 1, pulled, () -> whilePulling(m, ContainerMigrationEvent.failed(
                m.getMigrationId(), ContainerMigrationEventType.PAGES_LOST,
                MigrationFailure.of(MigrationFailure.Step.PAGE_PULL,
                    m.getSpec().getContainerId(), m.getMigrationId(),
                    m.getSpec().getSourceNode(), "the source never confirmed that every"
                        + " memory page reached the target"))));
      }
    }, executor);
  }

  /** Feeds a page-pull outcome, unless the migration already left PULLING_PAGES. */
  private static void whilePulling(ContainerMigration m, ContainerMigrationEvent event) {
    if (m.getState() == ContainerMigrationState.PULLING_PAGES) {
      m.handle(event);
    }
  }

  /**
   * The container is lost: its tree on the target lacks memory, so the target container is
   * ended through the scheduler (the target NM ends it too when its page stream breaks).
   * Its application sees it end under its original id, as on a lost node.
   */
  private void endLostTarget(ContainerMigration m) {
    TargetAllocation allocation = m.getAllocation();
    if (allocation == null) {
      return;
    }
    try {
      allocator.release(allocation, "Container " + m.getSpec().getContainerId()
          + " was lost in its post-copy migration " + m.getMigrationId() + ": "
          + (m.getFailure() == null ? m.getDiagnostics() : m.getFailure().getMessage()));
    } catch (RuntimeException e) {
      LOG.error("Ending the target container {} of the lost {} failed",
          allocation.getContainer().getId(), m, e);
    }
  }

  /**
   * Calls the nodes again, after the policy's delay, until the call succeeds: an abort or a
   * completion that never lands leaves a source tree frozen. Gives up (an ERROR naming the
   * source node and what to do, and the NodeCallsAbandoned metric) once the policy's time
   * is over or the RM stops.
   *
   * @param landed run once the call succeeded
   * @param abandoned run once the retries gave up
   */
  private void retryLater(ContainerMigration m, String what,
      Supplier<CompletableFuture<Void>> call, long firstFailureNanos, int retry,
      Runnable landed, Runnable abandoned) {
    long elapsedMs = (System.nanoTime() - firstFailureNanos) / 1_000_000L;
    long delay = retries.delayBefore(retry, elapsedMs);
    ScheduledExecutorService t = timer;
    if (delay < 0 || t == null || t.isShutdown() || isInState(STATE.STOPPED)) {
      abandon(m, what, "after " + retry + " tries over " + elapsedMs + " ms");
      abandoned.run();
      return;
    }
    try {
      t.schedule(() -> {
        metrics.nodeCallRetried();
        CompletableFuture<Void> f;
        try {
          f = call.get();
        } catch (RuntimeException e) {
          f = new CompletableFuture<>();
          f.completeExceptionally(e);
        }
        f.whenCompleteAsync((v, error) -> {
          if (error == null) {
            LOG.info("The {} of {} took effect on retry {}", what, m, retry);
            landed.run();
          } else if (PagesLostException.in(error) != null) {
            // the source ended its tree: nothing more to retry; the pages did not all go
            LOG.warn("The {} of {} took effect on retry {}, but {}", what, m, retry,
                describe(error));
            whilePulling(m, failureEvent(m, ContainerMigrationEventType.PAGES_LOST, error));
          } else {
            LOG.warn("Retry {} of the {} of {} failed: {}", retry, what, m, describe(error));
            retryLater(m, what, call, firstFailureNanos, retry + 1, landed, abandoned);
          }
        }, executor);
      }, delay, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      abandon(m, what, "as the ResourceManager stops");
      abandoned.run();
    }
  }

  /** Gives a retried node call up: counted, and an ERROR naming the node and what to do. */
  private void abandon(ContainerMigration m, String what, String when) {
    channel.forget(m.getSpec());
    metrics.nodeCallAbandoned();
    LOG.error("Gave up the {} of {} {}: the tree of {} may stay frozen on {}; end it by hand"
        + " (its freezer cgroup yarn-migration-*) or restart that NodeManager", what, m, when,
        m.getSpec().getContainerId(), m.getSpec().getSourceNode());
  }

  /** Bookkeeping of a final state (called inside the transition: the state is passed). */
  private void finish(ContainerMigration m, ContainerMigrationState state) {
    long duration = Math.max(0, m.getFinishTime() - m.getSpec().getSubmitTime());
    if (state == ContainerMigrationState.SUCCEEDED) {
      metrics.succeeded(duration, m.getFrozenTimeMs(), m.getTransferredBytes());
    } else if (state == ContainerMigrationState.LOST) {
      metrics.lost(duration);
    } else {
      metrics.failed(duration);
    }
    steps.remove(m.getMigrationId());
    registry.finished(m);
  }

  /**
   * The event of a failed step: with the failure's fields when the step gave them (a
   * {@link ContainerMigrationException} with a {@link MigrationFailure}), else with its text
   * (the migration then names the step from its state).
   */
  static ContainerMigrationEvent failureEvent(ContainerMigration m,
      ContainerMigrationEventType type, Throwable error) {
    Throwable t = unwrap(error);
    if (t instanceof ContainerMigrationException
        && ((ContainerMigrationException) t).getFailure() != null) {
      return ContainerMigrationEvent.failed(m.getMigrationId(), type,
          ((ContainerMigrationException) t).getFailure());
    }
    return ContainerMigrationEvent.failure(m.getMigrationId(), type, describe(t));
  }

  private static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** The most useful text of a failure: unwraps executor and completion wrappers. */
  static String describe(Throwable error) {
    Throwable t = unwrap(error);
    String message = t.getMessage();
    return message == null || message.isEmpty() ? t.toString() : message;
  }
}
