/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.ams;

import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.server.resourcemanager.RMContext;
import org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler.SchedulerInternals;
import org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine.ContainerMigration;
import org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine.MigrationDriver;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMApp;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.attempt.RMAppAttempt;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.attempt.RMAppAttemptImpl;
import org.apache.hadoop.yarn.server.resourcemanager.rmcontainer.RMContainer;
import org.apache.hadoop.yarn.server.resourcemanager.rmcontainer.RMContainerImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the container that moved is its attempt's ApplicationMaster, the attempt follows it
 * to the target: the target becomes the attempt's master container (3.1.0's
 * {@code RMAppAttemptImpl} fails the attempt when its master container ends, so the source's
 * exit must be an ordinary container's -- hidden from the AM like any migrated source's --
 * and the target's end the AM's), the target's RMContainer is the AM container (last to be
 * preempted, AM metrics), and the attempt's AM host and tracking URL name the target's node
 * ({@link SchedulerInternals#moveAttemptHost}).
 *
 * <p>Runs at a migration's commit point (SUCCEEDED, or PULLING_PAGES for post-copy),
 * before the orchestrator ends the source
 * ({@link #following}): from then on the source is no longer the AM in the RM's books.
 */
public final class AttemptHandover {

  private static final Logger LOG = LoggerFactory.getLogger(AttemptHandover.class);

  private final RMContext rmContext;

  public AttemptHandover(RMContext rmContext) {
    this.rmContext = rmContext;
  }

  /** A driver that hands the attempt over at the commit, then lets {@code driver} go on. */
  public MigrationDriver following(final MigrationDriver driver) {
    return new MigrationDriver() {
      @Override
      public void onEnter(ContainerMigration m, ContainerMigrationState state) {
        if (m.commits(state) && m.getAllocation() != null) {
          handOver(m.getSpec().getContainerId(), m.getAllocation().getContainer());
        }
        driver.onEnter(m, state);
      }
    };
  }

  /**
   * Makes {@code target} its attempt's master container if {@code source} is.
   *
   * @return whether the source was the attempt's ApplicationMaster
   */
  public boolean handOver(ContainerId source, Container target) {
    ApplicationAttemptId attemptId = source.getApplicationAttemptId();
    RMApp app = rmContext.getRMApps().get(attemptId.getApplicationId());
    RMAppAttempt attempt = app == null ? null : app.getAppAttempts().get(attemptId);
    if (attempt == null || attempt.getMasterContainer() == null
        || !source.equals(attempt.getMasterContainer().getId())) {
      return false;
    }
    if (!(attempt instanceof RMAppAttemptImpl)) {
      LOG.warn("Attempt {} is a {}: its master container stays {}", attemptId,
          attempt.getClass().getName(), source);
      return false;
    }
    RMAppAttemptImpl impl = (RMAppAttemptImpl) attempt;
    impl.setMasterContainer(target);
    setAMContainer(target.getId(), true);
    setAMContainer(source, false);
    String oldHost = SchedulerInternals.moveAttemptHost(impl, target.getNodeId().getHost());
    LOG.info("ApplicationMaster of {} moved: master container {} on {} (was {} on {}),"
        + " tracking URL {}", attemptId, target.getId(), target.getNodeId(), source, oldHost,
        impl.getOriginalTrackingUrl());
    return true;
  }

  /**
   * After an RM restart: the recovered attempt names the container its AM was launched in
   * (the RM state store keeps that one), while the AM runs in the container it moved to
   * ({@code aliases}, read back from the migration store). Once the scheduler recovered that
   * container (its NodeManager came back), the attempt follows it again; until then, and
   * for an attempt whose AM never moved, nothing happens.
   *
   * @return whether the attempt was handed over now
   */
  public boolean followRecoveredMaster(ApplicationAttemptId attemptId,
      ContainerAliases aliases) {
    RMApp app = rmContext.getRMApps().get(attemptId.getApplicationId());
    RMAppAttempt attempt = app == null ? null : app.getAppAttempts().get(attemptId);
    Container master = attempt == null ? null : attempt.getMasterContainer();
    if (master == null) {
      return false;
    }
    ContainerId current = aliases.currentOf(master.getId());
    if (current.equals(master.getId())) {
      return false;
    }
    RMContainer recovered = rmContext.getScheduler().getRMContainer(current);
    return recovered != null && handOver(master.getId(), recovered.getContainer());
  }

  private void setAMContainer(ContainerId id, boolean am) {
    RMContainer c = rmContext.getScheduler().getRMContainer(id);
    if (c instanceof RMContainerImpl) {
      ((RMContainerImpl) c).setAMContainer(am);
    }
  }
}
