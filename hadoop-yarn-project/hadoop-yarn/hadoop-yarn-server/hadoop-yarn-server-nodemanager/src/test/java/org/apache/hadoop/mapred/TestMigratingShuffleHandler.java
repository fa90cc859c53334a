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
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.LocalDirAllocator;
import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.api.AuxiliaryLocalPathHandler;
import org.apache.hadoop.yarn.server.nodemanager.migration.agent.MovedTasks;
import org.apache.hadoop.yarn.server.nodemanager.migration.agent.MovedTasksForTests;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ImageSender;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ImageTransferServer;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ReceivedImages;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferSecretManager;
import org.junit.After;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.TestRule;

/**
 * The seam into 3.1.0's shuffle: the Shuffle handler MigratingShuffleHandler makes finds a
 * map output that moved away with its task by pulling it back from the node it moved to
 * (a real transfer server on loopback), and reads it with the shuffle's own index cache;
 * an output that never moved stays "not found" as in the stock shuffle.
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

  @After
  public void tearDown() {
    MovedTasksForTests.install(null);
    if (server != null) {
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
}
