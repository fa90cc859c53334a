/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.client.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.ipc.Server;
import org.apache.hadoop.util.ToolRunner;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException.Reason;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationProtocol;
import org.apache.hadoop.yarn.api.migration.protocolrecords.DrainNodeRequest;
import org.apache.hadoop.yarn.api.migration.protocolrecords.DrainNodeResponse;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportRequest;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportResponse;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportsRequest;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportsResponse;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetNodeDrainReportRequest;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetNodeDrainReportResponse;
import org.apache.hadoop.yarn.api.migration.protocolrecords.MigrateContainerRequest;
import org.apache.hadoop.yarn.api.migration.protocolrecords.MigrateContainerResponse;
import org.apache.hadoop.yarn.api.migration.records.NodeDrainContainerReport;
import org.apache.hadoop.yarn.api.migration.records.NodeDrainContainerState;
import org.apache.hadoop.yarn.api.migration.records.NodeDrainReport;
import org.apache.hadoop.yarn.api.migration.records.NodeDrainState;
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
 * {@code yarn rmadmin -decommission} through ToolRunner against a real Hadoop RPC server on
 * loopback whose fake drain advances one step per report request.
 */
public class TestMigrationRMAdminCLI {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  private static final NodeId NODE = NodeId.newInstance("host-a.example.com", 45454);
  private static final NodeId T1 = NodeId.newInstance("host-b.example.com", 45454);
  private static final ContainerId C2 =
      ContainerId.fromString("container_1700000000000_0001_01_000002");
  private static final ContainerId C3 =
      ContainerId.fromString("container_1700000000000_0001_01_000003");

  private Server server;
  private Configuration conf;
  private final FakeDrains fake = new FakeDrains();
  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  private PrintStream sysOut;

  /** Step i of the drain is served on the i-th call. */
  static final class FakeDrains implements ContainerMigrationProtocol {
    final List<NodeDrainReport> steps = new ArrayList<>();
    int served;
    DrainNodeRequest request;
    boolean deny;

    @Override
    public MigrateContainerResponse migrateContainer(MigrateContainerRequest r)
        throws YarnException {
      throw new YarnException("unused");
    }

    @Override
    public GetContainerMigrationReportResponse getContainerMigrationReport(
        GetContainerMigrationReportRequest r) throws YarnException {
      throw new YarnException("unused");
    }

    @Override
    public GetContainerMigrationReportsResponse getContainerMigrationReports(
        GetContainerMigrationReportsRequest r) throws YarnException {
      throw new YarnException("unused");
    }

    @Override
    public synchronized DrainNodeResponse drainNode(DrainNodeRequest r)
        throws YarnException, IOException {
      if (deny) {
        throw new ContainerMigrationException(Reason.ACCESS_DENIED,
            "User eve may not drain a node: only YARN admins (yarn.admin.acl) may.");
      }
      request = r;
      return DrainNodeResponse.newInstance(steps.get(Math.min(served++, steps.size() - 1)));
    }

    @Override
    public synchronized GetNodeDrainReportResponse getNodeDrainReport(
        GetNodeDrainReportRequest r) throws YarnException, IOException {
      return GetNodeDrainReportResponse.newInstance(
          steps.get(Math.min(served++, steps.size() - 1)));
    }
  }

  private static NodeDrainContainerReport c(ContainerId id, NodeDrainContainerState s,
      String migration, NodeId target, String diag) {
    return NodeDrainContainerReport.newInstance(id, migration, target, s,
        migration == null ? 0 : 1, diag);
  }

  private static NodeDrainReport r(NodeDrainState s, String diag,
      NodeDrainContainerReport... cs) {
    return NodeDrainReport.newInstance(NODE, s, 600, 1L, s.isFinal() ? 2L : 0L,
        Arrays.asList(cs), diag);
  }

  @Before
  public void setUp() throws Exception {
    conf = new Configuration();
    conf.set(MigrationConfiguration.RM_MIGRATION_ADDRESS, "127.0.0.1:0");
    server = YarnRPC.create(conf).getServer(ContainerMigrationProtocol.class, fake,
        new InetSocketAddress("127.0.0.1", 0), conf, null, 1);
    server.addTerseExceptions(ContainerMigrationException.class);
    server.start();
    conf.set(MigrationConfiguration.RM_MIGRATION_ADDRESS,
        "127.0.0.1:" + server.getListenerAddress().getPort());
    sysOut = System.out;
  }

  @After
  public void tearDown() {
    System.setOut(sysOut);
    if (server != null) {
      server.stop();
    }
  }

  private int run(String... args) throws Exception {
    MigrationRMAdminCLI cli = new MigrationRMAdminCLI(conf);
    cli.setOut(new PrintStream(outBytes, true, "UTF-8"));
    cli.setErrOut(new PrintStream(errBytes, true, "UTF-8"));
    cli.setPollIntervalMs(1);
    return ToolRunner.run(conf, cli, args);
  }

  private String out() throws Exception {
    return outBytes.toString("UTF-8");
  }

  @Test
  public void givenSuccessfulDrain_whenDecommission_thenProgressLinesAndExit0() throws Exception {
    fake.steps.add(r(NodeDrainState.DRAINING, null));
    fake.steps.add(r(NodeDrainState.DRAINING, null,
        c(C2, NodeDrainContainerState.MIGRATING, "migration_1_0001", T1, null),
        c(C3, NodeDrainContainerState.PENDING, null, null, "waiting for a migration slot")));
    fake.steps.add(r(NodeDrainState.DRAINING, null,
        c(C2, NodeDrainContainerState.MIGRATED, "migration_1_0001", T1, null),
        c(C3, NodeDrainContainerState.MIGRATING, "migration_1_0002", T1, null)));
    // drained, then held for a while (said once), then decommissioned
    String held = "drained; decommissioned once [MAPREDUCE] application(s)"
        + " [application_1700000000000_0001] that ran on it finish";
    for (int i = 0; i < 2; i++) {
      fake.steps.add(r(NodeDrainState.DRAINED, held,
          c(C2, NodeDrainContainerState.MIGRATED, "migration_1_0001", T1, null),
          c(C3, NodeDrainContainerState.MIGRATED, "migration_1_0002", T1, null)));
    }
    fake.steps.add(r(NodeDrainState.DECOMMISSIONED, null,
        c(C2, NodeDrainContainerState.MIGRATED, "migration_1_0001", T1, null),
        c(C3, NodeDrainContainerState.MIGRATED, "migration_1_0002", T1, null)));
    assertEquals(0, run("-decommission", "host-a.example.com:45454", "-timeout", "600"));
    assertEquals(NODE, fake.request.getNode());
    assertEquals(600, fake.request.getTimeoutSecs());
    assertEquals("Decommissioning host-a.example.com:45454 (graceful decommission timeout"
        + " 600 s): migrating its containers to other nodes\n"
        + "  " + C2 + "  MIGRATING  migration_1_0001 -> host-b.example.com:45454\n"
        + "  " + C3 + "  PENDING  waiting for a migration slot\n"
        + "  " + C2 + "  MIGRATED  migration_1_0001 -> host-b.example.com:45454\n"
        + "  " + C3 + "  MIGRATING  migration_1_0002 -> host-b.example.com:45454\n"
        + "  " + C3 + "  MIGRATED  migration_1_0002 -> host-b.example.com:45454\n"
        + "Node host-a.example.com:45454 DRAINED: " + held + "\n"
        + "Node host-a.example.com:45454 DECOMMISSIONED: 2 of 2 containers migrated\n", out());
  }

  @Test
  public void givenTimedOutDrain_whenDecommission_thenExit1() throws Exception {
    fake.steps.add(r(NodeDrainState.DRAINING, null,
        c(C2, NodeDrainContainerState.NO_ROOM, null, null, "no RUNNING node has room")));
    fake.steps.add(r(NodeDrainState.TIMED_OUT, "node decommissioned while containers still"
        + " ran on it", c(C2, NodeDrainContainerState.NO_ROOM, null, null,
            "no RUNNING node has room")));
    assertEquals(1, run("-decommission", "host-a.example.com:45454"));
    assertEquals(-1, fake.request.getTimeoutSecs());
    assertTrue(out(), out().endsWith("Node host-a.example.com:45454 TIMED_OUT: 0 of 1"
        + " containers migrated (node decommissioned while containers still ran on it)\n"));
  }

  @Test
  public void givenNonAdmin_whenDecommission_thenMessageAndExit1() throws Exception {
    fake.deny = true;
    assertEquals(1, run("-decommission", "host-a.example.com:45454"));
    assertEquals("decommission: User eve may not drain a node: only YARN admins"
        + " (yarn.admin.acl) may.\n", errBytes.toString("UTF-8"));
  }

  @Test
  public void givenBadArguments_whenDecommission_thenUsage() throws Exception {
    assertEquals(-1, run("-decommission"));
    assertEquals(-1, run("-decommission", "nohostport"));
    assertEquals(-1, run("-decommission", "h:1", "-timeout", "x"));
    assertTrue(errBytes.toString("UTF-8").contains(
        "Usage: yarn rmadmin [-decommission <host:port> [-timeout <seconds>]]"));
  }

  @Test
  public void givenHelp_whenRun_thenStockHelpPlusDecommission() throws Exception {
    ByteArrayOutputStream help = new ByteArrayOutputStream();
    System.setOut(new PrintStream(help, true, "UTF-8"));
    assertEquals(0, run("-help"));
    String text = help.toString("UTF-8");
    assertTrue(text, text.contains("-refreshNodes"));
    assertTrue(text, text.contains("-decommission <host:port> [-timeout <seconds>]"));
    help.reset();
    assertEquals(0, run("-help", "-decommission"));
    assertTrue(help.toString("UTF-8").startsWith("   -decommission <host:port>"));
  }
}
