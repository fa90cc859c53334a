/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.client.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UnsupportedEncodingException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.fs.CommonConfigurationKeysPublic;
import org.apache.hadoop.ipc.Server;
import org.apache.hadoop.util.ToolRunner;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException.Reason;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException;
import org.apache.hadoop.yarn.api.migration.MigrationFailure;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationProtocol;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportRequest;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportResponse;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportsRequest;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportsResponse;
import org.apache.hadoop.yarn.api.migration.protocolrecords.MigrateContainerRequest;
import org.apache.hadoop.yarn.api.migration.protocolrecords.MigrateContainerResponse;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationPhase;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationStrategy;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationTcpMode;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerReport;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.impl.YarnClientImpl;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.ipc.YarnRPC;
import org.junit.After;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/**
 * {@code yarn container} as a user runs it: ContainerMigrationCLI through ToolRunner,
 * against a real Hadoop RPC server on loopback (served through YarnRPC as the RM serves
 * it) whose fake migration service walks a migration through its states, one step per
 * report request.
 */
public class TestContainerMigrationCLI {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  private static final String CONTAINER = "container_1700000000000_0001_01_000002";
  private static final String NOT_RUNNING = "container_1_0001_01_000002";
  private static final String BUSY = "container_1_0001_01_000009";
  private static final String TARGET_CONTAINER = "container_e17_1700000000000_0001_01_000003";
  private static final String APP = "application_1700000000000_0001";
  private static final NodeId SOURCE = NodeId.newInstance("host-a.example.com", 45454);
  private static final NodeId TARGET = NodeId.newInstance("host-b.example.com", 45455);
  private static final String MIGRATION_ID = "migration_1700000000000_0007";
  private static final long SUBMIT = 1700000001000L;

  /** When each state began, in ms after submit, for the fake's timelines. */
  private static final ContainerMigrationState[] HAPPY = {ContainerMigrationState.NEW,
      ContainerMigrationState.ALLOCATING, ContainerMigrationState.CHECKPOINTING,
      ContainerMigrationState.TRANSFERRING, ContainerMigrationState.RESTORING,
      ContainerMigrationState.SUCCEEDED};
  private static final long[] HAPPY_AT = {0, 120, 500, 2500, 6000, 8000};
  private static final ContainerMigrationState[] UNHAPPY = {ContainerMigrationState.NEW,
      ContainerMigrationState.ALLOCATING, ContainerMigrationState.CHECKPOINTING,
      ContainerMigrationState.ROLLING_BACK, ContainerMigrationState.FAILED};
  private static final long[] UNHAPPY_AT = {0, 100, 300, 1300, 1500};
  private static final String DUMP_FAILED = "Checkpoint of " + CONTAINER + " (migration "
      + MIGRATION_ID + ", node host-a.example.com:45454) failed: criu dump exited with 1";

  /**
   * The RM side. A timeline is the states a migration goes through and when each began;
   * {@code polls} says which state (index into the timeline) each successive report
   * request sees, the last one repeating.
   */
  static class FakeMigrationService implements ContainerMigrationProtocol {
    final ConcurrentLinkedQueue<Object> received = new ConcurrentLinkedQueue<Object>();
    final AtomicInteger reportCalls = new AtomicInteger();
    volatile ContainerMigrationState[] states = HAPPY;
    volatile long[] startedAt = HAPPY_AT;
    volatile int[] polls = {0};
    volatile ContainerMigrationStrategy strategy = ContainerMigrationStrategy.STOP_AND_COPY;
    volatile ContainerMigrationTcpMode tcpMode = ContainerMigrationTcpMode.CLOSE;
    /** What -migrations lists; null: the two fixed reports. */
    volatile List<ContainerMigrationReport> listed;
    /** The container the reports say moves (the current one of the named id's chain). */
    volatile String source = CONTAINER;

    @Override
    public MigrateContainerResponse migrateContainer(MigrateContainerRequest request)
        throws YarnException, IOException {
      received.add(request);
      String id = request.getContainerId().toString();
      if (NOT_RUNNING.equals(id)) {
        throw new YarnException("Container " + id + " is not RUNNING");
      }
      if (BUSY.equals(id)) {
        throw new ContainerMigrationException(Reason.CONFLICT, "Container " + id
            + " is already being migrated (migration " + MIGRATION_ID + ")");
      }
      if (request.getOptions() != null) {
        strategy = request.getOptions().getStrategy();
        if (request.getOptions().getTcpMode() != null) {
          tcpMode = request.getOptions().getTcpMode();
        }
      }
      return MigrateContainerResponse.newInstance(report(0));
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
      int[] p = polls;
      return GetContainerMigrationReportResponse.newInstance(
          report(p[Math.min(call, p.length - 1)]));
    }

    @Override
    public GetContainerMigrationReportsResponse getContainerMigrationReports(
        GetContainerMigrationReportsRequest request) throws YarnException, IOException {
      received.add(request);
      if (listed != null) {
        return GetContainerMigrationReportsResponse.newInstance(listed);
      }
      ContainerMigrationReport running = ContainerMigrationReport.newInstance();
      running.setMigrationId("migration_1700000000000_0008");
      running.setContainerId(ContainerId.fromString("container_1700000000000_0001_01_000004"));
      running.setState(ContainerMigrationState.TRANSFERRING);
      running.setStrategy(ContainerMigrationStrategy.LAZY_PAGES);
      running.setSourceNode(SOURCE);
      running.setTargetNode(TARGET);
      running.setSubmitTime(SUBMIT + 60000);
      return GetContainerMigrationReportsResponse.newInstance(
          Arrays.asList(running, report(HAPPY.length - 1)));
    }

    /** The report once the migration reached {@code states[stage]}. */
    ContainerMigrationReport report(int stage) {
      ContainerMigrationState state = states[stage];
      ContainerMigrationReport r = ContainerMigrationReport.newInstance();
      r.setMigrationId(MIGRATION_ID);
      r.setContainerId(ContainerId.fromString(source));
      if (stage >= 2 && states == HAPPY) {
        r.setTargetContainerId(ContainerId.fromString(TARGET_CONTAINER));
      }
      r.setApplicationId(ApplicationId.fromString(APP));
      r.setUser("alice");
      r.setReason("requested by alice");
      r.setSourceNode(SOURCE);
      r.setTargetNode(TARGET);
      r.setState(state);
      r.setStrategy(strategy);
      r.setTcpMode(tcpMode);
      r.setSubmitTime(SUBMIT);
      r.setFinishTime(state.isFinal() ? SUBMIT + startedAt[stage] : 0L);
      List<ContainerMigrationPhase> phases = new ArrayList<ContainerMigrationPhase>();
      for (int i = 0; i <= stage; i++) {
        phases.add(ContainerMigrationPhase.newInstance(states[i], SUBMIT + startedAt[i],
            i < stage ? SUBMIT + startedAt[i + 1] : 0L));
      }
      r.setPhases(phases);
      if (state == ContainerMigrationState.SUCCEEDED) {
        r.setImageBytes(123456789012L);
        r.setFrozenTimeMs(4321L);
        r.setDumpTimeMs(1200L);
        r.setTransferTimeMs(3400L);
        r.setTransferredBytes(123456790000L);
      }
      if (state == ContainerMigrationState.ROLLING_BACK
          || state == ContainerMigrationState.FAILED) {
        // as the RM writes them: the event, then the failure's message
        r.setDiagnostics("CHECKPOINT_FAILED: " + DUMP_FAILED);
        r.setFailure(MigrationFailure.of(MigrationFailure.Step.CHECKPOINT, CONTAINER,
            MIGRATION_ID, SOURCE, "criu dump exited with 1"));
      }
      return r;
    }
  }

  private FakeMigrationService service;
  private Server server;
  private Configuration conf;
  private ByteArrayOutputStream out;
  private ByteArrayOutputStream err;

  @Before
  public void startServer() {
    conf = new Configuration();
    conf.setInt(CommonConfigurationKeysPublic.IPC_CLIENT_CONNECT_MAX_RETRIES_KEY, 0);
    service = new FakeMigrationService();
    server = YarnRPC.create(conf).getServer(ContainerMigrationProtocol.class, service,
        new InetSocketAddress("127.0.0.1", 0), conf, null, 1);
    server.addTerseExceptions(ContainerMigrationException.class, YarnException.class);
    server.start();
    conf.set(MigrationConfiguration.RM_MIGRATION_ADDRESS,
        "127.0.0.1:" + server.getListenerAddress().getPort());
  }

  @After
  public void stopServer() {
    if (server != null) {
      server.stop();
    }
  }

  /** Runs {@code yarn container <args>} as the launcher does, output captured. */
  private int yarnContainer(String... args) throws Exception {
    out = new ByteArrayOutputStream();
    err = new ByteArrayOutputStream();
    ContainerMigrationCLI cli = new ContainerMigrationCLI(conf);
    cli.setSysOutPrintStream(new PrintStream(out, true, "UTF-8"));
    cli.setSysErrPrintStream(new PrintStream(err, true, "UTF-8"));
    cli.setPollIntervalMs(1);
    return ToolRunner.run(conf, cli, ContainerMigrationCLI.withoutTitle(args));
  }

  /** The RM's ClientRMService for the stock commands: answers container reports. */
  static final class FakeYarnClient extends YarnClientImpl {
    final List<ContainerId> asked = new ArrayList<ContainerId>();

    @Override
    public ContainerReport getContainerReport(ContainerId containerId) {
      asked.add(containerId);
      return ContainerReport.newInstance(containerId, Resource.newInstance(1024, 1), TARGET,
          Priority.newInstance(0), SUBMIT, 0L, "", "http://logs/" + containerId, 0,
          ContainerState.RUNNING, "http://" + TARGET.getHost() + ":8042");
    }
  }

  /** {@link #yarnContainer} whose stock commands (ApplicationCLI) talk to {@code yarn}. */
  private int yarnContainer(final FakeYarnClient yarn, String... args) throws Exception {
    out = new ByteArrayOutputStream();
    err = new ByteArrayOutputStream();
    ContainerMigrationCLI cli = new ContainerMigrationCLI(conf) {
      @Override
      protected ApplicationCLI createStockCli() {
        ApplicationCLI stock = super.createStockCli();
        stock.getClient().stop();
        stock.setClient(yarn);
        return stock;
      }
    };
    cli.setSysOutPrintStream(new PrintStream(out, true, "UTF-8"));
    cli.setSysErrPrintStream(new PrintStream(err, true, "UTF-8"));
    cli.setPollIntervalMs(1);
    return ToolRunner.run(conf, cli, ContainerMigrationCLI.withoutTitle(args));
  }

  /** A finished or running migration of {@code from} to {@code to} on {@code node}. */
  private static ContainerMigrationReport move(String migrationId, String from, String to,
      NodeId fromNode, NodeId toNode, ContainerMigrationState state, long submit) {
    ContainerMigrationReport r = ContainerMigrationReport.newInstance();
    r.setMigrationId(migrationId);
    r.setContainerId(ContainerId.fromString(from));
    if (to != null) {
      r.setTargetContainerId(ContainerId.fromString(to));
    }
    r.setApplicationId(ApplicationId.fromString(APP));
    r.setSourceNode(fromNode);
    r.setTargetNode(toNode);
    r.setState(state);
    r.setStrategy(ContainerMigrationStrategy.STOP_AND_COPY);
    r.setSubmitTime(submit);
    return r;
  }

  private String out() throws UnsupportedEncodingException {
    return out.toString("UTF-8");
  }

  private String err() throws UnsupportedEncodingException {
    return err.toString("UTF-8");
  }

  private static String lines(String... lines) {
    StringBuilder text = new StringBuilder();
    for (String line : lines) {
      text.append(line).append(System.lineSeparator());
    }
    return text.toString();
  }

  private void assertNothingSent() {
    assertTrue("no RPC expected, got " + service.received, service.received.isEmpty());
  }

  // ---- -migrate ---------------------------------------------------------------------

  @Test
  public void givenTargetChosenByTheRm_whenAccepted_thenTheLineSaysWhy() {
    ContainerMigrationReport r = move(MIGRATION_ID, CONTAINER, null,
        NodeId.fromString("host-a.example.com:45454"),
        NodeId.fromString("host-b.example.com:45455"), ContainerMigrationState.NEW, 1L);
    r.setTcpMode(ContainerMigrationTcpMode.CLOSE);
    r.setPlacement("MostRoomPlacementPolicy: most room of 1 eligible node: "
        + "host-b.example.com:45455 has 4096 MB and 4 vcores unallocated");
    assertEquals("Migration " + MIGRATION_ID + " of container " + CONTAINER + " accepted: "
        + "host-a.example.com:45454 -> host-b.example.com:45455, strategy STOP_AND_COPY, TCP"
        + " CLOSE (target chosen by the ResourceManager: MostRoomPlacementPolicy: most room of"
        + " 1 eligible node: host-b.example.com:45455 has 4096 MB and 4 vcores unallocated)",
        MigrationReportFormatter.submitted(r, null));
  }

  @Test
  public void givenMigrationSucceedsWhenMigrateThenEveryPhaseAndSummaryAndExit0()
      throws Exception {
    // Polls see NEW, ALLOCATING twice, then RESTORING (CHECKPOINTING and TRANSFERRING
    // happened between two polls), then SUCCEEDED: every phase is still printed once.
    service.polls = new int[] {0, 1, 1, 4, 5};

    int rc = yarnContainer("container", "-migrate", CONTAINER, "-node",
        "host-b.example.com:45455");

    assertEquals(err(), 0, rc);
    assertEquals(lines(
        "Migration " + MIGRATION_ID + " of container " + CONTAINER + " accepted: "
            + "host-a.example.com:45454 -> host-b.example.com:45455, strategy STOP_AND_COPY, TCP CLOSE",
        "  NEW            +0.000 s",
        "  ALLOCATING     +0.120 s  (NEW took 0.120 s)",
        "  CHECKPOINTING  +0.500 s  (ALLOCATING took 0.380 s)",
        "  TRANSFERRING   +2.500 s  (CHECKPOINTING took 2.000 s)",
        "  RESTORING      +6.000 s  (TRANSFERRING took 3.500 s)",
        "  SUCCEEDED      +8.000 s  (RESTORING took 2.000 s)",
        "Migration " + MIGRATION_ID + " SUCCEEDED",
        "  Total time   : 8.000 s",
        "  Downtime     : 4.321 s",
        "  Image size   : 123456789012 bytes (114.98 GB)",
        "  On the source: dump 1.200 s, transfer 3.400 s (123456790000 bytes (114.98 GB))",
        "  Nodes        : host-a.example.com:45454 -> host-b.example.com:45455",
        "  Container    : " + CONTAINER + " -> " + TARGET_CONTAINER), out());
    assertEquals("", err());
    MigrateContainerRequest request = (MigrateContainerRequest) service.received.poll();
    assertEquals(CONTAINER, request.getContainerId().toString());
    assertEquals(TARGET, request.getTargetNode());
    assertNull("no -strategy: server defaults", request.getOptions());
    assertEquals(5, service.reportCalls.get());
  }

  /** {@code -json}: the final report as one line of the REST API's JSON, nothing else. */
  @Test
  public void givenJson_whenMigrateAndMigration_thenOneLineOfTheRestJsonWithTheSourceFigures()
      throws Exception {
    service.polls = new int[] {0, 1, 4, 5};
    int rc = yarnContainer("container", "-migrate", CONTAINER, "-node",
        "host-b.example.com:45455", "-json");
    assertEquals(err(), 0, rc);
    String[] printed = out().split("\n");
    assertEquals(out(), 1, printed.length);
    com.fasterxml.jackson.databind.JsonNode m = new com.fasterxml.jackson.databind
        .ObjectMapper().readTree(printed[0]).path("migration");
    assertEquals(MIGRATION_ID, m.path("migrationId").asText());
    assertEquals("SUCCEEDED", m.path("state").asText());
    assertEquals(TARGET_CONTAINER, m.path("targetContainerId").asText());
    assertEquals(4321L, m.path("frozenTimeMs").asLong());
    assertEquals(1200L, m.path("dumpTimeMs").asLong());
    assertEquals(3400L, m.path("transferTimeMs").asLong());
    assertEquals(123456790000L, m.path("transferredBytes").asLong());
    assertEquals(6, m.path("phases").size());
    assertEquals("", err());

    service.polls = new int[] {5};
    rc = yarnContainer("-migration", MIGRATION_ID, "-json");
    assertEquals(err(), 0, rc);
    assertEquals(printed[0] + "\n", out().replace(System.lineSeparator(), "\n"));

    rc = yarnContainer("-migrations", "-json");
    assertEquals(-1, rc);
    assertTrue(err(), err().startsWith("Option -json cannot be used with -migrations"));
  }

  @Test
  public void givenStrategyWhenMigrateThenServerGetsItAndTimeoutIsNotSent() throws Exception {
    service.polls = new int[] {5};
    int rc = yarnContainer("-migrate", CONTAINER, "-node", "host-b.example.com:45455",
        "-strategy", "lazy_pages", "-timeout", "60");
    assertEquals(err(), 0, rc);
    MigrateContainerRequest request = (MigrateContainerRequest) service.received.poll();
    assertEquals(ContainerMigrationStrategy.LAZY_PAGES, request.getOptions().getStrategy());
    assertEquals(0L, request.getOptions().getTimeoutMs());
    assertTrue(out(), out().contains("strategy LAZY_PAGES"));
  }

  @Test
  public void givenTcpModeWhenMigrateThenServerGetsItAndTheAcceptLineSaysIt()
      throws Exception {
    service.polls = new int[] {5};
    int rc = yarnContainer("-migrate", CONTAINER, "-node", "host-b.example.com:45455",
        "-tcp", "established", "-nowait");
    assertEquals(err(), 0, rc);
    MigrateContainerRequest request = (MigrateContainerRequest) service.received.poll();
    assertEquals(ContainerMigrationTcpMode.ESTABLISHED, request.getOptions().getTcpMode());
    assertEquals(ContainerMigrationStrategy.DEFAULT, request.getOptions().getStrategy());
  }

  @Test
  public void givenMigrationFailsWhenMigrateThenDiagnosticsAndNonZeroExit() throws Exception {
    service.states = UNHAPPY;
    service.startedAt = UNHAPPY_AT;
    service.polls = new int[] {1, 3, 4};

    int rc = yarnContainer("-migrate", CONTAINER, "-node", "host-b.example.com:45455");

    assertEquals(ContainerMigrationCLI.EXIT_MIGRATION_FAILED, rc);
    assertTrue(out(), out().endsWith(lines(
        "  NEW            +0.000 s",
        "  ALLOCATING     +0.100 s  (NEW took 0.100 s)",
        "  CHECKPOINTING  +0.300 s  (ALLOCATING took 0.200 s)",
        "  ROLLING_BACK   +1.300 s  (CHECKPOINTING took 1.000 s)",
        "  FAILED         +1.500 s  (ROLLING_BACK took 0.200 s)",
        "Migration " + MIGRATION_ID + " FAILED",
        "  Total time   : 1.500 s",
        "  Downtime     : 0.000 s",
        "  Image size   : 0 bytes (0 B)",
        "  Nodes        : host-a.example.com:45454 -> host-b.example.com:45455",
        "  Container    : " + CONTAINER + " -> N/A",
        "  Diagnostics  : CHECKPOINT_FAILED: " + DUMP_FAILED)));
    // the report's failure, which names the container, migration and node once
    assertEquals(lines(DUMP_FAILED), err());
  }

  /** A failed migration's {@code -json} has the failure as fields. */
  @Test
  public void givenAFailedMigration_whenJson_thenTheFailureIsItsFields() throws Exception {
    service.states = UNHAPPY;
    service.startedAt = UNHAPPY_AT;
    service.polls = new int[] {4};

    int rc = yarnContainer("-migration", MIGRATION_ID, "-json");

    assertEquals(err(), 0, rc);
    com.fasterxml.jackson.databind.JsonNode f = new com.fasterxml.jackson.databind
        .ObjectMapper().readTree(out()).path("migration").path("failure");
    assertEquals("CHECKPOINT", f.path("step").asText());
    assertEquals(CONTAINER, f.path("containerId").asText());
    assertEquals(MIGRATION_ID, f.path("migrationId").asText());
    assertEquals(SOURCE.toString(), f.path("node").asText());
    assertEquals("criu dump exited with 1", f.path("cause").asText());
    assertEquals(DUMP_FAILED, f.path("message").asText());
  }

  @Test
  public void givenContainerAlreadyMigratingWhenMigrateThenServerMessageAndExit1()
      throws Exception {
    int rc = yarnContainer("-migrate", BUSY, "-node", "host-b.example.com:45455");
    assertEquals(ContainerMigrationCLI.EXIT_ERROR, rc);
    assertEquals("", out());
    assertEquals(lines("Cannot migrate " + BUSY + " (CONFLICT): Container " + BUSY
        + " is already being migrated (migration " + MIGRATION_ID + ")"), err());
    assertEquals(0, service.reportCalls.get());
  }

  @Test
  public void givenPlainYarnExceptionWhenMigrateThenItsMessageAndExit1() throws Exception {
    int rc = yarnContainer("-migrate", NOT_RUNNING, "-node", "host-b.example.com:45455");
    assertEquals(ContainerMigrationCLI.EXIT_ERROR, rc);
    assertEquals(lines("Cannot migrate " + NOT_RUNNING + ": Container " + NOT_RUNNING
        + " is not RUNNING"), err());
  }

  @Test
  public void givenNowaitWhenMigrateThenOnlyTheIdAndNoPolling() throws Exception {
    int rc = yarnContainer("-migrate", CONTAINER, "-node", "host-b.example.com:45455",
        "-nowait");
    assertEquals(0, rc);
    assertEquals(lines(MIGRATION_ID), out());
    assertEquals("", err());
    assertEquals(1, service.received.size());
    assertEquals(0, service.reportCalls.get());
  }

  @Test
  public void givenMigrationNeverFinishesWhenTimeoutPassesThenExit3AndHowToFollow()
      throws Exception {
    service.polls = new int[] {3};
    int rc = yarnContainer("-migrate", CONTAINER, "-node", "host-b.example.com:45455",
        "-timeout", "1");
    assertEquals(ContainerMigrationCLI.EXIT_TIMEOUT, rc);
    assertEquals(lines("Timed out after 1.000 s waiting for migration " + MIGRATION_ID
        + " (state TRANSFERRING); it goes on, follow it with: yarn container -migration "
        + MIGRATION_ID), err());
  }

  @Test
  public void givenMalformedContainerIdWhenMigrateThenClearErrorAndNoRpc() throws Exception {
    int rc = yarnContainer("-migrate", "container_12x_1", "-node", "host-b:45454");
    assertEquals(ContainerMigrationCLI.EXIT_USAGE, rc);
    assertEquals(lines("Invalid container id 'container_12x_1': expected "
        + "container_[e<epoch>_]<clusterTimestamp>_<appId>_<attemptId>_<containerId>, "
        + "e.g. container_1700000000000_0001_01_000002"), err());
    assertTrue(out(), out().startsWith("usage: container -migrate <Container ID> [-node "
        + "<host:port>]"));
    assertNothingSent();
  }

  @Test
  public void givenMalformedNodeWhenMigrateThenClearErrorAndNoRpc() throws Exception {
    for (String node : new String[] {"host-b", "host-b:port", "host-b:0", ":45454",
        "a:b:45454", "host-b:65536"}) {
      int rc = yarnContainer("-migrate", CONTAINER, "-node", node);
      assertEquals(node, ContainerMigrationCLI.EXIT_USAGE, rc);
      assertEquals(lines("Invalid node '" + node + "': expected <host>:<port> of a "
          + "NodeManager, e.g. host-b.example.com:45454"), err());
    }
    assertNothingSent();
  }

  @Test
  public void givenBadStrategyOrTimeoutOrOptionsWhenMigrateThenUsageErrorAndNoRpc()
      throws Exception {
    assertEquals(-1, yarnContainer("-migrate", CONTAINER, "-strategy", "PRE_COPY"));
    assertEquals(lines("Invalid strategy 'PRE_COPY': expected STOP_AND_COPY, LAZY_PAGES or AUTO"),
        err());
    assertEquals(-1, yarnContainer("-migrate", CONTAINER, "-tcp", "KEEP"));
    assertEquals(lines("Invalid TCP mode 'KEEP': expected [AUTO, CLOSE, ESTABLISHED]"), err());
    assertEquals(-1, yarnContainer("-migrate", CONTAINER, "-timeout", "-5"));
    assertEquals(lines("Invalid timeout '-5': expected a whole number of seconds, 0 to "
        + "wait until the migration finishes"), err());
    assertEquals(-1, yarnContainer("-migrate", CONTAINER, "-nowait", "-timeout", "5"));
    assertEquals(lines("Options -nowait and -timeout cannot be combined"), err());
    assertEquals(-1, yarnContainer("-migrate", CONTAINER, "-appId", APP));
    assertEquals(lines("Option -appId cannot be used with -migrate"), err());
    assertEquals(-1, yarnContainer("-migrate", CONTAINER, "-migrations"));
    assertEquals(lines("Give one of -migrate, -migrateApp, -migration and -migrations"), err());
    assertEquals(-1, yarnContainer("-migrate"));
    assertEquals(lines("Invalid command: Missing argument for option: migrate"), err());
    assertEquals(-1, yarnContainer("-migrate", CONTAINER, "extra"));
    assertEquals(lines("Unexpected argument(s): extra"), err());
    assertNothingSent();
  }

  @Test
  public void givenRmUnreachableWhenMigrateThenErrorNamesTheAddress() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    conf.set(MigrationConfiguration.RM_MIGRATION_ADDRESS, "127.0.0.1:" + port);
    int rc = yarnContainer("-migrate", CONTAINER, "-node", "host-b.example.com:45455");
    assertEquals(ContainerMigrationCLI.EXIT_ERROR, rc);
    assertTrue(err(), err().startsWith("Cannot migrate " + CONTAINER + ": "));
    assertTrue(err(), err().contains("ConnectException"));
    assertTrue(err(), err().endsWith("(ResourceManager migration service at /127.0.0.1:"
        + port + ")" + System.lineSeparator()));
  }

  // ---- -near / -migrateApp ----------------------------------------------------------

  @Test
  public void givenNearPaths_whenMigrate_thenTheyTravelWithoutANode() throws Exception {
    int rc = yarnContainer("-migrate", CONTAINER, "-near", "/data/in, hdfs://nn:8020/more",
        "-nowait");
    assertEquals(err(), 0, rc);
    MigrateContainerRequest request = (MigrateContainerRequest) service.received.poll();
    assertNull(request.getTargetNode());
    assertEquals(Arrays.asList("/data/in", "hdfs://nn:8020/more"),
        request.getOptions().getNearPaths());
  }

  @Test
  public void givenNearWithANodeOrARelativePath_whenMigrate_thenUsageErrorAndNothingSent()
      throws Exception {
    assertEquals(ContainerMigrationCLI.EXIT_USAGE, yarnContainer("-migrate", CONTAINER,
        "-near", "/data/in", "-node", "host-b.example.com:45455"));
    assertTrue(err(), err().startsWith("Options -node and -near cannot be combined"));
    assertEquals(ContainerMigrationCLI.EXIT_USAGE, yarnContainer("-migrate", CONTAINER,
        "-near", "data/in"));
    assertTrue(err(), err().startsWith("Invalid path 'data/in' in -near: expected absolute"
        + " paths"));
    assertEquals(ContainerMigrationCLI.EXIT_USAGE, yarnContainer("-migrateApp", APP));
    assertTrue(err(), err().startsWith("-migrateApp needs -near <Paths>"));
    assertNothingSent();
  }

  @Test
  public void givenAnApplication_whenMigrateApp_thenEachContainerMovesOrStays()
      throws Exception {
    out = new ByteArrayOutputStream();
    err = new ByteArrayOutputStream();
    final List<ApplicationId> listed = new ArrayList<ApplicationId>();
    ContainerMigrationCLI cli = new ContainerMigrationCLI(conf) {
      @Override
      protected List<ContainerId> runningContainersOf(ApplicationId app) {
        listed.add(app);
        return Arrays.asList(ContainerId.fromString(CONTAINER), ContainerId.fromString(BUSY));
      }
    };
    cli.setSysOutPrintStream(new PrintStream(out, true, "UTF-8"));
    cli.setSysErrPrintStream(new PrintStream(err, true, "UTF-8"));
    cli.setPollIntervalMs(1);
    service.polls = new int[] {1, 5};
    int rc = ToolRunner.run(conf, cli, ContainerMigrationCLI.withoutTitle(new String[] {
        "container", "-migrateApp", APP, "-near", "/data/in"}));
    assertEquals(err(), 0, rc);
    assertEquals(Arrays.asList(ApplicationId.fromString(APP)), listed);
    MigrateContainerRequest first = (MigrateContainerRequest) service.received.poll();
    assertEquals(CONTAINER, first.getContainerId().toString());
    assertEquals(Arrays.asList("/data/in"), first.getOptions().getNearPaths());
    assertTrue(out(), out().contains(BUSY + " stays: Container " + BUSY
        + " is already being migrated"));
    assertTrue(out(), out().endsWith(APP + ": 1 moved, 1 stayed, 0 not moved"
        + System.lineSeparator()));
  }

  // ---- -migration / -migrations ----------------------------------------------------

  @Test
  public void givenMigrationIdWhenMigrationThenOneDetailedReport() throws Exception {
    service.polls = new int[] {5};
    int rc = yarnContainer("-migration", MIGRATION_ID);
    assertEquals(err(), 0, rc);
    assertEquals(lines(
        "Container Migration Report :",
        "\tMigration-Id : " + MIGRATION_ID,
        "\tContainer-Id : " + CONTAINER,
        "\tTarget-Container-Id : " + TARGET_CONTAINER,
        "\tApplication-Id : " + APP,
        "\tUser : alice",
        "\tSource-Node : host-a.example.com:45454",
        "\tTarget-Node : host-b.example.com:45455",
        "\tState : SUCCEEDED",
        "\tStrategy : STOP_AND_COPY",
        "\tTCP-Mode : CLOSE",
        "\tReason : requested by alice",
        "\tPlacement : named by the request",
        "\tSubmit-Time : 1700000001000",
        "\tFinish-Time : 1700000009000",
        "\tTotal-Time : 8.000 s",
        "\tDowntime : 4.321 s",
        "\tImage-Size : 123456789012 bytes (114.98 GB)",
        "\tDump : 1.200 s",
        "\tTransfer : 3.400 s, 123456790000 bytes (114.98 GB)",
        "\tPhases : NEW 0.120 s -> ALLOCATING 0.380 s -> CHECKPOINTING 2.000 s -> "
            + "TRANSFERRING 3.500 s -> RESTORING 2.000 s -> SUCCEEDED",
        "\tDiagnostics : "), out());
  }

  @Test
  public void givenUnknownMigrationIdWhenMigrationThenServerMessageAndExit1()
      throws Exception {
    int rc = yarnContainer("-migration", "migration_1_0042");
    assertEquals(ContainerMigrationCLI.EXIT_ERROR, rc);
    assertEquals(lines("Cannot get the report of migration migration_1_0042 (NOT_FOUND): "
        + "Migration migration_1_0042 not found"), err());
  }

  @Test
  public void givenFiltersWhenMigrationsThenFiltersArriveAndTableIsPrinted()
      throws Exception {
    int rc = yarnContainer("-migrations", "-appId", APP, "-containerId", CONTAINER);
    assertEquals(err(), 0, rc);
    GetContainerMigrationReportsRequest request =
        (GetContainerMigrationReportsRequest) service.received.poll();
    assertEquals(APP, request.getApplicationId().toString());
    assertEquals(CONTAINER, request.getContainerId().toString());
    assertNull(request.getNode());
    assertTrue(request.getStates().isEmpty());
    assertEquals(GetContainerMigrationReportsRequest.DEFAULT_LIMIT, request.getLimit());
    assertEquals(lines(
        "Total number of migrations :2",
        "Migration-Id                  \tContainer-Id                              \t"
            + "State        \tStrategy     \tSource-Node                   \t"
            + "Target-Node                   \t  Total-Time\t    Downtime\t     Image-Bytes\t"
            + "Reason",
        "migration_1700000000000_0008  \tcontainer_1700000000000_0001_01_000004    \t"
            + "TRANSFERRING \tLAZY_PAGES   \thost-a.example.com:45454      \t"
            + "host-b.example.com:45455      \t         N/A\t     0.000 s\t               0\t"
            + "N/A",
        "migration_1700000000000_0007  \tcontainer_1700000000000_0001_01_000002    \t"
            + "SUCCEEDED    \tSTOP_AND_COPY\thost-a.example.com:45454      \t"
            + "host-b.example.com:45455      \t     8.000 s\t     4.321 s\t    123456789012\t"
            + "requested by alice"),
        out());
  }

  @Test
  public void givenNodeFilterAndBadAppIdWhenMigrationsThenNodeArrivesOrUsageError()
      throws Exception {
    assertEquals(0, yarnContainer("-migrations", "-node", "host-a.example.com:45454"));
    assertEquals(SOURCE,
        ((GetContainerMigrationReportsRequest) service.received.poll()).getNode());
    assertEquals(-1, yarnContainer("-migrations", "-appId", "app_1"));
    assertEquals(lines("Invalid application id 'app_1': expected "
        + "application_<clusterTimestamp>_<sequence>, e.g. application_1700000000000_0001"),
        err());
    assertNothingSent();
  }

  // ---- stock commands ---------------------------------------------------------------

  @Test
  public void givenHelpThenStockAndMigrationOptionsAreListed() throws Exception {
    int rc = yarnContainer("container", "-help");
    assertEquals(0, rc);
    String help = out();
    assertTrue(help, help.startsWith("usage: container" + System.lineSeparator()));
    for (String option : new String[] {" -help ", " -list <Application Attempt ID> ",
        " -signal <container ID [signal command]> ", " -status <Container ID> ",
        " -migrate <Container ID> ", " -migration <Migration ID> ", " -migrations ",
        " -node <host:port> ", " -nowait ", " -strategy <Strategy> ", " -tcp <Mode> ",
        " -timeout <Seconds> ", " -appId <Application ID> ",
        " -containerId <Container ID> "}) {
      assertTrue(option + " missing in:\n" + help, help.contains(option));
    }
    assertEquals("", err());
    assertNothingSent();
    // -help next to a migration command shows the same text.
    assertEquals(0, yarnContainer("-migrate", CONTAINER, "-help"));
    assertEquals(help, out());
  }

  @Test
  public void givenStatusWithBadIdThenApplicationCLIsOwnError() throws Exception {
    try {
      yarnContainer("container", "-status", "bad-id");
      fail("expected ApplicationCLI's IllegalArgumentException");
    } catch (IllegalArgumentException e) {
      assertEquals("Invalid ContainerId prefix: bad-id", e.getMessage());
    }
    assertNothingSent();
  }

  // ---- -status of a migrated container ---------------------------------------------

  private static final String MOVED_ONCE = "container_e17_1700000000000_0001_01_000005";
  private static final String MOVED_TWICE = "container_e17_1700000000000_0001_01_000007";

  /** CONTAINER moved host-a -> host-b (MOVED_ONCE), then host-b -> host-a (MOVED_TWICE). */
  private List<ContainerMigrationReport> twoMoves() {
    return Arrays.asList(
        move("migration_1700000000000_0011", MOVED_ONCE, MOVED_TWICE, TARGET, SOURCE,
            ContainerMigrationState.SUCCEEDED, SUBMIT + 2000),
        move("migration_1700000000000_0010", CONTAINER, MOVED_ONCE, SOURCE, TARGET,
            ContainerMigrationState.SUCCEEDED, SUBMIT + 1000));
  }

  @Test
  public void givenAContainerMovedTwice_whenStatusOfItsOriginalId_thenWhereItRunsNowAndTheCurrentStatus()
      throws Exception {
    service.listed = twoMoves();
    FakeYarnClient yarn = new FakeYarnClient();

    int rc = yarnContainer(yarn, "container", "-status", CONTAINER);

    assertEquals(err(), 0, rc);
    assertEquals("", err());
    String text = out();
    assertTrue(text, text.startsWith(lines(
        "Migrated: " + CONTAINER + " now runs as " + MOVED_TWICE
            + " on host-a.example.com:45454 (2 moves)",
        "Container Report : ",
        "\tContainer-Id : " + MOVED_TWICE)));
    assertEquals("the stock status is the current container's",
        Collections.singletonList(ContainerId.fromString(MOVED_TWICE)), yarn.asked);
    GetContainerMigrationReportsRequest asked =
        (GetContainerMigrationReportsRequest) service.received.poll();
    assertEquals(CONTAINER, asked.getContainerId().toString());
  }

  @Test
  public void givenAContainerMovedTwice_whenStatusOfAnyIdOfItsChain_thenTheSameWhereabouts()
      throws Exception {
    service.listed = twoMoves();
    for (String named : new String[] {MOVED_ONCE, MOVED_TWICE}) {
      FakeYarnClient yarn = new FakeYarnClient();
      assertEquals(0, yarnContainer(yarn, "-status", named));
      assertTrue(out(), out().startsWith(lines("Migrated: " + CONTAINER + " now runs as "
          + MOVED_TWICE + " on host-a.example.com:45454 (2 moves)", "Container Report : ")));
      assertEquals(Collections.singletonList(ContainerId.fromString(MOVED_TWICE)), yarn.asked);
    }
  }

  @Test
  public void givenAMovedContainerBeingMigratedAgain_whenStatus_thenBothLines()
      throws Exception {
    List<ContainerMigrationReport> listed = new ArrayList<ContainerMigrationReport>();
    listed.add(move("migration_1700000000000_0012", MOVED_ONCE, null, TARGET, SOURCE,
        ContainerMigrationState.TRANSFERRING, SUBMIT + 3000));
    listed.add(move("migration_1700000000000_0011", MOVED_ONCE, MOVED_TWICE, TARGET, SOURCE,
        ContainerMigrationState.FAILED, SUBMIT + 2000));
    listed.add(twoMoves().get(1));
    service.listed = listed;
    FakeYarnClient yarn = new FakeYarnClient();

    assertEquals(0, yarnContainer(yarn, "-status", CONTAINER));

    assertTrue(out(), out().startsWith(lines(
        "Migrated: " + CONTAINER + " now runs as " + MOVED_ONCE
            + " on host-b.example.com:45455 (1 move)",
        "Migrating: " + MOVED_ONCE + " to host-a.example.com:45454 (migration "
            + "migration_1700000000000_0012, TRANSFERRING)",
        "Container Report : ")));
    assertEquals(Collections.singletonList(ContainerId.fromString(MOVED_ONCE)), yarn.asked);
  }

  @Test
  public void givenANeverMigratedContainer_whenStatus_thenOnlyTheStockStatus() throws Exception {
    service.listed = Collections.<ContainerMigrationReport>emptyList();
    FakeYarnClient yarn = new FakeYarnClient();
    assertEquals(0, yarnContainer(yarn, "-status", CONTAINER));
    assertTrue(out(), out().startsWith(lines("Container Report : ",
        "\tContainer-Id : " + CONTAINER)));
    assertEquals("", err());
    assertEquals(Collections.singletonList(ContainerId.fromString(CONTAINER)), yarn.asked);
  }

  @Test
  public void givenNoMigrationService_whenStatus_thenANoteAndTheStockStatusOfTheNamedId()
      throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    conf.set(MigrationConfiguration.RM_MIGRATION_ADDRESS, "127.0.0.1:" + port);
    FakeYarnClient yarn = new FakeYarnClient();
    assertEquals(0, yarnContainer(yarn, "-status", CONTAINER));
    assertTrue(out(), out().startsWith(lines("Container Report : ")));
    assertTrue(err(), err().startsWith("Cannot tell whether " + CONTAINER + " was migrated: "));
    assertTrue(err(), err().endsWith("; showing the ResourceManager's status of " + CONTAINER
        + System.lineSeparator()));
    assertEquals(Collections.singletonList(ContainerId.fromString(CONTAINER)), yarn.asked);
  }

  @Test
  public void givenAMovedContainer_whenMigratedByItsOriginalId_thenBothIdsInTheFirstLine()
      throws Exception {
    service.source = MOVED_ONCE;
    assertEquals(0, yarnContainer("-migrate", CONTAINER, "-node", "host-b.example.com:45455",
        "-nowait"));
    service.polls = new int[] {5};
    assertEquals(err(), 0, yarnContainer("-migrate", CONTAINER, "-node",
        "host-b.example.com:45455"));
    assertTrue(out(), out().startsWith("Migration " + MIGRATION_ID + " of container "
        + CONTAINER + " (now " + MOVED_ONCE + ") accepted: host-a.example.com:45454 -> "
        + "host-b.example.com:45455, strategy STOP_AND_COPY, TCP CLOSE"));
    assertTrue(out(), out().contains(lines("  Container    : " + MOVED_ONCE + " -> "
        + TARGET_CONTAINER)));
  }

  @Test
  public void givenNoOptionsThenStockInvalidUsageWithTheMergedOptions() throws Exception {
    int rc = yarnContainer("container");
    assertEquals("ApplicationCLI's own exit code for this case", 0, rc);
    assertEquals(lines("Invalid Command Usage : "), err());
    assertTrue(out(), out().contains(" -migrate <Container ID> "));
    assertTrue(out(), out().contains(" -list <Application Attempt ID> "));
  }

  @Test
  public void givenTitleWhenStrippedThenOnlyALeadingContainerGoes() {
    assertEquals(Collections.singletonList("-help"),
        Arrays.asList(ContainerMigrationCLI.withoutTitle(new String[] {"container", "-help"})));
    assertEquals(Arrays.asList("-status", "container"), Arrays.asList(
        ContainerMigrationCLI.withoutTitle(new String[] {"-status", "container"})));
  }
}
