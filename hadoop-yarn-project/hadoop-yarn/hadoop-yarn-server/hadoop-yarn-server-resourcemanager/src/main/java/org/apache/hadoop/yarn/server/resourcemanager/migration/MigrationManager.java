/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.service.CompositeService;
import org.apache.hadoop.util.ReflectionUtils;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationStrategy;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException.Reason;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportsRequest;
import org.apache.hadoop.yarn.api.migration.protocolrecords.MigrateContainerRequest;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationOptions;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.server.resourcemanager.RMContext;
import org.apache.hadoop.yarn.server.resourcemanager.ResourceManager;
import org.apache.hadoop.yarn.server.resourcemanager.migration.strategy.StrategyPolicy;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import org.apache.hadoop.yarn.server.resourcemanager.migration.ams.AttemptHandover;
import org.apache.hadoop.yarn.server.resourcemanager.migration.ams.FileSystemMigrationIdStore;
import org.apache.hadoop.yarn.server.resourcemanager.migration.ams.MigrationIdMap;
import org.apache.hadoop.yarn.server.resourcemanager.migration.channel.MigrationAgentTracker;
import org.apache.hadoop.yarn.server.resourcemanager.migration.channel.ResourceManagerAgentKeys;
import org.apache.hadoop.yarn.server.resourcemanager.migration.channel.NodeLiveness;
import org.apache.hadoop.yarn.server.resourcemanager.migration.channel.NodeMigrationChannel;
import org.apache.hadoop.yarn.server.resourcemanager.migration.channel.RpcNodeMigrationChannel;
import org.apache.hadoop.yarn.server.resourcemanager.migration.drain.NodeDrainer;
import org.apache.hadoop.yarn.server.resourcemanager.migration.placement.DataLocations;
import org.apache.hadoop.yarn.server.resourcemanager.migration.placement.DataPlacement;
import org.apache.hadoop.yarn.server.resourcemanager.migration.placement.MigrationPlacementPolicy;
import org.apache.hadoop.yarn.server.resourcemanager.migration.rebalance.ClusterRebalancer;
import org.apache.hadoop.yarn.server.resourcemanager.migration.placement.MostRoomPlacementPolicy;
import org.apache.hadoop.yarn.server.resourcemanager.migration.placement.PlacementCandidates;
import org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler.TargetContainerAllocator;
import org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler.TargetContainerAllocators;
import org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine.ContainerMigration;
import org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine.ContainerMigrationEvent;
import org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine.ContainerMigrationEventType;
import org.apache.hadoop.yarn.server.resourcemanager.migration.statemachine.MigrationDriver;
import org.apache.hadoop.yarn.server.resourcemanager.migration.service.MigrationLookup;
import org.apache.hadoop.yarn.server.resourcemanager.migration.service.MigrationService;
import org.apache.hadoop.yarn.server.resourcemanager.rmcontainer.RMContainer;
import org.apache.hadoop.yarn.server.resourcemanager.security.QueueACLsManager;
import org.apache.hadoop.yarn.server.security.ApplicationACLsManager;
import org.apache.hadoop.yarn.util.Clock;
import org.apache.hadoop.yarn.util.SystemClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.hadoop.yarn.server.resourcemanager.migration.recovery.InFlightRecovery;
import org.apache.hadoop.yarn.server.resourcemanager.migration.records.MigrationSpec;

/**
 * The RM's container migrations: accepts requests (validated by {@link MigrationValidator};
 * a rejected request changes nothing), creates one {@link ContainerMigration} per accepted
 * request, runs it with the {@link MigrationOrchestrator}, keeps a bounded history of
 * reports and serves {@code ContainerMigrationProtocol} ({@link MigrationProtocolServer}).
 *
 * <p>Runs inside the RM's active services (see {@link MigrationResourceManager}).
 */
public class MigrationManager extends CompositeService implements MigrationService {

  private static final Logger LOG = LoggerFactory.getLogger(MigrationManager.class);

  private final RMContext rmContext;
  private final MigrationValidator validator;
  private final Clock clock;
  private final AtomicInteger sequence = new AtomicInteger();

  private TargetContainerAllocator allocator;
  private NodeMigrationChannel channel;
  private MigrationRegistry registry;
  private MigrationMetrics metrics;
  private MigrationOrchestrator orchestrator;
  private MigrationIdMap idMap;
  /** Applications whose container ids the store gave back at init. */
  private java.util.Set<ApplicationId> recoveredApps = java.util.Collections.emptySet();
  private MigrationDriver driver;
  private NodeDrainer drainer;
  /** Writes final reports to the id map's store (see serviceInit). */
  private ExecutorService reportWriter;
  private ClusterRebalancer rebalancer;
  private MigrationPlacementPolicy placementPolicy;
  private DataLocations dataLocations;
  private MigrationAgentTracker agentTracker;
  private boolean enabled;
  private long defaultTimeoutMs;
  /** Strategy AUTO's threshold for post-copy. */
  private long postCopyMinMemoryMb;
  private boolean serveRpc = true;

  public MigrationManager(RMContext rmContext, ApplicationACLsManager applicationACLs,
      QueueACLsManager queueACLs) {
    this(rmContext, applicationACLs, queueACLs, null, null, SystemClock.getInstance());
  }

  /**
   * @param allocator null: chosen for the RM's scheduler at init
   * @param channel null: the class named by
   *     {@link MigrationConfiguration#RM_MIGRATION_NODE_CHANNEL_CLASS}
   */
  public MigrationManager(RMContext rmContext, ApplicationACLsManager applicationACLs,
      QueueACLsManager queueACLs, TargetContainerAllocator allocator,
      NodeMigrationChannel channel, Clock clock) {
    super(MigrationManager.class.getSimpleName());
    this.rmContext = rmContext;
    this.validator = new MigrationValidator(rmContext, applicationACLs, queueACLs);
    this.allocator = allocator;
    this.channel = channel;
    this.clock = clock;
  }

  /** Tests that drive the manager directly can skip the RPC server. */
  public MigrationManager withoutRpcServer() {
    this.serveRpc = false;
    return this;
  }

  @Override
  protected void serviceInit(Configuration conf) throws Exception {
    enabled = conf.getBoolean(MigrationConfiguration.RM_MIGRATION_ENABLED,
        MigrationConfiguration.DEFAULT_RM_MIGRATION_ENABLED);
    postCopyMinMemoryMb = conf.getLong(
        MigrationConfiguration.RM_MIGRATION_AUTO_POST_COPY_MIN_MEMORY_MB,
        MigrationConfiguration.DEFAULT_RM_MIGRATION_AUTO_POST_COPY_MIN_MEMORY_MB);
    defaultTimeoutMs = conf.getLong(MigrationConfiguration.RM_MIGRATION_DEFAULT_TIMEOUT_MS,
        MigrationConfiguration.DEFAULT_RM_MIGRATION_DEFAULT_TIMEOUT_MS);
    dataLocations = new DataLocations(conf, conf.getInt(
        MigrationConfiguration.RM_MIGRATION_PLACEMENT_DATA_MAX_FILES,
        MigrationConfiguration.DEFAULT_RM_MIGRATION_PLACEMENT_DATA_MAX_FILES));
    placementPolicy = ReflectionUtils.newInstance(conf.getClass(
        MigrationConfiguration.RM_MIGRATION_PLACEMENT_POLICY_CLASS,
        MostRoomPlacementPolicy.class, MigrationPlacementPolicy.class), conf);
    registry = new MigrationRegistry(conf.getInt(
        MigrationConfiguration.RM_MIGRATION_MAX_HISTORY,
        MigrationConfiguration.DEFAULT_RM_MIGRATION_MAX_HISTORY));
    if (allocator == null) {
      allocator = TargetContainerAllocators.forScheduler(rmContext);
    }
    if (channel == null) {
      Class<? extends NodeMigrationChannel> cls = conf.getClass(
          MigrationConfiguration.RM_MIGRATION_NODE_CHANNEL_CLASS,
          RpcNodeMigrationChannel.class, NodeMigrationChannel.class);
      channel = ReflectionUtils.newInstance(cls, conf);
    }
    // NM migration agents register here (served on the migration RPC server) and get the
    // transfer secret made for this active RM.
    agentTracker = new MigrationAgentTracker(conf, new ResourceManagerAgentKeys(rmContext),
        node -> rmContext.getRMNodes().containsKey(node));
    if (channel instanceof RpcNodeMigrationChannel) {
      ((RpcNodeMigrationChannel) channel).bind(rmContext, agentTracker);
    }
    metrics = MigrationMetrics.create();
    // The id map (AMS processor) learns of targets from the allocator and of SUCCEEDED
    // migrations from the driver, before anything else sees them; then a moved
    // ApplicationMaster's attempt follows it to the target, before the orchestrator ends
    // the source.
    // with RM recovery, the committed moves outlive the RM: read back before NodeManagers
    // and AMs come back, and offered to the AMS processor from now on
    idMap = new MigrationIdMap(FileSystemMigrationIdStore.fromConfiguration(conf));
    recoveredApps = idMap.recover();
    MigrationLookup.register(rmContext, MigrationIdMap.class, idMap);
    // with a store, each final report goes there too (it shows after a restart), written
    // on a thread of its own: the registry calls inside the migration's last transition,
    // and the report read there, once that transition ended, has the final state
    if (idMap.keepsReports()) {
      reportWriter = Executors.newSingleThreadExecutor(new ThreadFactoryBuilder()
          .setNameFormat("MigrationReportWriter").setDaemon(true).build());
      registry.whenFinished(id -> reportWriter.execute(() -> {
        ContainerMigration m = registry.get(id);
        if (m != null) {
          idMap.ended(m.toReport());
        }
      }));
    }
    TargetContainerAllocator trackedAllocator = idMap.tracking(allocator);
    NodeMigrationChannel trackedChannel = idMap.tracking(channel);
    orchestrator = new MigrationOrchestrator(trackedAllocator, trackedChannel, registry,
        metrics);
    driver = idMap.tracking(new AttemptHandover(rmContext).following(orchestrator));
    // a migration whose node is LOST (or whose agent went silent) is aborted at once
    long expiryMs = conf.getLong(MigrationConfiguration.RM_MIGRATION_AGENT_EXPIRY_MS,
        MigrationConfiguration.DEFAULT_RM_MIGRATION_AGENT_EXPIRY_MS);
    final NodeLiveness liveness = new NodeLiveness(rmContext, agentTracker, clock,
        expiryMs > 0 ? expiryMs : NodeLiveness.EXPIRY_HEARTBEATS
            * agentTracker.getHeartbeatIntervalMs());
    orchestrator.watchNodes(new MigrationOrchestrator.NodeWatch() {
      @Override
      public void refresh() {
        liveness.expireSilentAgents();
      }

      @Override
      public String whyGone(NodeId node) {
        return liveness.whyGone(node);
      }
    });
    addService(orchestrator);
    // migrations the store kept in flight (an RM that stopped during them) are finished or
    // rolled back once their nodes' agents registered here
    addService(new InFlightRecovery(idMap, trackedChannel, trackedAllocator,
        node -> agentTracker.get(node) != null, m -> {
          org.apache.hadoop.yarn.server.resourcemanager.rmcontainer.RMContainer c =
              rmContext.getScheduler().getRMContainer(m.getTarget());
          return c == null ? null : c.getContainer();
        }, defaultTimeoutMs));
    // Drains DECOMMISSIONING nodes through this manager (docs: "Drain").
    drainer = new NodeDrainer(this, rmContext, clock, placementPolicy);
    addService(drainer);
    // Opt-in: moves containers from the most to the least loaded nodes.
    if (ClusterRebalancer.isEnabled(conf)) {
      rebalancer = new ClusterRebalancer(this, rmContext, clock, metrics);
      addService(rebalancer);
    }
    if (serveRpc) {
      addService(new MigrationProtocolServer(this));
    }
    super.serviceInit(conf);
  }

  @Override
  protected void serviceStart() throws Exception {
    super.serviceStart();
    MigrationLookup.register(rmContext, MigrationService.class, this);
    forgetEndedApplications();
    MigrationLookup.register(rmContext, NodeDrainer.class, drainer);
  }

  /**
   * Once the RM recovered its applications: the recovered ids of one it does not know or
   * that ended while it was down are of no use any more.
   */
  private void forgetEndedApplications() {
    for (ApplicationId app : recoveredApps) {
      org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMApp a = rmContext.getRMApps()
          .get(app);
      if (a == null || org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMAppImpl
          .isAppInFinalState(a)) {
        LOG.info("{} ended while the RM was down: its recovered container ids are dropped",
            app);
        idMap.forgetApplication(app);
      }
    }
    recoveredApps = java.util.Collections.emptySet();
  }

  @Override
  protected void serviceStop() throws Exception {
    MigrationLookup.unregister(rmContext, MigrationService.class, this);
    MigrationLookup.unregister(rmContext, MigrationIdMap.class, idMap);
    MigrationLookup.unregister(rmContext, NodeDrainer.class, drainer);
    try {
      super.serviceStop();
    } finally {
      if (reportWriter != null) {
        reportWriter.shutdown(); // what ended before the stop is still written
        reportWriter.awaitTermination(10, TimeUnit.SECONDS);
      }
      if (channel instanceof java.io.Closeable) {
        ((java.io.Closeable) channel).close();
      }
      if (metrics != null) {
        metrics.unregister();
      }
    }
  }

  /**
   * Accepts a migration, or rejects it without changing anything.
   *
   * <p>The request may name any id of a container's migration chain: the original id (the
   * one its ApplicationMaster and user know), the current one, or one in between. It is
   * resolved to the chain's current container ({@link MigrationIdMap#currentOf}), which is
   * the one validated and moved; the report's container is that current container.
   *
   * @param caller who asks (the RPC caller, or the web user)
   * @return the report of the accepted migration (state NEW or later)
   */
  @Override
  public ContainerMigrationReport migrate(MigrateContainerRequest request,
      UserGroupInformation caller) throws ContainerMigrationException {
    return migrate(request, caller, caller == null ? null
        : "requested by " + caller.getShortUserName());
  }

  @Override
  public ContainerMigrationReport migrate(MigrateContainerRequest request,
      UserGroupInformation caller, String reason) throws ContainerMigrationException {
    // where its data is: read (from HDFS, as the caller) before taking the manager's lock
    DataPlacement.Data data = findData(request, caller);
    ContainerMigration migration;
    synchronized (this) {
      try {
        ContainerId requested = request.getContainerId();
        ContainerId current = requested == null ? null : idMap.currentOf(requested);
        if (!enabled) {
          throw MigrationValidator.reject(Reason.CONFLICT, requested, current,
              request.getTargetNode(), "container migration is disabled on this"
                  + " ResourceManager", "Set " + MigrationConfiguration.RM_MIGRATION_ENABLED
                  + " to true");
        }
        ContainerMigration inFlight = current == null ? null : registry.inFlight(current);
        String targeting = current == null ? null : idMap.inFlightMigrationTargeting(current);
        ContainerMigration targetOf = targeting == null ? null : registry.get(targeting);
        if (targetOf != null && targetOf.getState().isFinal()) {
          targetOf = null;
        }
        // no target node named: the placement policy chooses one (a named node always wins)
        MigrationPlacementPolicy.Placement placed = request.getTargetNode() == null
            ? place(current, data) : null;
        if (placed != null && placed.getNode() != null) {
          request = MigrateContainerRequest.newInstance(requested, placed.getNode(),
              request.getOptions());
        }
        MigrationValidator.Accepted accepted = validator.validate(request, current, caller,
            inFlight, targetOf, TargetContainerAllocators.unsupportedReason(allocator),
            placed == null ? null : placed.getReason());
        StrategyPolicy.Choice strategy = strategy(request, accepted, requested, current);
        MigrationSpec spec = newSpec(request, caller, accepted, placed == null ? null
            : (data != null ? DataPlacement.class : placementPolicy.getClass())
                .getSimpleName() + ": " + placed.getReason(), reason,
            strategy.getStrategy());
        if (request.getOptions() != null && request.getOptions().getStrategy()
            == ContainerMigrationStrategy.AUTO) {
          LOG.info("Strategy of {}: {}", spec.getMigrationId(), strategy);
        }
        migration = new ContainerMigration(spec, driver, clock);
        registry.registerIfAbsent(migration);
        if (!current.equals(requested)) {
          LOG.info("{} was named by {}, an earlier id of its migration chain", current,
              requested);
        }
      } catch (ContainerMigrationException e) {
        metrics.rejected();
        LOG.info("Rejected: {}", e.getMessage());
        throw e;
      }
    }
    metrics.started();
    LOG.info("Accepted {} ({}, strategy {}, timeout {} ms)", migration.getSpec(),
        migration.getSpec().getReason(), migration.getSpec().getStrategy(),
        migration.getSpec().getTimeoutMs());
    migration.handle(ContainerMigrationEvent.of(migration.getMigrationId(),
        ContainerMigrationEventType.START));
    return migration.toReport();
  }

  /**
   * The strategy the migration runs ({@link StrategyPolicy}); an explicit LAZY_PAGES between
   * nodes that cannot do it is refused here.
   */
  private StrategyPolicy.Choice strategy(MigrateContainerRequest request,
      MigrationValidator.Accepted accepted, ContainerId requested, ContainerId current)
      throws ContainerMigrationException {
    ContainerMigrationStrategy asked = request.getOptions() == null ? null
        : request.getOptions().getStrategy();
    NodeId source = accepted.getContainer().getAllocatedNode();
    NodeId target = request.getTargetNode();
    if (asked == ContainerMigrationStrategy.LAZY_PAGES) {
      String lacking = StrategyPolicy.lacking(source, capabilities(source), target,
          capabilities(target));
      if (lacking != null) {
        throw MigrationValidator.reject(Reason.CONFLICT, requested, current, target,
            lacking, "Use the default strategy STOP_AND_COPY, or AUTO");
      }
    }
    return StrategyPolicy.choose(asked,
        accepted.getContainer().getAllocatedResource().getMemorySize(),
        capabilities(source), capabilities(target), postCopyMinMemoryMb);
  }

  /** The capabilities the node's agent registered, or null when it has none. */
  private List<String> capabilities(NodeId node) {
    MigrationAgentTracker.Agent a = node == null || agentTracker == null ? null
        : agentTracker.get(node);
    return a == null ? null : a.getCapabilities();
  }

  /**
   * Asks the placement policy where the live container {@code current} would go; null
   * when there is no such container (the validator then says so).
   */
  private MigrationPlacementPolicy.Placement place(ContainerId current,
      DataPlacement.Data data) {
    RMContainer c = current == null ? null
        : rmContext.getScheduler().getRMContainer(current);
    if (c == null) {
      return null;
    }
    MigrationPlacementPolicy.Container container = PlacementCandidates.container(rmContext, c);
    List<MigrationPlacementPolicy.Candidate> nodes =
        PlacementCandidates.nodes(rmContext, c.getAllocatedResource());
    MigrationPlacementPolicy.Placement p = data != null
        ? DataPlacement.place(container, nodes, data)
        : placementPolicy.place(container, nodes);
    LOG.info("Placement of {} by {}: {}", current, data != null ? "DataPlacement"
        : placementPolicy.getClass().getSimpleName(), p);
    return p;
  }

  /**
   * The locations of the data a request names ({@code near} paths), or null when it names
   * none. The paths are checked here, at the edge; they are read as the caller.
   */
  private DataPlacement.Data findData(MigrateContainerRequest request,
      UserGroupInformation caller) throws ContainerMigrationException {
    ContainerMigrationOptions options = request.getOptions();
    List<String> near = options == null ? java.util.Collections.<String>emptyList()
        : options.getNearPaths();
    if (near.isEmpty()) {
      return null;
    }
    ContainerId id = request.getContainerId();
    String invalid = request.getTargetNode() != null
        ? "a migration naming its target node takes no data paths (a named node wins)"
        : DataLocations.invalid(near);
    if (invalid == null && caller == null) {
      invalid = "no caller to read the data paths as";
    }
    if (invalid != null) {
      metrics.rejected();
      throw MigrationValidator.reject(Reason.INVALID_REQUEST, id, id,
          request.getTargetNode(), invalid, "Name absolute paths of its data, or a node");
    }
    try {
      DataPlacement.Data data = dataLocations.find(near, caller);
      LOG.info("Data of {} ({}): {} bytes", id, data.getWhat(), data.getTotalBytes());
      return data;
    } catch (java.io.FileNotFoundException e) {
      metrics.rejected();
      throw MigrationValidator.reject(Reason.NOT_FOUND, id, id, null, "no such path: "
          + e.getMessage(), "Name paths that exist");
    } catch (org.apache.hadoop.security.AccessControlException e) {
      metrics.rejected();
      throw MigrationValidator.reject(Reason.ACCESS_DENIED, id, id, null,
          caller.getShortUserName() + " may not read the data paths: " + e.getMessage(),
          "Name paths " + caller.getShortUserName() + " may read");
    } catch (IOException | RuntimeException e) {
      metrics.rejected();
      throw MigrationValidator.reject(Reason.CONFLICT, id, id, null, "the blocks of "
          + String.join(",", near) + " could not be read: " + e, "Retry, or name a node");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw MigrationValidator.reject(Reason.INTERNAL, id, id, null,
          "interrupted while reading the data's blocks", "Retry");
    }
  }

  /** The spec of an accepted request (the validator checked the options). */
  private MigrationSpec newSpec(MigrateContainerRequest request, UserGroupInformation caller,
      MigrationValidator.Accepted accepted, String placement, String reason,
      ContainerMigrationStrategy strategy) {
    ContainerMigrationOptions options = request.getOptions();
    long timeoutMs = options == null ? 0 : options.getTimeoutMs();
    RMContainer source = accepted.getContainer();
    return MigrationSpec.newBuilder()
        .migrationId(ContainerMigrationReport.formatMigrationId(
            ResourceManager.getClusterTimeStamp(), sequence.incrementAndGet()))
        .containerId(source.getContainerId())
        .user(caller.getShortUserName())
        .appOwner(accepted.getAppOwner())
        .sourceNode(source.getAllocatedNode())
        .targetNode(request.getTargetNode())
        .resource(source.getAllocatedResource())
        .priority(source.getContainer().getPriority())
        .strategy(strategy)
        .tcpMode(options == null ? null : options.getTcpMode())
        .placement(placement)
        .reason(reason)
        .timeoutMs(timeoutMs == 0 ? defaultTimeoutMs : timeoutMs)
        .submitTime(clock.getTime())
        .build();
  }

  /** The report of one migration the caller may view. */
  @Override
  public ContainerMigrationReport getReport(String migrationId, UserGroupInformation caller)
      throws ContainerMigrationException {
    ContainerMigration m = migrationId == null ? null : registry.get(migrationId);
    // one an earlier RM ran (its report kept in the store), or that dropped out of the
    // history while its application runs
    ContainerMigrationReport kept = m != null || migrationId == null ? null
        : idMap.report(migrationId);
    if (m == null && kept == null) {
      throw new ContainerMigrationException(Reason.NOT_FOUND, "Migration " + migrationId
          + " is unknown: it never existed or dropped out of the history ("
          + MigrationConfiguration.RM_MIGRATION_MAX_HISTORY + ")");
    }
    ApplicationId app = m != null ? m.getSpec().getApplicationAttemptId().getApplicationId()
        : kept.getApplicationId();
    if (m != null ? !mayView(caller, m) : !mayView(caller, kept)) {
      throw new ContainerMigrationException(Reason.ACCESS_DENIED, "User "
          + (caller == null ? "<unknown>" : caller.getShortUserName())
          + " may not view migration " + migrationId + " of application " + app);
    }
    return m != null ? m.toReport() : kept;
  }

  /** Reports matching the request's filters that the caller may view, newest first. */
  @Override
  public List<ContainerMigrationReport> getReports(GetContainerMigrationReportsRequest request,
      UserGroupInformation caller) {
    int limit = request.getLimit() <= 0
        ? GetContainerMigrationReportsRequest.DEFAULT_LIMIT : request.getLimit();
    List<ContainerMigrationReport> reports = new ArrayList<>();
    MigrationRegistry.Query query = new MigrationRegistry.Query(
        chainOf(request.getContainerId()), request.getApplicationId(), request.getNode(),
        request.getStates());
    Set<String> shown = new java.util.HashSet<>();
    for (ContainerMigration m : registry.find(query, -1)) {
      shown.add(m.getMigrationId());
      if (mayView(caller, m)) {
        reports.add(m.toReport());
      }
    }
    // what the store kept of migrations this RM's history does not show (an earlier RM's)
    for (ContainerMigrationReport r : idMap.reports()) {
      if (!shown.contains(r.getMigrationId()) && query.matches(r) && mayView(caller, r)) {
        reports.add(r);
      }
    }
    reports.sort(MigrationRegistry.REPORTS_NEWEST_FIRST);
    return reports.size() > limit ? new ArrayList<>(reports.subList(0, limit)) : reports;
  }

  /** A kept report: its application's owner as the RM knows it now (ACLs as for a live one). */
  private boolean mayView(UserGroupInformation caller, ContainerMigrationReport r) {
    org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMApp app =
        rmContext.getRMApps().get(r.getApplicationId());
    return app != null && validator.mayView(caller, app.getUser(), r.getApplicationId());
  }

  /**
   * Every id of the migration chain of {@code containerId} (null: null, no filter): what the
   * id map knows (the chains of running applications) joined with what the history shows
   * (it outlives the map's entries, e.g. once the application finished).
   */
  Set<ContainerId> chainOf(ContainerId containerId) {
    if (containerId == null) {
      return null;
    }
    Set<ContainerId> chain = new LinkedHashSet<>(idMap.chainOf(containerId));
    chain.add(containerId);
    return registry.chainOf(chain);
  }

  private boolean mayView(UserGroupInformation caller, ContainerMigration m) {
    return validator.mayView(caller, m.getSpec().getAppOwner(),
        m.getSpec().getApplicationAttemptId().getApplicationId());
  }

  @Override
  public ContainerMigrationReport reportOf(String migrationId) {
    ContainerMigration m = registry.get(migrationId);
    return m == null ? null : m.toReport();
  }

  @Override
  public ContainerId currentOf(ContainerId id) {
    return idMap.currentOf(id);
  }

  @Override
  public void whenEnded(java.util.function.Consumer<String> listener) {
    registry.whenFinished(listener);
  }

  @Override
  public boolean isServing() {
    return getServiceState() == STATE.STARTED;
  }

  /** The live migration object (tests). */
  public ContainerMigration getMigration(String migrationId) {
    return registry.get(migrationId);
  }

  /** Which container stands for which after migrations (AMS processor). */
  public MigrationIdMap getMigrationIdMap() {
    return idMap;
  }

  /** The rebalancer, or null when it is off. */
  public ClusterRebalancer getRebalancer() {
    return rebalancer;
  }

  /** Drains of decommissioning nodes (RPC, tests). */
  public NodeDrainer getNodeDrainer() {
    return drainer;
  }

  /** The registry of NodeManager migration agents (served by the RPC server). */
  public MigrationAgentTracker getAgentTracker() {
    return agentTracker;
  }

  /** The channel that drives the NodeManagers. */
  public NodeMigrationChannel getChannel() {
    return channel;
  }

  public MigrationMetrics getMetrics() {
    return metrics;
  }

  public TargetContainerAllocator getAllocator() {
    return allocator;
  }

  RMContext getRMContext() {
    return rmContext;
  }
}
