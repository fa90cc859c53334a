/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.conf;

import java.net.InetSocketAddress;

import org.apache.hadoop.classification.InterfaceAudience.Public;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.conf.Configuration;

/**
 * Every configuration key of container live migration, with its default beside it.
 * Keys live under {@value #RM_MIGRATION_PREFIX} and {@value #NM_MIGRATION_PREFIX}; they
 * are read from the ordinary yarn-site.xml. Documented in docs/api.md.
 *
 * <p>Default ports are chosen to collide with no default of Hadoop 3.1.0 (YARN 8030-8091,
 * 8188/8190, 8788, 9099, 10200; HDFS 8019, 8480/8481, 8485, 9864-9871; MapReduce 10020,
 * 10033, 13562, 19888, 19890).
 */
@Public
@Unstable
public final class MigrationConfiguration {

  private MigrationConfiguration() {
  }

  /** Prefix of every ResourceManager-side key. */
  public static final String RM_MIGRATION_PREFIX =
      YarnConfiguration.RM_PREFIX + "migration.";

  /** Prefix of every NodeManager-side key. */
  public static final String NM_MIGRATION_PREFIX =
      YarnConfiguration.NM_PREFIX + "migration.";

  // ---------------------------------------------------------------- ResourceManager

  /**
   * Whether the RM accepts migration requests. When false the migration RPC server still
   * answers report queries but rejects new migrations.
   */
  public static final String RM_MIGRATION_ENABLED = RM_MIGRATION_PREFIX + "enabled";
  public static final boolean DEFAULT_RM_MIGRATION_ENABLED = true;

  /**
   * Host:port of the RM's {@code ContainerMigrationProtocol} server. When unset, clients
   * use {@code yarn.resourcemanager.hostname} with {@link #DEFAULT_RM_MIGRATION_PORT}; the
   * server binds {@code yarn.resourcemanager.bind-host} if set.
   */
  public static final String RM_MIGRATION_ADDRESS = RM_MIGRATION_PREFIX + "address";
  /** Free in Hadoop 3.1.0: the RM uses 8030-8033 and 8088-8090, the NM 8040-8049. */
  public static final int DEFAULT_RM_MIGRATION_PORT = 8036;
  public static final String DEFAULT_RM_MIGRATION_ADDRESS =
      "0.0.0.0:" + DEFAULT_RM_MIGRATION_PORT;

  /** Handler threads of the migration RPC server. */
  public static final String RM_MIGRATION_CLIENT_THREAD_COUNT =
      RM_MIGRATION_PREFIX + "client.thread-count";
  public static final int DEFAULT_RM_MIGRATION_CLIENT_THREAD_COUNT = 10;

  /** How many finished migrations the RM keeps reports of (oldest dropped first). */
  public static final String RM_MIGRATION_MAX_HISTORY = RM_MIGRATION_PREFIX + "max-history";
  public static final int DEFAULT_RM_MIGRATION_MAX_HISTORY = 1000;

  /**
   * Where the RM keeps what must outlive it (the translation between AMs' container ids and
   * where their containers run now, a moved ApplicationMaster's container), as a Hadoop file
   * system URI: read back when the RM starts with {@code yarn.resourcemanager.recovery.enabled}
   * (unused otherwise). Empty: {@code ${hadoop.tmp.dir}/yarn/system/migration-store} on the
   * local file system. With RM HA, a file system every RM reaches (as the RM state store's).
   */
  public static final String RM_MIGRATION_STATE_STORE_URI =
      RM_MIGRATION_PREFIX + "state-store.uri";
  public static final String DEFAULT_RM_MIGRATION_STATE_STORE_URI = "";

  /**
   * Deadline of a whole migration, in ms, when the request gives none
   * ({@code timeoutMs == 0}). Past it the migration rolls back. Also how long an RM that
   * starts tries to resolve the migrations its predecessor left in flight.
   */
  public static final String RM_MIGRATION_DEFAULT_TIMEOUT_MS =
      RM_MIGRATION_PREFIX + "default-timeout-ms";
  public static final long DEFAULT_RM_MIGRATION_DEFAULT_TIMEOUT_MS = 10 * 60 * 1000L;

  /**
   * Strategy AUTO: the smallest container (memory, MB) that moves post-copy (LAZY_PAGES)
   * when both nodes do lazy pages; smaller ones, and any where a node does not, move
   * stop-and-copy. Post-copy's downtime does not grow with memory, stop-and-copy's does;
   * but a post-copy whose source is lost while the target still pulls pages loses the
   * container.
   */
  public static final String RM_MIGRATION_AUTO_POST_COPY_MIN_MEMORY_MB =
      RM_MIGRATION_PREFIX + "auto.post-copy-min-memory-mb";
  public static final long DEFAULT_RM_MIGRATION_AUTO_POST_COPY_MIN_MEMORY_MB = 512;

  /** Service-level ACL (hadoop-policy.xml) of ContainerMigrationProtocol. */
  public static final String SECURITY_CONTAINER_MIGRATION_PROTOCOL_ACL =
      "security.containermigration.protocol.acl";

  // ---------------------------------------------------------------- NodeManager

  /** The CRIU executable: a name looked up on the PATH, or an absolute path. */
  public static final String NM_MIGRATION_CRIU_BINARY = NM_MIGRATION_PREFIX + "criu.binary";
  public static final String DEFAULT_NM_MIGRATION_CRIU_BINARY = "criu";

  /**
   * Port of the NM-to-NM image transfer (an NM auxiliary service). 0 picks a free port;
   * the NM reports the bound port to the RM. Free in Hadoop 3.1.0 (the MapReduce shuffle
   * uses 13562).
   */
  public static final String NM_MIGRATION_TRANSFER_PORT = NM_MIGRATION_PREFIX + "transfer.port";
  public static final int DEFAULT_NM_MIGRATION_TRANSFER_PORT = 13572;

  /**
   * Name of the directory, under each NM local dir, where checkpoint images are written
   * and received (created 0700).
   */
  public static final String NM_MIGRATION_IMAGES_DIR = NM_MIGRATION_PREFIX + "images.dir";
  public static final String DEFAULT_NM_MIGRATION_IMAGES_DIR = "migration-images";

  /**
   * Longest a CRIU call of the NM's migration agent (dump, check) may run, in ms, before it
   * is killed and the source thawed. Read by NodeMigrationAgent.
   */
  public static final String NM_MIGRATION_DUMP_TIMEOUT_MS =
      NM_MIGRATION_PREFIX + "dump.timeout-ms";
  public static final long DEFAULT_NM_MIGRATION_DUMP_TIMEOUT_MS = 2 * 60 * 1000L;

  /**
   * Longest the restore container may take on the target NM, in ms, from its start
   * (localization included) to the restored tree; past it the agent reports the restore
   * FAILED and the migration rolls back. Also how long a restore ticket is good for, from
   * prepareRestore to the restore container's launch. Read by NodeMigrationAgent and
   * MigrationAuxService (TargetMigrations).
   */
  public static final String NM_MIGRATION_RESTORE_TIMEOUT_MS =
      NM_MIGRATION_PREFIX + "restore.timeout-ms";
  public static final long DEFAULT_NM_MIGRATION_RESTORE_TIMEOUT_MS = 2 * 60 * 1000L;

  /**
   * Whether transfers to this NM share MapReduce's shuffle port when the shuffle aux service
   * is {@code org.apache.hadoop.mapred.MigratingShuffleHandler}: true (the default) makes
   * the shuffle relay every connection that opens with the transfer's magic to this NM's
   * image receiver, and the NM registers the shuffle's port as its transfer address; false
   * keeps transfers on {@link #NM_MIGRATION_TRANSFER_PORT} alone. The receiver listens on
   * its own port either way (clusters without MapReduce use only that one). Read by
   * MigratingShuffleHandler at its init. Documented in docs/transfer.md.
   */
  public static final String NM_MIGRATION_TRANSFER_SHUFFLE_PORT_SHARED =
      NM_MIGRATION_PREFIX + "transfer.shuffle-port.shared";
  public static final boolean DEFAULT_NM_MIGRATION_TRANSFER_SHUFFLE_PORT_SHARED = true;

  // ------------------------------------------- NodeManager: image transfer (NM to NM)
  // Read in one place: org.apache.hadoop.yarn.server.nodemanager.migration.transfer
  // .TransferSettings#fromConfiguration. Documented in docs/transfer.md.

  /** Address the NM's image receiver binds to (with {@link #NM_MIGRATION_TRANSFER_PORT}). */
  public static final String NM_MIGRATION_TRANSFER_BIND_HOST =
      NM_MIGRATION_PREFIX + "transfer.bind-host";
  public static final String DEFAULT_NM_MIGRATION_TRANSFER_BIND_HOST = "0.0.0.0";

  /** Transfers the receiver serves at once (threads of its bounded pool). */
  public static final String NM_MIGRATION_TRANSFER_SERVER_THREADS =
      NM_MIGRATION_PREFIX + "transfer.server.threads";
  public static final int DEFAULT_NM_MIGRATION_TRANSFER_SERVER_THREADS = 4;

  /** Sender: longest wait, in ms, for the TCP connection to the target NM. */
  public static final String NM_MIGRATION_TRANSFER_CONNECT_TIMEOUT_MS =
      NM_MIGRATION_PREFIX + "transfer.connect-timeout-ms";
  public static final int DEFAULT_NM_MIGRATION_TRANSFER_CONNECT_TIMEOUT_MS = 20000;

  /**
   * Both sides: longest a blocking socket read may wait, in ms (sender: for a reply;
   * receiver: for the next bytes of the stream) before the transfer fails; on the sender
   * also the longest one write may block (a receiver that takes nothing).
   */
  public static final String NM_MIGRATION_TRANSFER_READ_TIMEOUT_MS =
      NM_MIGRATION_PREFIX + "transfer.read-timeout-ms";
  public static final int DEFAULT_NM_MIGRATION_TRANSFER_READ_TIMEOUT_MS = 60000;

  /**
   * Size in bytes of the one buffer each side streams file contents through (4 KiB to
   * 8 MiB): memory per transfer is bounded by it, whatever the size of the images.
   */
  public static final String NM_MIGRATION_TRANSFER_BUFFER_BYTES =
      NM_MIGRATION_PREFIX + "transfer.buffer-bytes";
  public static final int DEFAULT_NM_MIGRATION_TRANSFER_BUFFER_BYTES = 128 * 1024;

  /** Receiver: largest total size, in bytes, of the files of one transfer. */
  public static final String NM_MIGRATION_TRANSFER_MAX_TOTAL_BYTES =
      NM_MIGRATION_PREFIX + "transfer.max-total-bytes";
  public static final long DEFAULT_NM_MIGRATION_TRANSFER_MAX_TOTAL_BYTES =
      64L * 1024 * 1024 * 1024;

  /** Receiver: largest number of manifest entries (files, dirs, symlinks) accepted. */
  public static final String NM_MIGRATION_TRANSFER_MAX_ENTRIES =
      NM_MIGRATION_PREFIX + "transfer.max-entries";
  public static final int DEFAULT_NM_MIGRATION_TRANSFER_MAX_ENTRIES = 200000;

  /**
   * Interim source of the transfer HMAC key until the RM hands keys out: a local file,
   * mode 0600, whose whole content (at least 16 bytes, e.g. {@code head -c 32
   * /dev/urandom}) is the key. Empty (the default): no key is loaded and the receiver
   * refuses every transfer until a key is set on its secret manager.
   */
  public static final String NM_MIGRATION_TRANSFER_SECRET_FILE =
      NM_MIGRATION_PREFIX + "transfer.secret-file";
  public static final String DEFAULT_NM_MIGRATION_TRANSFER_SECRET_FILE = "";

  // ---------------------------------------------------------------- helpers

  /**
   * The address clients connect to: {@link #RM_MIGRATION_ADDRESS} if set, else
   * {@code yarn.resourcemanager.hostname:}{@link #DEFAULT_RM_MIGRATION_PORT}, else
   * {@link #DEFAULT_RM_MIGRATION_ADDRESS}. A value without a port gets the default port.
   */
  public static InetSocketAddress getRmMigrationAddress(Configuration conf) {
    return conf.getSocketAddr(RM_MIGRATION_ADDRESS, defaultRmMigrationAddress(conf),
        DEFAULT_RM_MIGRATION_PORT);
  }

  /**
   * The address the RM binds: like {@link #getRmMigrationAddress} but with the host of
   * {@code yarn.resourcemanager.bind-host} when that is set.
   */
  public static InetSocketAddress getRmMigrationBindAddress(Configuration conf) {
    return conf.getSocketAddr(YarnConfiguration.RM_BIND_HOST, RM_MIGRATION_ADDRESS,
        defaultRmMigrationAddress(conf), DEFAULT_RM_MIGRATION_PORT);
  }

  private static String defaultRmMigrationAddress(Configuration conf) {
    String host = conf.getTrimmed(YarnConfiguration.RM_HOSTNAME);
    return host == null || host.isEmpty()
        ? DEFAULT_RM_MIGRATION_ADDRESS
        : host + ":" + DEFAULT_RM_MIGRATION_PORT;
  }

  // ---------------------------------------------------------------- RM orchestration

  /** Threads of the RM's migration orchestrator (allocation, NM calls, rollbacks). */
  public static final String RM_MIGRATION_ORCHESTRATOR_THREAD_COUNT =
      RM_MIGRATION_PREFIX + "orchestrator.thread-count";
  public static final int DEFAULT_RM_MIGRATION_ORCHESTRATOR_THREAD_COUNT = 4;

  /**
   * Longest the RM waits, in ms, for the NodeManagers to confirm an abort during rollback
   * before it releases the target allocation anyway and marks the migration FAILED.
   */
  public static final String RM_MIGRATION_ROLLBACK_TIMEOUT_MS =
      RM_MIGRATION_PREFIX + "rollback.timeout-ms";
  public static final long DEFAULT_RM_MIGRATION_ROLLBACK_TIMEOUT_MS = 60 * 1000L;

  /**
   * First wait, in ms, before the RM calls the NodeManagers again after an abort or a
   * completion failed (a source left frozen otherwise); the wait doubles on each retry up to
   * {@link #RM_MIGRATION_NODE_CALL_RETRY_MAX_INTERVAL_MS}.
   */
  public static final String RM_MIGRATION_NODE_CALL_RETRY_INTERVAL_MS =
      RM_MIGRATION_PREFIX + "node-call-retry.interval-ms";
  public static final long DEFAULT_RM_MIGRATION_NODE_CALL_RETRY_INTERVAL_MS = 1000L;

  /** Longest wait, in ms, between two retries of an abort or a completion. */
  public static final String RM_MIGRATION_NODE_CALL_RETRY_MAX_INTERVAL_MS =
      RM_MIGRATION_PREFIX + "node-call-retry.max-interval-ms";
  public static final long DEFAULT_RM_MIGRATION_NODE_CALL_RETRY_MAX_INTERVAL_MS = 30 * 1000L;

  /**
   * How long, in ms after its first failure, the RM keeps retrying an abort or a completion
   * before it gives up (logged as an error naming the node and what to do, and counted in
   * the {@code NodeCallsAbandoned} metric); 0 = no retry.
   */
  public static final String RM_MIGRATION_NODE_CALL_RETRY_GIVE_UP_MS =
      RM_MIGRATION_PREFIX + "node-call-retry.give-up-ms";
  public static final long DEFAULT_RM_MIGRATION_NODE_CALL_RETRY_GIVE_UP_MS = 10 * 60 * 1000L;

  // ---------------------------------------------------------------- RM rebalancer

  /**
   * Whether the RM's rebalancer runs: when the nodes' memory utilisation (allocated /
   * capacity, per partition, RUNNING nodes) stays uneven beyond
   * {@link #RM_MIGRATION_REBALANCER_THRESHOLD} for
   * {@link #RM_MIGRATION_REBALANCER_UNEVEN_FOR_MS}, it migrates containers from the most to
   * the least loaded nodes. Off by default. Read by ClusterRebalancer.
   */
  public static final String RM_MIGRATION_REBALANCER_ENABLED =
      RM_MIGRATION_PREFIX + "rebalancer.enabled";
  public static final boolean DEFAULT_RM_MIGRATION_REBALANCER_ENABLED = false;

  /** How often, in ms, the rebalancer looks at the nodes' loads. */
  public static final String RM_MIGRATION_REBALANCER_INTERVAL_MS =
      RM_MIGRATION_PREFIX + "rebalancer.interval-ms";
  public static final long DEFAULT_RM_MIGRATION_REBALANCER_INTERVAL_MS = 10_000L;

  /**
   * Uneven: the memory utilisation of the most loaded node minus that of the least loaded
   * one of a partition is above this fraction (0 &lt; threshold &lt; 1).
   */
  public static final String RM_MIGRATION_REBALANCER_THRESHOLD =
      RM_MIGRATION_PREFIX + "rebalancer.threshold";
  public static final float DEFAULT_RM_MIGRATION_REBALANCER_THRESHOLD = 0.25f;

  /**
   * How long, in ms, every look must find the cluster uneven (with something to move and no
   * migration in flight) before moves start.
   */
  public static final String RM_MIGRATION_REBALANCER_UNEVEN_FOR_MS =
      RM_MIGRATION_PREFIX + "rebalancer.uneven-for-ms";
  public static final long DEFAULT_RM_MIGRATION_REBALANCER_UNEVEN_FOR_MS = 120_000L;

  /**
   * Moves the rebalancer starts at once; it starts none while any migration of the cluster
   * is in flight (their target containers count twice until they end).
   */
  public static final String RM_MIGRATION_REBALANCER_MAX_CONCURRENT =
      RM_MIGRATION_PREFIX + "rebalancer.max-concurrent";
  public static final int DEFAULT_RM_MIGRATION_REBALANCER_MAX_CONCURRENT = 2;

  /** A container the rebalancer moved (or tried to) is not moved by it again for this long, ms. */
  public static final String RM_MIGRATION_REBALANCER_COOLDOWN_MS =
      RM_MIGRATION_PREFIX + "rebalancer.cooldown-ms";
  public static final long DEFAULT_RM_MIGRATION_REBALANCER_COOLDOWN_MS = 30 * 60 * 1000L;

  // ---------------------------------------------------------------- RM drain (decommission)

  /**
   * Whether the RM drains DECOMMISSIONING nodes by migrating their running containers to
   * other nodes (stock graceful decommission and 'yarn rmadmin -decommission').
   */
  public static final String RM_MIGRATION_DRAIN_ENABLED = RM_MIGRATION_PREFIX + "drain.enabled";
  public static final boolean DEFAULT_RM_MIGRATION_DRAIN_ENABLED = true;

  /**
   * Migrations in flight at once per draining node. The default is measured (bench
   * --drain, 2 cores, 8 containers of 256 MB): 2 at once drained the node fastest (27.5 s,
   * against 32.1 s one at a time and 33.7 s four at a time), each migration's downtime 1.4x
   * that of one at a time; the source's NIC and disk are shared by a node's migrations.
   */
  public static final String RM_MIGRATION_DRAIN_MAX_CONCURRENT =
      RM_MIGRATION_PREFIX + "drain.max-concurrent";
  public static final int DEFAULT_RM_MIGRATION_DRAIN_MAX_CONCURRENT = 2;

  /** Migrations tried per container during a drain: the first, then retries on other nodes. */
  public static final String RM_MIGRATION_DRAIN_MAX_ATTEMPTS =
      RM_MIGRATION_PREFIX + "drain.max-attempts";
  public static final int DEFAULT_RM_MIGRATION_DRAIN_MAX_ATTEMPTS = 2;

  /**
   * How often, in ms, the drainer looks at DECOMMISSIONING nodes and their migrations;
   * while a drain runs, the end of any migration also runs a round at once.
   */
  public static final String RM_MIGRATION_DRAIN_POLL_INTERVAL_MS =
      RM_MIGRATION_PREFIX + "drain.poll-interval-ms";
  public static final long DEFAULT_RM_MIGRATION_DRAIN_POLL_INTERVAL_MS = 1000;

  /**
   * Decommission a drained node as soon as no container is left on it. false: wait, as
   * stock graceful decommission does, until the applications that ran on it finish (or the
   * decommission timeout).
   */
  public static final String RM_MIGRATION_DRAIN_DECOMMISSION_WHEN_EMPTY =
      RM_MIGRATION_PREFIX + "drain.decommission-when-empty";
  public static final boolean DEFAULT_RM_MIGRATION_DRAIN_DECOMMISSION_WHEN_EMPTY = true;

  /**
   * Application types (comma-separated, compared ignoring case) whose data on a node
   * outlives their containers there, as MapReduce's map outputs served by the node's
   * shuffle: with {@link #RM_MIGRATION_DRAIN_DECOMMISSION_WHEN_EMPTY}, a drained, empty node
   * on which a running application of such a type ran stays DECOMMISSIONING (given no new
   * container, its NodeManager still serving) until those applications finish or the
   * decommission timeout passes, as stock graceful decommission waits; then it is
   * decommissioned. Empty: decommission as soon as the node is empty. Read by NodeDrainer.
   */
  public static final String RM_MIGRATION_DRAIN_WAIT_FOR_APPLICATION_TYPES =
      RM_MIGRATION_PREFIX + "drain.wait-for-application-types";
  public static final String DEFAULT_RM_MIGRATION_DRAIN_WAIT_FOR_APPLICATION_TYPES =
      "MAPREDUCE";

  /**
   * Class of the RM's placement policy ({@code MigrationPlacementPolicy}, in the
   * resourcemanager module): chooses the target node of a migration that names none
   * ({@code yarn container -migrate <id>} without {@code -node}, a REST PUT without
   * {@code targetNode}). Default: {@code MostRoomPlacementPolicy}, the RUNNING node of the
   * container's partition, other than its source, with the most unallocated memory (then
   * vcores) that the container fits in.
   */
  public static final String RM_MIGRATION_PLACEMENT_POLICY_CLASS =
      RM_MIGRATION_PREFIX + "placement-policy.class";
  public static final String DEFAULT_RM_MIGRATION_PLACEMENT_POLICY_CLASS =
      "org.apache.hadoop.yarn.server.resourcemanager.migration.placement."
          + "MostRoomPlacementPolicy";

  /**
   * A migration placed near its data ({@code yarn container -migrate <id> -near <paths>}):
   * the most files whose block locations the RM reads for it (directories are listed);
   * more is refused. Read by MigrationManager (DataLocations).
   */
  public static final String RM_MIGRATION_PLACEMENT_DATA_MAX_FILES =
      RM_MIGRATION_PREFIX + "placement.data.max-files";
  public static final int DEFAULT_RM_MIGRATION_PLACEMENT_DATA_MAX_FILES = 10000;

  /**
   * Class of the RM's {@code NodeMigrationChannel} (the RM-to-NodeManager side of a
   * migration; in the resourcemanager module). Default: {@code RpcNodeMigrationChannel},
   * which drives the NodeManagers' migration agents (registered through
   * MigrationAgentTrackerProtocol). {@code UnavailableNodeMigrationChannel} fails every
   * step, so migrations are validated and allocated, then roll back.
   */
  public static final String RM_MIGRATION_NODE_CHANNEL_CLASS =
      RM_MIGRATION_PREFIX + "node-channel.class";
  public static final String DEFAULT_RM_MIGRATION_NODE_CHANNEL_CLASS =
      "org.apache.hadoop.yarn.server.resourcemanager.migration.channel."
          + "RpcNodeMigrationChannel";

  // ---------------------------------------------------------------- NM executor, checkpoint

  /**
   * Directory where the NM's CheckpointableContainerExecutor writes its launcher scripts
   * and per-container "migrated" markers (created 0700). Empty: the directory
   * {@code nm-migration-launcher} under the first NM local dir (not under nmPrivate, which
   * the NM wipes at start after the executor is initialised).
   */
  public static final String NM_MIGRATION_LAUNCHER_DIR = NM_MIGRATION_PREFIX + "launcher.dir";
  public static final String DEFAULT_NM_MIGRATION_LAUNCHER_DIR = "";

  /**
   * Streaming stop-and-copy, for a container whose processes hold at least this many MB of
   * resident memory: the source sends the memory pages to a CRIU page server on the target
   * while it dumps them ({@code criu dump --page-server}, over the authenticated transfer
   * connection), so they are not written to the source's disk, read again and shipped after
   * the dump; the rest of the images follows as before. Smaller containers (the page
   * protocol's round trips cost more than their pages' copy), and a target that cannot take
   * the stream (no room for the tree's resident memory, an older NodeManager), get the
   * pages after the dump. 0: every container; negative: none. Read by NodeMigrationAgent.
   */
  public static final String NM_MIGRATION_STREAM_PAGES_MIN_MB =
      NM_MIGRATION_PREFIX + "checkpoint.stream-pages-min-mb";
  public static final long DEFAULT_NM_MIGRATION_STREAM_PAGES_MIN_MB = 64;

  /**
   * Longest the checkpointer waits, in ms, for the container's freezer cgroup to reach
   * FROZEN before it thaws and fails the checkpoint.
   */
  public static final String NM_MIGRATION_FREEZE_TIMEOUT_MS =
      NM_MIGRATION_PREFIX + "freeze.timeout-ms";
  public static final long DEFAULT_NM_MIGRATION_FREEZE_TIMEOUT_MS = 10 * 1000L;

  /**
   * The source's watchdog: a tree frozen by a migration for longer than this, in ms, and
   * neither completed nor aborted by the RM, is given up by its NodeManager on its own.
   * Never shipped: thawed. Shipped: the target is asked; it thaws it when no restore can
   * happen there any more, ends it when the tree runs there, and it stays frozen (asked
   * again) while the target cannot tell. Keep it above the RM's migration timeout plus its
   * rollback timeout (11 min with the defaults). 0 = no watchdog.
   */
  public static final String NM_MIGRATION_MAX_FROZEN_MS = NM_MIGRATION_PREFIX
      + "max-frozen-ms";
  public static final long DEFAULT_NM_MIGRATION_MAX_FROZEN_MS = 15 * 60 * 1000L;

  /**
   * The bridge on this node that is on the cluster's network (the node's NIC enslaved to
   * it, the node's address on it). A container whose environment asks for an address of
   * its own ({@code YARN_MIGRATION_NETWORK=own}) runs in its own network namespace, with
   * a veth pair whose host end joins this bridge and an address from
   * {@link #NM_MIGRATION_NETWORK_ADDRESSES}; the address moves with the container, so its
   * TCP connections can stay open across a migration (TCP mode ESTABLISHED). Empty (the
   * default): this node gives no container an address of its own (such a container fails
   * to launch, naming why) and restores none that has one.
   */
  public static final String NM_MIGRATION_NETWORK_BRIDGE = NM_MIGRATION_PREFIX
      + "network.bridge";
  public static final String DEFAULT_NM_MIGRATION_NETWORK_BRIDGE = "";

  /**
   * The IPv4 addresses this node gives to containers with an address of their own, as a
   * CIDR block (e.g. {@code 198.18.1.128/27}) inside the subnet of the bridge's address.
   * Each node needs its own block, disjoint from every other node's and from the hosts'
   * addresses: an address stays with its container wherever the container moves, and this
   * node gives it to no one else until the container's application has finished here.
   */
  public static final String NM_MIGRATION_NETWORK_ADDRESSES = NM_MIGRATION_PREFIX
      + "network.addresses";
  public static final String DEFAULT_NM_MIGRATION_NETWORK_ADDRESSES = "";

  // ---------------------------------------------------------------- server protocols

  /**
   * Host:port the NodeManager's migration agent binds its NodeMigrationAgentProtocol RPC
   * server to. Port 0 (the default) takes an ephemeral port: the agent registers its real
   * address with the RM (MigrationAgentTrackerProtocol), so no fixed port is needed.
   */
  public static final String NM_MIGRATION_AGENT_ADDRESS = NM_MIGRATION_PREFIX + "agent.address";
  public static final String DEFAULT_NM_MIGRATION_AGENT_ADDRESS = "0.0.0.0:0";

  /** Handler threads of the NodeManager's migration agent RPC server. */
  public static final String NM_MIGRATION_AGENT_THREAD_COUNT =
      NM_MIGRATION_PREFIX + "agent.thread-count";
  public static final int DEFAULT_NM_MIGRATION_AGENT_THREAD_COUNT = 5;

  /**
   * How often, in ms, a NodeManager's migration agent registers again with the RM (the RM
   * sends this value in its registration response), so an RM restart is survived. The RM
   * may treat an agent silent for several intervals as gone.
   */
  public static final String RM_MIGRATION_AGENT_HEARTBEAT_INTERVAL_MS =
      RM_MIGRATION_PREFIX + "agent-heartbeat-interval-ms";
  public static final long DEFAULT_RM_MIGRATION_AGENT_HEARTBEAT_INTERVAL_MS = 10 * 1000L;

  /**
   * How often, in seconds, the RM makes a new transfer key (the key NodeManagers make each
   * migration's transfer token with). The RM hands each agent the current key and the next
   * one at every registration: a key is accepted from the moment it is handed out as the
   * next, used from the roll on, and still accepted until the roll after. At least ten
   * agent heartbeat intervals ({@link #RM_MIGRATION_AGENT_HEARTBEAT_INTERVAL_MS}), so every
   * agent holds the next key before it is used. Read by MigrationAgentTracker.
   */
  public static final String RM_MIGRATION_TRANSFER_KEY_ROLLING_INTERVAL_SECS =
      RM_MIGRATION_PREFIX + "transfer-key.rolling-interval-secs";
  public static final long DEFAULT_RM_MIGRATION_TRANSFER_KEY_ROLLING_INTERVAL_SECS =
      24 * 60 * 60L;

  /**
   * After how long without a registration, in ms, the RM drops a NodeManager's migration
   * agent and aborts the migrations that use its node (it comes back with its next
   * registration). 0 (the default): 3 heartbeat intervals.
   */
  public static final String RM_MIGRATION_AGENT_EXPIRY_MS =
      RM_MIGRATION_PREFIX + "agent-expiry-ms";
  public static final long DEFAULT_RM_MIGRATION_AGENT_EXPIRY_MS = 0;

  /** Service-level ACL (hadoop-policy.xml) of MigrationAgentTrackerProtocol (on the RM). */
  public static final String SECURITY_MIGRATION_AGENT_TRACKER_PROTOCOL_ACL =
      "security.migrationagenttracker.protocol.acl";

  /** Service-level ACL (hadoop-policy.xml) of NodeMigrationAgentProtocol (on each NM). */
  public static final String SECURITY_NODE_MIGRATION_AGENT_PROTOCOL_ACL =
      "security.nodemigrationagent.protocol.acl";

  /**
   * Internal, not for users: the RM sets it in its own configuration when its migration
   * service starts, to the JVM-unique name of its context, which the filter of its web app
   * reads to find that RM's migrations.
   */
  public static final String RM_MIGRATION_INTERNAL_RM_NAME =
      RM_MIGRATION_PREFIX + "internal.rm-name";
  /** None: a web filter without it finds no RM (503). */
  public static final String DEFAULT_RM_MIGRATION_INTERNAL_RM_NAME = "";
}
