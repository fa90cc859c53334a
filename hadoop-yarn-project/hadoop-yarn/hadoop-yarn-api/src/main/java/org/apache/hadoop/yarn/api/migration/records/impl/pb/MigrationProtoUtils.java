/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.records.impl.pb;

import java.util.Collections;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationPhase;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationStrategy;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.ContainerMigrationPhaseProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.ContainerMigrationReportProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.ContainerMigrationStateProto;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.ContainerMigrationStrategyProto;

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
    copy.setSubmitTime(r.getSubmitTime());
    copy.setFinishTime(r.getFinishTime());
    copy.setPhases(r.getPhases() == null
        ? Collections.<ContainerMigrationPhase>emptyList() : r.getPhases());
    copy.setImageBytes(r.getImageBytes());
    copy.setFrozenTimeMs(r.getFrozenTimeMs());
    copy.setDiagnostics(r.getDiagnostics());
    return copy.getProto();
  }

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
}
