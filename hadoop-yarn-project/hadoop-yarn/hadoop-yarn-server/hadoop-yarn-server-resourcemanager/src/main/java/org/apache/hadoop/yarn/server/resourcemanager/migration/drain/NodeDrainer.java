/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.drain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.authorize.AccessControlList;
import org.apache.hadoop.service.AbstractService;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException.Reason;
import org.apache.hadoop.yarn.api.migration.protocolrecords.DrainNodeRequest;
import org.apache.hadoop.yarn.api.migration.protocolrecords.MigrateContainerRequest;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState;
import org.apache.hadoop.yarn.api.migration.records.NodeDrainContainerReport;
import org.apache.hadoop.yarn.api.migration.records.NodeDrainContainerState;
import org.apache.hadoop.yarn.api.migration.records.NodeDrainReport;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.resourcemanager.RMContext;
import org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler.SchedulerFit;
import org.apache.hadoop.yarn.server.resourcemanager.migration.service.MigrationService;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMApp;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMAppImpl;
import org.apache.hadoop.yarn.server.resourcemanager.rmcontainer.RMContainer;
import org.apache.hadoop.yarn.server.resourcemanager.rmcontainer.RMContainerState;
import org.apache.hadoop.yarn.server.resourcemanager.migration.placement.MigrationPlacementPolicy;
import org.apache.hadoop.yarn.server.resourcemanager.migration.placement.PlacementCandidates;
import org.apache.hadoop.yarn.server.resourcemanager.rmnode.RMNode;
import org.apache.hadoop.yarn.server.resourcemanager.rmnode.RMNodeDecommissioningEvent;
import org.apache.hadoop.yarn.server.resourcemanager.rmnode.RMNodeEvent;
import org.apache.hadoop.yarn.server.resourcemanager.rmnode.RMNodeEventType;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.SchedulerNode;
import org.apache.hadoop.yarn.util.Clock;
import org.apache.hadoop.yarn.util.resource.Resources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains DECOMMISSIONING nodes by migrating their running containers away.
 *
 * <p><b>How a drain starts.</b> Every
 * {@link MigrationConfiguration#RM_MIGRATION_DRAIN_POLL_INTERVAL_MS} the drainer scans
 * {@code RMContext.getRMNodes()} for nodes in {@link NodeState#DECOMMISSIONING}, whoever put
 * them there: the stock graceful decommission ({@code yarn rmadmin -refreshNodes -g} with the
 * exclude file) or {@link #drainNode} ({@code yarn rmadmin -decommission}). Polling was
 * chosen over an extra dispatcher handler: it also sees nodes that were DECOMMISSIONING
 * before this service started (HA transition, RM restart), depends on no event order inside
 * 3.1.0's {@code MultiListenerHandler}, and never runs on (or blocks) the RM dispatcher
 * thread. The price is up to one poll interval of delay before a drain starts; once it
 * runs, the end of any migration runs its next round at once ({@link
 * MigrationService#whenEnded}), so it starts its next migration, or decommissions the
 * node, without waiting for the poll.
 *
 * <p><b>A drain round</b> (one per poll, under this object's lock): every RUNNING container
 * of the node's {@link SchedulerNode} gets an entry; an ApplicationMaster's container waits
 * until the node's other containers have left (it is frozen while nothing else of the node
 * moves), then moves like them (its attempt follows it, see {@code AttemptHandover}); the
 * outcomes of in-flight migrations are read back from the {@link MigrationService}; a
 * migration that FAILED is retried once more (up to
 * {@link MigrationConfiguration#RM_MIGRATION_DRAIN_MAX_ATTEMPTS} in all) on another node;
 * then {@link DrainTargetPolicy} places the waiting containers on RUNNING nodes and at most
 * {@link MigrationConfiguration#RM_MIGRATION_DRAIN_MAX_CONCURRENT} migrations run at once. A container that
 * cannot move (no room, every attempt failed) keeps running: the stock decommission timeout
 * decides its fate, exactly as without migration.
 *
 * <p><b>End of a drain.</b> 3.1.0's {@code DecommissioningNodesWatcher} keeps a node
 * DECOMMISSIONING until every APPLICATION that ran containers on it has finished (state
 * WAIT_APP, not only WAIT_CONTAINER), or until the timeout. After a drain that would keep the
 * node until the migrated applications end. So, when every entry is MIGRATED or FINISHED
 * and the scheduler node holds no container at all, the drainer fires
 * {@code RMNodeEventType.DECOMMISSION} for it (DECOMMISSIONING -&gt; DECOMMISSIONED, the event
 * the watcher fires itself when it is READY), unless a running application whose data on
 * the node outlives its containers ran there ({@link DataKeepingApplications},
 * {@link MigrationConfiguration#RM_MIGRATION_DRAIN_WAIT_FOR_APPLICATION_TYPES}: MapReduce by
 * default): then the node waits, empty, until those applications end. Turn it off with
 * {@link MigrationConfiguration#RM_MIGRATION_DRAIN_DECOMMISSION_WHEN_EMPTY} (then the node
 * stays DECOMMISSIONING until its applications end or the timeout, e.g. to keep serving
 * MapReduce shuffle data).
 *
 * <p><b>{@code drainNode}</b> (admins of {@code yarn.admin.acl}, plus the RM's own user, as
 * for {@code yarn rmadmin}) fires {@link RMNodeDecommissioningEvent} for the node, exactly
 * what {@code NodesListManager} fires for an excluded host on {@code -refreshNodes -g}. A
 * stock {@code -refreshNodes} later recommissions every DECOMMISSIONING host that is not in
 * the exclude file; for nodes drained by command the drainer puts them back into graceful
 * decommission (with the time left) at its next poll and logs a warning: add the host to the
 * exclude file to make the decommission permanent across RM restarts.
 */
public class NodeDrainer extends AbstractService {

  private static final Logger LOG = LoggerFactory.getLogger(NodeDrainer.class);


  private final MigrationPlacementPolicy placement;
  private final MigrationService manager;
  private final RMContext rmContext;
  private final Clock clock;
  /** The current or last drain of each node. */
  private final Map<NodeId, NodeDrain> drains = new LinkedHashMap<>();

  private boolean enabled;
  private int maxConcurrent;
  private int maxAttempts;
  private long pollMs;
  private boolean decommissionWhenEmpty;
  private DataKeepingApplications dataKeepers;
  private int defaultTimeoutSecs;
  private AccessControlList adminAcl;
  private UserGroupInformation rmUser;
  private volatile ScheduledExecutorService timer;
  /** Whether the last round left a drain running: a migration's end then runs a round. */
  private volatile boolean draining;
  /**
   * Nodes drained by 'yarn rmadmin -decommission'. They are not in the exclude file, so
   * once DECOMMISSIONED their NodeManager would be told to resync and would register
   * again; {@link MigrationResourceTrackerService} tells it to shut down instead, as stock
   * YARN does for an excluded host, until a NodeManager registers there anew.
   */
  private final Set<NodeId> keptOut = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** @param placement the RM's placement policy: where each drained container goes */
  public NodeDrainer(MigrationService manager, RMContext rmContext, Clock clock,
      MigrationPlacementPolicy placement) {
    super(NodeDrainer.class.getSimpleName());
    this.manager = manager;
    this.rmContext = rmContext;
    this.clock = clock;
    this.placement = placement;
  }

  @Override
  protected void serviceInit(Configuration conf) throws Exception {
    enabled = conf.getBoolean(MigrationConfiguration.RM_MIGRATION_DRAIN_ENABLED,
        MigrationConfiguration.DEFAULT_RM_MIGRATION_DRAIN_ENABLED);
    maxConcurrent = Math.max(1, conf.getInt(
        MigrationConfiguration.RM_MIGRATION_DRAIN_MAX_CONCURRENT,
        MigrationConfiguration.DEFAULT_RM_MIGRATION_DRAIN_MAX_CONCURRENT));
    maxAttempts = Math.max(1, conf.getInt(MigrationConfiguration.RM_MIGRATION_DRAIN_MAX_ATTEMPTS,
        MigrationConfiguration.DEFAULT_RM_MIGRATION_DRAIN_MAX_ATTEMPTS));
    pollMs = Math.max(10, conf.getLong(
        MigrationConfiguration.RM_MIGRATION_DRAIN_POLL_INTERVAL_MS,
        MigrationConfiguration.DEFAULT_RM_MIGRATION_DRAIN_POLL_INTERVAL_MS));
    decommissionWhenEmpty = conf.getBoolean(
        MigrationConfiguration.RM_MIGRATION_DRAIN_DECOMMISSION_WHEN_EMPTY,
        MigrationConfiguration.DEFAULT_RM_MIGRATION_DRAIN_DECOMMISSION_WHEN_EMPTY);
    dataKeepers = new DataKeepingApplications(Arrays.asList(conf.getTrimmedStrings(
        MigrationConfiguration.RM_MIGRATION_DRAIN_WAIT_FOR_APPLICATION_TYPES,
        MigrationConfiguration.DEFAULT_RM_MIGRATION_DRAIN_WAIT_FOR_APPLICATION_TYPES)));
    defaultTimeoutSecs = conf.getInt(YarnConfiguration.RM_NODE_GRACEFUL_DECOMMISSION_TIMEOUT,
        YarnConfiguration.DEFAULT_RM_NODE_GRACEFUL_DECOMMISSION_TIMEOUT);
    // As AdminService (yarn rmadmin): yarn.admin.acl plus the user running the RM.
    rmUser = UserGroupInformation.getCurrentUser();
    adminAcl = new AccessControlList(conf.get(YarnConfiguration.YARN_ADMIN_ACL,
        YarnConfiguration.DEFAULT_YARN_ADMIN_ACL));
    adminAcl.addUser(rmUser.getShortUserName());
    super.serviceInit(conf);
  }

  @Override
  protected void serviceStart() throws Exception {
    if (enabled) {
      timer = Executors.newSingleThreadScheduledExecutor(new ThreadFactory() {
        @Override
        public Thread newThread(Runnable r) {
          Thread t = new Thread(r, "NodeDrainer");
          t.setDaemon(true);
          return t;
        }
      });
      timer.scheduleWithFixedDelay(this::round, pollMs, pollMs, TimeUnit.MILLISECONDS);
      manager.whenEnded(this::migrationEnded);
    }
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

  /** A round on the drainer's thread. */
  private void round() {
    try {
      tick();
    } catch (Throwable t) {
      LOG.error("Node drain round failed", t);
    }
  }

  /**
   * A migration ended (on the thread that ended it): while a drain runs, its next round
   * runs now on the drainer's thread, so the drain starts its next migration, or
   * decommissions the node, without waiting for the poll.
   */
  private void migrationEnded(String migrationId) {
    ScheduledExecutorService t = timer;
    if (t == null || !draining) {
      return;
    }
    try {
      t.execute(this::round);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("Drainer stopped: no round after the end of {}", migrationId);
    }
  }

  // ---------------------------------------------------------------- requests

  /**
   * {@code yarn rmadmin -decommission}: graceful decommission of the node (the event stock
   * {@code -refreshNodes -g} fires) and a drain of its containers.
   */
  public synchronized NodeDrainReport drainNode(DrainNodeRequest request,
      UserGroupInformation caller) throws ContainerMigrationException {
    checkAdmin(caller, "drain a node");
    if (!enabled) {
      throw new ContainerMigrationException(Reason.CONFLICT, "Node drains are disabled on"
          + " this ResourceManager. Set " + MigrationConfiguration.RM_MIGRATION_DRAIN_ENABLED
          + " to true.");
    }
    NodeId node = request.getNode();
    if (node == null) {
      throw new ContainerMigrationException(Reason.INVALID_REQUEST,
          "No node given. Name the node as host:port.");
    }
    RMNode rmNode = rmContext.getRMNodes().get(node);
    if (rmNode == null) {
      RMNode inactive = rmContext.getInactiveRMNodes().get(node);
      throw new ContainerMigrationException(Reason.NOT_FOUND, "Node " + node
          + (inactive == null ? " is not a node of this cluster"
              : " is " + inactive.getState() + ", not an active node")
          + ". Pick a node listed by 'yarn node -list'.");
    }
    NodeState state = rmNode.getState();
    int timeout = request.getTimeoutSecs() >= 0 ? request.getTimeoutSecs() : defaultTimeoutSecs;
    if (state == NodeState.RUNNING || state == NodeState.UNHEALTHY
        || (state == NodeState.DECOMMISSIONING && request.getTimeoutSecs() >= 0)) {
      // RUNNING/UNHEALTHY -> DECOMMISSIONING; DECOMMISSIONING: the timeout is updated.
      fireGracefulDecommission(node, timeout);
    } else if (state != NodeState.DECOMMISSIONING) {
      throw new ContainerMigrationException(Reason.CONFLICT, "Node " + node + " is " + state
          + "; only a RUNNING, UNHEALTHY or DECOMMISSIONING node can be drained.");
    }
    NodeDrain d = drains.get(node);
    long now = clock.getTime();
    if (d == null || d.phase.isFinal()) {
      d = new NodeDrain(node, timeout, now, DrainTable.Phase.AWAITING_DECOMMISSIONING);
      drains.put(node, d);
    } else if (request.getTimeoutSecs() >= 0) {
      d.timeoutSecs = timeout;
    }
    d.commanded = true;
    draining = true;
    keptOut.add(node);
    LOG.info("Drain of {} requested by {} (graceful decommission timeout {} s, node {})", node,
        caller.getShortUserName(), timeout, state);
    return d.toReport();
  }

  /**
   * Whether the NodeManager of this node, once it is no longer an active node, must be
   * told to shut down (the node was decommissioned by 'yarn rmadmin -decommission').
   */
  public boolean isKeptOut(NodeId node) {
    return keptOut.contains(node);
  }

  /** A NodeManager registered on this node anew: it is a node of the cluster again. */
  public void nodeRegistered(NodeId node) {
    if (keptOut.remove(node)) {
      LOG.info("Node {}, decommissioned by 'yarn rmadmin -decommission', registered again",
          node);
    }
  }

  /** The current or last drain of the node (admins only). */
  public synchronized NodeDrainReport getReport(NodeId node, UserGroupInformation caller)
      throws ContainerMigrationException {
    checkAdmin(caller, "view node drains");
    NodeDrain d = node == null ? null : drains.get(node);
    if (d == null) {
      throw new ContainerMigrationException(Reason.NOT_FOUND, "Node " + node
          + " has not been drained by this ResourceManager.");
    }
    return d.toReport();
  }

  private void checkAdmin(UserGroupInformation caller, String what)
      throws ContainerMigrationException {
    if (caller == null || !adminAcl.isUserAllowed(caller)) {
      throw new ContainerMigrationException(Reason.ACCESS_DENIED, "User "
          + (caller == null ? "<unknown>" : caller.getShortUserName()) + " may not " + what
          + ": only YARN admins (" + YarnConfiguration.YARN_ADMIN_ACL + ") may.");
    }
  }

  private void fireGracefulDecommission(NodeId node, int timeoutSecs) {
    rmContext.getDispatcher().getEventHandler().handle(
        new RMNodeDecommissioningEvent(node, timeoutSecs));
  }

  // ---------------------------------------------------------------- the drain rounds

  /** One drain round over every DECOMMISSIONING node (the timer calls it; tests may too). */
  public synchronized void tick() {
    long now = clock.getTime();
    for (RMNode n : rmContext.getRMNodes().values()) {
      if (n.getState() == NodeState.DECOMMISSIONING) {
        NodeDrain d = drains.get(n.getNodeID());
        if (d == null || d.phase.isFinal()) {
          Integer t = n.getDecommissioningTimeout();
          d = new NodeDrain(n.getNodeID(), t == null ? defaultTimeoutSecs : t, now,
              DrainTable.Phase.DRAINING);
          drains.put(n.getNodeID(), d);
          LOG.info("Node {} is DECOMMISSIONING (timeout {} s): draining it", d.node,
              d.timeoutSecs);
        }
      }
    }
    boolean any = false;
    for (NodeDrain d : new ArrayList<>(drains.values())) {
      if (!d.phase.isFinal()) {
        step(d, now);
        any |= !d.phase.isFinal();
      }
    }
    draining = any;
  }

  private NodeState stateOf(NodeId node) {
    RMNode n = rmContext.getRMNodes().get(node);
    if (n == null) {
      n = rmContext.getInactiveRMNodes().get(node);
    }
    return n == null ? null : n.getState();
  }

  /**
   * One round of a drain: moves what it can off a DECOMMISSIONING node (and follows the
   * migrations of any node not active), observes the node, and lets {@link DrainTable}
   * say the next phase and what to do.
   */
  private void step(NodeDrain d, long now) {
    NodeState st = stateOf(d.node);
    boolean active = st == NodeState.RUNNING || st == NodeState.UNHEALTHY;
    SchedulerNode sn = rmContext.getScheduler().getSchedulerNode(d.node);
    if (!active) {
      moveContainers(d, st, sn, now);
    }
    DrainTable.Observation seen = observe(d, st, sn);
    DrainTable.Step step = DrainTable.next(d.phase, seen);
    switch (step.action) {
    case REDO_DECOMMISSION:
      int left = (int) Math.max(1, (d.deadline() - now + 999) / 1000);
      LOG.warn("Node {} was recommissioned (is {}) while drained by 'yarn rmadmin"
          + " -decommission': putting it back into graceful decommission ({} s left). Add"
          + " the host to the exclude file to make this permanent.", d.node, st, left);
      d.recommissions++;
      d.diagnostics = "recommissioned " + d.recommissions + " time(s) while drained (e.g. by a"
          + " stock -refreshNodes); put back into graceful decommission each time";
      fireGracefulDecommission(d.node, left);
      break;
    case DECOMMISSION:
      LOG.info("Node {} is drained and holds no container: decommissioning it", d.node);
      rmContext.getDispatcher().getEventHandler().handle(
          new RMNodeEvent(d.node, RMNodeEventType.DECOMMISSION));
      break;
    default:
      break;
    }
    if (step.next.isFinal()) {
      finish(d, step.next, now, whyEnded(d, step.next, st));
    } else if (step.next != d.phase) {
      LOG.info("Drain of {}: {} -> {} on {}", d.node, d.phase, step.next, seen);
      d.phase = step.next;
    }
  }

  /**
   * The containers' part of a round on a node that is not active: new containers of a
   * DECOMMISSIONING node join the drain, migrations are followed, containers gone from the
   * node are FINISHED, and migrations start until the drain's deadline.
   */
  private void moveContainers(NodeDrain d, NodeState st, SchedulerNode sn, long now) {
    List<RMContainer> onNode = sn == null || st != NodeState.DECOMMISSIONING
        ? Collections.<RMContainer>emptyList() : sn.getCopiedListOfRunningContainers();
    Set<ContainerId> present = new HashSet<>();
    for (RMContainer rc : onNode) {
      present.add(rc.getContainerId());
      // A source whose migration SUCCEEDED (by another request) stays on the node until
      // its NM reports it ended: it is leaving, not to be drained (migrating its id would
      // move its chain's current container, which runs elsewhere).
      if (!d.entries.containsKey(rc.getContainerId())
          && rc.getState() == RMContainerState.RUNNING
          && !migratedAway(rc.getContainerId())) {
        Entry e = new Entry(rc.getContainerId(), rc.getAllocatedResource(),
            rc.isAMContainer());
        d.entries.put(e.id, e);
        d.set(e, NodeDrainContainerState.PENDING, null);
      }
    }
    for (Entry e : d.entries.values()) {
      if (e.state == NodeDrainContainerState.MIGRATING) {
        followMigration(d, e);
      } else if (st == NodeState.DECOMMISSIONING && !present.contains(e.id)
          && !e.isGone()) {
        d.set(e, NodeDrainContainerState.FINISHED, "ended on the node");
      }
    }
    if (st != NodeState.DECOMMISSIONING) {
      return;
    }
    if (now < d.deadline()) {
      submit(d);
    } else {
      d.diagnostics = "decommission timeout passed; waiting for the ResourceManager to"
          + " decommission the node";
    }
  }

  /** What the round saw of the node, for {@link DrainTable}. */
  private DrainTable.Observation observe(NodeDrain d, NodeState st, SchedulerNode sn) {
    if (st == NodeState.RUNNING || st == NodeState.UNHEALTHY) {
      return d.commanded ? DrainTable.Observation.RECOMMISSIONED_KEPT
          : DrainTable.Observation.RECOMMISSIONED;
    }
    boolean allGone = true;
    for (Entry e : d.entries.values()) {
      allGone &= e.isGone();
    }
    if (st == NodeState.DECOMMISSIONED) {
      return allGone ? DrainTable.Observation.DECOMMISSIONED_EMPTY
          : DrainTable.Observation.DECOMMISSIONED_WITH_CONTAINERS;
    }
    if (st != NodeState.DECOMMISSIONING) {
      return DrainTable.Observation.NODE_GONE;
    }
    if (!allGone) {
      return DrainTable.Observation.DRAINING;
    }
    if (!decommissionWhenEmpty || (sn != null && sn.getNumContainers() > 0)
        || d.phase == DrainTable.Phase.DECOMMISSION_ASKED) {
      return DrainTable.Observation.DRAINED_HELD;
    }
    // DecommissioningNodesWatcher would wait for every application (WAIT_APP); only those
    // whose data on the node outlives their containers hold it
    List<ApplicationId> waitFor = waitingApplications(d.node);
    if (!waitFor.equals(d.waitingFor)) {
      d.waitingFor = waitFor;
      d.diagnostics = waitFor.isEmpty() ? null : "drained; decommissioned once "
          + dataKeepers.getTypes() + " application(s) " + waitFor + " that ran on it"
          + " finish (the node serves their data, e.g. map outputs), or at the"
          + " decommission timeout";
      if (!waitFor.isEmpty()) {
        LOG.info("Node {} is drained and holds no container; it stays DECOMMISSIONING"
            + " while {} application(s) {} that ran on it run (their data stays served"
            + " there)", d.node, dataKeepers.getTypes(), waitFor);
      }
    }
    return waitFor.isEmpty() ? DrainTable.Observation.DRAINED_EMPTY
        : DrainTable.Observation.DRAINED_HELD;
  }

  /** Why a drain ended in {@code phase}, for its report (null: nothing to say). */
  private static String whyEnded(NodeDrain d, DrainTable.Phase phase, NodeState st) {
    switch (phase) {
    case TIMED_OUT:
      return "node decommissioned while containers still ran on it (graceful decommission"
          + " timeout of " + d.timeoutSecs + " s)";
    case CANCELLED:
      return "node " + d.node + " is " + st + " again (recommissioned)";
    case NODE_LOST:
      return "node " + d.node + " is " + (st == null ? "gone" : st.toString());
    default:
      return null;
    }
  }

  /** The running applications that ran on the node and keep data there. */
  private List<ApplicationId> waitingApplications(NodeId node) {
    RMNode n = rmContext.getRMNodes().get(node);
    if (n == null || n.getRunningApps() == null) {
      return Collections.emptyList();
    }
    return dataKeepers.waitFor(new ArrayList<>(n.getRunningApps()), app -> {
      RMApp a = rmContext.getRMApps().get(app);
      // YARN's own rule (FINISHED, FAILED, KILLED, or recovered as such)
      return a == null || RMAppImpl.isAppInFinalState(a) ? null : a.getApplicationType();
    });
  }

  private boolean migratedAway(ContainerId id) {
    return !manager.currentOf(id).equals(id);
  }

  private void followMigration(NodeDrain d, Entry e) {
    ContainerMigrationReport r = manager.reportOf(e.migrationId);
    if (r == null) {
      failed(d, e, "migration " + e.migrationId + " dropped out of the history");
      return;
    }
    ContainerMigrationState ms = r.getState();
    if (ms == ContainerMigrationState.SUCCEEDED) {
      d.set(e, NodeDrainContainerState.MIGRATED, null);
    } else if (ms == ContainerMigrationState.FAILED) {
      failed(d, e, "migration " + e.migrationId + " to " + e.target + " failed: "
          + r.getDiagnostics());
    } else if (ms == ContainerMigrationState.LOST) {
      d.set(e, NodeDrainContainerState.FINISHED, "lost in its post-copy migration "
          + e.migrationId + " to " + e.target + ": " + r.getDiagnostics());
    }
  }

  private void failed(NodeDrain d, Entry e, String why) {
    if (e.target != null) {
      e.excluded.add(e.target);
    }
    e.lastFailure = why;
    if (e.attempts < maxAttempts) {
      d.set(e, NodeDrainContainerState.PENDING, why + "; retrying on another node");
    } else {
      d.set(e, NodeDrainContainerState.FAILED, why + "; it keeps running on the node until"
          + " the decommission timeout");
    }
  }

  private void submit(NodeDrain d) {
    int slots = maxConcurrent;
    boolean othersToMove = false;
    for (Entry e : d.entries.values()) {
      othersToMove |= !e.am && (e.state == NodeDrainContainerState.MIGRATING
          || e.state == NodeDrainContainerState.PENDING
          || e.state == NodeDrainContainerState.NO_ROOM);
    }
    List<DrainTargetPolicy.Request> waiting = new ArrayList<>();
    for (Entry e : d.entries.values()) {
      if (e.state == NodeDrainContainerState.MIGRATING) {
        slots--;
      } else if ((e.state == NodeDrainContainerState.PENDING
          || e.state == NodeDrainContainerState.NO_ROOM) && !(e.am && othersToMove)) {
        waiting.add(new DrainTargetPolicy.Request(e.id, e.resource, e.excluded));
      }
    }
    if (waiting.isEmpty() || slots <= 0) {
      return;
    }
    // the scheduler's calculator as configured now (a queue refresh may change it)
    SchedulerFit fit = SchedulerFit.of(rmContext.getScheduler());
    DrainTargetPolicy policy = new DrainTargetPolicy(fit, placement);
    List<DrainTargetPolicy.Candidate> candidates = candidates(d.node);
    String partition = PlacementCandidates.partition(rmContext.getRMNodes().get(d.node));
    DrainTargetPolicy.Plan plan = policy.plan(waiting, candidates, d.node, partition);
    for (ContainerId id : plan.getNoRoom()) {
      Entry e = d.entries.get(id);
      if (!e.excluded.isEmpty() && policy.plan(Collections.singletonList(
          new DrainTargetPolicy.Request(e.id, e.resource, Collections.<NodeId>emptySet())),
          candidates, d.node, partition).getNoRoom().isEmpty()) {
        // a node has room but the container's migrations failed there: the cause is that
        // failure (e.g. CRIU's reason), not room
        d.set(e, NodeDrainContainerState.FAILED, "its migration failed on every node with"
            + " room (" + e.excluded + "): " + e.lastFailure + "; it keeps running on the node"
            + " until the decommission timeout");
        continue;
      }
      d.set(e, NodeDrainContainerState.NO_ROOM, "no RUNNING node has room for " + e.resource
          + " as the scheduler's " + fit.calculatorName() + " counts"
          + (e.excluded.isEmpty() ? "" : " (excluded after failed migrations: " + e.excluded
              + "; last failure: " + e.lastFailure + ")")
          + "; it keeps running until the decommission timeout unless room appears");
    }
    for (Map.Entry<ContainerId, NodeId> a : plan.getAssignments().entrySet()) {
      Entry e = d.entries.get(a.getKey());
      if (slots <= 0) {
        d.set(e, NodeDrainContainerState.PENDING, "waiting for a migration slot ("
            + maxConcurrent + " at once)");
        continue;
      }
      try {
        ContainerMigrationReport r = manager.migrate(
            MigrateContainerRequest.newInstance(e.id, a.getValue(), null), rmUser,
            "drain of " + d.node);
        e.migrationId = r.getMigrationId();
        e.target = a.getValue();
        e.attempts++;
        d.set(e, NodeDrainContainerState.MIGRATING, null);
        slots--;
      } catch (ContainerMigrationException ex) {
        if (ex.getReason() == Reason.CONFLICT || ex.getReason() == Reason.NOT_FOUND) {
          d.set(e, NodeDrainContainerState.PENDING, ex.getMessage()); // retried next round
        } else {
          d.set(e, NodeDrainContainerState.FAILED, ex.getMessage());
        }
      }
    }
  }

  /** RUNNING nodes other than the draining one, with what in-flight migrations will take. */
  private List<DrainTargetPolicy.Candidate> candidates(NodeId draining) {
    Map<NodeId, Resource> coming = new LinkedHashMap<>();
    for (NodeDrain d : drains.values()) {
      for (Entry e : d.entries.values()) {
        if (e.state != NodeDrainContainerState.MIGRATING || e.target == null) {
          continue;
        }
        ContainerMigrationReport m = manager.reportOf(e.migrationId);
        if (m != null && (m.getState() == ContainerMigrationState.NEW
            || m.getState() == ContainerMigrationState.ALLOCATING)) {
          Resource r = coming.get(e.target);
          coming.put(e.target, r == null ? Resources.clone(e.resource)
              : Resources.addTo(r, e.resource));
        }
      }
    }
    List<DrainTargetPolicy.Candidate> out = new ArrayList<>();
    for (RMNode n : rmContext.getRMNodes().values()) {
      if (n.getState() != NodeState.RUNNING || n.getNodeID().equals(draining)) {
        continue;
      }
      SchedulerNode sn = rmContext.getScheduler().getSchedulerNode(n.getNodeID());
      if (sn == null) {
        continue;
      }
      // as the scheduler sees it (components may be negative: DefaultResourceCalculator
      // places by memory only), minus what in-flight migrations to it will take
      Resource free = Resources.clone(sn.getUnallocatedResource());
      Resource c = coming.get(n.getNodeID());
      if (c != null) {
        free = Resources.subtract(free, c);
      }
      out.add(new DrainTargetPolicy.Candidate(n.getNodeID(), free,
          PlacementCandidates.partition(n)));
    }
    return out;
  }

  private void finish(NodeDrain d, DrainTable.Phase phase, long now, String why) {
    d.phase = phase;
    d.finishTime = now;
    d.diagnostics = why;
    LOG.info("Drain of {} ended: {}{}", d.node, phase, why == null ? "" : " (" + why + ")");
  }

  // ---------------------------------------------------------------- state

  private static final class Entry {
    final ContainerId id;
    final Resource resource;
    /** An ApplicationMaster's container: moves after the node's others. */
    final boolean am;
    final Set<NodeId> excluded = new HashSet<>();
    /** Why its last migration failed (kept for the report once no node is left). */
    String lastFailure;
    NodeDrainContainerState state;
    String migrationId;
    NodeId target;
    int attempts;
    String diagnostics;

    Entry(ContainerId id, Resource resource, boolean am) {
      this.id = id;
      this.resource = resource;
      this.am = am;
    }

    /** Off the node for good: migrated, or ended there. */
    boolean isGone() {
      return state == NodeDrainContainerState.MIGRATED
          || state == NodeDrainContainerState.FINISHED;
    }
  }

  private static final class NodeDrain {
    final NodeId node;
    final long startTime;
    final TreeMap<ContainerId, Entry> entries = new TreeMap<>();
    int timeoutSecs;
    long finishTime;
    /** Where the drain is ({@link DrainTable}). */
    DrainTable.Phase phase;
    /** Asked by an admin ('yarn rmadmin -decommission'), not started by the RM itself. */
    boolean commanded;
    /** Applications the drained, empty node waits for (DataKeepingApplications). */
    List<ApplicationId> waitingFor = Collections.emptyList();
    int recommissions;
    String diagnostics;

    NodeDrain(NodeId node, int timeoutSecs, long startTime, DrainTable.Phase phase) {
      this.node = node;
      this.timeoutSecs = timeoutSecs;
      this.startTime = startTime;
      this.phase = phase;
    }

    long deadline() {
      return timeoutSecs < 0 ? Long.MAX_VALUE : startTime + timeoutSecs * 1000L;
    }

    void set(Entry e, NodeDrainContainerState s, String why) {
      if (e.state != s) {
        LOG.info("Drain of {}: {} {} -> {}{}{}", node, e.id, e.state, s,
            e.migrationId == null ? "" : " (migration " + e.migrationId + " to " + e.target
                + ")", why == null ? "" : ": " + why);
      }
      e.state = s;
      e.diagnostics = why;
    }

    NodeDrainReport toReport() {
      List<NodeDrainContainerReport> cs = new ArrayList<>();
      for (Entry e : entries.values()) {
        cs.add(NodeDrainContainerReport.newInstance(e.id, e.migrationId, e.target, e.state,
            e.attempts, e.diagnostics));
      }
      return NodeDrainReport.newInstance(node, phase.reported(), timeoutSecs, startTime,
          finishTime, cs, diagnostics);
    }
  }

}
