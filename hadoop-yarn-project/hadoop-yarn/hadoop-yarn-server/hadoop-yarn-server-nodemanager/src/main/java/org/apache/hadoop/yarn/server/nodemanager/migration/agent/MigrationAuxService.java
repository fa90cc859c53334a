/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.agent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.api.ApplicationInitializationContext;
import org.apache.hadoop.yarn.server.api.ApplicationTerminationContext;
import org.apache.hadoop.yarn.server.api.AuxiliaryService;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ImageSender;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ImageTransferServer;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ReceivedImages;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.SharedShufflePort;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferSecretManager;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NM auxiliary service that serves the NM-to-NM image transfer port, beside
 * {@code mapreduce_shuffle}:
 * <pre>
 *   yarn.nodemanager.aux-services = mapreduce_shuffle,container_migration
 *   yarn.nodemanager.aux-services.container_migration.class =
 *       org.apache.hadoop.yarn.server.nodemanager.migration.agent.MigrationAuxService
 * </pre>
 * serviceInit reads the transfer settings, {@code yarn.nodemanager.local-dirs} and
 * {@code yarn.nodemanager.migration.images.dir} (images land in
 * {@code <localDir>/<images.dir>/<migrationId>});
 * serviceStart binds the {@link ImageTransferServer}; serviceStop stops it (idempotent,
 * safe after a failed start). {@link #getMetaData()} is the bound port as a 4-byte
 * big-endian int, the convention of the MapReduce {@code ShuffleHandler}
 * ({@link #serializeMetaData}/{@link #deserializeMetaData}), so with port 0 peers learn
 * the port from the container-start response's service metadata.
 */
public class MigrationAuxService extends AuxiliaryService {

  private static final Logger LOG = LoggerFactory.getLogger(MigrationAuxService.class);

  /** Name of the service in {@code yarn.nodemanager.aux-services}. */
  public static final String SERVICE_NAME = "container_migration";

  private volatile ImageTransferServer server;
  private ReceivedImages receivedImages;
  private TargetMigrations targetMigrations;
  private TransferSecretManager secretManager;
  private volatile NodeMigrationAgent agent;
  private MovedTasks movedTasks;
  private PostCopyFeeds postCopyFeeds;
  private PageDumps pageDumps;

  /** Instantiated by the NM's AuxServices through the configured class name. */
  public MigrationAuxService() {
    super(SERVICE_NAME);
  }

  @Override
  protected void serviceInit(Configuration conf) throws Exception {
    TransferSettings settings = TransferSettings.fromConfiguration(conf);
    receivedImages = new ReceivedImages(localDirs(conf),
        conf.getTrimmed(MigrationConfiguration.NM_MIGRATION_IMAGES_DIR,
            MigrationConfiguration.DEFAULT_NM_MIGRATION_IMAGES_DIR));
    // a restore ticket is good for as long as its restore may take
    targetMigrations = new TargetMigrations(receivedImages,
        conf.getLong(MigrationConfiguration.NM_MIGRATION_RESTORE_TIMEOUT_MS,
            MigrationConfiguration.DEFAULT_NM_MIGRATION_RESTORE_TIMEOUT_MS));
    secretManager = TransferSecretManager.fromSettings(settings);
    if (!secretManager.hasKey()) {
      LOG.info("No migration transfer key yet: transfers are refused until one is set");
    }
    ImageTransferServer s = new ImageTransferServer(settings, secretManager,
        receivedImages);
    // a source whose watchdog gives a migration up asks this node what became of it
    s.setGiveUpHandler(targetMigrations::giveUp);
    // the node a migrated map started on pulls its output back from here
    movedTasks = new MovedTasks(new ImageSender(settings), secretManager, receivedImages);
    s.setTaskOutputHandler(movedTasks);
    // a post-copy source's page stream waits here for the migration's restore
    postCopyFeeds = new PostCopyFeeds(targetMigrations,
        conf.getLong(MigrationConfiguration.NM_MIGRATION_RESTORE_TIMEOUT_MS,
            MigrationConfiguration.DEFAULT_NM_MIGRATION_RESTORE_TIMEOUT_MS),
        (migrationId, container, why) -> agent.endTreeLackingPages(migrationId, container,
            why));
    receivedImages.addListener(postCopyFeeds);
    s.setPageStreamHandler(postCopyFeeds);
    // a stop-and-copy source streams its pages here while it dumps
    pageDumps = new PageDumps(() -> agent.criu(), receivedImages);
    receivedImages.setStreamedPages(pageDumps);
    s.setPageDumpHandler(pageDumps);
    s.init(conf);
    server = s;
    // The NM's endpoint for the RM (NodeMigrationAgentProtocol + registration).
    NodeMigrationAgent a = new NodeMigrationAgent(this);
    a.init(conf);
    agent = a;
    NodeManagerSeam.registerAuxService(conf, this);
    super.serviceInit(conf);
  }

  @Override
  protected void serviceStart() throws Exception {
    server.start();
    // the shuffle relays transfers that come on its port to this receiver
    SharedShufflePort.receiverStarted(server.getBoundAddress());
    agent.start(); // after the transfer port is bound: it registers that address
    MovedTasks.setOnThisNode(movedTasks);
    super.serviceStart();
  }

  @Override
  protected void serviceStop() throws Exception {
    if (MovedTasks.onThisNode() == movedTasks) {
      MovedTasks.setOnThisNode(null);
    }
    NodeMigrationAgent a = agent;
    if (a != null) {
      a.stop(); // thaws any source still frozen; idempotent
      NodeManagerSeam.unregisterAuxService(getConfig(), this);
    }
    ImageTransferServer s = server;
    if (s != null) {
      SharedShufflePort.receiverStopped(s.getBoundAddress());
      s.stop(); // AbstractService.stop: idempotent, also after a failed start
    }
    PageDumps d = pageDumps;
    if (d != null) {
      d.discardAll(); // no page server outlives its NodeManager
    }
    super.serviceStop();
  }

  /** No per-application state: nothing to do. */
  @Override
  public void initializeApplication(ApplicationInitializationContext context) {
  }

  /** The application's migrated tasks are forgotten. */
  @Override
  public void stopApplication(ApplicationTerminationContext context) {
    MovedTasks t = movedTasks;
    if (t != null) {
      t.applicationFinished(context.getApplicationId().toString());
    }
  }

  /** @return this node's record of migrated tasks, after init */
  public MovedTasks getMovedTasks() {
    return movedTasks;
  }

  /** @return the bound port ({@link #serializeMetaData}) once started, else null */
  @Override
  public ByteBuffer getMetaData() {
    ImageTransferServer s = server;
    int port = s == null ? -1 : s.getPort();
    return port < 0 ? null : serializeMetaData(port);
  }

  /** @return the receiver's bound address once started, else null */
  public InetSocketAddress getBoundAddress() {
    ImageTransferServer s = server;
    return s == null ? null : s.getBoundAddress();
  }

  /** @return where received images are, after init */
  public ReceivedImages getReceivedImages() {
    return receivedImages;
  }

  /** @return this node's record of the migrations it is the target of, after init */
  public TargetMigrations getTargetMigrations() {
    return targetMigrations;
  }

  /** @return the target's side of post-copy migrations, after init */
  public PostCopyFeeds getPostCopyFeeds() {
    return postCopyFeeds;
  }

  /** @return the holder of the transfer key(s), after init */
  public TransferSecretManager getSecretManager() {
    return secretManager;
  }

  /** @return the NM's migration agent (the RM's endpoint), after init */
  public NodeMigrationAgent getAgent() {
    return agent;
  }

  /** @return the transfer server, after init */
  public ImageTransferServer getTransferServer() {
    return server;
  }

  /**
   * @param port a port
   * @return it as 4 big-endian bytes, like {@code ShuffleHandler.serializeMetaData}
   */
  public static ByteBuffer serializeMetaData(int port) {
    ByteBuffer b = ByteBuffer.allocate(4);
    b.putInt(port);
    b.flip();
    return b;
  }

  /**
   * @param meta metadata from {@link #serializeMetaData} (not consumed)
   * @return the port
   * @throws IOException if meta is shorter than 4 bytes
   */
  public static int deserializeMetaData(ByteBuffer meta) throws IOException {
    if (meta == null || meta.remaining() < 4) {
      throw new IOException("migration service metadata must be a 4-byte port");
    }
    return meta.duplicate().getInt();
  }

  /**
   * @param allServicesMetaData e.g. {@code StartContainersResponse#getAllServicesMetaData}
   * @return the transfer port this service published, or -1 if absent
   * @throws IOException if the entry is malformed
   */
  public static int findPort(Map<String, ByteBuffer> allServicesMetaData)
      throws IOException {
    ByteBuffer b = allServicesMetaData == null ? null
        : allServicesMetaData.get(SERVICE_NAME);
    return b == null ? -1 : deserializeMetaData(b);
  }

  private static List<Path> localDirs(Configuration conf) {
    String[] dirs = conf.getTrimmedStrings(YarnConfiguration.NM_LOCAL_DIRS,
        YarnConfiguration.DEFAULT_NM_LOCAL_DIRS);
    List<Path> out = new ArrayList<Path>();
    for (String d : dirs) {
      if (!d.isEmpty()) {
        // Entries may be URIs (file:///...) as the NM accepts them.
        out.add(Paths.get(new org.apache.hadoop.fs.Path(d).toUri().getPath()));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(YarnConfiguration.NM_LOCAL_DIRS + " is empty");
    }
    return out;
  }
}
