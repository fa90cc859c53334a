/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.records.impl.pb;

import java.util.Collections;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.yarn.api.migration.MigrationFailure;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationPhase;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationStrategy;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationTcpMode;
import org.apache.hadoop.yarn.api.migration.records.NodeDrainContainerReport;
import org.apache.hadoop.yarn.api.migration.records.NodeDrainContainerState;
import org.apache.hadoop.yarn.api.migration.records.NodeDrainReport;
import org.apache.hadoop.yarn.api.migration.records.NodeDrainState;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.ContainerMigrationPhaseProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.ContainerMigrationReportProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.ContainerMigrationStateProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.ContainerMigrationStrategyProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.ContainerMigrationTcpModeProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.MigrationFailureProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.MigrationFailureStepProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.NodeDrainContainerReportProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.NodeDrainContainerStateProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.NodeDrainReportProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.NodeDrainStateProto;

/**
 * Conversions between records and their wire form. YARN ids travel as their canonical
 * strings because Hadoop's own .proto files cannot be imported (they are not in its jars).
 */
@Private
public final class MigrationProtoUtils {

  private MigrationProtoUtils() {
  }

  public static ContainerMigrationStateProto convertToProtoFormat(ContainerMigrationState s) {
    return ContainerMigrationStateProto.valueOf(s.name());
  }

  public static ContainerMigrationState convertFromProtoFormat(ContainerMigrationStateProto s) {
    return ContainerMigrationState.valueOf(s.name());
  }

  public static ContainerMigrationStrategyProto convertToProtoFormat(
      ContainerMigrationStrategy s) {
    return ContainerMigrationStrategyProto.valueOf(s.name());
  }

  public static ContainerMigrationStrategy convertFromProtoFormat(
      ContainerMigrationStrategyProto s) {
    return ContainerMigrationStrategy.valueOf(s.name());
  }

  /** The wire name of a TCP mode: its name with the prefix {@code TCP_}. */
  public static ContainerMigrationTcpModeProto convertToProtoFormat(
      ContainerMigrationTcpMode m) {
    return ContainerMigrationTcpModeProto.valueOf(TCP_MODE_PREFIX + m.name());
  }

  public static ContainerMigrationTcpMode convertFromProtoFormat(
      ContainerMigrationTcpModeProto m) {
    return ContainerMigrationTcpMode.valueOf(m.name().substring(TCP_MODE_PREFIX.length()));
  }

  private static final String TCP_MODE_PREFIX = "TCP_";

  public static String toWire(ContainerId id) {
    return id.toString();
  }

  public static String toWire(NodeId id) {
    return id.toString();
  }

  public static String toWire(ApplicationId id) {
    return id.toString();
  }

  public static ContainerId containerIdFromWire(String s) {
    return ContainerId.fromString(s);
  }

  public static NodeId nodeIdFromWire(String s) {
    return NodeId.fromString(s);
  }

  public static ApplicationId applicationIdFromWire(String s) {
    return ApplicationId.fromString(s);
  }

  /** The proto of a report, also of one that is not a PBImpl. */
  public static ContainerMigrationReportProto convertToProtoFormat(ContainerMigrationReport r) {
    if (r instanceof ContainerMigrationReportPBImpl) {
      return ((ContainerMigrationReportPBImpl) r).getProto();
    }
    ContainerMigrationReportPBImpl copy = new ContainerMigrationReportPBImpl();
    copy.setMigrationId(r.getMigrationId());
    copy.setContainerId(r.getContainerId());
    copy.setTargetContainerId(r.getTargetContainerId());
    copy.setApplicationId(r.getApplicationId());
    copy.setUser(r.getUser());
    copy.setSourceNode(r.getSourceNode());
    copy.setTargetNode(r.getTargetNode());
    copy.setState(r.getState());
    copy.setStrategy(r.getStrategy());
    copy.setTcpMode(r.getTcpMode());
    copy.setSubmitTime(r.getSubmitTime());
    copy.setFinishTime(r.getFinishTime());
    copy.setPhases(r.getPhases() == null
        ? Collections.<ContainerMigrationPhase>emptyList() : r.getPhases());
    copy.setImageBytes(r.getImageBytes());
    copy.setFrozenTimeMs(r.getFrozenTimeMs());
    copy.setPlacement(r.getPlacement());
    copy.setReason(r.getReason());
    copy.setDumpTimeMs(r.getDumpTimeMs());
    copy.setTransferTimeMs(r.getTransferTimeMs());
    copy.setTransferredBytes(r.getTransferredBytes());
    copy.setDiagnostics(r.getDiagnostics());
    copy.setFailure(r.getFailure());
    return copy.getProto();
  }

  /** A failure's wire form; the step's wire name is its name with the prefix {@code STEP_}. */
  public static MigrationFailureProto convertToProtoFormat(MigrationFailure f) {
    MigrationFailureProto.Builder b = MigrationFailureProto.newBuilder()
        .setStep(MigrationFailureStepProto.valueOf(STEP_PREFIX + f.getStep().name()));
    if (f.getContainer() != null) {
      b.setContainerId(f.getContainer());
    }
    if (f.getMigrationId() != null) {
      b.setMigrationId(f.getMigrationId());
    }
    if (f.getNode() != null) {
      b.setNode(f.getNode());
    }
    if (f.getCause() != null) {
      b.setCause(f.getCause());
    }
    return b.build();
  }

  /** A failure from the wire; an unset step reads as the whole migration's. */
  public static MigrationFailure convertFromProtoFormat(MigrationFailureProto p) {
    MigrationFailure.Step step = p.hasStep()
        ? MigrationFailure.Step.valueOf(p.getStep().name().substring(STEP_PREFIX.length()))
        : MigrationFailure.Step.MIGRATION;
    return MigrationFailure.of(step, p.hasContainerId() ? p.getContainerId() : null,
        p.hasMigrationId() ? p.getMigrationId() : null, p.hasNode() ? p.getNode() : null,
        p.hasCause() ? p.getCause() : null);
  }

  private static final String STEP_PREFIX = "STEP_";

  /** The proto of a phase, also of one that is not a PBImpl. */
  public static ContainerMigrationPhaseProto convertToProtoFormat(ContainerMigrationPhase p) {
    if (p instanceof ContainerMigrationPhasePBImpl) {
      return ((ContainerMigrationPhasePBImpl) p).getProto();
    }
    ContainerMigrationPhasePBImpl copy = new ContainerMigrationPhasePBImpl();
    copy.setState(p.getState());
    copy.setStartTime(p.getStartTime());
    copy.setEndTime(p.getEndTime());
    return copy.getProto();
  }

  public static NodeDrainStateProto convertToProtoFormat(NodeDrainState s) {
    return NodeDrainStateProto.valueOf(s.name());
  }

  public static NodeDrainState convertFromProtoFormat(NodeDrainStateProto s) {
    return NodeDrainState.valueOf(s.name());
  }

  /** Container drain states travel as {@code DRAIN_<name>} (proto enum values share one scope). */
  public static NodeDrainContainerStateProto convertToProtoFormat(NodeDrainContainerState s) {
    return NodeDrainContainerStateProto.valueOf("DRAIN_" + s.name());
  }

  public static NodeDrainContainerState convertFromProtoFormat(NodeDrainContainerStateProto s) {
    return NodeDrainContainerState.valueOf(s.name().substring("DRAIN_".length()));
  }

  /** The proto of a container drain report, also of one that is not a PBImpl. */
  public static NodeDrainContainerReportProto convertToProtoFormat(NodeDrainContainerReport r) {
    if (r instanceof NodeDrainContainerReportPBImpl) {
      return ((NodeDrainContainerReportPBImpl) r).getProto();
    }
    NodeDrainContainerReportPBImpl copy = new NodeDrainContainerReportPBImpl();
    copy.setContainerId(r.getContainerId());
    copy.setMigrationId(r.getMigrationId());
    copy.setTargetNode(r.getTargetNode());
    copy.setState(r.getState());
    copy.setAttempts(r.getAttempts());
    copy.setDiagnostics(r.getDiagnostics());
    return copy.getProto();
  }

  /** The proto of a node drain report, also of one that is not a PBImpl. */
  public static NodeDrainReportProto convertToProtoFormat(NodeDrainReport r) {
    if (r instanceof NodeDrainReportPBImpl) {
      return ((NodeDrainReportPBImpl) r).getProto();
    }
    NodeDrainReportPBImpl copy = new NodeDrainReportPBImpl();
    copy.setNode(r.getNode());
    copy.setState(r.getState());
    copy.setTimeoutSecs(r.getTimeoutSecs());
    copy.setStartTime(r.getStartTime());
    copy.setFinishTime(r.getFinishTime());
    copy.setContainers(r.getContainers());
    copy.setDiagnostics(r.getDiagnostics());
    return copy.getProto();
  }
}
