/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.agent;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.service.Service;
import org.apache.hadoop.service.ServiceStateException;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ImageSender;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferResult;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferSecretManager;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferSettings;
import org.junit.After;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.TestRule;

public class TestMigrationAuxService {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(180);

  private static final byte[] KEY =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private MigrationAuxService service;

  @Before
  public void setUp() {
    service = new MigrationAuxService();
  }

  @After
  public void tearDown() {
    service.stop();
  }

  private Configuration conf(int port) throws IOException {
    Configuration conf = new Configuration(false);
    conf.set(YarnConfiguration.NM_LOCAL_DIRS, tmp.newFolder().getAbsolutePath() + ","
        + "file://" + tmp.newFolder().getAbsolutePath());
    conf.setInt(MigrationConfiguration.NM_MIGRATION_TRANSFER_PORT, port);
    conf.set(MigrationConfiguration.NM_MIGRATION_TRANSFER_BIND_HOST, "127.0.0.1");
    return conf;
  }

  @Test
  public void givenNewServiceThenItIsNamedForTheAuxServicesKey() {
    assertEquals("container_migration", service.getName());
    assertEquals(MigrationAuxService.SERVICE_NAME, service.getName());
  }

  @Test
  public void givenPortZeroWhenStartedThenMetaDataIsTheBoundPort() throws Exception {
    service.init(conf(0));
    assertNull(service.getMetaData());
    service.start();
    InetSocketAddress bound = service.getBoundAddress();
    assertNotNull(bound);
    assertTrue(bound.getPort() > 0);
    ByteBuffer meta = service.getMetaData();
    assertEquals(4, meta.remaining());
    assertEquals(bound.getPort(), MigrationAuxService.deserializeMetaData(meta));
    assertEquals(4, meta.remaining()); // not consumed
    assertEquals(bound.getPort(), MigrationAuxService.findPort(
        Collections.singletonMap("container_migration", meta)));
    assertEquals(-1, MigrationAuxService.findPort(
        Collections.<String, ByteBuffer>emptyMap()));
    assertEquals(2, service.getReceivedImages().getRoots().size());
  }

  @Test
  public void givenPortWhenSerializedThenFourBigEndianBytesLikeShuffleHandler()
      throws Exception {
    ByteBuffer b = MigrationAuxService.serializeMetaData(13572);
    byte[] bytes = new byte[b.remaining()];
    b.duplicate().get(bytes);
    assertArrayEquals(new byte[] {0, 0, 0x35, 0x04}, bytes);
    try {
      MigrationAuxService.deserializeMetaData(ByteBuffer.allocate(2));
      fail();
    } catch (IOException e) {
      assertEquals("migration service metadata must be a 4-byte port", e.getMessage());
    }
  }

  @Test
  public void givenStartedServiceWhenStoppedTwiceThenStoppedAndPortReleased()
      throws Exception {
    service.init(conf(0));
    service.start();
    int port = service.getBoundAddress().getPort();
    service.stop();
    service.stop();
    assertEquals(Service.STATE.STOPPED, service.getServiceState());
    assertNull(service.getMetaData());
    try (ServerSocket again = new ServerSocket()) {
      again.bind(new InetSocketAddress("127.0.0.1", port));
    }
  }

  @Test
  public void givenPortInUseWhenStartedThenStartFailsAndStopIsSafe() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      service.init(conf(taken.getLocalPort()));
      try {
        service.start();
        fail("started on a port in use");
      } catch (ServiceStateException e) {
        assertTrue(e.getMessage(), e.getMessage().contains(
            "Bind of the migration image receiver to 127.0.0.1:" + taken.getLocalPort()
            + " failed"));
      }
      assertEquals(Service.STATE.STOPPED, service.getServiceState());
      service.stop();
      service.stop();
      assertNull(service.getMetaData());
    }
  }

  @Test
  public void givenNeverInitedOrStartedServiceWhenStoppedThenNoError() throws Exception {
    service.stop();
    MigrationAuxService inited = new MigrationAuxService();
    inited.init(conf(0));
    inited.stop();
    assertEquals(Service.STATE.STOPPED, inited.getServiceState());
  }

  @Test
  public void givenTwoNodeManagersOnOneHostWithPortZeroThenDistinctPorts() throws Exception {
    MigrationAuxService other = new MigrationAuxService();
    try {
      service.init(conf(0));
      other.init(conf(0));
      service.start();
      other.start();
      assertNotEquals(MigrationAuxService.deserializeMetaData(service.getMetaData()),
          MigrationAuxService.deserializeMetaData(other.getMetaData()));
    } finally {
      other.stop();
    }
  }

  @Test(timeout = 60000)
  public void givenSecretFileConfiguredWhenImagesSentWithItsKeyThenReceived()
      throws Exception {
    Path keyFile = tmp.newFile("transfer.key").toPath();
    Files.write(keyFile, KEY);
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
    Configuration conf = conf(0);
    conf.set(MigrationConfiguration.NM_MIGRATION_TRANSFER_SECRET_FILE, keyFile.toString());
    conf.set(MigrationConfiguration.NM_MIGRATION_IMAGES_DIR, "custom-images");
    service.init(conf);
    service.start();

    Path src = tmp.newFolder("src").toPath();
    Files.write(src.resolve("core-1.img"), new byte[] {1, 2, 3});
    TransferSecretManager sourceSide = TransferSecretManager.fromSettings(
        TransferSettings.fromConfiguration(conf));
    String id = "migration_1700000000000_0007";
    TransferResult r = new ImageSender(TransferSettings.fromConfiguration(conf)).send(
        new InetSocketAddress("127.0.0.1", service.getBoundAddress().getPort()), id,
        sourceSide.createToken(id), src);
    assertEquals(1, r.getFiles());
    Path got = service.getReceivedImages().find(id);
    assertEquals("custom-images/" + id, got.getParent().getFileName() + "/" + got.getFileName());
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(got.resolve("core-1.img")));
  }
}
