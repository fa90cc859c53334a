/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.mapred;

import static org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferTestSupport.KEY;
import static org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferTestSupport.loopbackSettings;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Random;

import org.apache.commons.io.IOUtils;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.task.reduce.ShuffleHeader;
import org.apache.hadoop.fs.LocalDirAllocator;
import org.apache.hadoop.metrics2.lib.DefaultMetricsSystem;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.api.AuxiliaryLocalPathHandler;
import org.apache.hadoop.yarn.server.nodemanager.migration.agent.MovedTasks;
import org.apache.hadoop.yarn.server.nodemanager.migration.agent.MovedTasksForTests;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ImageManifest;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ImageSender;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ImageTransferException;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ImageTransferServer;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ReceivedImages;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.SharedShufflePort;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ShufflePortRelay;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferResult;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferSecretManager;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferToken;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.TestRule;

/**
 * The seams into 3.1.0's shuffle: the Shuffle handler MigratingShuffleHandler makes finds a
 * map output that moved away with its task by pulling it back from the node it moved to
 * (a real transfer server on loopback), and reads it with the shuffle's own index cache;
 * an output that never moved stays "not found" as in the stock shuffle. A started shuffle
 * shares its port: images sent there reach the image receiver, a bad token gets the
 * receiver's refusal, and HTTP still reaches the shuffle.
 */
public class TestMigratingShuffleHandler {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private static final String APP = "application_1796523932421_0001";
  private static final String JOB = "job_1796523932421_0001";
  private static final String ATTEMPT = "attempt_1796523932421_0001_m_000000_0";
  private static final String M1 = "migration_1796523932421_0001";
  private static final String USER = "u";

  private ImageTransferServer server;
  private MigratingShuffleHandler started;

  @BeforeClass
  public static void metrics() {
    // each ShuffleHandler registers its metrics source by one name
    DefaultMetricsSystem.setMiniClusterMode(true);
  }

  @After
  public void tearDown() {
    MovedTasksForTests.install(null);
    if (started != null) {
      started.stop();
    }
    if (server != null) {
      SharedShufflePort.receiverStopped(server.getBoundAddress());
      server.stop();
    }
  }

  /** As the NodeManager gives its aux services its local dirs (3.1.0). */
  private static AuxiliaryLocalPathHandler nodeManagersDirs(final Configuration conf) {
    final LocalDirAllocator dirs = new LocalDirAllocator(YarnConfiguration.NM_LOCAL_DIRS);
    return new AuxiliaryLocalPathHandler() {
      @Override
      public org.apache.hadoop.fs.Path getLocalPathForRead(String path) throws IOException {
        return dirs.getLocalPathToRead(path, conf);
      }

      @Override
      public org.apache.hadoop.fs.Path getLocalPathForWrite(String path) throws IOException {
        return dirs.getLocalPathForWrite(path, conf);
      }

      @Override
      public org.apache.hadoop.fs.Path getLocalPathForWrite(String path, long size)
          throws IOException {
        return dirs.getLocalPathForWrite(path, size, conf);
      }
    };
  }

  private static TransferSecretManager secrets() {
    TransferSecretManager secrets = new TransferSecretManager();
    secrets.setCurrentKey(KEY);
    return secrets;
  }

  private static MovedTasks tasks(Path local) {
    return new MovedTasks(new ImageSender(loopbackSettings()), secrets(),
        new ReceivedImages(Collections.singletonList(local)));
  }

  @Test(timeout = 30000)
  public void givenMapThatMovedAway_whenShuffleAsksForItsOutput_thenPulledBackAndServedHere()
      throws Exception {
    Path localA = tmp.newFolder("a-local").toPath();
    Path appA = Files.createDirectories(localA.resolve("usercache/" + USER + "/appcache/"
        + APP));
    Path localB = tmp.newFolder("b-local").toPath();
    Path appB = Files.createDirectories(localB.resolve("usercache/" + USER + "/appcache/"
        + APP));
    // the map finished on b: 17 bytes for reduce 0, 5 for reduce 1
    Path outB = Files.createDirectories(appB.resolve("output/" + ATTEMPT));
    Files.write(outB.resolve("file.out"), new byte[22]);
    SpillRecord index = new SpillRecord(2);
    index.putIndex(new IndexRecord(0, 17, 17), 0);
    index.putIndex(new IndexRecord(17, 5, 5), 1);
    index.writeToFile(new org.apache.hadoop.fs.Path(outB.resolve("file.out.index").toString()),
        new JobConf(new Configuration(false)));

    MovedTasks b = tasks(localB);
    server = new ImageTransferServer(loopbackSettings(), secrets(),
        new ReceivedImages(Collections.singletonList(localB)));
    server.setTaskOutputHandler(b);
    server.init(new Configuration(false));
    server.start();
    MovedTasksForTests.movedIn(b, M1, APP, appB);

    Configuration conf = new Configuration(false);
    conf.set(YarnConfiguration.NM_LOCAL_DIRS, localA.toString());
    MigratingShuffleHandler handler = new MigratingShuffleHandler();
    handler.setAuxiliaryLocalPathHandler(nodeManagersDirs(conf));
    ShuffleHandler.Shuffle shuffle = handler.getShuffle(conf);
    // never moved: not found, as in the stock shuffle
    try {
      shuffle.getMapOutputInfo(ATTEMPT, 1, JOB, USER);
      fail("an output a never had was found");
    } catch (IOException expected) {
      // the stock shuffle's error
    }

    MovedTasks a = tasks(localA);
    MovedTasksForTests.install(a);
    MovedTasksForTests.movedAway(a, Collections.singletonList(ATTEMPT), M1,
        new InetSocketAddress("127.0.0.1", server.getPort()), appA);
    ShuffleHandler.Shuffle.MapOutputInfo info = shuffle.getMapOutputInfo(ATTEMPT, 1, JOB, USER);
    assertEquals(17, info.indexRecord.startOffset);
    assertEquals(5, info.indexRecord.partLength);
    assertTrue(info.mapOutputFileName.toString(),
        info.mapOutputFileName.toString().startsWith(appA.toString()));
    assertEquals(22, Files.size(appA.resolve("output/" + ATTEMPT + "/file.out")));
  }

  @Test(timeout = 60000)
  public void givenShuffleSharingItsPort_whenImagesSentThereAndAFetchComes_thenReceiverGetsTheImagesAndShuffleTheFetch()
      throws Exception {
    Path receiverLocal = tmp.newFolder("receiver-local").toPath();
    server = new ImageTransferServer(loopbackSettings(), secrets(),
        new ReceivedImages(Collections.singletonList(receiverLocal)));
    server.init(new Configuration(false));
    server.start();
    SharedShufflePort.receiverStarted(server.getBoundAddress());

    Configuration conf = new Configuration();
    conf.setInt(ShuffleHandler.SHUFFLE_PORT_CONFIG_KEY, 0);
    conf.set(YarnConfiguration.NM_LOCAL_DIRS, tmp.newFolder("shuffle-local").toString());
    started = new MigratingShuffleHandler();
    started.setAuxiliaryLocalPathHandler(nodeManagersDirs(conf));
    started.init(conf);
    started.start();
    int port = ShuffleHandler.deserializeMetaData(started.getMetaData());
    assertEquals("the port the agent registers", port, SharedShufflePort.shufflePort());
    assertTrue(port != server.getPort());
    InetSocketAddress shufflePort = new InetSocketAddress("127.0.0.1", port);

    // images, far bigger than the socket buffers and the relay's write buffer (its flow
    // control stops and resumes reading the sender many times), to the shuffle port
    Path tree = tmp.newFolder("checkpoint").toPath();
    Files.createDirectories(tree.resolve("images"));
    byte[] pages = new byte[8 * 1024 * 1024];
    Random random = new Random(7);
    for (int i = 1; i <= 12; i++) {
      random.nextBytes(pages);
      Files.write(tree.resolve("images/pages-" + i + ".img"), pages);
    }
    Files.write(tree.resolve("restore-spec.properties"),
        ("migration.id=" + M1 + "\n").getBytes(StandardCharsets.UTF_8));
    long relayedBefore = ShufflePortRelay.relayedConnections();
    TransferResult sent = new ImageSender(loopbackSettings()).send(shufflePort, M1,
        TransferToken.create(KEY, M1), tree);
    assertEquals(13, sent.getFiles());
    Path received = server.getReceivedImages().find(M1);
    assertTrue("received " + received, received != null);
    assertEquals(ImageManifest.build(tree).getEntries(),
        ImageManifest.build(received).getEntries());
    assertEquals(relayedBefore + 1, ShufflePortRelay.relayedConnections());

    // a token of another key: the receiver's refusal comes back through the relay
    byte[] otherKey = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8);
    String m2 = "migration_1796523932421_0002";
    try {
      new ImageSender(loopbackSettings()).send(shufflePort, m2,
          TransferToken.create(otherKey, m2), tree);
      fail("a transfer with a bad token was taken");
    } catch (ImageTransferException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("invalid transfer token"));
    }
    assertEquals(null, server.getReceivedImages().find(m2));

    // HTTP on the same port still reaches the shuffle: it looks for the job's token, has
    // none (no application was started here) and refuses, as the stock shuffle does
    HttpURLConnection http = (HttpURLConnection) new URL("http://127.0.0.1:" + port
        + "/mapOutput?job=" + JOB + "&reduce=0&map=" + ATTEMPT).openConnection();
    http.setConnectTimeout(5000);
    http.setReadTimeout(5000);
    http.setRequestProperty(ShuffleHeader.HTTP_HEADER_NAME,
        ShuffleHeader.DEFAULT_HTTP_HEADER_NAME);
    http.setRequestProperty(ShuffleHeader.HTTP_HEADER_VERSION,
        ShuffleHeader.DEFAULT_HTTP_HEADER_VERSION);
    try {
      int code = http.getResponseCode();
      String body = new String(IOUtils.toByteArray(http.getErrorStream()),
          StandardCharsets.UTF_8);
      assertEquals(body, HttpURLConnection.HTTP_UNAUTHORIZED, code);
      assertTrue(body, body.contains("Can't find job token for job " + JOB));
    } finally {
      http.disconnect();
    }
    assertEquals(relayedBefore + 2, ShufflePortRelay.relayedConnections());

    started.stop();
    started = null;
    assertEquals("no shared port once the shuffle stopped", -1,
        SharedShufflePort.shufflePort());
  }

  @Test(timeout = 60000)
  public void givenSharingTurnedOff_whenShuffleStarts_thenItPublishesNoPort() throws Exception {
    Configuration conf = new Configuration();
    conf.setInt(ShuffleHandler.SHUFFLE_PORT_CONFIG_KEY, 0);
    conf.setBoolean(MigrationConfiguration.NM_MIGRATION_TRANSFER_SHUFFLE_PORT_SHARED, false);
    conf.set(YarnConfiguration.NM_LOCAL_DIRS, tmp.newFolder("shuffle-local").toString());
    started = new MigratingShuffleHandler();
    started.setAuxiliaryLocalPathHandler(nodeManagersDirs(conf));
    started.init(conf);
    started.start();
    assertEquals(-1, SharedShufflePort.shufflePort());
  }
}
