/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.client.api.migration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.fs.CommonConfigurationKeysPublic;
import org.apache.hadoop.ipc.RemoteException;
import org.apache.hadoop.ipc.Server;
import org.apache.hadoop.service.Service.STATE;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException.Reason;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationProtocol;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportRequest;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportResponse;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportsRequest;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportsResponse;
import org.apache.hadoop.yarn.api.migration.protocolrecords.MigrateContainerRequest;
import org.apache.hadoop.yarn.api.migration.protocolrecords.MigrateContainerResponse;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationOptions;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationPhase;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationStrategy;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.ipc.YarnRPC;
import org.junit.After;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/**
 * The client library against a real Hadoop RPC server on loopback, served through
 * YarnRPC exactly as the ResourceManager serves it.
 */
public class TestContainerMigrationClientRpc {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  private static final ContainerId CONTAINER =
      ContainerId.fromString("container_1700000000000_0001_01_000002");
  private static final ContainerId NOT_RUNNING =
      ContainerId.fromString("container_1_0001_01_000002");
  private static final ContainerId BUSY = ContainerId.fromString("container_1_0001_01_000009");
  private static final ContainerId TARGET_CONTAINER =
      ContainerId.fromString("container_e17_1700000000000_0001_01_000003");
  private static final ApplicationId APP =
      ApplicationId.fromString("application_1700000000000_0001");
  private static final NodeId SOURCE = NodeId.newInstance("host-a.example.com", 45454);
  private static final NodeId TARGET = NodeId.newInstance("host-b.example.com", 45455);
  private static final String MIGRATION_ID = "migration_1700000000000_0007";

  /** A fake RM side: records what arrives, answers canned reports. */
  static class FakeMigrationService implements ContainerMigrationProtocol {
    final ConcurrentLinkedQueue<Object> received = new ConcurrentLinkedQueue<Object>();
    final AtomicInteger reportCalls = new AtomicInteger();
    volatile List<ContainerMigrationState> progression = null;

    @Override
    public MigrateContainerResponse migrateContainer(MigrateContainerRequest request)
        throws YarnException, IOException {
      received.add(request);
      if (NOT_RUNNING.equals(request.getContainerId())) {
        throw new YarnException("Container " + request.getContainerId() + " is not RUNNING");
      }
      if (BUSY.equals(request.getContainerId())) {
        throw new ContainerMigrationException(Reason.CONFLICT, "Container "
            + request.getContainerId() + " is already being migrated (migration "
            + MIGRATION_ID + ")");
      }
      return MigrateContainerResponse.newInstance(fullReport(ContainerMigrationState.NEW));
    }

    @Override
    public GetContainerMigrationReportResponse getContainerMigrationReport(
        GetContainerMigrationReportRequest request) throws YarnException, IOException {
      received.add(request);
      if (!MIGRATION_ID.equals(request.getMigrationId())) {
        throw new ContainerMigrationException(Reason.NOT_FOUND,
            "Migration " + request.getMigrationId() + " not found");
      }
      int call = reportCalls.getAndIncrement();
      List<ContainerMigrationState> p = progression;
      ContainerMigrationState state = p == null
          ? ContainerMigrationState.ROLLING_BACK : p.get(Math.min(call, p.size() - 1));
      return GetContainerMigrationReportResponse.newInstance(fullReport(state));
    }

    @Override
    public GetContainerMigrationReportsResponse getContainerMigrationReports(
        GetContainerMigrationReportsRequest request) throws YarnException, IOException {
      received.add(request);
      ContainerMigrationReport older = ContainerMigrationReport.newInstance();
      older.setMigrationId("migration_1700000000000_0006");
      older.setState(ContainerMigrationState.FAILED);
      return GetContainerMigrationReportsResponse.newInstance(
          Arrays.asList(fullReport(ContainerMigrationState.SUCCEEDED), older));
    }
  }

  static ContainerMigrationReport fullReport(ContainerMigrationState state) {
    ContainerMigrationReport r = ContainerMigrationReport.newInstance();
    r.setMigrationId(MIGRATION_ID);
    r.setContainerId(CONTAINER);
    r.setTargetContainerId(TARGET_CONTAINER);
    r.setApplicationId(APP);
    r.setUser("alice");
    r.setSourceNode(SOURCE);
    r.setTargetNode(TARGET);
    r.setState(state);
    r.setStrategy(ContainerMigrationStrategy.LAZY_PAGES);
    r.setSubmitTime(1700000001000L);
    r.setFinishTime(state.isFinal() ? 1700000009000L : 0L);
    r.setPhases(Arrays.asList(
        ContainerMigrationPhase.newInstance(ContainerMigrationState.NEW, 1700000001000L,
            1700000001001L),
        ContainerMigrationPhase.newInstance(state, 1700000001001L, 0L)));
    r.setImageBytes(123456789012L);
    r.setFrozenTimeMs(4321L);
    r.setDiagnostics("diagnostics of " + state);
    return r;
  }

  static void assertFullReport(ContainerMigrationState state, ContainerMigrationReport r) {
    assertEquals(MIGRATION_ID, r.getMigrationId());
    assertEquals(CONTAINER, r.getContainerId());
    assertEquals(TARGET_CONTAINER, r.getTargetContainerId());
    assertEquals(APP, r.getApplicationId());
    assertEquals("alice", r.getUser());
    assertEquals(SOURCE, r.getSourceNode());
    assertEquals(TARGET, r.getTargetNode());
    assertEquals(state, r.getState());
    assertEquals(ContainerMigrationStrategy.LAZY_PAGES, r.getStrategy());
    assertEquals(1700000001000L, r.getSubmitTime());
    assertEquals(state.isFinal() ? 1700000009000L : 0L, r.getFinishTime());
    assertEquals(2, r.getPhases().size());
    assertEquals(ContainerMigrationState.NEW, r.getPhases().get(0).getState());
    assertEquals(1700000001000L, r.getPhases().get(0).getStartTime());
    assertEquals(1700000001001L, r.getPhases().get(0).getEndTime());
    assertEquals(state, r.getPhases().get(1).getState());
    assertEquals(1700000001001L, r.getPhases().get(1).getStartTime());
    assertEquals(0L, r.getPhases().get(1).getEndTime());
    assertEquals(123456789012L, r.getImageBytes());
    assertEquals(4321L, r.getFrozenTimeMs());
    assertEquals("diagnostics of " + state, r.getDiagnostics());
  }

  private FakeMigrationService service;
  private Server server;
  private ContainerMigrationClient client;
  private Configuration conf;

  @Before
  public void startServerAndClient() {
    conf = new Configuration();
    conf.setInt(CommonConfigurationKeysPublic.IPC_CLIENT_CONNECT_MAX_RETRIES_KEY, 1);
    service = new FakeMigrationService();
    server = YarnRPC.create(conf).getServer(ContainerMigrationProtocol.class, service,
        new InetSocketAddress("127.0.0.1", 0), conf, null, 1);
    server.start();
    conf.set(MigrationConfiguration.RM_MIGRATION_ADDRESS,
        "127.0.0.1:" + server.getListenerAddress().getPort());
    client = ContainerMigrationClient.createContainerMigrationClient();
    client.init(conf);
    client.start();
  }

  @After
  public void stopServerAndClient() {
    if (client != null) {
      client.stop();
    }
    if (server != null) {
      server.stop();
    }
  }

  @Test
  public void givenMigrateWhenCalledThenRequestAndReportSurviveBothWays() throws Exception {
    ContainerMigrationReport report = client.migrate(CONTAINER, TARGET,
        ContainerMigrationOptions.newInstance(ContainerMigrationStrategy.LAZY_PAGES, 90000L));

    MigrateContainerRequest got = (MigrateContainerRequest) service.received.poll();
    assertEquals(CONTAINER, got.getContainerId());
    assertEquals(TARGET, got.getTargetNode());
    assertEquals(ContainerMigrationStrategy.LAZY_PAGES, got.getOptions().getStrategy());
    assertEquals(90000L, got.getOptions().getTimeoutMs());
    assertFullReport(ContainerMigrationState.NEW, report);
  }

  @Test
  public void givenMigrateWithoutTargetAndOptionsThenServerSeesThemUnset() throws Exception {
    client.migrate(CONTAINER, null, null);
    MigrateContainerRequest got = (MigrateContainerRequest) service.received.poll();
    assertEquals(CONTAINER, got.getContainerId());
    assertNull(got.getTargetNode());
    assertNull(got.getOptions());
  }

  @Test
  public void givenGetReportWhenCalledThenIdAndReportSurvive() throws Exception {
    ContainerMigrationReport report = client.getReport(MIGRATION_ID);
    assertEquals(MIGRATION_ID,
        ((GetContainerMigrationReportRequest) service.received.poll()).getMigrationId());
    assertFullReport(ContainerMigrationState.ROLLING_BACK, report);
  }

  @Test
  public void givenGetReportsWithFiltersThenFiltersArriveAndOrderIsKept() throws Exception {
    List<ContainerMigrationReport> reports = client.getReports(
        GetContainerMigrationReportsRequest.newInstance(CONTAINER, APP, SOURCE,
            EnumSet.of(ContainerMigrationState.SUCCEEDED, ContainerMigrationState.FAILED), 5));

    GetContainerMigrationReportsRequest got =
        (GetContainerMigrationReportsRequest) service.received.poll();
    assertEquals(CONTAINER, got.getContainerId());
    assertEquals(APP, got.getApplicationId());
    assertEquals(SOURCE, got.getNode());
    assertEquals(EnumSet.of(ContainerMigrationState.SUCCEEDED, ContainerMigrationState.FAILED),
        got.getStates());
    assertEquals(5, got.getLimit());
    assertEquals(2, reports.size());
    assertFullReport(ContainerMigrationState.SUCCEEDED, reports.get(0));
    assertEquals("migration_1700000000000_0006", reports.get(1).getMigrationId());
    assertEquals(ContainerMigrationState.FAILED, reports.get(1).getState());
    assertNull(reports.get(1).getContainerId());
  }

  @Test
  public void givenGetReportsWithoutFilterThenServerSeesNoFilterAndDefaultLimit()
      throws Exception {
    client.getReports();
    GetContainerMigrationReportsRequest got =
        (GetContainerMigrationReportsRequest) service.received.poll();
    assertNull(got.getContainerId());
    assertNull(got.getApplicationId());
    assertNull(got.getNode());
    assertTrue(got.getStates().isEmpty());
    assertEquals(100, got.getLimit());
  }

  @Test
  public void givenServerYarnExceptionThenClientGetsItWithExactMessage() throws Exception {
    try {
      client.migrate(NOT_RUNNING, TARGET, null);
      fail("expected a YarnException");
    } catch (YarnException e) {
      assertSame(YarnException.class, e.getClass());
      assertEquals("Container container_1_0001_01_000002 is not RUNNING", e.getMessage());
      // The server's stack trace is kept in the cause chain, not in the message.
      assertTrue(e.getCause() instanceof RemoteException);
      assertEquals(e.getMessage(), e.getCause().getMessage());
      assertTrue(e.getCause().getCause().getMessage(),
          e.getCause().getCause().getMessage().contains("\n\tat "));
    }
  }

  @Test
  public void givenServerMigrationExceptionThenClientGetsClassReasonAndMessage()
      throws Exception {
    try {
      client.migrate(BUSY, TARGET, null);
      fail("expected a ContainerMigrationException");
    } catch (ContainerMigrationException e) {
      assertEquals(Reason.CONFLICT, e.getReason());
      assertEquals(409, e.getReason().getHttpStatus());
      assertEquals("Container container_1_0001_01_000009 is already being migrated "
          + "(migration migration_1700000000000_0007)", e.getMessage());
    }
    try {
      client.getReport("migration_1_0042");
      fail("expected a ContainerMigrationException");
    } catch (ContainerMigrationException e) {
      assertEquals(Reason.NOT_FOUND, e.getReason());
      assertEquals("Migration migration_1_0042 not found", e.getMessage());
    }
  }

  @Test
  public void givenMigrationProgressingWhenWaitingThenListenerSeesEachStateOnce()
      throws Exception {
    service.progression = Arrays.asList(ContainerMigrationState.NEW,
        ContainerMigrationState.NEW, ContainerMigrationState.ALLOCATING,
        ContainerMigrationState.CHECKPOINTING, ContainerMigrationState.CHECKPOINTING,
        ContainerMigrationState.TRANSFERRING, ContainerMigrationState.RESTORING,
        ContainerMigrationState.SUCCEEDED);
    final List<String> seen = new ArrayList<String>();
    ContainerMigrationReport last = client.waitForCompletion(MIGRATION_ID, 1, 60000,
        new ContainerMigrationClient.Listener() {
          @Override
          public void onStateChange(ContainerMigrationReport previous,
              ContainerMigrationReport current) {
            seen.add((previous == null ? "-" : previous.getState().name()) + ">"
                + current.getState());
          }
        });
    assertEquals(Arrays.asList("->NEW", "NEW>ALLOCATING", "ALLOCATING>CHECKPOINTING",
        "CHECKPOINTING>TRANSFERRING", "TRANSFERRING>RESTORING", "RESTORING>SUCCEEDED"), seen);
    assertFullReport(ContainerMigrationState.SUCCEEDED, last);
    assertEquals(8, service.reportCalls.get());
  }

  @Test
  public void givenMigrationNeverFinishingWhenWaitingThenTimeout() throws Exception {
    service.progression = Arrays.asList(ContainerMigrationState.TRANSFERRING);
    try {
      client.waitForCompletion(MIGRATION_ID, 20, 100, null);
      fail("expected a TimeoutException");
    } catch (TimeoutException e) {
      assertEquals("Timed out after 100 ms waiting for migration " + MIGRATION_ID
          + " (state TRANSFERRING)", e.getMessage());
    }
  }

  @Test
  public void givenClientWhenStoppedTwiceOrBeforeStartThenNoError() {
    client.stop();
    client.stop();
    assertEquals(STATE.STOPPED, client.getServiceState());
    ContainerMigrationClient neverStarted =
        ContainerMigrationClient.createContainerMigrationClient();
    neverStarted.init(conf);
    neverStarted.stop();
    try {
      client.getReport(MIGRATION_ID);
      fail("expected IllegalStateException");
    } catch (IllegalStateException expected) {
      assertTrue(expected.getMessage(), expected.getMessage().contains("is not started"));
    } catch (Exception e) {
      fail("unexpected " + e);
    }
  }
}
