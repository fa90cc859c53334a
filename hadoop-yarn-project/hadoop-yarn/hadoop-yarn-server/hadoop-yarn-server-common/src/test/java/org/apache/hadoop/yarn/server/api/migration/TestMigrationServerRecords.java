/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationStrategy;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
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
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb.AbortMigrationRequestPBImpl;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb.AbortMigrationResponsePBImpl;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb.CheckpointContainerRequestPBImpl;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb.CheckpointContainerResponsePBImpl;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb.ShipImagesRequestPBImpl;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb.ShipImagesResponsePBImpl;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb.CompleteMigrationRequestPBImpl;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb.CompleteMigrationResponsePBImpl;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb.GetRestoreStatusRequestPBImpl;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb.GetRestoreStatusResponsePBImpl;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb.PrepareRestoreRequestPBImpl;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb.PrepareRestoreResponsePBImpl;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb.RegisterMigrationAgentRequestPBImpl;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.impl.pb.RegisterMigrationAgentResponsePBImpl;
import org.apache.hadoop.yarn.util.Records;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/** Every record of the server protocols: all fields set, and none set, through the wire form. */
public class TestMigrationServerRecords {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  @Test
  public void testRegisterMigrationAgentRequestFull() {
    RegisterMigrationAgentRequest r = RegisterMigrationAgentRequest.newInstance(NodeId.newInstance("host-nodeid.example.com", 45454), "agentAddress-value", "transferAddress-value", "criuVersion-value", Arrays.asList("lazy-pages", "page-server"));
    r.setStartedAt(1796658000123L);
    RegisterMigrationAgentRequestPBImpl copy = new RegisterMigrationAgentRequestPBImpl(((RegisterMigrationAgentRequestPBImpl) r).getProto());
    assertEquals(r, copy);
    assertEquals(r.hashCode(), copy.hashCode());
    assertEquals(r.toString(), copy.toString());
    RegisterMigrationAgentRequest wire = reparse((RegisterMigrationAgentRequestPBImpl) r);
    assertEquals(NodeId.newInstance("host-nodeid.example.com", 45454), copy.getNodeId());
    assertEquals(NodeId.newInstance("host-nodeid.example.com", 45454), wire.getNodeId());
    assertEquals("agentAddress-value", copy.getAgentAddress());
    assertEquals("agentAddress-value", wire.getAgentAddress());
    assertEquals("transferAddress-value", copy.getTransferAddress());
    assertEquals("transferAddress-value", wire.getTransferAddress());
    assertEquals("criuVersion-value", copy.getCriuVersion());
    assertEquals("criuVersion-value", wire.getCriuVersion());
    assertEquals(Arrays.asList("lazy-pages", "page-server"), copy.getCapabilities());
    assertEquals(Arrays.asList("lazy-pages", "page-server"), wire.getCapabilities());
    assertEquals(1796658000123L, copy.getStartedAt());
    assertEquals(1796658000123L, wire.getStartedAt());
  }

  @Test
  public void testRegisterMigrationAgentRequestEmpty() {
    RegisterMigrationAgentRequest r = Records.newRecord(RegisterMigrationAgentRequest.class);
    RegisterMigrationAgentRequest copy = reparse((RegisterMigrationAgentRequestPBImpl) r);
    assertEquals(null, r.getNodeId());
    assertEquals(null, copy.getNodeId());
    assertEquals(null, r.getAgentAddress());
    assertEquals(null, copy.getAgentAddress());
    assertEquals(null, r.getTransferAddress());
    assertEquals(null, copy.getTransferAddress());
    assertEquals(null, r.getCriuVersion());
    assertEquals(null, copy.getCriuVersion());
    assertEquals(Collections.<String>emptyList(), r.getCapabilities());
    assertEquals(Collections.<String>emptyList(), copy.getCapabilities());
    assertEquals(r, copy);
  }

  @Test
  public void testRegisterMigrationAgentResponseFull() {
    RegisterMigrationAgentResponse r = RegisterMigrationAgentResponse.newInstance(ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 0xff, 42}), 1000000150461L);
    RegisterMigrationAgentResponsePBImpl copy = new RegisterMigrationAgentResponsePBImpl(((RegisterMigrationAgentResponsePBImpl) r).getProto());
    assertEquals(r, copy);
    assertEquals(r.hashCode(), copy.hashCode());
    assertEquals(r.toString(), copy.toString());
    RegisterMigrationAgentResponse wire = reparse((RegisterMigrationAgentResponsePBImpl) r);
    assertEquals(ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 0xff, 42}), copy.getTransferSecret());
    assertEquals(ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 0xff, 42}), wire.getTransferSecret());
    assertEquals(1000000150461L, copy.getHeartbeatIntervalMs());
    assertEquals(1000000150461L, wire.getHeartbeatIntervalMs());
  }

  @Test
  public void testRegisterMigrationAgentResponseEmpty() {
    RegisterMigrationAgentResponse r = Records.newRecord(RegisterMigrationAgentResponse.class);
    RegisterMigrationAgentResponse copy = reparse((RegisterMigrationAgentResponsePBImpl) r);
    assertEquals(null, r.getTransferSecret());
    assertEquals(null, copy.getTransferSecret());
    assertEquals(0L, r.getHeartbeatIntervalMs());
    assertEquals(0L, copy.getHeartbeatIntervalMs());
    assertEquals(r, copy);
  }

  @Test
  public void testCheckpointContainerRequestFull() {
    CheckpointContainerRequest r = CheckpointContainerRequest.newInstance("migrationId-value", ContainerId.fromString("container_e17_1700000000000_0001_01_000013"), NodeId.newInstance("host-targetnodeid.example.com", 45454), "targetTransferAddress-value", ContainerMigrationStrategy.LAZY_PAGES, 1000000071271L);
    CheckpointContainerRequestPBImpl copy = new CheckpointContainerRequestPBImpl(((CheckpointContainerRequestPBImpl) r).getProto());
    assertEquals(r, copy);
    assertEquals(r.hashCode(), copy.hashCode());
    assertEquals(r.toString(), copy.toString());
    CheckpointContainerRequest wire = reparse((CheckpointContainerRequestPBImpl) r);
    assertEquals("migrationId-value", copy.getMigrationId());
    assertEquals("migrationId-value", wire.getMigrationId());
    assertEquals(ContainerId.fromString("container_e17_1700000000000_0001_01_000013"), copy.getContainerId());
    assertEquals(ContainerId.fromString("container_e17_1700000000000_0001_01_000013"), wire.getContainerId());
    assertEquals(NodeId.newInstance("host-targetnodeid.example.com", 45454), copy.getTargetNodeId());
    assertEquals(NodeId.newInstance("host-targetnodeid.example.com", 45454), wire.getTargetNodeId());
    assertEquals("targetTransferAddress-value", copy.getTargetTransferAddress());
    assertEquals("targetTransferAddress-value", wire.getTargetTransferAddress());
    assertEquals(ContainerMigrationStrategy.LAZY_PAGES, copy.getStrategy());
    assertEquals(ContainerMigrationStrategy.LAZY_PAGES, wire.getStrategy());
    assertEquals(1000000071271L, copy.getTimeoutMs());
    assertEquals(1000000071271L, wire.getTimeoutMs());
  }

  @Test
  public void testCheckpointContainerRequestEmpty() {
    CheckpointContainerRequest r = Records.newRecord(CheckpointContainerRequest.class);
    CheckpointContainerRequest copy = reparse((CheckpointContainerRequestPBImpl) r);
    assertEquals(null, r.getMigrationId());
    assertEquals(null, copy.getMigrationId());
    assertEquals(null, r.getContainerId());
    assertEquals(null, copy.getContainerId());
    assertEquals(null, r.getTargetNodeId());
    assertEquals(null, copy.getTargetNodeId());
    assertEquals(null, r.getTargetTransferAddress());
    assertEquals(null, copy.getTargetTransferAddress());
    assertEquals(null, r.getStrategy());
    assertEquals(null, copy.getStrategy());
    assertEquals(0L, r.getTimeoutMs());
    assertEquals(0L, copy.getTimeoutMs());
    assertEquals(r, copy);
  }

  @Test
  public void testCheckpointContainerResponseFull() {
    CheckpointContainerResponse r = CheckpointContainerResponse.newInstance(1000000079190L, 1000000095028L, 1000000079190L);
    CheckpointContainerResponsePBImpl copy = new CheckpointContainerResponsePBImpl(((CheckpointContainerResponsePBImpl) r).getProto());
    assertEquals(r, copy);
    assertEquals(r.hashCode(), copy.hashCode());
    assertEquals(r.toString(), copy.toString());
    CheckpointContainerResponse wire = reparse((CheckpointContainerResponsePBImpl) r);
    assertEquals(1000000079190L, copy.getImageBytes());
    assertEquals(1000000079190L, wire.getImageBytes());
    assertEquals(1000000095028L, copy.getFrozenTimeMs());
    assertEquals(1000000095028L, wire.getFrozenTimeMs());
    assertEquals(1000000079190L, copy.getDumpTimeMs());
    assertEquals(1000000079190L, wire.getDumpTimeMs());
  }

  @Test
  public void testShipImagesRecords() {
    ShipImagesRequest q = ShipImagesRequest.newInstance("migration-7", ContainerId.fromString(
        "container_e17_1700000000000_0001_01_000019"));
    ShipImagesRequest qWire = new ShipImagesRequestPBImpl(((ShipImagesRequestPBImpl) q)
        .getProto());
    assertEquals(q, qWire);
    assertEquals("migration-7", qWire.getMigrationId());
    assertEquals("container_e17_1700000000000_0001_01_000019",
        qWire.getContainerId().toString());
    ShipImagesResponse r = ShipImagesResponse.newInstance(1000000110866L, 1000000126704L,
        1000000095028L);
    ShipImagesResponse wire = new ShipImagesResponsePBImpl(((ShipImagesResponsePBImpl) r)
        .getProto());
    assertEquals(r, wire);
    assertEquals(r.hashCode(), wire.hashCode());
    assertEquals(1000000110866L, wire.getTransferTimeMs());
    assertEquals(1000000126704L, wire.getTransferredBytes());
    assertEquals(1000000095028L, wire.getFrozenTimeMs());
    ShipImagesResponse empty = new ShipImagesResponsePBImpl(((ShipImagesResponsePBImpl) Records
        .newRecord(ShipImagesResponse.class)).getProto());
    assertEquals(0L, empty.getTransferTimeMs());
    assertEquals(0L, empty.getTransferredBytes());
    assertEquals(0L, empty.getFrozenTimeMs());
  }

  @Test
  public void testCheckpointContainerResponseLocalResources() {
    CheckpointContainerResponse r = CheckpointContainerResponse.newInstance(1, 2, 3);
    org.apache.hadoop.yarn.api.records.LocalResource script =
        org.apache.hadoop.yarn.api.records.LocalResource.newInstance(
            org.apache.hadoop.yarn.api.records.URL.newInstance("file", null, -1,
                "/root/DistributedShell/application_1_0001/ExecScript.sh"),
            org.apache.hadoop.yarn.api.records.LocalResourceType.FILE,
            org.apache.hadoop.yarn.api.records.LocalResourceVisibility.APPLICATION, 42L,
            1796316293983L);
    r.setLocalResources(java.util.Collections.singletonMap("ExecScript.sh", script));
    CheckpointContainerResponse wire = reparse((CheckpointContainerResponsePBImpl) r);
    assertEquals(java.util.Collections.singletonMap("ExecScript.sh", script),
        wire.getLocalResources());
    assertEquals(3L, wire.getDumpTimeMs());
    assertEquals(java.util.Collections.emptyMap(), Records.newRecord(
        CheckpointContainerResponse.class).getLocalResources());
  }

  @Test
  public void testCheckpointContainerResponseEmpty() {
    CheckpointContainerResponse r = Records.newRecord(CheckpointContainerResponse.class);
    CheckpointContainerResponse copy = reparse((CheckpointContainerResponsePBImpl) r);
    assertEquals(0L, r.getImageBytes());
    assertEquals(0L, copy.getImageBytes());
    assertEquals(0L, r.getFrozenTimeMs());
    assertEquals(0L, copy.getFrozenTimeMs());
    assertEquals(0L, r.getDumpTimeMs());
    assertEquals(0L, copy.getDumpTimeMs());
    assertEquals(r, copy);
  }

  @Test
  public void testPrepareRestoreRequestFull() {
    PrepareRestoreRequest r = PrepareRestoreRequest.newInstance("migrationId-value", ContainerId.fromString("container_e17_1700000000000_0001_01_000019"), ContainerId.fromString("container_e17_1700000000000_0001_01_000019"));
    PrepareRestoreRequestPBImpl copy = new PrepareRestoreRequestPBImpl(((PrepareRestoreRequestPBImpl) r).getProto());
    assertEquals(r, copy);
    assertEquals(r.hashCode(), copy.hashCode());
    assertEquals(r.toString(), copy.toString());
    PrepareRestoreRequest wire = reparse((PrepareRestoreRequestPBImpl) r);
    assertEquals("migrationId-value", copy.getMigrationId());
    assertEquals("migrationId-value", wire.getMigrationId());
    assertEquals(ContainerId.fromString("container_e17_1700000000000_0001_01_000019"), copy.getSourceContainerId());
    assertEquals(ContainerId.fromString("container_e17_1700000000000_0001_01_000019"), wire.getSourceContainerId());
    assertEquals(ContainerId.fromString("container_e17_1700000000000_0001_01_000019"), copy.getTargetContainerId());
    assertEquals(ContainerId.fromString("container_e17_1700000000000_0001_01_000019"), wire.getTargetContainerId());
  }

  @Test
  public void testPrepareRestoreRequestEmpty() {
    PrepareRestoreRequest r = Records.newRecord(PrepareRestoreRequest.class);
    PrepareRestoreRequest copy = reparse((PrepareRestoreRequestPBImpl) r);
    assertEquals(null, r.getMigrationId());
    assertEquals(null, copy.getMigrationId());
    assertEquals(null, r.getSourceContainerId());
    assertEquals(null, copy.getSourceContainerId());
    assertEquals(null, r.getTargetContainerId());
    assertEquals(null, copy.getTargetContainerId());
    assertEquals(r, copy);
  }

  @Test
  public void testPrepareRestoreResponseFull() {
    PrepareRestoreResponse r = PrepareRestoreResponse.newInstance(true, "diagnostics-value");
    PrepareRestoreResponsePBImpl copy = new PrepareRestoreResponsePBImpl(((PrepareRestoreResponsePBImpl) r).getProto());
    assertEquals(r, copy);
    assertEquals(r.hashCode(), copy.hashCode());
    assertEquals(r.toString(), copy.toString());
    PrepareRestoreResponse wire = reparse((PrepareRestoreResponsePBImpl) r);
    assertEquals(true, copy.getReady());
    assertEquals(true, wire.getReady());
    assertEquals("diagnostics-value", copy.getDiagnostics());
    assertEquals("diagnostics-value", wire.getDiagnostics());
  }

  @Test
  public void testPrepareRestoreResponseEmpty() {
    PrepareRestoreResponse r = Records.newRecord(PrepareRestoreResponse.class);
    PrepareRestoreResponse copy = reparse((PrepareRestoreResponsePBImpl) r);
    assertEquals(false, r.getReady());
    assertEquals(false, copy.getReady());
    assertEquals(null, r.getDiagnostics());
    assertEquals(null, copy.getDiagnostics());
    assertEquals(r, copy);
  }

  @Test
  public void testGetRestoreStatusRequestFull() {
    GetRestoreStatusRequest r = GetRestoreStatusRequest.newInstance("migrationId-value", ContainerId.fromString("container_e17_1700000000000_0001_01_000019"));
    GetRestoreStatusRequestPBImpl copy = new GetRestoreStatusRequestPBImpl(((GetRestoreStatusRequestPBImpl) r).getProto());
    assertEquals(r, copy);
    assertEquals(r.hashCode(), copy.hashCode());
    assertEquals(r.toString(), copy.toString());
    GetRestoreStatusRequest wire = reparse((GetRestoreStatusRequestPBImpl) r);
    assertEquals("migrationId-value", copy.getMigrationId());
    assertEquals("migrationId-value", wire.getMigrationId());
    assertEquals(ContainerId.fromString("container_e17_1700000000000_0001_01_000019"), copy.getTargetContainerId());
    assertEquals(ContainerId.fromString("container_e17_1700000000000_0001_01_000019"), wire.getTargetContainerId());
  }

  @Test
  public void testGetRestoreStatusRequestEmpty() {
    GetRestoreStatusRequest r = Records.newRecord(GetRestoreStatusRequest.class);
    GetRestoreStatusRequest copy = reparse((GetRestoreStatusRequestPBImpl) r);
    assertEquals(null, r.getMigrationId());
    assertEquals(null, copy.getMigrationId());
    assertEquals(null, r.getTargetContainerId());
    assertEquals(null, copy.getTargetContainerId());
    assertEquals(r, copy);
  }

  @Test
  public void testGetRestoreStatusResponseFull() {
    GetRestoreStatusResponse r = GetRestoreStatusResponse.newInstance(RestoreStatus.RESTORED, "diagnostics-value");
    GetRestoreStatusResponsePBImpl copy = new GetRestoreStatusResponsePBImpl(((GetRestoreStatusResponsePBImpl) r).getProto());
    assertEquals(r, copy);
    assertEquals(r.hashCode(), copy.hashCode());
    assertEquals(r.toString(), copy.toString());
    GetRestoreStatusResponse wire = reparse((GetRestoreStatusResponsePBImpl) r);
    assertEquals(RestoreStatus.RESTORED, copy.getStatus());
    assertEquals(RestoreStatus.RESTORED, wire.getStatus());
    assertEquals("diagnostics-value", copy.getDiagnostics());
    assertEquals("diagnostics-value", wire.getDiagnostics());
  }

  @Test
  public void givenEveryRestoreStatus_whenSentOverTheWire_thenTheSame() {
    for (RestoreStatus status : RestoreStatus.values()) {
      GetRestoreStatusResponse r = GetRestoreStatusResponse.newInstance(status, "why");
      GetRestoreStatusResponse wire = reparse((GetRestoreStatusResponsePBImpl) r);
      assertEquals(status, wire.getStatus());
    }
  }

  @Test
  public void testGetRestoreStatusResponseEmpty() {
    GetRestoreStatusResponse r = Records.newRecord(GetRestoreStatusResponse.class);
    GetRestoreStatusResponse copy = reparse((GetRestoreStatusResponsePBImpl) r);
    assertEquals(null, r.getStatus());
    assertEquals(null, copy.getStatus());
    assertEquals(null, r.getDiagnostics());
    assertEquals(null, copy.getDiagnostics());
    assertEquals(r, copy);
  }

  @Test
  public void testCompleteMigrationRequestFull() {
    CompleteMigrationRequest r = CompleteMigrationRequest.newInstance("migrationId-value", ContainerId.fromString("container_e17_1700000000000_0001_01_000013"));
    CompleteMigrationRequestPBImpl copy = new CompleteMigrationRequestPBImpl(((CompleteMigrationRequestPBImpl) r).getProto());
    assertEquals(r, copy);
    assertEquals(r.hashCode(), copy.hashCode());
    assertEquals(r.toString(), copy.toString());
    CompleteMigrationRequest wire = reparse((CompleteMigrationRequestPBImpl) r);
    assertEquals("migrationId-value", copy.getMigrationId());
    assertEquals("migrationId-value", wire.getMigrationId());
    assertEquals(ContainerId.fromString("container_e17_1700000000000_0001_01_000013"), copy.getContainerId());
    assertEquals(ContainerId.fromString("container_e17_1700000000000_0001_01_000013"), wire.getContainerId());
    assertEquals(null, wire.getTargetContainerId());
    assertEquals(null, wire.getTargetNodeId());
  }

  @Test
  public void testCompleteMigrationRequestToSource() {
    ContainerId source = ContainerId.fromString("container_e17_1700000000000_0001_01_000013");
    ContainerId target = ContainerId.fromString("container_e17_1700000000000_0001_01_000021");
    NodeId node = NodeId.newInstance("yarn-nm2", 8041);
    CompleteMigrationRequest r = CompleteMigrationRequest.newInstance("migration_1_0001", source,
        target, node);
    CompleteMigrationRequest wire = reparse((CompleteMigrationRequestPBImpl) r);
    assertEquals(r, wire);
    assertEquals(source, wire.getContainerId());
    assertEquals(target, wire.getTargetContainerId());
    assertEquals(node, wire.getTargetNodeId());
  }

  @Test
  public void testCompleteMigrationRequestEmpty() {
    CompleteMigrationRequest r = Records.newRecord(CompleteMigrationRequest.class);
    CompleteMigrationRequest copy = reparse((CompleteMigrationRequestPBImpl) r);
    assertEquals(null, r.getMigrationId());
    assertEquals(null, copy.getMigrationId());
    assertEquals(null, r.getContainerId());
    assertEquals(null, copy.getContainerId());
    assertEquals(r, copy);
  }

  @Test
  public void testCompleteMigrationResponseFull() {
    CompleteMigrationResponse r = CompleteMigrationResponse.newInstance("pages-lost-value");
    CompleteMigrationResponsePBImpl copy = new CompleteMigrationResponsePBImpl(((CompleteMigrationResponsePBImpl) r).getProto());
    assertEquals(r, copy);
    assertEquals(r.hashCode(), copy.hashCode());
    assertEquals(r.toString(), copy.toString());
    CompleteMigrationResponse wire = reparse((CompleteMigrationResponsePBImpl) r);
    assertEquals("pages-lost-value", wire.getPagesLost());
    assertEquals(null, CompleteMigrationResponse.newInstance().getPagesLost());
  }

  @Test
  public void testCompleteMigrationResponseEmpty() {
    CompleteMigrationResponse r = Records.newRecord(CompleteMigrationResponse.class);
    CompleteMigrationResponse copy = reparse((CompleteMigrationResponsePBImpl) r);
    assertEquals(r, copy);
    assertEquals(null, copy.getPagesLost());
  }

  @Test
  public void testAbortMigrationRequestFull() {
    AbortMigrationRequest r = AbortMigrationRequest.newInstance("migrationId-value", ContainerId.fromString("container_e17_1700000000000_0001_01_000013"), "reason-value");
    AbortMigrationRequestPBImpl copy = new AbortMigrationRequestPBImpl(((AbortMigrationRequestPBImpl) r).getProto());
    assertEquals(r, copy);
    assertEquals(r.hashCode(), copy.hashCode());
    assertEquals(r.toString(), copy.toString());
    AbortMigrationRequest wire = reparse((AbortMigrationRequestPBImpl) r);
    assertEquals("migrationId-value", copy.getMigrationId());
    assertEquals("migrationId-value", wire.getMigrationId());
    assertEquals(ContainerId.fromString("container_e17_1700000000000_0001_01_000013"), copy.getContainerId());
    assertEquals(ContainerId.fromString("container_e17_1700000000000_0001_01_000013"), wire.getContainerId());
    assertEquals("reason-value", copy.getReason());
    assertEquals("reason-value", wire.getReason());
  }

  @Test
  public void testAbortMigrationRequestEmpty() {
    AbortMigrationRequest r = Records.newRecord(AbortMigrationRequest.class);
    AbortMigrationRequest copy = reparse((AbortMigrationRequestPBImpl) r);
    assertEquals(null, r.getMigrationId());
    assertEquals(null, copy.getMigrationId());
    assertEquals(null, r.getContainerId());
    assertEquals(null, copy.getContainerId());
    assertEquals(null, r.getReason());
    assertEquals(null, copy.getReason());
    assertEquals(r, copy);
  }

  @Test
  public void testAbortMigrationResponseFull() {
    AbortMigrationResponse r = AbortMigrationResponse.newInstance(true, "diagnostics-value");
    AbortMigrationResponsePBImpl copy = new AbortMigrationResponsePBImpl(((AbortMigrationResponsePBImpl) r).getProto());
    assertEquals(r, copy);
    assertEquals(r.hashCode(), copy.hashCode());
    assertEquals(r.toString(), copy.toString());
    AbortMigrationResponse wire = reparse((AbortMigrationResponsePBImpl) r);
    assertEquals(true, copy.getResumed());
    assertEquals(true, wire.getResumed());
    assertEquals("diagnostics-value", copy.getDiagnostics());
    assertEquals("diagnostics-value", wire.getDiagnostics());
  }

  @Test
  public void testAbortMigrationResponseEmpty() {
    AbortMigrationResponse r = Records.newRecord(AbortMigrationResponse.class);
    AbortMigrationResponse copy = reparse((AbortMigrationResponsePBImpl) r);
    assertEquals(false, r.getResumed());
    assertEquals(false, copy.getResumed());
    assertEquals(null, r.getDiagnostics());
    assertEquals(null, copy.getDiagnostics());
    assertEquals(r, copy);
  }

  /** Through bytes, as over the wire. */
  private static <T> T reparse(Object pbImpl) {
    try {
      com.google.protobuf.Message proto = (com.google.protobuf.Message)
          pbImpl.getClass().getMethod("getProto").invoke(pbImpl);
      com.google.protobuf.Message back = proto.getParserForType().parseFrom(proto.toByteArray());
      assertNotSame(proto, back);
      @SuppressWarnings("unchecked")
      T t = (T) pbImpl.getClass().getConstructor(proto.getClass()).newInstance(back);
      return t;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  public void testModifyAfterGetProtoAndClear() {
    CheckpointContainerRequest r = CheckpointContainerRequest.newInstance("m1",
        ContainerId.fromString("container_1700000000000_0001_01_000002"),
        NodeId.newInstance("h", 1), "h:2", ContainerMigrationStrategy.STOP_AND_COPY, 5L);
    CheckpointContainerRequestPBImpl pb = (CheckpointContainerRequestPBImpl) r;
    pb.getProto();
    r.setTimeoutMs(6L);
    r.setStrategy(null);
    r.setTargetNodeId(null);
    CheckpointContainerRequest back = reparse(pb);
    assertEquals(6L, back.getTimeoutMs());
    assertEquals(null, back.getStrategy());
    assertEquals(null, back.getTargetNodeId());
    assertEquals("m1", back.getMigrationId());

    RegisterMigrationAgentRequest reg = RegisterMigrationAgentRequest.newInstance(null, null,
        null, null, Arrays.asList("a", "b"));
    reg.setCapabilities(null);
    assertEquals(Collections.<String>emptyList(), reg.getCapabilities());
    reg.setCapabilities(Arrays.asList("c"));
    assertEquals(Arrays.asList("c"), TestMigrationServerRecords.<RegisterMigrationAgentRequest>reparse(reg)
        .getCapabilities());
  }

  @Test
  public void testSecretIsCopiedNotAliased() {
    byte[] key = new byte[] {1, 2, 3};
    RegisterMigrationAgentResponse r =
        RegisterMigrationAgentResponse.newInstance(ByteBuffer.wrap(key), 1L);
    key[0] = 9;
    ByteBuffer got = r.getTransferSecret();
    assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3}), got);
    assertEquals(true, got.isReadOnly());
    r.setTransferSecret(null);
    assertEquals(null, r.getTransferSecret());
  }
}
