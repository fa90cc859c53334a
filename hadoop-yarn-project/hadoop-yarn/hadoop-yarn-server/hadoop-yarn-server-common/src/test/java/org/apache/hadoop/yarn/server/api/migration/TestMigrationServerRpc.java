/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.fs.CommonConfigurationKeysPublic;
import org.apache.hadoop.ipc.RPC;
import org.apache.hadoop.ipc.RemoteException;
import org.apache.hadoop.ipc.Server;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException.Reason;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationProtocol;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportRequest;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportResponse;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportsRequest;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportsResponse;
import org.apache.hadoop.yarn.api.migration.protocolrecords.MigrateContainerRequest;
import org.apache.hadoop.yarn.api.migration.protocolrecords.MigrateContainerResponse;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationStrategy;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.ipc.YarnRPC;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.AbortMigrationRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.AbortMigrationResponse;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.CheckpointContainerRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.CheckpointContainerResponse;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.ShipImagesRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.ShipImagesResponse;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.CompleteMigrationRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.CompleteMigrationResponse;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.GetRestoreStatusRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.GetRestoreStatusResponse;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.PrepareRestoreRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.PrepareRestoreResponse;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.RegisterMigrationAgentRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.RegisterMigrationAgentResponse;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.RestoreStatus;
import org.junit.After;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/**
 * Both server protocols over real Hadoop RPC on loopback, through YarnRPC as the daemons
 * use it, and the tracker protocol added to the server of ContainerMigrationProtocol.
 */
public class TestMigrationServerRpc {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  private static final String MIGRATION_ID = "migration_1700000000000_0007";
  private static final ContainerId SOURCE =
      ContainerId.fromString("container_1700000000000_0001_01_000002");
  private static final ContainerId TARGET =
      ContainerId.fromString("container_e17_1700000000000_0001_01_000003");
  private static final ContainerId BUSY =
      ContainerId.fromString("container_1700000000000_0001_01_000009");
  private static final ContainerId GONE =
      ContainerId.fromString("container_1700000000000_0001_01_000010");
  private static final NodeId NM = NodeId.newInstance("host-a.example.com", 45454);
  private static final NodeId TARGET_NM = NodeId.newInstance("host-b.example.com", 45455);
  private static final byte[] SECRET = new byte[] {0, 1, 2, 3, (byte) 0xfe, (byte) 0xff};

  /** Fake RM side of the tracker protocol. */
  static class FakeTracker implements MigrationAgentTrackerProtocol {
    final ConcurrentLinkedQueue<Object> received = new ConcurrentLinkedQueue<Object>();

    @Override
    public RegisterMigrationAgentResponse registerMigrationAgent(
        RegisterMigrationAgentRequest request) throws YarnException, IOException {
      received.add(request);
      if (request.getNodeId() == null) {
        throw new ContainerMigrationException(Reason.INVALID_REQUEST, "nodeId is required");
      }
      return RegisterMigrationAgentResponse.newInstance(ByteBuffer.wrap(SECRET), 3000L);
    }
  }

  /** Fake NM agent. */
  static class FakeAgent implements NodeMigrationAgentProtocol {
    final ConcurrentLinkedQueue<Object> received = new ConcurrentLinkedQueue<Object>();

    private void check(ContainerId id) throws YarnException {
      if (BUSY.equals(id)) {
        throw new ContainerMigrationException(Reason.CONFLICT,
            "Container " + id + " is already frozen by migration " + MIGRATION_ID);
      }
      if (GONE.equals(id)) {
        throw new YarnException("Container " + id + " is not running on this node");
      }
    }

    @Override
    public CheckpointContainerResponse checkpointContainer(CheckpointContainerRequest request)
        throws YarnException, IOException {
      received.add(request);
      check(request.getContainerId());
      return CheckpointContainerResponse.newInstance(123456789012L, 4321L, 1200L);
    }

    @Override
    public ShipImagesResponse shipImages(ShipImagesRequest request)
        throws YarnException, IOException {
      received.add(request);
      check(request.getContainerId());
      return ShipImagesResponse.newInstance(2800L, 123456799999L, 7121L);
    }

    @Override
    public PrepareRestoreResponse prepareRestore(PrepareRestoreRequest request)
        throws YarnException, IOException {
      received.add(request);
      check(request.getSourceContainerId());
      return PrepareRestoreResponse.newInstance(false, "images incomplete: 3 of 7 files");
    }

    @Override
    public GetRestoreStatusResponse getRestoreStatus(GetRestoreStatusRequest request)
        throws YarnException, IOException {
      received.add(request);
      check(request.getTargetContainerId());
      return GetRestoreStatusResponse.newInstance(RestoreStatus.FAILED, "criu restore: exit 1");
    }

    @Override
    public CompleteMigrationResponse completeMigration(CompleteMigrationRequest request)
        throws YarnException, IOException {
      received.add(request);
      check(request.getContainerId());
      return CompleteMigrationResponse.newInstance();
    }

    @Override
    public AbortMigrationResponse abortMigration(AbortMigrationRequest request)
        throws YarnException, IOException {
      received.add(request);
      check(request.getContainerId());
      return AbortMigrationResponse.newInstance(true, null);
    }
  }

  /** Fake client protocol: one canned report. */
  static class FakeContainerMigration implements ContainerMigrationProtocol {
    @Override
    public MigrateContainerResponse migrateContainer(MigrateContainerRequest request)
        throws YarnException, IOException {
      throw new ContainerMigrationException(Reason.CONFLICT, "not in this test");
    }

    @Override
    public GetContainerMigrationReportResponse getContainerMigrationReport(
        GetContainerMigrationReportRequest request) throws YarnException, IOException {
      ContainerMigrationReport r = ContainerMigrationReport.newInstance();
      r.setMigrationId(request.getMigrationId());
      r.setContainerId(SOURCE);
      return GetContainerMigrationReportResponse.newInstance(r);
    }

    @Override
    public GetContainerMigrationReportsResponse getContainerMigrationReports(
        GetContainerMigrationReportsRequest request) throws YarnException, IOException {
      return GetContainerMigrationReportsResponse.newInstance(
          Collections.<ContainerMigrationReport>emptyList());
    }
  }

  private Configuration conf;
  private YarnRPC rpc;
  private final List<Server> servers = new ArrayList<Server>();
  private final List<Object> proxies = new ArrayList<Object>();

  @Before
  public void setUp() {
    conf = new Configuration();
    conf.setInt(CommonConfigurationKeysPublic.IPC_CLIENT_CONNECT_MAX_RETRIES_KEY, 1);
    rpc = YarnRPC.create(conf);
  }

  @After
  public void tearDown() {
    for (Object p : proxies) {
      rpc.stopProxy(p, conf);
    }
    for (Server s : servers) {
      s.stop();
    }
  }

  private InetSocketAddress serve(Class<?> protocol, Object impl) {
    Server server = rpc.getServer(protocol, impl, new InetSocketAddress("127.0.0.1", 0), conf,
        null, 2);
    server.addTerseExceptions(ContainerMigrationException.class);
    server.start();
    servers.add(server);
    return new InetSocketAddress("127.0.0.1", server.getListenerAddress().getPort());
  }

  @SuppressWarnings("unchecked")
  private <T> T proxy(Class<T> protocol, InetSocketAddress addr) {
    T p = (T) rpc.getProxy(protocol, addr, conf);
    proxies.add(p);
    return p;
  }

  @Test
  public void testRegisterMigrationAgentRoundTrip() throws Exception {
    FakeTracker tracker = new FakeTracker();
    MigrationAgentTrackerProtocol p =
        proxy(MigrationAgentTrackerProtocol.class, serve(MigrationAgentTrackerProtocol.class,
            tracker));
    RegisterMigrationAgentResponse response = p.registerMigrationAgent(
        RegisterMigrationAgentRequest.newInstance(NM, "host-a.example.com:41000",
            "host-a.example.com:13572", "3.17.1", Arrays.asList("lazy-pages", "pre-dump")));
    assertEquals(3000L, response.getHeartbeatIntervalMs());
    assertEquals(ByteBuffer.wrap(SECRET), response.getTransferSecret());
    byte[] secret = new byte[response.getTransferSecret().remaining()];
    response.getTransferSecret().get(secret);
    assertArrayEquals(SECRET, secret);

    RegisterMigrationAgentRequest got = (RegisterMigrationAgentRequest) tracker.received.poll();
    assertEquals(NM, got.getNodeId());
    assertEquals("host-a.example.com:41000", got.getAgentAddress());
    assertEquals("host-a.example.com:13572", got.getTransferAddress());
    assertEquals("3.17.1", got.getCriuVersion());
    assertEquals(Arrays.asList("lazy-pages", "pre-dump"), got.getCapabilities());

    // Optional fields absent on the way in; error on the way out.
    try {
      p.registerMigrationAgent(RegisterMigrationAgentRequest.newInstance(null, null, null, null,
          null));
      fail("expected ContainerMigrationException");
    } catch (ContainerMigrationException e) {
      assertEquals(Reason.INVALID_REQUEST, e.getReason());
      assertEquals("nodeId is required", e.getMessage());
    }
    got = (RegisterMigrationAgentRequest) tracker.received.poll();
    assertNull(got.getAgentAddress());
    assertNull(got.getCriuVersion());
    assertTrue(got.getCapabilities().isEmpty());
  }

  @Test
  public void testNodeMigrationAgentRoundTrip() throws Exception {
    FakeAgent agent = new FakeAgent();
    NodeMigrationAgentProtocol p = proxy(NodeMigrationAgentProtocol.class,
        serve(NodeMigrationAgentProtocol.class, agent));

    CheckpointContainerResponse cp = p.checkpointContainer(CheckpointContainerRequest
        .newInstance(MIGRATION_ID, SOURCE, TARGET_NM, "host-b.example.com:13572",
            ContainerMigrationStrategy.LAZY_PAGES, 60000L));
    assertEquals(123456789012L, cp.getImageBytes());
    assertEquals(4321L, cp.getFrozenTimeMs());
    assertEquals(1200L, cp.getDumpTimeMs());
    CheckpointContainerRequest cpReq = (CheckpointContainerRequest) agent.received.poll();
    assertEquals(MIGRATION_ID, cpReq.getMigrationId());
    assertEquals(SOURCE, cpReq.getContainerId());
    assertEquals(TARGET_NM, cpReq.getTargetNodeId());
    assertEquals("host-b.example.com:13572", cpReq.getTargetTransferAddress());
    assertEquals(ContainerMigrationStrategy.LAZY_PAGES, cpReq.getStrategy());
    assertEquals(60000L, cpReq.getTimeoutMs());

    ShipImagesResponse ship = p.shipImages(ShipImagesRequest.newInstance(MIGRATION_ID,
        SOURCE));
    assertEquals(2800L, ship.getTransferTimeMs());
    assertEquals(123456799999L, ship.getTransferredBytes());
    assertEquals(7121L, ship.getFrozenTimeMs());
    ShipImagesRequest shipReq = (ShipImagesRequest) agent.received.poll();
    assertEquals(MIGRATION_ID, shipReq.getMigrationId());
    assertEquals(SOURCE, shipReq.getContainerId());

    PrepareRestoreResponse pr = p.prepareRestore(
        PrepareRestoreRequest.newInstance(MIGRATION_ID, SOURCE, TARGET));
    assertFalse(pr.getReady());
    assertEquals("images incomplete: 3 of 7 files", pr.getDiagnostics());
    PrepareRestoreRequest prReq = (PrepareRestoreRequest) agent.received.poll();
    assertEquals(MIGRATION_ID, prReq.getMigrationId());
    assertEquals(SOURCE, prReq.getSourceContainerId());
    assertEquals(TARGET, prReq.getTargetContainerId());

    GetRestoreStatusResponse rs = p.getRestoreStatus(
        GetRestoreStatusRequest.newInstance(MIGRATION_ID, TARGET));
    assertEquals(RestoreStatus.FAILED, rs.getStatus());
    assertEquals("criu restore: exit 1", rs.getDiagnostics());
    GetRestoreStatusRequest rsReq = (GetRestoreStatusRequest) agent.received.poll();
    assertEquals(MIGRATION_ID, rsReq.getMigrationId());
    assertEquals(TARGET, rsReq.getTargetContainerId());

    CompleteMigrationResponse cm = p.completeMigration(
        CompleteMigrationRequest.newInstance(MIGRATION_ID, SOURCE));
    assertTrue(cm != null);
    CompleteMigrationRequest cmReq = (CompleteMigrationRequest) agent.received.poll();
    assertEquals(MIGRATION_ID, cmReq.getMigrationId());
    assertEquals(SOURCE, cmReq.getContainerId());

    AbortMigrationResponse ab = p.abortMigration(
        AbortMigrationRequest.newInstance(MIGRATION_ID, SOURCE, "target restore failed"));
    assertTrue(ab.getResumed());
    assertNull(ab.getDiagnostics());
    AbortMigrationRequest abReq = (AbortMigrationRequest) agent.received.poll();
    assertEquals(MIGRATION_ID, abReq.getMigrationId());
    assertEquals(SOURCE, abReq.getContainerId());
    assertEquals("target restore failed", abReq.getReason());

    // Optional fields absent.
    p.checkpointContainer(CheckpointContainerRequest.newInstance(MIGRATION_ID, SOURCE,
        TARGET_NM, "host-b.example.com:13572", null, 0L));
    cpReq = (CheckpointContainerRequest) agent.received.poll();
    assertNull(cpReq.getStrategy());
    assertEquals(0L, cpReq.getTimeoutMs());
    p.abortMigration(AbortMigrationRequest.newInstance(MIGRATION_ID, SOURCE, null));
    assertNull(((AbortMigrationRequest) agent.received.poll()).getReason());
  }

  @Test
  public void testAgentExceptionsReachTheClient() throws Exception {
    NodeMigrationAgentProtocol p = proxy(NodeMigrationAgentProtocol.class,
        serve(NodeMigrationAgentProtocol.class, new FakeAgent()));
    try {
      p.checkpointContainer(CheckpointContainerRequest.newInstance(MIGRATION_ID, BUSY,
          TARGET_NM, "host-b.example.com:13572", null, 0L));
      fail("expected ContainerMigrationException");
    } catch (ContainerMigrationException e) {
      assertEquals(ContainerMigrationException.class, e.getClass());
      assertEquals(Reason.CONFLICT, e.getReason());
      assertEquals("Container " + BUSY + " is already frozen by migration " + MIGRATION_ID,
          e.getMessage());
    }
    try {
      p.abortMigration(AbortMigrationRequest.newInstance(MIGRATION_ID, GONE, "x"));
      fail("expected YarnException");
    } catch (YarnException e) {
      assertEquals(YarnException.class, e.getClass());
      assertEquals("Container " + GONE + " is not running on this node", e.getMessage());
      // The full remote text, with the server's stack trace, stays reachable.
      assertTrue(e.getCause() instanceof RemoteException);
      assertTrue(e.getCause().getCause() instanceof RemoteException);
      assertTrue(e.getCause().getCause().getMessage().contains("\tat "));
    }
  }

  @Test
  public void testTrackerSharesTheContainerMigrationServer() throws Exception {
    Server server = rpc.getServer(ContainerMigrationProtocol.class,
        new FakeContainerMigration(), new InetSocketAddress("127.0.0.1", 0), conf, null, 2);
    servers.add(server);
    FakeTracker tracker = new FakeTracker();
    MigrationServerProtocols.addTo(server, tracker);
    server.start();
    InetSocketAddress addr =
        new InetSocketAddress("127.0.0.1", server.getListenerAddress().getPort());

    ContainerMigrationProtocol client = proxy(ContainerMigrationProtocol.class, addr);
    MigrationAgentTrackerProtocol trackerClient =
        proxy(MigrationAgentTrackerProtocol.class, addr);

    assertEquals(SOURCE, client.getContainerMigrationReport(
        GetContainerMigrationReportRequest.newInstance(MIGRATION_ID)).getReport()
        .getContainerId());
    RegisterMigrationAgentResponse r = trackerClient.registerMigrationAgent(
        RegisterMigrationAgentRequest.newInstance(NM, "host-a.example.com:41000",
            "host-a.example.com:13572", "3.17.1", Collections.<String>emptyList()));
    assertEquals(3000L, r.getHeartbeatIntervalMs());
    assertEquals(NM, ((RegisterMigrationAgentRequest) tracker.received.poll()).getNodeId());
    // And again, interleaved, on the same connection pool.
    assertEquals(0, client.getContainerMigrationReports(
        GetContainerMigrationReportsRequest.newInstance()).getReports().size());
    try {
      trackerClient.registerMigrationAgent(RegisterMigrationAgentRequest.newInstance(null,
          null, null, null, null));
      fail("expected ContainerMigrationException");
    } catch (ContainerMigrationException e) {
      assertEquals(Reason.INVALID_REQUEST, e.getReason());
      assertEquals("nodeId is required", e.getMessage());
    }
  }

  @Test
  public void testAddToRejectsANonRpcServer() {
    try {
      MigrationServerProtocols.addTo((Server) null, new FakeTracker());
      fail("expected IllegalArgumentException");
    } catch (IllegalArgumentException expected) {
      // fine
    }
    try {
      MigrationServerProtocols.addTo((RPC.Server) null, new FakeTracker());
      fail("expected IllegalArgumentException");
    } catch (IllegalArgumentException expected) {
      // fine
    }
  }

  @Test
  public void testSecurityInfoAndPolicy() {
    MigrationServerSecurityInfo info = new MigrationServerSecurityInfo();
    assertEquals("yarn.nodemanager.principal",
        info.getKerberosInfo(NodeMigrationAgentProtocolPB.class, conf).serverPrincipal());
    assertEquals("yarn.resourcemanager.principal",
        info.getKerberosInfo(NodeMigrationAgentProtocolPB.class, conf).clientPrincipal());
    assertEquals("yarn.resourcemanager.principal",
        info.getKerberosInfo(MigrationAgentTrackerProtocolPB.class, conf).serverPrincipal());
    assertNull(info.getKerberosInfo(ContainerMigrationProtocol.class, conf));
    boolean registered = false;
    for (org.apache.hadoop.security.SecurityInfo s
        : java.util.ServiceLoader.load(org.apache.hadoop.security.SecurityInfo.class)) {
      registered |= s instanceof MigrationServerSecurityInfo;
    }
    assertTrue(registered);
    assertEquals(2, MigrationServerPolicyProvider.forResourceManager().getServices().length);
    assertEquals(NodeMigrationAgentProtocolPB.class,
        MigrationServerPolicyProvider.forNodeManager().getServices()[0].getProtocol());
  }
}
