/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.channel;

import org.apache.hadoop.yarn.server.api.migration.security.MigrationAgentKeys;
import org.apache.hadoop.yarn.server.api.migration.security.MigrationAgentSecretManager;
import org.apache.hadoop.yarn.server.api.migration.security.MigrationAgentTokenIdentifier;
import java.io.Closeable;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.security.PrivilegedExceptionAction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.hadoop.conf.Configurable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonConfigurationKeys;
import org.apache.hadoop.net.NetUtils;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.ContainerManagementProtocol;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException.Reason;
import org.apache.hadoop.yarn.api.protocolrecords.GetContainerStatusesRequest;
import org.apache.hadoop.yarn.api.protocolrecords.GetContainerStatusesResponse;
import org.apache.hadoop.yarn.api.protocolrecords.StartContainerRequest;
import org.apache.hadoop.yarn.api.protocolrecords.StartContainersRequest;
import org.apache.hadoop.yarn.api.protocolrecords.StartContainersResponse;
import org.apache.hadoop.yarn.api.protocolrecords.StopContainersRequest;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.SerializedException;
import org.apache.hadoop.yarn.api.records.Token;
import org.apache.hadoop.yarn.client.NMProxy;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.ipc.YarnRPC;
import org.apache.hadoop.yarn.server.api.migration.MigrationContract;
import org.apache.hadoop.yarn.api.migration.MigrationFailure;
import org.apache.hadoop.yarn.api.migration.MigrationFailure.Step;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationStrategy;
import org.apache.hadoop.yarn.server.api.migration.NodeMigrationAgentProtocol;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.AbortMigrationRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.CheckpointContainerRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.CheckpointContainerResponse;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.CompleteMigrationRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.GetRestoreStatusRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.GetRestoreStatusResponse;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.PrepareRestoreRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.PrepareRestoreResponse;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.RestoreStatus;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.ShipImagesRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.ShipImagesResponse;
import org.apache.hadoop.yarn.server.resourcemanager.RMContext;
import org.apache.hadoop.yarn.server.resourcemanager.migration.records.MigrationSpec;
import org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler.TargetAllocation;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMApp;
import org.apache.hadoop.yarn.util.ConverterUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.util.concurrent.ThreadFactoryBuilder;

/**
 * The {@link NodeMigrationChannel} over RPC: the source and target NodeManagers' migration
 * agents ({@link NodeMigrationAgentProtocol}, addresses from the
 * {@link MigrationAgentTracker}) and, for the restore, the target NM's stock
 * {@link ContainerManagementProtocol}, which the RM calls itself as 3.1.0's
 * {@code AMLauncher} does (container token of the target allocation, NM token minted by
 * {@code rmContext.getNMTokenSecretManager().createNMToken(attempt, node, appUser)} in a
 * UGI named after the attempt, {@code NMProxy.createNMProxy}).
 *
 * <ul>
 * <li>checkpoint: source agent {@code checkpointContainer} (freeze, dump for the target's
 *   transfer address; returns with the tree frozen, with the dump time and image size the
 *   agent measured);</li>
 * <li>ship: source agent {@code shipImages} (returns once the target holds the images, the
 *   tree still frozen, with the transfer time and bytes the agent measured);</li>
 * <li>restore: target agent {@code prepareRestore} (images there?), then
 *   {@code startContainers} of the target container with environment
 *   {@value MigrationContract#RESTORE_ENV}{@code =<migrationId>};</li>
 * <li>awaitRestored: polls the target agent's {@code getRestoreStatus} until RESTORED
 *   (frozen time = source freeze until that moment) or FAILED;</li>
 * <li>complete: {@code completeMigration} on the source (exit 175), then the target
 *   (images discarded);</li>
 * <li>abort: stop the target container if it was started and wait until its NM reports
 *   it COMPLETE, target {@code abortMigration} (discard), THEN source
 *   {@code abortMigration} (thaw).</li>
 * </ul>
 * Created by reflection ({@code yarn.resourcemanager.migration.node-channel.class}, the
 * default); the MigrationManager hands it the RMContext and the tracker through
 * {@link #bind}.
 */
public class RpcNodeMigrationChannel implements NodeMigrationChannel, Configurable, Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(RpcNodeMigrationChannel.class);


  /** Command of the restore container; the NM's executor replaces it by the restore. */
  static final String RESTORE_PLACEHOLDER_COMMAND =
      "exit 1 # replaced by the restore launcher of CheckpointableContainerExecutor";

  static final long POLL_MS = 100;

  /** How long an abort waits for a stopped target container to end before it retries. */
  static final long TARGET_STOP_WAIT_MS = 15_000;

  /**
   * Upper bound of {@code yarn.client.nodemanager-connect.max-wait-ms} for the RM's own calls
   * to a NodeManager (start/stop of the restore container). NMProxy retries a refused
   * connection for 3 minutes by default: against a dead target NM the restore would hang and
   * the rollback's stop of the target would hold the source frozen that long (with 10 s, a
   * target NM stopped before the restore kept it frozen 10 s longer). A refused connection
   * is what a dead NM answers, a live one accepts at once, and an abort that fails is called
   * again by the orchestrator: 2 s. A larger configured value is lowered to this one; -1
   * (forever) too.
   */
  static final long NM_CONNECT_MAX_WAIT_CAP_MS = 2_000L;

  private Configuration conf;
  /** {@link #conf} with the NM connect wait bounded (see NM_CONNECT_MAX_WAIT_CAP_MS). */
  private Configuration nmConf;
  /** {@link #conf} with an RPC timeout on the agents' calls (see {@link #boundedAgentConf}). */
  private Configuration agentConf;
  private volatile RMContext rmContext;
  private volatile MigrationAgentTracker tracker;
  private final ExecutorService executor = Executors.newCachedThreadPool(
      new ThreadFactoryBuilder().setNameFormat("RpcNodeMigrationChannel #%d").setDaemon(true)
          .build());
  private final Map<String, NodeMigrationAgentProtocol> agentProxies =
      new ConcurrentHashMap<>();
  private final Map<String, State> states = new ConcurrentHashMap<>();

  /** What the channel remembers about one migration. */
  private static final class State {
    volatile CheckpointContainerResponse checkpoint;
    /** The source's answer to shipImages, and when it came (System.nanoTime()). */
    volatile ShipImagesResponse shipped;
    volatile long shippedAtNanos;
    /**
     * The restore container's start was sent to the target NM (it may run there), unless
     * the call failed before its connection was made ({@link #neverSent}).
     */
    volatile boolean targetStartRequested;
  }

  @Override
  public void setConf(Configuration c) {
    this.conf = c;
    this.nmConf = boundedNmConf(c);
    this.agentConf = boundedAgentConf(c);
  }

  /**
   * The agents' RPCs (checkpoint, prepare, complete, abort) with a timeout: Hadoop's default
   * ({@code ipc.client.rpc-timeout.ms} 0) waits for an answer forever, so an NM agent that
   * hangs would hold the migration past its deadline and its source frozen. A call gets at
   * most the migration's default deadline ({@code
   * yarn.resourcemanager.migration.default-timeout-ms}); a smaller configured RPC timeout
   * stays.
   */
  static Configuration boundedAgentConf(Configuration c) {
    Configuration b = new Configuration(c);
    long deadline = c.getLong(MigrationConfiguration.RM_MIGRATION_DEFAULT_TIMEOUT_MS,
        MigrationConfiguration.DEFAULT_RM_MIGRATION_DEFAULT_TIMEOUT_MS);
    int cap = (int) Math.min(Integer.MAX_VALUE, Math.max(1, deadline));
    int configured = c.getInt(CommonConfigurationKeys.IPC_CLIENT_RPC_TIMEOUT_KEY,
        CommonConfigurationKeys.IPC_CLIENT_RPC_TIMEOUT_DEFAULT);
    if (configured <= 0 || configured > cap) {
      b.setInt(CommonConfigurationKeys.IPC_CLIENT_RPC_TIMEOUT_KEY, cap);
    }
    return b;
  }

  static Configuration boundedNmConf(Configuration c) {
    Configuration b = new Configuration(c);
    long wait = c.getLong(YarnConfiguration.CLIENT_NM_CONNECT_MAX_WAIT_MS,
        YarnConfiguration.DEFAULT_CLIENT_NM_CONNECT_MAX_WAIT_MS);
    if (wait < 0 || wait > NM_CONNECT_MAX_WAIT_CAP_MS) {
      b.setLong(YarnConfiguration.CLIENT_NM_CONNECT_MAX_WAIT_MS, NM_CONNECT_MAX_WAIT_CAP_MS);
    }
    long interval = c.getLong(YarnConfiguration.CLIENT_NM_CONNECT_RETRY_INTERVAL_MS,
        YarnConfiguration.DEFAULT_CLIENT_NM_CONNECT_RETRY_INTERVAL_MS);
    long maxInterval = NM_CONNECT_MAX_WAIT_CAP_MS / 5;
    if (interval < 0 || interval > maxInterval) {
      b.setLong(YarnConfiguration.CLIENT_NM_CONNECT_RETRY_INTERVAL_MS, maxInterval);
    }
    return b;
  }

  @Override
  public Configuration getConf() {
    return conf;
  }

  /** Gives the channel the RM it works for (called by the MigrationManager at init). */
  public void bind(RMContext context, MigrationAgentTracker agentTracker) {
    this.rmContext = context;
    this.tracker = agentTracker;
  }

  public MigrationAgentTracker getTracker() {
    return tracker;
  }

  private State state(MigrationSpec spec) {
    return states.computeIfAbsent(spec.getMigrationId(), id -> new State());
  }

  private <T> CompletableFuture<T> async(BlockingCall<T> call) {
    CompletableFuture<T> f = new CompletableFuture<>();
    executor.execute(() -> {
      try {
        f.complete(call.run(f));
      } catch (Throwable t) {
        f.completeExceptionally(t instanceof CompletionException && t.getCause() != null
            ? t.getCause() : t);
      }
    });
    return f;
  }

  /** One blocking step; {@code self} tells whether the caller cancelled it. */
  private interface BlockingCall<T> {
    T run(CompletableFuture<T> self) throws Exception;
  }

  private MigrationAgentTracker tracker() throws ContainerMigrationException {
    MigrationAgentTracker t = tracker;
    if (t == null) {
      throw new ContainerMigrationException(Reason.INTERNAL, "RpcNodeMigrationChannel is not"
          + " bound to a ResourceManager");
    }
    return t;
  }

  /**
   * The node's agent, reached as the ResourceManager: the proxy's user holds a migration
   * token of the RM role for that node, signed with the current NM-token master key
   * ({@link MigrationAgentSecretManager}); the agent answers no one else. A roll of the
   * master key, or a new run of the agent (its NodeManager restarted), makes a new proxy
   * (cached by address, the run's start and the key id; a proxy has a user of its own, so
   * its own connection); the other proxies of that address are stopped.
   */
  private NodeMigrationAgentProtocol agent(NodeId node) throws ContainerMigrationException {
    MigrationAgentTracker t = tracker();
    MigrationAgentTracker.Agent a = t.require(node);
    MigrationAgentKeys keys = t.getKeys();
    String prefix = a.getAgentAddress() + "#";
    String key = prefix + a.getStartedAt() + "#" + keys.currentKeyId();
    NodeMigrationAgentProtocol p = agentProxies.computeIfAbsent(key, k -> {
      try {
        return MigrationAgentSecretManager.proxy(keys,
            MigrationAgentTokenIdentifier.Role.RESOURCE_MANAGER, node.toString(),
            NodeMigrationAgentProtocol.class, NetUtils.createSocketAddr(a.getAgentAddress()),
            agentConf);
      } catch (IOException e) {
        throw new IllegalStateException("cannot make the proxy of " + a + ": " + e, e);
      }
    });
    for (String old : agentProxies.keySet()) {
      if (old.startsWith(prefix) && !old.equals(key)) {
        NodeMigrationAgentProtocol stale = agentProxies.remove(old);
        if (stale != null) {
          YarnRPC.create(agentConf).stopProxy(stale, agentConf);
        }
      }
    }
    return p;
  }

  private static ContainerMigrationException failed(Step step, MigrationSpec spec,
      NodeId node, Throwable cause) {
    String m = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    if (cause instanceof ContainerMigrationException) {
      return (ContainerMigrationException) cause;
    }
    Throwable unreachable = unreachable(cause);
    if (unreachable != null) {
      return failure(step, spec, node, "NodeManager " + node + " is unreachable ("
          + unreachable.getClass().getSimpleName() + ": "
          + firstLine(String.valueOf(unreachable.getMessage())) + "). Check that the"
          + " NodeManager on " + node + " runs; the container stays on "
          + spec.getSourceNode() + ", migrate it to another node or retry once " + node
          + " is back.", cause);
    }
    return failure(step, spec, node, firstLine(m), cause);
  }

  /** The step's failure, written by {@link MigrationFailure}; the cause kept. */
  static ContainerMigrationException failure(Step step, MigrationSpec spec, NodeId node,
      String why, Throwable cause) {
    return new ContainerMigrationException(Reason.INTERNAL, MigrationFailure.of(step,
        spec.getContainerId(), spec.getMigrationId(), node, why), cause);
  }

  /**
   * Whether a call failed before its connection was made (refused, no route, connect
   * timeout): its request never reached the node.
   */
  static boolean neverSent(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof ConnectException || c instanceof NoRouteToHostException
          || c instanceof org.apache.hadoop.net.ConnectTimeoutException) {
        return true;
      }
    }
    return false;
  }

  /** The connect/timeout exception in the cause chain of a call to a node that is down. */
  static Throwable unreachable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof ConnectException || c instanceof NoRouteToHostException
          || c instanceof SocketTimeoutException) {
        return c;
      }
    }
    return null;
  }

  private static String firstLine(String s) {
    int i = s.indexOf('\n');
    return i < 0 ? s : s.substring(0, i);
  }

  // ------------------------------------------------------------------ steps

  @Override
  public CompletableFuture<CheckpointResult> checkpoint(MigrationSpec spec,
      TargetAllocation target) {
    return async(self -> {
      NodeId source = spec.getSourceNode();
      NodeId targetNode = target.getContainer().getNodeId();
      NodeMigrationAgentProtocol src = agent(source);
      MigrationAgentTracker.Agent tgt = tracker().require(targetNode);
      try {
        CheckpointContainerRequest request = CheckpointContainerRequest.newInstance(
            spec.getMigrationId(), spec.getContainerId(), targetNode,
            tgt.getTransferAddress(), spec.getStrategy(), 0);
        request.setTcpMode(spec.getTcpMode());
        CheckpointContainerResponse r = src.checkpointContainer(request);
        state(spec).checkpoint = r;
        LOG.info("Checkpointed {}: images {} bytes, dump {} ms, frozen {} ms so far", spec,
            r.getImageBytes(), r.getDumpTimeMs(), r.getFrozenTimeMs());
        return new CheckpointResult(r.getDumpTimeMs(), r.getImageBytes());
      } catch (Exception e) {
        throw failed(Step.CHECKPOINT, spec, source, e);
      }
    });
  }

  @Override
  public CompletableFuture<ShipResult> ship(MigrationSpec spec, TargetAllocation target) {
    return async(self -> {
      NodeId source = spec.getSourceNode();
      try {
        ShipImagesResponse r = agent(source).shipImages(ShipImagesRequest.newInstance(
            spec.getMigrationId(), spec.getContainerId()));
        State s = state(spec);
        s.shippedAtNanos = System.nanoTime();
        s.shipped = r;
        LOG.info("Shipped {} to {}: {} bytes in {} ms, frozen {} ms so far", spec,
            target.getContainer().getNodeId(), r.getTransferredBytes(), r.getTransferTimeMs(),
            r.getFrozenTimeMs());
        return new ShipResult(r.getTransferTimeMs(), r.getTransferredBytes());
      } catch (Exception e) {
        throw failed(Step.TRANSFER, spec, source, e);
      }
    });
  }

  @Override
  public CompletableFuture<Void> restore(MigrationSpec spec, TargetAllocation target) {
    return async(self -> {
      Container c = target.getContainer();
      NodeId node = c.getNodeId();
      try {
        PrepareRestoreResponse p = agent(node).prepareRestore(PrepareRestoreRequest.newInstance(
            spec.getMigrationId(), spec.getContainerId(), c.getId()));
        if (!p.getReady()) {
          throw failure(Step.RESTORE, spec, node, p.getDiagnostics(), null);
        }
        // the source container's localized resources, so that the target NM localizes its
        // own copies (the restore maps the source's paths onto them)
        CheckpointContainerResponse shipped = state(spec).checkpoint;
        Map<String, LocalResource> resources = shipped == null
            ? Collections.<String, LocalResource>emptyMap() : shipped.getLocalResources();
        ContainerLaunchContext clc = ContainerLaunchContext.newInstance(resources,
            Collections.singletonMap(MigrationContract.RESTORE_ENV, spec.getMigrationId()),
            Collections.singletonList(RESTORE_PLACEHOLDER_COMMAND), null, null, null);
        beforeTargetStart(spec, c);
        state(spec).targetStartRequested = true;
        StartContainersResponse r;
        try {
          r = withNM(spec, c, cm -> cm.startContainers(
              StartContainersRequest.newInstance(Collections.singletonList(
                  StartContainerRequest.newInstance(clc, c.getContainerToken())))));
        } catch (Exception e) {
          if (neverSent(e)) {
            state(spec).targetStartRequested = false; // nothing can have started there
          }
          throw e;
        }
        Map<ContainerId, SerializedException> failed = r.getFailedRequests();
        if (failed != null && failed.containsKey(c.getId())) {
          throw failure(Step.RESTORE, spec, node, "the NodeManager refused to start "
              + c.getId() + ": " + failed.get(c.getId()).getMessage(), null);
        }
        LOG.info("Started restore container {} on {} for {}", c.getId(), node, spec);
        return null;
      } catch (Exception e) {
        throw failed(Step.RESTORE, spec, node, e);
      }
    });
  }

  @Override
  public CompletableFuture<Long> awaitRestored(MigrationSpec spec, TargetAllocation target) {
    return async(self -> {
      Container c = target.getContainer();
      NodeId node = c.getNodeId();
      long deadline = System.nanoTime() + Math.max(1, spec.getTimeoutMs()) * 1_000_000L;
      try {
        NodeMigrationAgentProtocol a = agent(node);
        while (!self.isDone()) {
          GetRestoreStatusResponse r = a.getRestoreStatus(GetRestoreStatusRequest.newInstance(
              spec.getMigrationId(), c.getId()));
          // PAGES_LOST: post-copy, restored and lost at once; the page pull reports it
          if (r.getStatus() == RestoreStatus.RESTORED
              || r.getStatus() == RestoreStatus.PAGES_LOST) {
            State s = state(spec);
            long frozen = s.shipped == null ? 0 : s.shipped.getFrozenTimeMs()
                + (System.nanoTime() - s.shippedAtNanos) / 1_000_000L;
            LOG.info("Restored {} in {}: frozen {} ms", spec, c.getId(), frozen);
            return frozen;
          }
          if (r.getStatus() == RestoreStatus.FAILED) {
            throw failure(Step.RESTORE, spec, node, r.getDiagnostics(), null);
          }
          if (System.nanoTime() - deadline > 0) {
            throw failure(Step.RESTORE, spec, node, "not restored within "
                + spec.getTimeoutMs() + " ms", null);
          }
          Thread.sleep(POLL_MS);
        }
        return null;
      } catch (Exception e) {
        throw failed(Step.RESTORE, spec, node, e);
      }
    });
  }

  @Override
  public CompletableFuture<RestoreStatus> restoreStatus(MigrationSpec spec,
      TargetAllocation target) {
    return async(self -> {
      Container c = target.getContainer();
      try {
        GetRestoreStatusResponse r = agent(c.getNodeId()).getRestoreStatus(
            GetRestoreStatusRequest.newInstance(spec.getMigrationId(), c.getId()));
        LOG.info("{}: the target {} says its restore is {}{}", spec, c.getNodeId(),
            r.getStatus(), r.getDiagnostics() == null ? "" : " (" + r.getDiagnostics() + ")");
        return r.getStatus();
      } catch (Exception e) {
        throw failed(Step.RESTORE, spec, c.getNodeId(), e);
      }
    });
  }

  @Override
  public CompletableFuture<Void> complete(MigrationSpec spec, TargetAllocation target) {
    return async(self -> {
      List<String> problems = new ArrayList<>();
      String pagesLost = null;
      try {
        // the source notes in the container's logs where the tree runs now
        pagesLost = agent(spec.getSourceNode()).completeMigration(target == null
            ? CompleteMigrationRequest.newInstance(spec.getMigrationId(), spec.getContainerId())
            : CompleteMigrationRequest.newInstance(spec.getMigrationId(), spec.getContainerId(),
                target.getContainer().getId(), target.getContainer().getNodeId()))
            .getPagesLost();
      } catch (Exception e) {
        problems.add("source " + spec.getSourceNode() + ": " + firstLine(String.valueOf(
            e.getMessage())));
      }
      // post-copy: the target keeps its images (and its page feed) until the source
      // answered: the pages went, or the tree was ended without them. A source that does
      // not answer may be gone: the target knows when its page pull broke (it ended the
      // tree then), and says so at once instead of after the source's node expired. A
      // source whose dump ended well is asked too: the target's own lazy-pages daemon may
      // have died (the source's dump then just sees its client go), and the target ended
      // the tree before it let the stream go
      boolean postCopy = spec.getStrategy() == ContainerMigrationStrategy.LAZY_PAGES;
      boolean postCopyPending = postCopy && !problems.isEmpty();
      NodeId lostOn = spec.getSourceNode();
      if (postCopy && target != null && pagesLost == null) {
        String lostOnTarget = pagesLostOnTarget(spec, target);
        if (lostOnTarget != null) {
          pagesLost = lostOnTarget;
          if (!postCopyPending) {
            lostOn = target.getContainer().getNodeId();
          }
          postCopyPending = false;
        }
      }
      if (target != null && !postCopyPending) {
        try {
          agent(target.getContainer().getNodeId()).completeMigration(
              CompleteMigrationRequest.newInstance(spec.getMigrationId(),
                  target.getContainer().getId()));
        } catch (Exception e) {
          problems.add("target " + target.getContainer().getNodeId() + ": "
              + firstLine(String.valueOf(e.getMessage())));
        }
      }
      states.remove(spec.getMigrationId());
      if (pagesLost != null) {
        throw new PagesLostException(MigrationFailure.of(Step.PAGE_PULL,
            spec.getContainerId(), spec.getMigrationId(), lostOn, pagesLost
                + (problems.isEmpty() ? "" : "; " + String.join("; ", problems))));
      }
      if (!problems.isEmpty()) {
        throw failure(Step.COMPLETION, spec, null, String.join("; ", problems), null);
      }
      return null;
    });
  }

  /**
   * Post-copy: why the target ended the restored tree lacking pages, or null when it did
   * not (or cannot be asked: the retries of the completion go on).
   */
  private String pagesLostOnTarget(MigrationSpec spec, TargetAllocation target) {
    Container c = target.getContainer();
    try {
      GetRestoreStatusResponse r = agent(c.getNodeId()).getRestoreStatus(
          GetRestoreStatusRequest.newInstance(spec.getMigrationId(), c.getId()));
      if (r.getStatus() == RestoreStatus.PAGES_LOST) {
        return "the target " + c.getNodeId() + " ended the restored tree in " + c.getId()
            + ": " + r.getDiagnostics();
      }
    } catch (Exception e) {
      LOG.info("{}: the target {} cannot say whether its page pull goes on: {}", spec,
          c.getNodeId(), firstLine(String.valueOf(e.getMessage())));
    }
    return null;
  }

  @Override
  public CompletableFuture<Void> abort(MigrationSpec spec, TargetAllocation target,
      String reason) {
    return async(self -> {
      List<String> problems = new ArrayList<>();
      ContainerId targetMayRun = null;
      // kept until the abort succeeds: a retry must stop the target container again
      State s = states.get(spec.getMigrationId());
      if (target != null) {
        Container c = target.getContainer();
        NodeId node = c.getNodeId();
        // 1. the target tree first: it must never run beside a thawed source
        if (s != null && s.targetStartRequested) {
          try {
            withNM(spec, c, cm -> stopAndAwaitEnd(cm, c, TARGET_STOP_WAIT_MS));
          } catch (Exception e) {
            RMContext ctx = rmContext;
            String gone = ctx == null ? null : NodeLiveness.goneInResourceManager(ctx, node);
            if (gone != null) {
              // as YARN counts a node's containers once the node is gone: ended
              LOG.warn("{}: target container {} on {} not stopped ({}), and {}: the source"
                  + " is thawed", spec, c.getId(), node, firstLine(String.valueOf(
                      e.getMessage())), gone);
            } else {
              targetMayRun = c.getId();
              problems.add("stopping target container " + c.getId() + " on " + node + ": "
                  + firstLine(String.valueOf(e.getMessage())));
            }
          }
        }
        // 2. images on the target
        if (tracker().get(node) != null) {
          try {
            agent(node).abortMigration(AbortMigrationRequest.newInstance(
                spec.getMigrationId(), c.getId(), reason));
          } catch (Exception e) {
            problems.add("target " + node + ": " + firstLine(String.valueOf(e.getMessage())));
          }
        }
      }
      // 3. then thaw the source -- not while a restore container that may hold the tree
      // could run on the target (a target NM unreachable after its start was sent): the
      // retried abort thaws it once that container is stopped, or its node is gone
      if (targetMayRun != null) {
        problems.add("the source stays frozen on " + spec.getSourceNode() + " until the"
            + " restore container " + targetMayRun + " is stopped (the tree may run there)");
      } else {
        try {
          if (tracker().get(spec.getSourceNode()) != null) {
            agent(spec.getSourceNode()).abortMigration(AbortMigrationRequest.newInstance(
                spec.getMigrationId(), spec.getContainerId(), reason));
          }
        } catch (Exception e) {
          problems.add("source " + spec.getSourceNode() + ": "
              + firstLine(String.valueOf(e.getMessage())));
        }
      }
      if (!problems.isEmpty()) {
        throw failure(Step.ABORT, spec, null, String.join("; ", problems), null);
      }
      states.remove(spec.getMigrationId());
      return null;
    });
  }

  /**
   * Stops the target container and waits until its NodeManager reports it COMPLETE (or no
   * longer knows it): a stop is only a request, and the tree of a restore container that
   * is being killed may still run for a moment (the NodeManager's SIGTERM, then SIGKILL
   * {@code yarn.nodemanager.sleep-delay-before-sigkill.ms} later). The source is thawed
   * only after this returns.
   *
   * @param waitMs how long to wait ({@value #TARGET_STOP_WAIT_MS} ms in aborts)
   * @throws IOException when the container still runs waitMs after the stop (the abort is
   *     retried)
   */
  static Void stopAndAwaitEnd(ContainerManagementProtocol cm, Container c, long waitMs)
      throws Exception {
    List<ContainerId> ids = Collections.singletonList(c.getId());
    cm.stopContainers(StopContainersRequest.newInstance(ids));
    long deadline = System.nanoTime() + waitMs * 1_000_000L;
    while (true) {
      GetContainerStatusesResponse r = cm.getContainerStatuses(
          GetContainerStatusesRequest.newInstance(ids));
      ContainerState state = null;
      for (ContainerStatus st : r.getContainerStatuses()) {
        if (st.getContainerId().equals(c.getId())) {
          state = st.getState();
        }
      }
      if (state == null || state == ContainerState.COMPLETE) {
        return null; // ended, or no longer known there (failed request: not found)
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IOException("target container " + c.getId() + " still " + state + " on "
            + c.getNodeId() + " " + waitMs + " ms after it was told to stop");
      }
      Thread.sleep(POLL_MS);
    }
  }

  /** A given-up migration: its state entry (kept for a retried abort) is dropped. */
  @Override
  public void forget(MigrationSpec spec) {
    states.remove(spec.getMigrationId());
  }

  /**
   * Called in {@link #restore} after the target agent confirmed the images and right before
   * the RM starts the restore container on the target NM. Does nothing; a test hook (e.g.
   * to stop the target NM at exactly this point).
   */
  protected void beforeTargetStart(MigrationSpec spec, Container target) throws Exception {
  }

  // ------------------------------------------------------------------ NM calls

  private interface NMCall<T> {
    T call(ContainerManagementProtocol cm) throws Exception;
  }

  /** Calls the NM of {@code c} with an NM token for the application attempt (AMLauncher). */
  private <T> T withNM(MigrationSpec spec, Container c, NMCall<T> call) throws Exception {
    RMContext ctx = rmContext;
    if (ctx == null) {
      throw new IllegalStateException("RpcNodeMigrationChannel is not bound");
    }
    NodeId node = c.getNodeId();
    final InetSocketAddress addr = NetUtils.createSocketAddrForHost(node.getHost(),
        node.getPort());
    ApplicationAttemptId attempt = c.getId().getApplicationAttemptId();
    RMApp app = ctx.getRMApps().get(attempt.getApplicationId());
    String user = app != null ? app.getUser() : spec.getAppOwner();
    UserGroupInformation ugi = UserGroupInformation.createRemoteUser(attempt.toString());
    Token nmToken = ctx.getNMTokenSecretManager().createNMToken(attempt, node, user);
    ugi.addToken(ConverterUtils.convertFromYarn(nmToken, addr));
    final Configuration c2 = nmConf != null ? nmConf : conf;
    final YarnRPC rpc = YarnRPC.create(c2);
    ContainerManagementProtocol cm = ugi.doAs(
        (PrivilegedExceptionAction<ContainerManagementProtocol>) () -> NMProxy.createNMProxy(
            c2, ContainerManagementProtocol.class, ugi, rpc, addr));
    try {
      return call.call(cm);
    } finally {
      rpc.stopProxy(cm, c2);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    // the proxies were made with agentConf (set with conf by setConf)
    YarnRPC rpc = YarnRPC.create(agentConf);
    for (NodeMigrationAgentProtocol p : agentProxies.values()) {
      try {
        rpc.stopProxy(p, agentConf);
      } catch (RuntimeException e) {
        LOG.debug("stopProxy failed", e);
      }
    }
    agentProxies.clear();
  }
}
