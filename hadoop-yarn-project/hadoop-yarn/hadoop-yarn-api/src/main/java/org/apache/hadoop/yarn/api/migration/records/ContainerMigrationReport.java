/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration.records;

import org.apache.hadoop.yarn.api.migration.MigrationFailure;

import java.util.List;

import org.apache.hadoop.classification.InterfaceAudience.Public;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.util.Records;

/**
 * Everything a client can know about one migration. Object-valued fields may be null
 * when unknown (e.g. the target container until it is allocated); numbers are 0 when
 * unknown.
 */
@Public
@Unstable
public abstract class ContainerMigrationReport {

  /** Prefix of every migration id: {@code migration_<rmStartMillis>_<seq4>}. */
  public static final String MIGRATION_ID_PREFIX = "migration_";

  /**
   * The canonical migration id, formatted like application ids: the RM start time and a
   * sequence number padded to at least four digits, e.g. {@code migration_1700000000000_0007}.
   */
  public static String formatMigrationId(long clusterTimestamp, int sequence) {
    return String.format("%s%d_%04d", MIGRATION_ID_PREFIX, clusterTimestamp, sequence);
  }

  public static ContainerMigrationReport newInstance() {
    return Records.newRecord(ContainerMigrationReport.class);
  }

  public abstract String getMigrationId();

  public abstract void setMigrationId(String migrationId);

  /** The container being migrated, the id the application keeps seeing. */
  public abstract ContainerId getContainerId();

  public abstract void setContainerId(ContainerId containerId);

  /** The container allocated on the target node; null until allocated. */
  public abstract ContainerId getTargetContainerId();

  public abstract void setTargetContainerId(ContainerId targetContainerId);

  public abstract ApplicationId getApplicationId();

  public abstract void setApplicationId(ApplicationId applicationId);

  /** The user who asked for the migration. */
  public abstract String getUser();

  public abstract void setUser(String user);

  public abstract NodeId getSourceNode();

  public abstract void setSourceNode(NodeId sourceNode);

  /** Null while the server is still choosing it. */
  public abstract NodeId getTargetNode();

  public abstract void setTargetNode(NodeId targetNode);

  public abstract ContainerMigrationState getState();

  public abstract void setState(ContainerMigrationState state);

  public abstract ContainerMigrationStrategy getStrategy();

  public abstract void setStrategy(ContainerMigrationStrategy strategy);

  /** What the migration does with the container's TCP connections (the resolved mode). */
  public abstract ContainerMigrationTcpMode getTcpMode();

  public abstract void setTcpMode(ContainerMigrationTcpMode tcpMode);

  /**
   * Why the ResourceManager chose the target node (its placement policy and the facts it
   * went by); null when the request named the node.
   */
  public abstract String getPlacement();

  public abstract void setPlacement(String placement);

  /**
   * Why the migration ran: "requested by &lt;user&gt;", "drain of &lt;node&gt;" or
   * "rebalance: ..." with the loads the rebalancer went by; null from an older RM.
   */
  public abstract String getReason();

  public abstract void setReason(String reason);

  /** When the migration was accepted, ms since the epoch. */
  public abstract long getSubmitTime();

  public abstract void setSubmitTime(long submitTime);

  /** When it reached a final state, ms since the epoch; 0 before. */
  public abstract long getFinishTime();

  public abstract void setFinishTime(long finishTime);

  /** The states gone through so far, oldest first; the last one is current. */
  public abstract List<ContainerMigrationPhase> getPhases();

  public abstract void setPhases(List<ContainerMigrationPhase> phases);

  /** Size of the checkpoint images sent to the target, in bytes. */
  public abstract long getImageBytes();

  public abstract void setImageBytes(long imageBytes);

  /** How long the container was frozen (the downtime), in ms. */
  public abstract long getFrozenTimeMs();

  public abstract void setFrozenTimeMs(long frozenTimeMs);

  /** CRIU's dump of the frozen tree, measured on the source NodeManager, in ms. */
  public abstract long getDumpTimeMs();

  public abstract void setDumpTimeMs(long dumpTimeMs);

  /** Shipping the images to the target, measured on the source NodeManager, in ms. */
  public abstract long getTransferTimeMs();

  public abstract void setTransferTimeMs(long transferTimeMs);

  /** Bytes the source NodeManager shipped to the target (images, work dir, files). */
  public abstract long getTransferredBytes();

  public abstract void setTransferredBytes(long transferredBytes);

  /**
   * The failure that ended the migration (the first one: what a rollback's own problems
   * add is in the diagnostics), as fields: the step, the container, the migration, the node
   * where it failed and the cause. Null unless the migration is ROLLING_BACK or FAILED.
   */
  public abstract MigrationFailure getFailure();

  public abstract void setFailure(MigrationFailure failure);

  /** Human-readable detail, the failure cause for FAILED migrations; may be null. */
  public abstract String getDiagnostics();

  public abstract void setDiagnostics(String diagnostics);
}
