/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportRequest;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportResponse;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportsRequest;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportsResponse;
import org.apache.hadoop.yarn.api.migration.protocolrecords.MigrateContainerRequest;
import org.apache.hadoop.yarn.api.migration.protocolrecords.MigrateContainerResponse;
import org.apache.hadoop.yarn.api.migration.protocolrecords.impl.pb.GetContainerMigrationReportRequestPBImpl;
import org.apache.hadoop.yarn.api.migration.protocolrecords.impl.pb.GetContainerMigrationReportResponsePBImpl;
import org.apache.hadoop.yarn.api.migration.protocolrecords.impl.pb.GetContainerMigrationReportsRequestPBImpl;
import org.apache.hadoop.yarn.api.migration.protocolrecords.impl.pb.GetContainerMigrationReportsResponsePBImpl;
import org.apache.hadoop.yarn.api.migration.protocolrecords.impl.pb.MigrateContainerRequestPBImpl;
import org.apache.hadoop.yarn.api.migration.protocolrecords.impl.pb.MigrateContainerResponsePBImpl;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationOptions;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationPhase;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReportJson;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationStrategy;
import org.apache.hadoop.yarn.api.migration.records.impl.pb.ContainerMigrationOptionsPBImpl;
import org.apache.hadoop.yarn.api.migration.records.impl.pb.ContainerMigrationReportPBImpl;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.ContainerMigrationOptionsProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.ContainerMigrationReportProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.GetContainerMigrationReportRequestProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.GetContainerMigrationReportResponseProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.GetContainerMigrationReportsRequestProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.GetContainerMigrationReportsResponseProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.MigrateContainerRequestProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.MigrateContainerResponseProto;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/**
 * Every record survives the wire: build, getProto, toByteArray, parseFrom, new PBImpl,
 * and every field reads back the same. Unset optional fields read back null / 0.
 */
public class TestContainerMigrationRecords {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  static final ContainerId CONTAINER =
      ContainerId.fromString("container_1700000000000_0001_01_000002");
  static final ContainerId TARGET_CONTAINER =
      ContainerId.fromString("container_e17_1700000000000_0001_01_000003");
  static final ApplicationId APP = ApplicationId.fromString("application_1700000000000_0001");
  static final NodeId SOURCE = NodeId.newInstance("host-a.example.com", 45454);
  static final NodeId TARGET = NodeId.newInstance("host-b.example.com", 45455);

  /** A report with every field set, phases included. */
  static ContainerMigrationReport fullReport() {
    ContainerMigrationReport r = ContainerMigrationReport.newInstance();
    r.setMigrationId(ContainerMigrationReport.formatMigrationId(1700000000000L, 7));
    r.setContainerId(CONTAINER);
    r.setTargetContainerId(TARGET_CONTAINER);
    r.setApplicationId(APP);
    r.setUser("alice");
    r.setSourceNode(SOURCE);
    r.setTargetNode(TARGET);
    r.setState(ContainerMigrationState.ROLLING_BACK);
    r.setStrategy(ContainerMigrationStrategy.LAZY_PAGES);
    r.setSubmitTime(1700000001000L);
    r.setFinishTime(1700000009000L);
    r.setPhases(Arrays.asList(
        ContainerMigrationPhase.newInstance(ContainerMigrationState.NEW, 1700000001000L,
            1700000001001L),
        ContainerMigrationPhase.newInstance(ContainerMigrationState.ALLOCATING,
            1700000001001L, 1700000002000L),
        ContainerMigrationPhase.newInstance(ContainerMigrationState.ROLLING_BACK,
            1700000002000L, 0L)));
    r.setImageBytes(123456789012L);
    r.setFrozenTimeMs(4321L);
    r.setDumpTimeMs(1200L);
    r.setTransferTimeMs(3400L);
    r.setTransferredBytes(123456790000L);
    r.setDiagnostics("Checkpoint of container_1700000000000_0001_01_000002 failed: boom");
    r.setFailure(FAILURE);
    r.setPlacement("MostRoomPlacementPolicy: most room of 1 eligible node");
    r.setReason("drain of host-a:45454");
    return r;
  }

  static final MigrationFailure FAILURE = MigrationFailure.of(MigrationFailure.Step.TRANSFER,
      "container_1700000000000_0001_01_000002", "migration_1700000000000_0007",
      "host-a:45454", "transfer to host-b:8044: connection refused");

  static void assertFullReport(ContainerMigrationReport r) {
    assertEquals("migration_1700000000000_0007", r.getMigrationId());
    assertEquals(CONTAINER, r.getContainerId());
    assertEquals(TARGET_CONTAINER, r.getTargetContainerId());
    assertEquals(APP, r.getApplicationId());
    assertEquals("alice", r.getUser());
    assertEquals(SOURCE, r.getSourceNode());
    assertEquals(TARGET, r.getTargetNode());
    assertEquals(ContainerMigrationState.ROLLING_BACK, r.getState());
    assertEquals(ContainerMigrationStrategy.LAZY_PAGES, r.getStrategy());
    assertEquals(1700000001000L, r.getSubmitTime());
    assertEquals(1700000009000L, r.getFinishTime());
    List<ContainerMigrationPhase> phases = r.getPhases();
    assertEquals(3, phases.size());
    assertEquals(ContainerMigrationState.NEW, phases.get(0).getState());
    assertEquals(1700000001000L, phases.get(0).getStartTime());
    assertEquals(1700000001001L, phases.get(0).getEndTime());
    assertEquals(ContainerMigrationState.ALLOCATING, phases.get(1).getState());
    assertEquals(1700000001001L, phases.get(1).getStartTime());
    assertEquals(1700000002000L, phases.get(1).getEndTime());
    assertEquals(ContainerMigrationState.ROLLING_BACK, phases.get(2).getState());
    assertEquals(1700000002000L, phases.get(2).getStartTime());
    assertEquals(0L, phases.get(2).getEndTime());
    assertEquals(123456789012L, r.getImageBytes());
    assertEquals(4321L, r.getFrozenTimeMs());
    assertEquals(1200L, r.getDumpTimeMs());
    assertEquals(3400L, r.getTransferTimeMs());
    assertEquals(123456790000L, r.getTransferredBytes());
    assertEquals("Checkpoint of container_1700000000000_0001_01_000002 failed: boom",
        r.getDiagnostics());
    MigrationFailure f = r.getFailure();
    assertEquals(MigrationFailure.Step.TRANSFER, f.getStep());
    assertEquals("container_1700000000000_0001_01_000002", f.getContainer());
    assertEquals("migration_1700000000000_0007", f.getMigrationId());
    assertEquals("host-a:45454", f.getNode());
    assertEquals("transfer to host-b:8044: connection refused", f.getCause());
    assertEquals(FAILURE.getMessage(), f.getMessage());
    assertEquals("MostRoomPlacementPolicy: most room of 1 eligible node", r.getPlacement());
    assertEquals("drain of host-a:45454", r.getReason());
  }

  static void assertEmptyReport(ContainerMigrationReport r) {
    assertNull(r.getMigrationId());
    assertNull(r.getContainerId());
    assertNull(r.getTargetContainerId());
    assertNull(r.getApplicationId());
    assertNull(r.getUser());
    assertNull(r.getSourceNode());
    assertNull(r.getTargetNode());
    assertNull(r.getState());
    assertNull(r.getStrategy());
    assertEquals(0L, r.getSubmitTime());
    assertEquals(0L, r.getFinishTime());
    assertTrue(r.getPhases().isEmpty());
    assertEquals(0L, r.getImageBytes());
    assertEquals(0L, r.getFrozenTimeMs());
    assertNull(r.getDiagnostics());
    assertNull(r.getFailure());
    assertNull(r.getPlacement());
    assertNull(r.getReason());
  }

  private static ContainerMigrationReport wire(ContainerMigrationReport r) throws Exception {
    byte[] bytes = ((ContainerMigrationReportPBImpl) r).getProto().toByteArray();
    return new ContainerMigrationReportPBImpl(ContainerMigrationReportProto.parseFrom(bytes));
  }

  @Test
  public void givenFullReportWhenSerializedThenEveryFieldSurvives() throws Exception {
    ContainerMigrationReport sent = fullReport();
    ContainerMigrationReport received = wire(sent);
    assertFullReport(received);
    assertEquals(sent, received);
    assertEquals(sent.hashCode(), received.hashCode());
    assertNotSame(sent, received);
  }

  @Test
  public void givenAFailureOfEveryStepWhenSerializedThenItReadsBackTheSame() throws Exception {
    for (MigrationFailure.Step step : MigrationFailure.Step.values()) {
      ContainerMigrationReport r = ContainerMigrationReport.newInstance();
      r.setFailure(MigrationFailure.of(step, "container_1_0001_01_000002", null, null,
          "cause of " + step));
      MigrationFailure back = wire(r).getFailure();
      assertEquals(step, back.getStep());
      assertNull(back.getMigrationId());
      assertNull(back.getNode());
      assertEquals(r.getFailure().getMessage(), back.getMessage());
    }
  }

  @Test
  public void givenAFailedReportWhenWrittenAsJsonThenTheFailureIsAnObjectOfFields() {
    ContainerMigrationReport r = fullReport();
    com.fasterxml.jackson.databind.JsonNode f = ContainerMigrationReportJson.single(r)
        .get("migration").get("failure");
    assertEquals("TRANSFER", f.get("step").asText());
    assertEquals("container_1700000000000_0001_01_000002", f.get("containerId").asText());
    assertEquals("migration_1700000000000_0007", f.get("migrationId").asText());
    assertEquals("host-a:45454", f.get("node").asText());
    assertEquals("transfer to host-b:8044: connection refused", f.get("cause").asText());
    assertEquals(FAILURE.getMessage(), f.get("message").asText());
    r.setFailure(null);
    assertNull(ContainerMigrationReportJson.report(r).get("failure"));
  }

  @Test
  public void givenEmptyReportWhenSerializedThenOptionalFieldsAreNull() throws Exception {
    assertEmptyReport(ContainerMigrationReport.newInstance());
    assertEmptyReport(wire(ContainerMigrationReport.newInstance()));
  }

  @Test
  public void givenReportWhenFieldsResetToNullThenTheyAreGoneFromTheWire() throws Exception {
    ContainerMigrationReport r = wire(fullReport());
    r.setMigrationId(null);
    r.setContainerId(null);
    r.setTargetContainerId(null);
    r.setApplicationId(null);
    r.setUser(null);
    r.setSourceNode(null);
    r.setTargetNode(null);
    r.setState(null);
    r.setStrategy(null);
    r.setSubmitTime(0);
    r.setFinishTime(0);
    r.setPhases(null);
    r.setImageBytes(0);
    r.setFrozenTimeMs(0);
    r.setDiagnostics(null);
    r.setFailure(null);
    r.setPlacement(null);
    r.setReason(null);
    assertEmptyReport(wire(r));
  }

  @Test
  public void givenReportReadFromWireWhenPhaseAddedThenItIsSerialized() throws Exception {
    ContainerMigrationReport r = wire(fullReport());
    r.getPhases().add(ContainerMigrationPhase.newInstance(ContainerMigrationState.FAILED,
        1700000009000L, 1700000009000L));
    r.setState(ContainerMigrationState.FAILED);
    ContainerMigrationReport again = wire(r);
    assertEquals(4, again.getPhases().size());
    assertEquals(ContainerMigrationState.FAILED, again.getPhases().get(3).getState());
    assertEquals(ContainerMigrationState.FAILED, again.getState());
    assertEquals(TARGET, again.getTargetNode());
  }

  @Test
  public void givenMigrateRequestWhenSerializedThenEveryFieldSurvives() throws Exception {
    MigrateContainerRequest sent = MigrateContainerRequest.newInstance(CONTAINER, TARGET,
        ContainerMigrationOptions.newInstance(ContainerMigrationStrategy.LAZY_PAGES, 90000L));
    MigrateContainerRequest received = new MigrateContainerRequestPBImpl(
        MigrateContainerRequestProto.parseFrom(
            ((MigrateContainerRequestPBImpl) sent).getProto().toByteArray()));
    assertEquals(CONTAINER, received.getContainerId());
    assertEquals(TARGET, received.getTargetNode());
    assertEquals(ContainerMigrationStrategy.LAZY_PAGES, received.getOptions().getStrategy());
    assertEquals(90000L, received.getOptions().getTimeoutMs());
    assertEquals(sent, received);
  }

  @Test
  public void givenMigrateRequestWithoutTargetOrOptionsThenTheyReadBackNull() throws Exception {
    MigrateContainerRequest sent = MigrateContainerRequest.newInstance(CONTAINER, null, null);
    MigrateContainerRequest received = new MigrateContainerRequestPBImpl(
        MigrateContainerRequestProto.parseFrom(
            ((MigrateContainerRequestPBImpl) sent).getProto().toByteArray()));
    assertEquals(CONTAINER, received.getContainerId());
    assertNull(received.getTargetNode());
    assertNull(received.getOptions());
  }

  @Test
  public void givenDefaultOptionsThenStrategyIsStopAndCopyAndTimeoutZero() throws Exception {
    ContainerMigrationOptions sent = ContainerMigrationOptions.newInstance();
    ContainerMigrationOptions received = new ContainerMigrationOptionsPBImpl(
        ContainerMigrationOptionsProto.parseFrom(
            ((ContainerMigrationOptionsPBImpl) sent).getProto().toByteArray()));
    assertEquals(ContainerMigrationStrategy.STOP_AND_COPY, received.getStrategy());
    assertEquals(ContainerMigrationStrategy.DEFAULT, received.getStrategy());
    assertEquals(0L, received.getTimeoutMs());
    sent.setStrategy(ContainerMigrationStrategy.LAZY_PAGES);
    sent.setStrategy(null);
    assertEquals(ContainerMigrationStrategy.STOP_AND_COPY, sent.getStrategy());
  }

  @Test
  public void givenMigrateResponseWhenSerializedThenReportSurvives() throws Exception {
    MigrateContainerResponse sent = MigrateContainerResponse.newInstance(fullReport());
    MigrateContainerResponse received = new MigrateContainerResponsePBImpl(
        MigrateContainerResponseProto.parseFrom(
            ((MigrateContainerResponsePBImpl) sent).getProto().toByteArray()));
    assertFullReport(received.getReport());
    assertEquals(sent, received);

    MigrateContainerResponse empty = new MigrateContainerResponsePBImpl(
        MigrateContainerResponseProto.parseFrom(((MigrateContainerResponsePBImpl)
            MigrateContainerResponse.newInstance(null)).getProto().toByteArray()));
    assertNull(empty.getReport());
  }

  @Test
  public void givenGetReportRequestAndResponseWhenSerializedThenFieldsSurvive()
      throws Exception {
    GetContainerMigrationReportRequest request =
        GetContainerMigrationReportRequest.newInstance("migration_1700000000000_0007");
    GetContainerMigrationReportRequest receivedRequest =
        new GetContainerMigrationReportRequestPBImpl(
            GetContainerMigrationReportRequestProto.parseFrom(
                ((GetContainerMigrationReportRequestPBImpl) request).getProto().toByteArray()));
    assertEquals("migration_1700000000000_0007", receivedRequest.getMigrationId());
    assertNull(GetContainerMigrationReportRequest.newInstance(null).getMigrationId());

    GetContainerMigrationReportResponse response =
        GetContainerMigrationReportResponse.newInstance(fullReport());
    GetContainerMigrationReportResponse receivedResponse =
        new GetContainerMigrationReportResponsePBImpl(
            GetContainerMigrationReportResponseProto.parseFrom(
                ((GetContainerMigrationReportResponsePBImpl) response).getProto()
                    .toByteArray()));
    assertFullReport(receivedResponse.getReport());
  }

  @Test
  public void givenReportsRequestWithAllFiltersWhenSerializedThenFiltersSurvive()
      throws Exception {
    GetContainerMigrationReportsRequest sent = GetContainerMigrationReportsRequest.newInstance(
        CONTAINER, APP, SOURCE,
        EnumSet.of(ContainerMigrationState.CHECKPOINTING, ContainerMigrationState.FAILED), 7);
    GetContainerMigrationReportsRequest received = new GetContainerMigrationReportsRequestPBImpl(
        GetContainerMigrationReportsRequestProto.parseFrom(
            ((GetContainerMigrationReportsRequestPBImpl) sent).getProto().toByteArray()));
    assertEquals(CONTAINER, received.getContainerId());
    assertEquals(APP, received.getApplicationId());
    assertEquals(SOURCE, received.getNode());
    assertEquals(EnumSet.of(ContainerMigrationState.CHECKPOINTING,
        ContainerMigrationState.FAILED), received.getStates());
    assertEquals(7, received.getLimit());
    assertEquals(sent, received);
  }

  @Test
  public void givenReportsRequestWithoutFiltersThenAnyAndDefaultLimit() throws Exception {
    GetContainerMigrationReportsRequest received = new GetContainerMigrationReportsRequestPBImpl(
        GetContainerMigrationReportsRequestProto.parseFrom(
            ((GetContainerMigrationReportsRequestPBImpl)
                GetContainerMigrationReportsRequest.newInstance()).getProto().toByteArray()));
    assertNull(received.getContainerId());
    assertNull(received.getApplicationId());
    assertNull(received.getNode());
    assertTrue(received.getStates().isEmpty());
    assertEquals(GetContainerMigrationReportsRequest.DEFAULT_LIMIT, received.getLimit());
    assertEquals(100, received.getLimit());
  }

  @Test
  public void givenReportsResponseWhenSerializedThenOrderAndFieldsSurvive() throws Exception {
    ContainerMigrationReport second = ContainerMigrationReport.newInstance();
    second.setMigrationId("migration_1700000000000_0006");
    List<ContainerMigrationReport> reports = new ArrayList<ContainerMigrationReport>();
    reports.add(fullReport());
    reports.add(second);
    GetContainerMigrationReportsResponse sent =
        GetContainerMigrationReportsResponse.newInstance(reports);
    GetContainerMigrationReportsResponse received =
        new GetContainerMigrationReportsResponsePBImpl(
            GetContainerMigrationReportsResponseProto.parseFrom(
                ((GetContainerMigrationReportsResponsePBImpl) sent).getProto().toByteArray()));
    assertEquals(2, received.getReports().size());
    assertFullReport(received.getReports().get(0));
    assertEquals("migration_1700000000000_0006",
        received.getReports().get(1).getMigrationId());
    assertEquals(sent, received);

    GetContainerMigrationReportsResponse none = new GetContainerMigrationReportsResponsePBImpl(
        GetContainerMigrationReportsResponseProto.parseFrom(
            ((GetContainerMigrationReportsResponsePBImpl) GetContainerMigrationReportsResponse
                .newInstance(Collections.<ContainerMigrationReport>emptyList())).getProto()
                .toByteArray()));
    assertTrue(none.getReports().isEmpty());
  }

  @Test
  public void givenReportWhenPrintedThenTextFormatShowsFields() {
    String text = fullReport().toString();
    assertTrue(text, text.contains("migration_id: \"migration_1700000000000_0007\""));
    assertTrue(text, text.contains("state: ROLLING_BACK"));
  }

  @Test
  public void givenStatesThenOnlySucceededFailedAndLostAreFinal() {
    for (ContainerMigrationState state : ContainerMigrationState.values()) {
      boolean expected = state == ContainerMigrationState.SUCCEEDED
          || state == ContainerMigrationState.FAILED || state == ContainerMigrationState.LOST;
      assertEquals(state.name(), expected, state.isFinal());
    }
    assertFalse(ContainerMigrationState.ROLLING_BACK.isFinal());
  }

  @Test
  public void givenStatesThenThoseFromTheRestoreOnAreCommitted() {
    for (ContainerMigrationState state : ContainerMigrationState.values()) {
      boolean expected = state == ContainerMigrationState.PULLING_PAGES
          || state == ContainerMigrationState.SUCCEEDED || state == ContainerMigrationState.LOST;
      assertEquals(state.name(), expected, state.isCommitted());
    }
  }

  @Test
  public void givenSequenceNumberThenMigrationIdIsPaddedToFourDigits() {
    assertEquals("migration_1700000000000_0042",
        ContainerMigrationReport.formatMigrationId(1700000000000L, 42));
    assertEquals("migration_1700000000000_12345",
        ContainerMigrationReport.formatMigrationId(1700000000000L, 12345));
  }
}
