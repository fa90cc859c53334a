/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.agent;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.criu.CriuTcpMode;
import org.apache.hadoop.yarn.api.migration.MigrationFailure;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationStrategy;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationTcpMode;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.criu.Criu;
import org.apache.hadoop.criu.CriuFeatures;
import org.apache.hadoop.criu.CriuVersion;
import org.apache.hadoop.criu.ProcessCriuCommandRunner;
import org.apache.hadoop.criu.ProcessTree;
import org.apache.hadoop.criu.cgroup.CgroupFreezers;
import org.apache.hadoop.fs.CommonConfigurationKeys;
import org.apache.hadoop.ipc.Server;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.yarn.server.api.migration.security.MigrationAgentKeys;
import org.apache.hadoop.yarn.server.api.migration.security.MigrationAgentSecretManager;
import org.apache.hadoop.yarn.server.api.migration.security.MigrationAgentTokenIdentifier;
import org.apache.hadoop.yarn.server.api.migration.security.SealedSecret;
import org.apache.hadoop.net.NetUtils;
import org.apache.hadoop.service.CompositeService;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.ipc.YarnRPC;
import org.apache.hadoop.yarn.server.api.migration.MigrationAgentTrackerProtocol;
import org.apache.hadoop.yarn.server.api.migration.MigrationContract;
import org.apache.hadoop.yarn.server.api.migration.MigrationServerPolicyProvider;
import org.apache.hadoop.yarn.server.api.migration.NodeMigrationAgentProtocol;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.AbortMigrationRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.AbortMigrationResponse;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.CheckpointContainerRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.CheckpointContainerResponse;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.CompleteMigrationRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.CompleteMigrationResponse;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.GetRestoreStatusRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.GetRestoreStatusResponse;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.PrepareRestoreRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.PrepareRestoreResponse;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.RegisterMigrationAgentRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.RegisterMigrationAgentResponse;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.RestoreStatus;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.ShipImagesRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.ShipImagesResponse;
import org.apache.hadoop.yarn.server.nodemanager.Context;
import org.apache.hadoop.yarn.server.nodemanager.containermanager.container.Container;
import org.apache.hadoop.yarn.server.nodemanager.containermanager.localizer.ContainerLocalizer;
import org.apache.hadoop.yarn.server.nodemanager.containermanager.container.ContainerKillEvent;
import org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint.CheckpointRequest;
import org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint.ContainerCheckpointer;
import org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint.ContainerProcesses;
import org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint.FrozenCheckpoint;
import org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint.LeftoverCheckpoints;
import org.apache.hadoop.yarn.server.nodemanager.migration.executor.CheckpointableContainerExecutor;
import org.apache.hadoop.yarn.server.nodemanager.migration.network.OwnAddress;
import org.apache.hadoop.yarn.server.nodemanager.migration.restore.MigrationDirs;
import org.apache.hadoop.yarn.server.nodemanager.migration.restore.RestoreSpec;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.GiveUp;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ImageSender;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.MigrationIds;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ReceivedImages;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.SharedShufflePort;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.util.concurrent.ThreadFactoryBuilder;

/**
 * The NodeManager's endpoint for the ResourceManager: serves
 * {@link NodeMigrationAgentProtocol} on {@code yarn.nodemanager.migration.agent.address}
 * (port 0 = ephemeral) and registers with the RM's {@link MigrationAgentTrackerProtocol}
 * (again every heartbeat interval the RM hands out), installing the transfer secret it
 * receives into the aux service's {@code TransferSecretManager}.
 *
 * <p>Created and owned by {@link MigrationAuxService} (what the NM instantiates from its
 * configuration). The NM's {@link Context} (containers, pids, dirs, NodeId) comes from
 * {@link NodeManagerSeam}, looked up at command time.
 *
 * <p>Pending migrations: a source whose tree is frozen after a successful
 * {@code checkpointContainer} stays in {@link SourceMigrations} through {@code shipImages}
 * until {@code completeMigration} (tree killed, exit 175) or {@code abortMigration}
 * (thawed); {@link #serviceStop} thaws whatever is still frozen, so a failed migration
 * always leaves the container running.
 */
public class NodeMigrationAgent extends CompositeService implements NodeMigrationAgentProtocol {

  private static final Logger LOG = LoggerFactory.getLogger(NodeMigrationAgent.class);

  /** An empty leftover freezer cgroup older than this is removed at start. */
  static final long LEFTOVER_EMPTY_CGROUP_AGE_MS = 60_000L;

  private final MigrationAuxService aux;
  /** The one record of each migration this node is the source of. */
  private final SourceMigrations sources = new SourceMigrations();

  private Configuration conf;
  private Server server;
  private InetSocketAddress bindAddress;
  private int threads;
  private String criuBinary;
  private long freezeTimeoutMs;
  /** Stop-and-copy sends the pages of a tree this big to the target while it dumps; -1: none. */
  private long streamPagesMinBytes;
  /** Every CRIU call of this agent (dump, check) ends within it. */
  private long dumpTimeoutMs;
  /** A restore container not restored this long after its start on this NM has failed. */
  private long restoreTimeoutMs;
  private TransferSettings transferSettings;
  /** The source's watchdog: a tree frozen longer than this is given up (0: never). */
  private volatile long maxFrozenMs;
  private volatile ScheduledExecutorService watchdog;
  private volatile long heartbeatMs;
  private volatile Thread registrar;
  private volatile boolean stopping;
  /** When this run of the agent started: sent with every registration (see its use). */
  private volatile long startedAt;
  /** How often the registration loop looks for a new master key between heartbeats. */
  private static final long KEY_WATCH_MS = 200;
  private volatile boolean registered;
  private volatile String lastRegistrationError;
  /** The transfer address the RM has for this node (registration thread only). */
  private String registeredTransfer;
  /** What the start-up probe of CRIU found (null when criu did not run). */
  private volatile CriuFeatures criuFeatures;
  private volatile MigrationAgentTrackerProtocol tracker;
  /** The NM-token master key id of the tracker proxy's migration token. */
  private volatile int trackerKeyId = -1;
  /** This NodeManager's migration keys (YARN's NM-token master keys). */
  private final MigrationAgentKeys keys =
      new NodeManagerAgentKeys(() -> NodeManagerSeam.find(conf));

  public NodeMigrationAgent(MigrationAuxService aux) {
    super(NodeMigrationAgent.class.getSimpleName());
    this.aux = aux;
  }

  /** The CRIU binding, every call bounded by the dump timeout. */
  Criu criu() {
    return new Criu(criuBinary, new ProcessCriuCommandRunner(), dumpTimeoutMs);
  }

  @Override
  protected void serviceInit(Configuration c) throws Exception {
    this.conf = c;
    bindAddress = c.getSocketAddr(MigrationConfiguration.NM_MIGRATION_AGENT_ADDRESS,
        MigrationConfiguration.DEFAULT_NM_MIGRATION_AGENT_ADDRESS, 0);
    threads = c.getInt(MigrationConfiguration.NM_MIGRATION_AGENT_THREAD_COUNT,
        MigrationConfiguration.DEFAULT_NM_MIGRATION_AGENT_THREAD_COUNT);
    criuBinary = c.getTrimmed(MigrationConfiguration.NM_MIGRATION_CRIU_BINARY,
        MigrationConfiguration.DEFAULT_NM_MIGRATION_CRIU_BINARY);
    long streamMinMb = c.getLong(MigrationConfiguration.NM_MIGRATION_STREAM_PAGES_MIN_MB,
        MigrationConfiguration.DEFAULT_NM_MIGRATION_STREAM_PAGES_MIN_MB);
    streamPagesMinBytes = streamMinMb < 0 ? -1 : streamMinMb << 20;
    freezeTimeoutMs = c.getLong(MigrationConfiguration.NM_MIGRATION_FREEZE_TIMEOUT_MS,
        MigrationConfiguration.DEFAULT_NM_MIGRATION_FREEZE_TIMEOUT_MS);
    dumpTimeoutMs = c.getLong(MigrationConfiguration.NM_MIGRATION_DUMP_TIMEOUT_MS,
        MigrationConfiguration.DEFAULT_NM_MIGRATION_DUMP_TIMEOUT_MS);
    if (dumpTimeoutMs <= 0) {
      throw new IllegalArgumentException(MigrationConfiguration.NM_MIGRATION_DUMP_TIMEOUT_MS
          + " must be positive (ms), not " + dumpTimeoutMs);
    }
    restoreTimeoutMs = c.getLong(MigrationConfiguration.NM_MIGRATION_RESTORE_TIMEOUT_MS,
        MigrationConfiguration.DEFAULT_NM_MIGRATION_RESTORE_TIMEOUT_MS);
    if (restoreTimeoutMs <= 0) {
      throw new IllegalArgumentException(MigrationConfiguration.NM_MIGRATION_RESTORE_TIMEOUT_MS
          + " must be positive (ms), not " + restoreTimeoutMs);
    }
    transferSettings = TransferSettings.fromConfiguration(c);
    maxFrozenMs = c.getLong(MigrationConfiguration.NM_MIGRATION_MAX_FROZEN_MS,
        MigrationConfiguration.DEFAULT_NM_MIGRATION_MAX_FROZEN_MS);
    heartbeatMs = c.getLong(MigrationConfiguration.RM_MIGRATION_AGENT_HEARTBEAT_INTERVAL_MS,
        MigrationConfiguration.DEFAULT_RM_MIGRATION_AGENT_HEARTBEAT_INTERVAL_MS);
    super.serviceInit(c);
  }

  @Override
  protected void serviceStart() throws Exception {
    refuseUnsupportedCriu();
    cleanLeftovers();
    YarnRPC rpc = YarnRPC.create(conf);
    // only the ResourceManager's migration token opens it (fromTheResourceManager)
    server = rpc.getServer(NodeMigrationAgentProtocol.class, this, bindAddress, conf,
        new MigrationAgentSecretManager(keys, MigrationAgentTokenIdentifier.Role.RESOURCE_MANAGER,
            () -> {
              Context ctx = NodeManagerSeam.find(conf);
              return ctx == null || ctx.getNodeId() == null ? "" : nodeOf(ctx);
            }), threads);
    if (conf.getBoolean(CommonConfigurationKeys.HADOOP_SECURITY_AUTHORIZATION, false)) {
      server.refreshServiceAcl(conf, MigrationServerPolicyProvider.forNodeManager());
    }
    server.start();
    LOG.info("NodeMigrationAgentProtocol listening on {}", server.getListenerAddress());
    stopping = false;
    startedAt = System.currentTimeMillis();
    Thread t = new Thread(this::registerLoop, "NodeMigrationAgent registrar");
    t.setDaemon(true);
    registrar = t;
    t.start();
    startWatchdog();
    super.serviceStart();
  }

  /** Whether a container of this node had moved: its migrated marker exists. */
  private boolean hadMoved(String containerId) {
    Context ctx = NodeManagerSeam.find(conf);
    Object exec = ctx == null ? null : ctx.getContainerExecutor();
    if (!(exec instanceof CheckpointableContainerExecutor)) {
      return false;
    }
    try {
      // completed, or post-copy with its pages served: the target may run the tree
      File marker = CheckpointableContainerExecutor.migratedMarker(
          ((CheckpointableContainerExecutor) exec).getLauncherDir(), containerId);
      return marker.isFile() || FrozenCheckpoint.pagesServedMarker(marker).isFile();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * What an earlier run of this NodeManager left (it died between a freeze and the
   * complete or abort of a migration): its frozen trees are thawed and run on, their
   * freezer cgroups removed, checkpoints and received images deleted. This NM knows no
   * migration yet, so none of them is in use.
   */
  private void cleanLeftovers() {
    List<String> localDirs = new ArrayList<>();
    List<File> outgoing = new ArrayList<>();
    for (Path images : aux.getReceivedImages().getRoots()) {
      localDirs.add(images.getParent().toString());
      outgoing.add(new File(images.getParent().toFile(), SourceMigration.OUTGOING_DIR));
    }
    try {
      for (String s : LeftoverCheckpoints.thawOurs(CgroupFreezers.detect(), localDirs,
          LEFTOVER_EMPTY_CGROUP_AGE_MS, this::hadMoved)) {
        LOG.warn("Left by an earlier run of this NodeManager: {}", s);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not look for containers left frozen by an earlier run of this"
          + " NodeManager: {}", e.toString());
    }
    for (String s : LeftoverCheckpoints.deleteCheckpointDirs(outgoing)) {
      LOG.info("Deleted the checkpoint {} left by an earlier run of this NodeManager", s);
    }
    for (String s : aux.getReceivedImages().discardAllLeftovers()) {
      LOG.info("Deleted the received images {} left by an earlier run of this NodeManager",
          s);
    }
  }

  /**
   * A CRIU older than {@link CriuVersion#MINIMUM_SUPPORTED} stops the NodeManager's start
   * with what to do; a CRIU that does not run at all is logged (the NM runs containers,
   * every checkpoint and restore on it fails with CRIU's reason).
   */
  private void refuseUnsupportedCriu() {
    CriuFeatures f;
    try {
      f = criu().check();
    } catch (org.apache.hadoop.criu.CriuException e) {
      LOG.warn("CRIU at {} is not usable: {}. This NodeManager cannot checkpoint or restore"
          + " containers until it is (install it with dev-support/bin/install-criu, or set {})",
          criuBinary, e.getMessage(), MigrationConfiguration.NM_MIGRATION_CRIU_BINARY);
      return;
    }
    criuFeatures = f;
    if (!f.getVersion().isSupported()) {
      throw new org.apache.hadoop.yarn.exceptions.YarnRuntimeException("CRIU "
          + f.getVersion() + " at " + criuBinary + " cannot migrate containers: version "
          + CriuVersion.MINIMUM_SUPPORTED + " or later is needed (4.1 hangs in 'criu dump'"
          + " on Linux 6.18 and cannot dump inet sockets). Install it with"
          + " dev-support/bin/install-criu, or point "
          + MigrationConfiguration.NM_MIGRATION_CRIU_BINARY + " at a newer criu.");
    }
  }

  /**
   * Starts the source's watchdog (see {@link #watchdogRound}): every quarter of the limit,
   * at most every 30 s.
   */
  private void startWatchdog() {
    if (maxFrozenMs <= 0) {
      LOG.info("No source watchdog ({} = {})",
          MigrationConfiguration.NM_MIGRATION_MAX_FROZEN_MS, maxFrozenMs);
      return;
    }
    long every = Math.max(100, Math.min(30_000, maxFrozenMs / 4));
    ScheduledExecutorService w =
        Executors.newSingleThreadScheduledExecutor(
            new ThreadFactoryBuilder()
                .setNameFormat("migration-source-watchdog").setDaemon(true).build());
    w.scheduleWithFixedDelay(this::watchdogRound, every, every,
        TimeUnit.MILLISECONDS);
    watchdog = w;
  }

  /**
   * The source's watchdog, whatever the RM does: a tree a migration keeps frozen longer than
   * {@code yarn.nodemanager.migration.max-frozen-ms} is given up here. Never shipped: thawed
   * (no restore can happen). Shipped: the target decides (GVUP, {@link
   * org.apache.hadoop.yarn.server.nodemanager.migration.transfer.GiveUp}): THAW when no
   * restore can happen there any more, KILL when the tree runs there; undecided or
   * unreachable, it stays frozen and is asked again next round. A completion that could
   * not kill is tried again.
   */
  void watchdogRound() {
    for (SourceMigrations.Overdue o : sources.overdue(System.nanoTime(), maxFrozenMs)) {
      try {
        giveUp(o);
      } catch (IOException | RuntimeException e) {
        LOG.warn("Watchdog: migration {} of {}, frozen {} ms: {}", o.migrationId,
            o.containerId, o.frozenMs, e.toString());
      }
    }
  }

  /**
   * Test hook: the watchdog's limit from now on (the rounds' period stays); negative: every
   * frozen tree is overdue.
   */
  void setMaxFrozenMs(long ms) {
    this.maxFrozenMs = ms;
  }

  long getMaxFrozenMs() {
    return maxFrozenMs;
  }

  private void giveUp(SourceMigrations.Overdue o) throws IOException {
    switch (o.state) {
    case CHECKPOINTED:
      thawGivenUp(o, "never shipped");
      break;
    case SHIPPED:
      GiveUp.Answer a =
          new ImageSender(transferSettings).giveUp(o.checkpointed.getTarget(),
              o.migrationId, o.checkpointed.getToken());
      switch (a.getVerdict()) {
      case THAW:
        thawGivenUp(o, "the target gave it up: " + a.getReason());
        break;
      case KILL:
        if (completeSource(o.migrationId) != null) {
          LOG.warn("Watchdog: migration {} of {} frozen {} ms and never completed by the RM:"
              + " its tree runs on the target ({}), the source tree is ended",
              o.migrationId, o.containerId, o.frozenMs, a.getReason());
        }
        break;
      default:
        LOG.warn("Watchdog: migration {} of {} frozen {} ms stays frozen: the target cannot"
            + " tell yet ({}); asked again later", o.migrationId, o.containerId, o.frozenMs,
            a.getReason());
        break;
      }
      break;
    case UNKILLED:
      completeSource(o.migrationId);
      break;
    default:
      break;
    }
  }

  private void thawGivenUp(SourceMigrations.Overdue o, String why) throws IOException {
    SourceMigrations.Transition t = abortSource(o.migrationId);
    if (t != null && t.to == SourceMigrations.State.ENDED) {
      LOG.warn("Watchdog: migration {} of {} frozen {} ms and neither completed nor aborted"
          + " by the RM ({}): source thawed, the container runs on here", o.migrationId,
          o.containerId, o.frozenMs, why);
    }
  }

  /**
   * ABORT on the source record; when that ends it, the tree is thawed (the container runs
   * on here).
   *
   * @return the transition, or null when this node has no record of the migration
   * @throws IllegalStateException when the record refuses it (COMPLETING, UNKILLED: the
   *     tree's copy runs on the target, it is never thawed)
   */
  private SourceMigrations.Transition abortSource(String m) throws IOException {
    SourceMigrations.Transition t = sources.fire(m, SourceMigrations.Event.ABORT);
    if (t != null && t.to == SourceMigrations.State.ENDED) {
      t.checkpointed.abort();
    }
    return t;
  }

  /**
   * COMPLETE on the source record, then the tree is killed ({@link #endSourceTree}).
   *
   * @return the shipped checkpoint whose tree was killed, or null when this node has no
   *     record of the migration
   * @throws IllegalStateException when the record refuses it (not shipped yet, or a
   *     completion runs)
   */
  private SourceMigration.Shipped completeSource(String m) throws IOException {
    SourceMigrations.Transition t = sources.fire(m, SourceMigrations.Event.COMPLETE);
    if (t == null) {
      return null;
    }
    endSourceTree(m, t.shipped);
    return t.shipped;
  }

  /**
   * Kills the frozen source tree of a migration in COMPLETING: COMPLETED once every process
   * got SIGKILL; a kill that failed leaves it frozen in UNKILLED (tried again later).
   */
  private void endSourceTree(String m, SourceMigration.Shipped s) throws IOException {
    try {
      s.complete();
    } catch (IOException e) {
      // killed, with cleanup left over: completed; not killed: frozen, tried again
      sources.fire(m, s.isKilled() ? SourceMigrations.Event.COMPLETED
          : SourceMigrations.Event.COMPLETE_FAILED);
      throw e;
    }
    sources.fire(m, SourceMigrations.Event.COMPLETED);
  }

  @Override
  protected void serviceStop() throws Exception {
    stopping = true;
    ScheduledExecutorService w = watchdog;
    if (w != null) {
      w.shutdownNow();
      w.awaitTermination(10, TimeUnit.SECONDS);
    }
    Thread t = registrar;
    if (t != null) {
      t.interrupt();
      t.join(5_000);
    }
    // A migration still pending when the NM stops fails: the container runs on (a
    // checkpoint still running thaws when it ends).
    for (String m : sources.all()) {
      try {
        SourceMigrations.Transition end = abortSource(m);
        if (end != null && end.to == SourceMigrations.State.ENDED) {
          LOG.warn("Migration {} aborted at agent stop: source thawed", m);
        }
      } catch (IllegalStateException e) {
        // completing: its copy runs on the target, the tree is never thawed
        LOG.error("Migration {} left as it is at agent stop ({}): its tree stays frozen"
            + " until killed (by hand, or when this NodeManager starts again once its"
            + " migrated marker exists)", m, e.getMessage());
      } catch (IOException | RuntimeException e) {
        LOG.error("Thaw of migration {} at agent stop failed", m, e);
      }
    }
    if (server != null) {
      server.stop();
      server = null;
    }
    MigrationAgentTrackerProtocol p = tracker;
    tracker = null;
    if (p != null) {
      YarnRPC.create(conf).stopProxy(p, conf);
    }
    super.serviceStop();
  }

  // ------------------------------------------------------------------ registration

  private void registerLoop() {
    String criuVersion = null;
    List<String> capabilities = Collections.emptyList();
    boolean loggedWait = false;
    while (!stopping) {
      long sleep = 200;
      try {
        Context ctx = NodeManagerSeam.find(conf);
        NodeId nodeId = ctx == null ? null : ctx.getNodeId();
        InetSocketAddress transfer = aux.getBoundAddress();
        if (nodeId == null || nodeId.getPort() <= 0 || transfer == null) {
          if (!loggedWait) {
            LOG.info("Migration agent waits for the NodeManager's NodeId ({})",
                ctx == null ? "no context registered yet" : "not bound yet");
            loggedWait = true;
          }
        } else {
          if (criuVersion == null) {
            criuVersion = "unknown";
            try {
              // probed once at start (refuseUnsupportedCriu) unless criu did not run then
              CriuFeatures f = criuFeatures != null ? criuFeatures
                  : criu().check();
              criuVersion = String.valueOf(f.getVersion());
              String noPostCopy = !f.supportsLazyPages()
                  ? "CRIU or the kernel does no lazy pages (criu check --feature"
                      + " uffd-noncoop)"
                  : org.apache.hadoop.criu.CriuHost.ensurePipeMaxSize(
                      org.apache.hadoop.criu.CriuHost.LAZY_PAGES_PIPE_SIZE);
              if (noPostCopy == null) {
                capabilities = Collections.singletonList(
                    MigrationContract.CAPABILITY_LAZY_PAGES);
              } else {
                LOG.info("This node takes no part in post-copy migrations: {}", noPostCopy);
              }
            } catch (Exception e) {
              LOG.warn("criu check failed: {}", e.toString());
            }
          }
          register(nodeId, transfer, criuVersion, capabilities);
          sleep = heartbeatMs;
        }
      } catch (Exception e) {
        String msg = e.toString();
        if (!msg.equals(lastRegistrationError)) {
          LOG.warn("Registration of the migration agent with the RM at {} failed (retrying):"
              + " {}", MigrationConfiguration.getRmMigrationAddress(conf), msg);
        }
        lastRegistrationError = msg;
        registered = false;
        sleep = 1_000;
      }
      try {
        awaitNextRegistration(Math.max(50, sleep));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * Sleeps until the next registration is due, or until this node's NM-token master key
   * changed (its NodeManager registered with a new RM, after a restart or a fail-over, or
   * the RM rolled the key): then the agent registers at once, so a new RM knows it within
   * a fraction of a second of its NodeManager instead of one heartbeat later.
   */
  private void awaitNextRegistration(long ms) throws InterruptedException {
    long deadline = System.nanoTime() + ms * 1_000_000L;
    int keyId = trackerKeyId;
    long left;
    while (!stopping && (left = (deadline - System.nanoTime()) / 1_000_000L) > 0) {
      Thread.sleep(Math.min(left, KEY_WATCH_MS));
      if (registered && keys.currentKeyId() != keyId) {
        return;
      }
    }
  }

  private void register(NodeId nodeId, InetSocketAddress transfer, String criuVersion,
      List<String> capabilities) throws IOException, YarnException {
    MigrationAgentTrackerProtocol p = tracker;
    int keyId = keys.currentKeyId();
    if (keyId == -1) {
      throw new YarnException("NodeManager " + nodeId + " holds no NM-token master key yet"
          + " (not registered with the ResourceManager): its migration agent registers once"
          + " it does");
    }
    if (p != null && keyId != trackerKeyId) {
      // the RM rolled the master key: a proxy with a token of the new one
      YarnRPC.create(conf).stopProxy(p, conf);
      p = null;
    }
    if (p == null) {
      // the tracker answers only this node's NodeManager: it proves a migration token
      // derived from the master key the RM gave it
      p = MigrationAgentSecretManager.proxy(keys, MigrationAgentTokenIdentifier.Role.NODE_MANAGER,
          nodeId.toString(), MigrationAgentTrackerProtocol.class,
          MigrationConfiguration.getRmMigrationAddress(conf), trackerConf(conf));
      tracker = p;
      trackerKeyId = keyId;
    }
    String transferAddress = hostPort(advertisedTransfer(transfer,
        SharedShufflePort.shufflePort()), nodeId);
    RegisterMigrationAgentRequest request = RegisterMigrationAgentRequest.newInstance(nodeId,
        hostPort(getAgentAddress(), nodeId), transferAddress, criuVersion, capabilities);
    request.setStartedAt(startedAt);
    RegisterMigrationAgentResponse r = p.registerMigrationAgent(request);
    byte[] sealed = bytesOf(r.getTransferSecret());
    if (sealed != null) {
      byte[] sealedNext = bytesOf(r.getNextTransferSecret());
      try {
        aux.getSecretManager().setKeys(SealedSecret.open(sealed, keys, nodeId.toString()),
            sealedNext == null ? null
                : SealedSecret.open(sealedNext, keys, nodeId.toString()));
      } catch (IllegalArgumentException e) {
        throw new YarnException("The transfer secret from the ResourceManager at "
            + MigrationConfiguration.getRmMigrationAddress(conf) + " does not open with this"
            + " node's NM-token master key: " + e.getMessage());
      }
    }
    if (r.getHeartbeatIntervalMs() > 0) {
      heartbeatMs = r.getHeartbeatIntervalMs();
    }
    if (!registered) {
      LOG.info("Migration agent of {} registered with the RM (agent {}, transfer {},"
          + " criu {}, heartbeat {} ms)", nodeId, hostPort(getAgentAddress(), nodeId),
          transferAddress, criuVersion, heartbeatMs);
    } else if (!transferAddress.equals(registeredTransfer)) {
      LOG.info("Migration agent of {} registered its transfer address {} (was {})", nodeId,
          transferAddress, registeredTransfer);
    }
    registeredTransfer = transferAddress;
    registered = true;
    lastRegistrationError = null;
  }

  /**
   * The settings of the tracker proxy: one connection attempt per call, no IPC retries.
   * The registration loop retries itself (every second while the RM is away), so a stop of
   * the NodeManager never waits out Hadoop's default of ten connection retries.
   */
  static Configuration trackerConf(Configuration c) {
    Configuration t = new Configuration(c);
    t.setInt(CommonConfigurationKeys.IPC_CLIENT_CONNECT_MAX_RETRIES_KEY, 0);
    t.setInt(CommonConfigurationKeys.IPC_CLIENT_CONNECT_MAX_RETRIES_ON_SOCKET_TIMEOUTS_KEY, 0);
    return t;
  }

  /** The bytes of a buffer from the wire, or null when it holds none. */
  private static byte[] bytesOf(ByteBuffer b) {
    if (b == null || b.remaining() == 0) {
      return null;
    }
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  /**
   * What sources connect to: the shuffle's port where MapReduce's shuffle shares it with the
   * transfer (it relays to the receiver), else the receiver's own.
   *
   * @param receiver the image receiver's bound address
   * @param shufflePort {@link SharedShufflePort#shufflePort()}: the shared port, or -1
   */
  static InetSocketAddress advertisedTransfer(InetSocketAddress receiver, int shufflePort) {
    return shufflePort > 0 ? new InetSocketAddress(shufflePort) : receiver;
  }

  /** host:port, with the NM's host for a wildcard bind. */
  private static String hostPort(InetSocketAddress a, NodeId nodeId) {
    String host = a.getAddress() != null && a.getAddress().isAnyLocalAddress()
        ? nodeId.getHost() : a.getHostString();
    return host + ":" + a.getPort();
  }

  /** @return the bound address of the agent's RPC server (after start) */
  public InetSocketAddress getAgentAddress() {
    Server s = server;
    return s == null ? null : s.getListenerAddress();
  }

  /** @return true once the RM accepted the last registration */
  public boolean isRegistered() {
    return registered;
  }

  /** @return ids of migrations whose source tree is frozen here, awaiting complete/abort */
  public Set<String> getPendingSources() {
    return Collections.unmodifiableSet(sources.frozen());
  }

  // ------------------------------------------------------------------ commands

  /**
   * The edge of every command: a migration id from the network is checked here, once,
   * before it is recorded, logged or put in a path ({@link MigrationIds}, the one rule of
   * this NodeManager for ids from the network, which the transfer port applies too).
   */
  static String migrationIdOf(String fromTheNetwork) throws YarnException {
    try {
      return MigrationIds.check(fromTheNetwork);
    } catch (IllegalArgumentException e) {
      throw new YarnException("Refused: " + e.getMessage() + " (1 to 128 of [A-Za-z0-9_.-],"
          + " starting with a letter or digit, not ending in " + ReceivedImages.PARTIAL_SUFFIX
          + " or " + ReceivedImages.PAGES_SUFFIX + "); nothing was done");
    }
  }

  /**
   * The edge of every command received over RPC: only the ResourceManager may send it (the
   * caller proved the RM's migration token for this node, {@link MigrationAgentSecretManager},
   * checked by Hadoop RPC's SASL before the call was read); then its migration id is checked
   * ({@link #migrationIdOf}). An in-process call (no RPC) is the NodeManager's own.
   *
   * @throws AccessControlException for any other caller; nothing was done
   */
  String fromTheResourceManager(String command, String migrationId)
      throws YarnException, AccessControlException {
    if (MigrationAgentSecretManager.inRpcCall()) {
      MigrationAgentTokenIdentifier t = MigrationAgentSecretManager.callerToken();
      if (t == null || t.getRole() != MigrationAgentTokenIdentifier.Role.RESOURCE_MANAGER) {
        Context ctx = NodeManagerSeam.find(conf);
        throw new AccessControlException(NodeMigrationAgentProtocol.class.getSimpleName()
            + "." + command + " on NodeManager " + (ctx == null ? "?" : nodeOf(ctx))
            + " refused: the caller (" + Server.getRemoteUser() + " from "
            + Server.getRemoteAddress() + ") is not the ResourceManager (no migration"
            + " token). Only the ResourceManager drives a migration; nothing was done");
      }
    }
    return migrationIdOf(migrationId);
  }

  /**
   * Post-copy, target side: the page pull of a restored tree broke, so the tree lacks
   * memory (it would read zeros where pages did not come once the lazy-pages daemon ends).
   * Called before the daemon sees the end: the container is killed the NM's way first (it
   * ends KILLED, exit status ABORTED, the cause in its diagnostics), then, on this thread,
   * its launcher's process group (CRIU's restore among them) and its tree's PID namespace
   * (SIGKILL to its init), so nothing of the tree runs on once this returns. The RM reports
   * the container LOST.
   *
   * @return the host pid of the tree's namespace init, or -1 when not found
   */
  int endTreeLackingPages(String migrationId, String container, String why) {
    // recorded first: the RM, asking for the restore, learns at once that it was lost
    try {
      aux.getTargetMigrations().fire(migrationId, TargetMigrations.Event.PAGES_LOST, null,
          null, why);
    } catch (IllegalStateException e) {
      LOG.warn("Migration {}: the loss of its pages is not recorded: {}", migrationId,
          e.getMessage());
    }
    Context ctx = NodeManagerSeam.find(conf);
    Container c = container == null || ctx == null ? null
        : ctx.getContainers().get(ContainerId.fromString(container));
    if (c == null) {
      LOG.error("Migration {}: {}; no running restore container to end ({})", migrationId,
          why, container);
      return -1;
    }
    String diagnostics = MigrationFailure.of(MigrationFailure.Step.PAGE_PULL, container,
        migrationId, nodeOf(ctx), why + "; the container is lost (its memory is not all"
            + " here) and is ended").getMessage();
    LOG.error(diagnostics);
    // the launcher's pid first: once the NM's kill began, the executor may forget it
    String pid = ctx.getContainerExecutor().getProcessId(c.getContainerId());
    c.handle(new ContainerKillEvent(c.getContainerId(), ContainerExitStatus.ABORTED,
        diagnostics));
    try {
      int launcher = Integer.parseInt(pid);
      int init = ContainerProcesses.of(launcher).getNamespaceInit();
      // the launcher's group first (CRIU's restore among it): were the tree to die first,
      // CRIU's restore would end 0 and the container look as if it had succeeded
      if (!ProcessTree.signalGroup(launcher, "KILL", init) && ProcessTree.isAlive(init)) {
        LOG.error("Migration {}: SIGKILL to {}'s launcher group {} and namespace init {}"
            + " failed", migrationId, container, launcher, init);
      }
      return init;
    } catch (IOException | RuntimeException e) {
      LOG.error("Migration {}: cannot find the restored tree of {} (launcher pid {}) to end"
          + " it at once (the NM's kill goes on): {}", migrationId, container, pid,
          e.toString());
      return -1;
    }
  }

  /**
   * A container this NodeManager recovered after a restart: Hadoop 3.1.0 keeps its work
   * and log dirs in the NM state store only for containers that may be relaunched, so
   * they are found where the NM made them ({@code usercache/<user>/appcache/<app>/<id>}
   * in a local dir, {@code <app>/<id>} in a log dir) and set on the container.
   */
  private static void recoverDirs(Context ctx, Container c) {
    String app = c.getContainerId().getApplicationAttemptId().getApplicationId().toString();
    String id = c.getContainerId().toString();
    if (c.getWorkDir() == null) {
      c.setWorkDir(firstDir(ctx.getLocalDirsHandler().getLocalDirsForRead(),
          ContainerLocalizer.USERCACHE + File.separator + c.getUser() + File.separator
              + ContainerLocalizer.APPCACHE + File.separator + app + File.separator + id));
    }
    if (c.getLogDir() == null) {
      c.setLogDir(firstDir(ctx.getLocalDirsHandler().getLogDirsForRead(),
          app + File.separator + id));
    }
    LOG.info("{} was recovered after a restart of this NodeManager: work dir {}, log dir {}",
        id, c.getWorkDir(), c.getLogDir());
  }

  /** {@code rel} under the first of the NM's dirs where it is a directory, or null. */
  private static String firstDir(List<String> dirs, String rel) {
    for (String d : dirs) {
      File f = new File(MigrationDirs.stripScheme(d), rel);
      if (f.isDirectory()) {
        return f.getPath();
      }
    }
    return null;
  }

  private Context context() throws YarnException {
    try {
      return NodeManagerSeam.get(conf);
    } catch (IllegalStateException e) {
      throw new YarnException(e.getMessage());
    }
  }

  private static String nodeOf(Context ctx) {
    return String.valueOf(ctx.getNodeId());
  }

  @Override
  public CheckpointContainerResponse checkpointContainer(CheckpointContainerRequest request)
      throws YarnException, IOException {
    String m = fromTheResourceManager("checkpointContainer", request.getMigrationId());
    ContainerId cid = request.getContainerId();
    Context ctx = context();
    String node = nodeOf(ctx);
    String refused = sources.begin(m, cid.toString());
    if (refused != null) {
      throw new YarnException(refused);
    }
    boolean checkpointed = false;
    try {
      Container c = ctx.getContainers().get(cid);
      if (c == null) {
        throw new YarnException("the container is not on this node");
      }
      String pid = ctx.getContainerExecutor().getProcessId(cid);
      if (pid != null && (c.getWorkDir() == null || c.getLogDir() == null)) {
        recoverDirs(ctx, c);
      }
      if (pid == null || c.getWorkDir() == null || c.getLogDir() == null) {
        throw new YarnException("the container is not running (no pid/work dir yet)");
      }
      List<String> localDirs = ctx.getLocalDirsHandler().getLocalDirs();
      File out = SourceMigration.outgoingDir(localDirs.get(0), m);
      CheckpointableContainerExecutor exec = ctx.getContainerExecutor()
          instanceof CheckpointableContainerExecutor
          ? (CheckpointableContainerExecutor) ctx.getContainerExecutor() : null;
      OwnAddress own = exec == null ? null : exec.ownAddressOf(cid.toString());
      CriuTcpMode tcpMode = criuTcpMode(request.getTcpMode(), own != null);
      LOG.info("Checkpointing " + cid + " on " + node + " for migration " + m + ": TCP mode "
          + request.getTcpMode() + " -> " + tcpMode + (own == null
              ? " (on its host's network)" : " (address of its own " + own.cidr() + ")"));
      CheckpointRequest cr = new CheckpointRequest(cid.toString(),
          Integer.parseInt(pid.trim()), new File(c.getWorkDir()), new File(c.getLogDir()), m,
          out, localizedResources(c)).withTcpMode(tcpMode).withOwnAddress(own)
          .withLazyPages(request.getStrategy() == ContainerMigrationStrategy.LAZY_PAGES);
      RestoreSpec restoredFrom = exec == null ? null : exec.restoredFrom(cid.toString());
      if (restoredFrom != null) {
        // the tree sees its original container's directories (restore-launcher.sh)
        cr = cr.withTreePaths(new File(restoredFrom.getSourceWorkDir()),
            new File(restoredFrom.getSourceLogDir()));
      } else {
        // restored before this NodeManager restarted: its launcher's command line says
        File[] treeDirs = ContainerProcesses.restoredTreeDirs(Integer.parseInt(pid.trim()));
        if (treeDirs != null) {
          cr = cr.withTreePaths(treeDirs[0], treeDirs[1]);
        }
      }
      InetSocketAddress target = NetUtils.createSocketAddr(
          request.getTargetTransferAddress());
      byte[] token;
      try {
        token = aux.getSecretManager().createToken(m);
      } catch (IllegalStateException e) {
        throw new YarnException("no transfer key yet (the agent has not registered with the"
            + " RM)");
      }
      SourceMigration.Checkpointed cp = sourceMigration(node).checkpoint(cr, target, token);
      checkpointed = true;
      thawIfAborted(m, sources.fire(m, SourceMigrations.Event.CHECKPOINTED, cp, null),
          SourceMigrations.State.CHECKPOINTED, "the container was being checkpointed");
      CheckpointContainerResponse response = CheckpointContainerResponse.newInstance(
          cp.getImageBytes(), cp.frozenAt(System.nanoTime()), cp.getDumpMs());
      // the restore container carries the same resources: the target localizes its own
      if (c.getLaunchContext() != null && c.getLaunchContext().getLocalResources() != null) {
        response.setLocalResources(c.getLaunchContext().getLocalResources());
      }
      return response;
    } catch (SourceMigration.SourceMigrationException e) {
      // the RM names the container, migration and node once ("Checkpoint of ... failed: "):
      // send it only the cause (the full message is in this NM's log)
      throw new YarnException(e.getCauseForCaller(), e);
    } finally {
      if (!checkpointed) {
        // failed before or in the checkpoint: the checkpointer thawed what it froze
        sources.fire(m, SourceMigrations.Event.CHECKPOINT_FAILED);
      }
    }
  }

  /**
   * The end of a source step that left the tree frozen ({@code t}, into {@code waiting}): an
   * abort that came while it ran, or the agent's stop, thaws the tree now and fails the
   * step's call saying so.
   */
  private void thawIfAborted(String m, SourceMigrations.Transition t,
      SourceMigrations.State waiting, String during) throws YarnException, IOException {
    SourceMigrations.Transition end = t;
    if (end.to == waiting && stopping) {
      end = sources.fire(m, SourceMigrations.Event.ABORT);
    }
    if (end.to == SourceMigrations.State.ENDED) {
      end.checkpointed.abort();
      throw new YarnException("the migration was aborted while " + during
          + "; source thawed");
    }
  }

  private SourceMigration sourceMigration(String node) throws IOException {
    return new SourceMigration(new ContainerCheckpointer(criu(), CgroupFreezers.detect(),
        node, freezeTimeoutMs), new ImageSender(transferSettings), node, streamPagesMinBytes);
  }

  /**
   * Ships the checkpoint of a migration to the target it was made for; the tree stays
   * frozen. A failed transfer thaws the tree (the container runs on) and throws its cause;
   * an abort that came while the images travelled thaws the tree when the transfer ends.
   */
  @Override
  public ShipImagesResponse shipImages(ShipImagesRequest request)
      throws YarnException, IOException {
    String m = fromTheResourceManager("shipImages", request.getMigrationId());
    String node = nodeOf(context());
    String of = sources.containerOf(m);
    if (of != null && request.getContainerId() != null
        && !of.equals(request.getContainerId().toString())) {
      throw new YarnException("shipping refused on " + node + ": migration " + m + " moves "
          + of + ", not " + request.getContainerId());
    }
    SourceMigrations.Transition t;
    try {
      t = sources.fire(m, SourceMigrations.Event.SHIP);
    } catch (IllegalStateException e) {
      throw new YarnException("shipping refused on " + node + ": " + e.getMessage());
    }
    if (t == null) {
      throw new YarnException("no checkpoint of migration " + m + " on " + node
          + " (aborted, or the NodeManager restarted since)");
    }
    SourceMigration.Shipped shipped;
    try {
      shipped = t.checkpointed.ship();
    } catch (SourceMigration.SourceMigrationException e) {
      sources.fire(m, SourceMigrations.Event.SHIP_FAILED); // ship() thawed the tree
      throw new YarnException(e.getCauseForCaller(), e);
    }
    thawIfAborted(m, sources.fire(m, SourceMigrations.Event.SHIPPED, null, shipped),
        SourceMigrations.State.SHIPPED, "its images were being shipped");
    return ShipImagesResponse.newInstance(shipped.getTransferMs(), shipped.getShippedBytes(),
        shipped.getFrozenSoFarMs());
  }

  /**
   * CRIU's TCP mode for a migration's: none (an older RM) dumps no connection, so a tree
   * holding one is refused as before; {@code AUTO} keeps the connections of a tree with an
   * address of its own and closes those of one on its host's network.
   *
   * @param ownAddress whether the container has an address of its own
   */
  static CriuTcpMode criuTcpMode(ContainerMigrationTcpMode mode, boolean ownAddress)
      throws YarnException {
    if (mode == null) {
      return CriuTcpMode.DEFAULT;
    }
    switch (mode) {
    case AUTO:
      return ownAddress ? CriuTcpMode.ESTABLISHED : CriuTcpMode.CLOSE;
    case CLOSE:
      return CriuTcpMode.CLOSE;
    case ESTABLISHED:
      // the checkpointer refuses it for a tree without an address of its own
      return CriuTcpMode.ESTABLISHED;
    default:
      throw new YarnException("TCP mode " + mode + " is not supported by this NodeManager;"
          + " use " + ContainerMigrationTcpMode.CLOSE);
    }
  }

  /**
   * The container's localized resources, link name -&gt; localized path on this node, from
   * its ResourceSet (3.1.0: localized path -&gt; link names). Container.getLocalizedResources
   * answers null once the container runs (only SCHEDULED/RELAUNCHING containers get it).
   */
  static Map<String, String> localizedResources(Container c) {
    Map<String, String> out = new java.util.TreeMap<>();
    Map<org.apache.hadoop.fs.Path, List<String>> localized = c.getResourceSet() == null
        ? null : c.getResourceSet().getLocalizedResources();
    if (localized != null) {
      for (Map.Entry<org.apache.hadoop.fs.Path, List<String>> e : localized.entrySet()) {
        for (String link : e.getValue()) {
          out.put(link, e.getKey().toUri().getPath());
        }
      }
    }
    return out;
  }

  /**
   * The RM names the container that restores a migration's images here: when the images
   * are here, whole, and of the source container the RM names, this issues the restore
   * ticket (TargetMigrations, {@code TICKET}) to that target container, and only it may
   * launch the restore, once, within the restore timeout. Not ready (with why) otherwise.
   */
  @Override
  public PrepareRestoreResponse prepareRestore(PrepareRestoreRequest request)
      throws YarnException, IOException {
    String m = fromTheResourceManager("prepareRestore", request.getMigrationId());
    TargetMigrations targets = aux.getTargetMigrations();
    String node = nodeOf(context());
    String refused = targets.refusalOf(m, TargetMigrations.Event.TICKET);
    if (refused != null) {
      return PrepareRestoreResponse.newInstance(false, refused + " (" + node + ")");
    }
    Path dir = targets.get(m).images;
    if (!new File(dir.toFile(), MigrationContract.SPEC_FILE).isFile()) {
      return PrepareRestoreResponse.newInstance(false, "images of migration " + m + " on "
          + node + " have no " + MigrationContract.SPEC_FILE);
    }
    // the images are those of the container the RM moves
    String source = String.valueOf(request.getSourceContainerId());
    String imaged;
    try {
      imaged = RestoreSpec.read(dir.toFile()).getSourceContainerId();
    } catch (IOException | RuntimeException e) {
      return PrepareRestoreResponse.newInstance(false, "images of migration " + m + " on "
          + node + ": " + e.getMessage());
    }
    if (!imaged.equals(source)) {
      return PrepareRestoreResponse.newInstance(false, "images of migration " + m + " on "
          + node + " are of " + imaged + ", not of " + source + ": no restore ticket");
    }
    if (request.getTargetContainerId() == null) {
      throw new YarnException("prepareRestore of migration " + m + " on " + node
          + " names no target container: the restore ticket is issued to one container");
    }
    try {
      targets.fire(m, TargetMigrations.Event.TICKET, null,
          request.getTargetContainerId().toString(), null);
    } catch (IllegalStateException e) {
      return PrepareRestoreResponse.newInstance(false, e.getMessage() + " (" + node + ")");
    }
    return PrepareRestoreResponse.newInstance(true, null);
  }

  /**
   * Where the restore of a migration is, from this node's record; a restore container that
   * exited or ran out of time, or CRIU's marker of a running tree, changes the record
   * (RESTORE_FAILED, RESTORED) here.
   */
  @Override
  public GetRestoreStatusResponse getRestoreStatus(GetRestoreStatusRequest request)
      throws YarnException, IOException {
    String m = fromTheResourceManager("getRestoreStatus", request.getMigrationId());
    Context ctx = context();
    TargetMigrations targets = aux.getTargetMigrations();
    TargetMigrations.Transition r = targets.get(m);
    switch (r.to) {
    case NONE:
      return GetRestoreStatusResponse.newInstance(RestoreStatus.FAILED,
          "no images of migration " + m + " on " + nodeOf(ctx));
    case ABORTED:
      return GetRestoreStatusResponse.newInstance(RestoreStatus.FAILED,
          "migration " + m + " was aborted on " + nodeOf(ctx));
    case RESTORED:
      return GetRestoreStatusResponse.newInstance(RestoreStatus.RESTORED, null);
    case FAILED:
      return GetRestoreStatusResponse.newInstance(RestoreStatus.FAILED, r.failure);
    case LOST:
      return GetRestoreStatusResponse.newInstance(RestoreStatus.PAGES_LOST, r.failure);
    default:
      break;
    }
    org.apache.hadoop.yarn.server.nodemanager.migration.restore.RestoreStatus status =
        new org.apache.hadoop.yarn.server.nodemanager.migration.restore.RestoreStatus(
            r.images.toFile());
    if (r.to == TargetMigrations.State.RESTORING && status.isRestored()) {
      return statusAfter(m, TargetMigrations.Event.RESTORED, null);
    }
    ContainerId target = request.getTargetContainerId();
    Container c = target == null ? null : ctx.getContainers().get(target);
    if (c != null) {
      ContainerStatus s = c.cloneAndGetContainerStatus();
      if (s.getState() == ContainerState.COMPLETE) {
        return statusAfter(m, TargetMigrations.Event.RESTORE_FAILED, "restore container "
            + target + " on " + nodeOf(ctx) + " exited with status " + s.getExitStatus()
            + (s.getDiagnostics() == null || s.getDiagnostics().trim().isEmpty() ? ""
                : " (" + s.getDiagnostics().trim() + ")") + ". CRIU: "
            + status.firstErrorLine() + keepRestoreLog(c, status));
      }
      long started = c.getContainerStartTime();
      if (started > 0 && System.currentTimeMillis() - started > restoreTimeoutMs) {
        return statusAfter(m, TargetMigrations.Event.RESTORE_FAILED, "restore container "
            + target + " on " + nodeOf(ctx) + " has not restored migration " + m + " within "
            + restoreTimeoutMs + " ms of its start (" + MigrationConfiguration
            .NM_MIGRATION_RESTORE_TIMEOUT_MS + "). CRIU's last line so far: "
            + status.restoreLogTail(1) + keepRestoreLog(c, status));
      }
    }
    return GetRestoreStatusResponse.newInstance(RestoreStatus.PENDING, null);
  }

  /** Fires a restore's outcome and answers with the state the record is in afterwards. */
  private GetRestoreStatusResponse statusAfter(String m, TargetMigrations.Event event,
      String failure) throws YarnException {
    TargetMigrations.Transition t;
    try {
      t = aux.getTargetMigrations().fire(m, event, null, null, failure);
    } catch (IllegalStateException e) {
      TargetMigrations.Transition now = aux.getTargetMigrations().get(m);
      if (now.to == TargetMigrations.State.LOST) {
        // restored, and its page pull broke meanwhile
        return GetRestoreStatusResponse.newInstance(RestoreStatus.PAGES_LOST, now.failure);
      }
      // an abort ended the migration meanwhile
      return GetRestoreStatusResponse.newInstance(RestoreStatus.FAILED, e.getMessage());
    }
    return t.to == TargetMigrations.State.RESTORED
        ? GetRestoreStatusResponse.newInstance(RestoreStatus.RESTORED, null)
        : GetRestoreStatusResponse.newInstance(RestoreStatus.FAILED, t.failure);
  }

  /**
   * Keeps CRIU's log of a failed restore in the target container's logs (the images dir
   * goes with the migration) and says where, for the failure's diagnostics.
   */
  private static String keepRestoreLog(Container c, org.apache.hadoop.yarn.server
      .nodemanager.migration.restore.RestoreStatus status) {
    File log = status.getRestoreLog();
    if (c.getLogDir() == null || !log.isFile()) {
      return "";
    }
    File logDir = new File(c.getLogDir());
    File copy = new File(logDir, MigrationLogNote.RESTORE_LOG_COPY);
    if (!copy.exists()) {
      try {
        MigrationLogNote.keepRestoreLog(logDir, log);
      } catch (IOException e) {
        LOG.warn("CRIU's restore log {} not kept in the logs of {}: {}", log,
            c.getContainerId(), e.toString());
        return "";
      }
    }
    ContainerId id = c.getContainerId();
    return " (the full log: " + MigrationLogNote.RESTORE_LOG_COPY + " in the logs of " + id
        + ", yarn logs -applicationId " + id.getApplicationAttemptId().getApplicationId()
        + " -containerId " + id + ")";
  }

  @Override
  public CompleteMigrationResponse completeMigration(CompleteMigrationRequest request)
      throws YarnException, IOException {
    String m = fromTheResourceManager("completeMigration", request.getMigrationId());
    SourceMigration.Shipped s;
    try {
      s = completeSource(m); // not killed: frozen in UNKILLED, the RM retries
    } catch (IllegalStateException e) {
      throw new YarnException("Completion refused on " + nodeOf(context()) + ": "
          + e.getMessage());
    }
    if (s != null) {
      LOG.info("Migration {} completed on the source: {} ends with the migrated status", m,
          request.getContainerId());
      aux.getMovedTasks().movedAway(s.getCheckpoint().getTaskAttempts(), m, s.getTarget(),
          s.getAppDir().toPath());
      if (request.getTargetContainerId() != null && request.getTargetNodeId() != null) {
        note(request.getContainerId(), s.getLogDir(), MigrationLogNote.movedOut(m,
            String.valueOf(request.getContainerId()),
            request.getTargetContainerId().toString(), request.getTargetNodeId().toString(),
            System.currentTimeMillis()));
      }
    } else {
      completeTarget(m, request.getContainerId());
    }
    // post-copy: the tree was ended here either way; the RM reports the container LOST
    return CompleteMigrationResponse.newInstance(s == null ? null : s.getPagesLost());
  }

  /** The tree runs in this node's restore container: discard the images, note the move. */
  private void completeTarget(String m, ContainerId container) throws YarnException,
      IOException {
    TargetMigrations.Transition t;
    try {
      t = aux.getTargetMigrations().fire(m, TargetMigrations.Event.COMPLETE, null, null,
          null);
    } catch (IllegalStateException e) {
      if (aux.getTargetMigrations().state(m) == TargetMigrations.State.NONE) {
        LOG.info("Completion of migration {}: nothing of it on this node (completed"
            + " already?)", m);
        return;
      }
      throw new YarnException("Completion refused on " + nodeOf(context()) + ": "
          + e.getMessage());
    }
    if (t.from == TargetMigrations.State.LOST) {
      aux.getReceivedImages().discard(m);
      LOG.info("Migration {} ended on the target: its tree was lost ({}); images discarded",
          m, t.failure);
      return;
    }
    RestoreSpec spec = null;
    try {
      spec = RestoreSpec.read(t.images.toFile());
    } catch (IOException e) {
      LOG.warn("No note of migration {} in the logs of {}: {}", m, container, e.toString());
    }
    aux.getReceivedImages().discard(m);
    LOG.info("Migration {} finished on the target: images discarded", m);
    Container c = container == null ? null : context().getContainers().get(container);
    if (c != null && c.getWorkDir() != null) {
      aux.getMovedTasks().movedIn(m, container.getApplicationAttemptId().getApplicationId()
          .toString(), new File(c.getWorkDir()).getParentFile().toPath());
    }
    if (spec != null && c != null && c.getLogDir() != null) {
      note(c.getContainerId(), new File(c.getLogDir()), MigrationLogNote.movedIn(m,
          c.getContainerId().toString(), spec.getSourceContainerId(), spec.getSourceNode(),
          System.currentTimeMillis()));
    }
  }

  /** Notes a move in the container's logs; a note that cannot be written is only logged. */
  private static void note(ContainerId container, File logDir, String line) {
    try {
      MigrationLogNote.append(logDir, line);
    } catch (IOException | RuntimeException e) {
      LOG.warn("No note of the move in the logs of {} ({}): {}", container, logDir,
          e.toString());
    }
  }

  @Override
  public AbortMigrationResponse abortMigration(AbortMigrationRequest request)
      throws YarnException, IOException {
    String m = fromTheResourceManager("abortMigration", request.getMigrationId());
    LOG.info("Abort of migration {} ({}): {}", m, request.getContainerId(),
        request.getReason());
    SourceMigrations.Transition t;
    try {
      t = abortSource(m);
    } catch (IllegalStateException e) {
      throw new YarnException("Abort refused on " + nodeOf(context()) + ": "
          + e.getMessage());
    }
    if (t != null && t.to == SourceMigrations.State.ENDED) {
      return AbortMigrationResponse.newInstance(true, "source thawed");
    }
    if (t != null) {
      // ABORT_REQUESTED comes from CHECKPOINTING or SHIPPING: a checkpoint made means shipping
      return AbortMigrationResponse.newInstance(false, (t.checkpointed != null ? "transfer"
          : "checkpoint") + " in progress: the source is thawed when it ends");
    }
    TargetMigrations.Transition tt = aux.getTargetMigrations().fire(m,
        TargetMigrations.Event.ABORT, null, null, null);
    if (tt.to == TargetMigrations.State.ABORTED) {
      return AbortMigrationResponse.newInstance(false, "nothing of it here yet: images that"
          + " still arrive are discarded");
    }
    aux.getReceivedImages().discard(m);
    return AbortMigrationResponse.newInstance(false, "nothing frozen here; images discarded");
  }
}
