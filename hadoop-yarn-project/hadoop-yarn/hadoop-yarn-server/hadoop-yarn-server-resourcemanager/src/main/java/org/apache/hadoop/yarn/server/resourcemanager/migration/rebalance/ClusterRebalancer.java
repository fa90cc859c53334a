/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.rebalance;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.service.AbstractService;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException;
import org.apache.hadoop.yarn.api.migration.protocolrecords.MigrateContainerRequest;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.server.resourcemanager.RMContext;
import org.apache.hadoop.yarn.server.resourcemanager.migration.placement.PlacementCandidates;
import org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler.SchedulerFit;
import org.apache.hadoop.yarn.server.resourcemanager.migration.service.MigrationService;
import org.apache.hadoop.yarn.server.resourcemanager.rmcontainer.RMContainer;
import org.apache.hadoop.yarn.server.resourcemanager.rmnode.RMNode;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.ResourceScheduler;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.SchedulerNode;
import org.apache.hadoop.yarn.util.Clock;
import org.apache.hadoop.yarn.util.resource.Resources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.util.concurrent.ThreadFactoryBuilder;

/**
 * The RM's rebalancer (opt-in, {@link MigrationConfiguration#RM_MIGRATION_REBALANCER_ENABLED}):
 * every interval it reads the nodes' loads from the scheduler and asks
 * {@link RebalancePlanner} what to move. Once every look for the configured time found the
 * cluster uneven, with something to move and no migration of the cluster in flight (a
 * target container counts on its node until its source ends), it starts the planned
 * moves (at most max-concurrent) through the {@link MigrationService}, each naming its
 * target node and, as its report's reason, the loads that made it move. A container it
 * moved, or tried to, is left alone for the cool-down. Mechanism stays elsewhere: the
 * scheduler allocates each target container (so nothing over-commits) and the migration
 * runs as any other.
 */
public class ClusterRebalancer extends AbstractService {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterRebalancer.class);

  private final MigrationService migrations;
  private final RMContext rmContext;
  private final Clock clock;
  private final RebalanceMetrics metrics;

  private long intervalMs;
  private float threshold;
  private long unevenForMs;
  private int maxConcurrent;
  private long cooldownMs;
  private UserGroupInformation rmUser;
  private ScheduledExecutorService timer;

  /** Since when every look found the cluster uneven; -1 when the last one did not. */
  private long unevenSince = -1;
  /** This service's migrations within the cool-down: migration id -> when started. */
  private final Map<String, Long> started = new LinkedHashMap<>();
  private String lastSummary;

  public ClusterRebalancer(MigrationService migrations, RMContext rmContext, Clock clock,
      RebalanceMetrics metrics) {
    super(ClusterRebalancer.class.getSimpleName());
    this.migrations = migrations;
    this.rmContext = rmContext;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** Whether the configuration turns the rebalancer on. */
  public static boolean isEnabled(Configuration conf) {
    return conf.getBoolean(MigrationConfiguration.RM_MIGRATION_REBALANCER_ENABLED,
        MigrationConfiguration.DEFAULT_RM_MIGRATION_REBALANCER_ENABLED);
  }

  @Override
  protected void serviceInit(Configuration conf) throws Exception {
    intervalMs = positive(conf, MigrationConfiguration.RM_MIGRATION_REBALANCER_INTERVAL_MS,
        MigrationConfiguration.DEFAULT_RM_MIGRATION_REBALANCER_INTERVAL_MS);
    unevenForMs = conf.getLong(MigrationConfiguration.RM_MIGRATION_REBALANCER_UNEVEN_FOR_MS,
        MigrationConfiguration.DEFAULT_RM_MIGRATION_REBALANCER_UNEVEN_FOR_MS);
    cooldownMs = conf.getLong(MigrationConfiguration.RM_MIGRATION_REBALANCER_COOLDOWN_MS,
        MigrationConfiguration.DEFAULT_RM_MIGRATION_REBALANCER_COOLDOWN_MS);
    maxConcurrent = conf.getInt(MigrationConfiguration.RM_MIGRATION_REBALANCER_MAX_CONCURRENT,
        MigrationConfiguration.DEFAULT_RM_MIGRATION_REBALANCER_MAX_CONCURRENT);
    threshold = conf.getFloat(MigrationConfiguration.RM_MIGRATION_REBALANCER_THRESHOLD,
        MigrationConfiguration.DEFAULT_RM_MIGRATION_REBALANCER_THRESHOLD);
    if (!(threshold > 0f && threshold < 1f)) {
      throw new IllegalArgumentException(MigrationConfiguration
          .RM_MIGRATION_REBALANCER_THRESHOLD + " is " + threshold + "; it must be between 0"
          + " and 1 (a spread of memory utilisation, e.g. 0.25)");
    }
    if (unevenForMs < 0 || cooldownMs < 0 || maxConcurrent < 1) {
      throw new IllegalArgumentException(MigrationConfiguration
          .RM_MIGRATION_REBALANCER_UNEVEN_FOR_MS + " (" + unevenForMs + ") and "
          + MigrationConfiguration.RM_MIGRATION_REBALANCER_COOLDOWN_MS + " (" + cooldownMs
          + ") must not be negative, " + MigrationConfiguration
          .RM_MIGRATION_REBALANCER_MAX_CONCURRENT + " (" + maxConcurrent + ") at least 1");
    }
    rmUser = UserGroupInformation.getCurrentUser();
    super.serviceInit(conf);
  }

  private static long positive(Configuration conf, String key, long def) {
    long v = conf.getLong(key, def);
    if (v <= 0) {
      throw new IllegalArgumentException(key + " is " + v + "; it must be above 0");
    }
    return v;
  }

  @Override
  protected void serviceStart() throws Exception {
    timer = Executors.newSingleThreadScheduledExecutor(new ThreadFactoryBuilder()
        .setNameFormat("ClusterRebalancer").setDaemon(true).build());
    timer.scheduleWithFixedDelay(() -> {
      try {
        tick();
      } catch (Throwable t) {
        LOG.error("Rebalance round failed", t);
      }
    }, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    LOG.info("Rebalancer on: looks every {} ms; moves after {} ms with a memory utilisation"
        + " spread above {}, at most {} at once, each container left alone {} ms after",
        intervalMs, unevenForMs, threshold, maxConcurrent, cooldownMs);
    super.serviceStart();
  }

  @Override
  protected void serviceStop() throws Exception {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
    super.serviceStop();
  }

  /**
   * One look: the plan of the loads now, and the moves once the cluster stayed uneven long
   * enough. Called by the timer; tests call it directly.
   *
   * @return the migrations it started (their reports)
   */
  public synchronized List<ContainerMigrationReport> tick() {
    long now = clock.getTime();
    Set<ContainerId> cooling = cooling(now);
    RebalancePlanner planner = new RebalancePlanner(threshold,
        SchedulerFit.of(rmContext.getScheduler())::fits);
    RebalancePlanner.Plan plan = planner.plan(nodes(cooling), maxConcurrent);
    metrics.rebalanceSpread(plan.getSpread());
    if (!plan.getSummary().equals(lastSummary)) {
      LOG.info("Rebalance: {}", plan.getSummary());
      lastSummary = plan.getSummary();
    }
    List<ContainerMigrationReport> out = new ArrayList<>();
    if (!plan.isUneven() || plan.getMoves().isEmpty()) {
      unevenSince = -1;
      return out;
    }
    int inFlight = metrics.getInFlight();
    if (inFlight > 0) {
      // a target counts on its node until its source ends: the loads seen now are not real
      LOG.debug("Rebalance waits: {} migration(s) in flight", inFlight);
      unevenSince = -1;
      return out;
    }
    if (unevenSince < 0) {
      unevenSince = now;
    }
    if (now - unevenSince < unevenForMs) {
      return out;
    }
    for (RebalancePlanner.Move m : plan.getMoves()) {
      try {
        ContainerMigrationReport r = migrations.migrate(MigrateContainerRequest.newInstance(
            m.getContainer(), m.getTo(), null), rmUser, m.getReason());
        started.put(r.getMigrationId(), now);
        metrics.rebalanced();
        out.add(r);
        LOG.info("Rebalance moves {} from {} to {} (migration {}): {}", m.getContainer(),
            m.getFrom(), m.getTo(), r.getMigrationId(), m.getReason());
      } catch (ContainerMigrationException e) {
        LOG.info("Rebalance could not move {} from {} to {}: {}", m.getContainer(),
            m.getFrom(), m.getTo(), e.getMessage());
      }
    }
    unevenSince = -1; // the next moves wait for the loads these leave, seen long enough
    return out;
  }

  /** The containers this service moved (sources and targets) within the cool-down. */
  private Set<ContainerId> cooling(long now) {
    Set<ContainerId> out = new HashSet<>();
    for (Iterator<Map.Entry<String, Long>> it = started.entrySet().iterator();
        it.hasNext();) {
      Map.Entry<String, Long> e = it.next();
      ContainerMigrationReport r = migrations.reportOf(e.getKey());
      if (now - e.getValue() >= cooldownMs || r == null) {
        it.remove();
        continue;
      }
      out.add(r.getContainerId());
      if (r.getTargetContainerId() != null) {
        out.add(r.getTargetContainerId());
      }
    }
    return out;
  }

  /** Every node the scheduler knows, with its running containers. */
  private List<RebalancePlanner.Node> nodes(Set<ContainerId> cooling) {
    ResourceScheduler scheduler = rmContext.getScheduler();
    List<RebalancePlanner.Node> out = new ArrayList<>();
    for (RMNode n : rmContext.getRMNodes().values()) {
      SchedulerNode sn = scheduler.getSchedulerNode(n.getNodeID());
      if (sn == null) {
        continue;
      }
      List<RebalancePlanner.Movable> containers = new ArrayList<>();
      for (RMContainer c : sn.getCopiedListOfRunningContainers()) {
        ContainerId id = c.getContainerId();
        String why = null;
        if (c.isAMContainer()) {
          why = "ApplicationMaster(s)";
        } else if (cooling.contains(id)) {
          why = "cooling down";
        } else if (!id.equals(migrations.currentOf(id))) {
          why = "moved away already";
        }
        containers.add(new RebalancePlanner.Movable(id,
            Resources.clone(c.getAllocatedResource()), why));
      }
      out.add(new RebalancePlanner.Node(n.getNodeID(), n.getState(),
          PlacementCandidates.partition(n), Resources.clone(sn.getTotalResource()),
          Resources.clone(sn.getAllocatedResource()), containers));
    }
    return out;
  }
}
