/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration;

import java.io.IOException;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.AbortMigrationRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.AbortMigrationResponse;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.CheckpointContainerRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.CheckpointContainerResponse;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.CompleteMigrationRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.CompleteMigrationResponse;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.GetRestoreStatusRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.GetRestoreStatusResponse;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.PrepareRestoreRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.PrepareRestoreResponse;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.ShipImagesRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.ShipImagesResponse;

/**
 * The ResourceManager drives the migration agent of a NodeManager: checkpoint, then ship on
 * the source, restore checks on the target, and the end (complete or abort) of a migration.
 * Internal (server to server); over Hadoop RPC through {@link NodeMigrationAgentProtocolPB}.
 * Call order on the source: {@link #checkpointContainer} -&gt; {@link #shipImages} -&gt;
 * {@link #completeMigration}; {@link #abortMigration} at any point (also while a call
 * runs: the call then ends with the tree thawed).
 */
@Private
@Unstable
public interface NodeMigrationAgentProtocol {

  /**
   * Source side, synchronous: freezes the container's process tree, dumps it with CRIU
   * and copies its work dir into a local checkpoint, and returns with the tree <b>still
   * frozen</b>. On failure the source is thawed before the call throws.
   */
  CheckpointContainerResponse checkpointContainer(CheckpointContainerRequest request) throws YarnException, IOException;

  /**
   * Source side, synchronous, after {@link #checkpointContainer}: ships the checkpoint to
   * the target NM it was made for and returns once the target acknowledged every file, the
   * tree <b>still frozen</b>. On failure the source is thawed before the call throws.
   */
  ShipImagesResponse shipImages(ShipImagesRequest request) throws YarnException, IOException;

  /**
   * Target side: are the images of this migration here and complete, so the RM may launch the restore container?
   */
  PrepareRestoreResponse prepareRestore(PrepareRestoreRequest request) throws YarnException, IOException;

  /**
   * Target side: the progress of the restore in the target container.
   */
  GetRestoreStatusResponse getRestoreStatus(GetRestoreStatusRequest request) throws YarnException, IOException;

  /**
   * Source side, after the target restored: ends the frozen source tree, which exits with the migrated exit status, and discards the images.
   */
  CompleteMigrationResponse completeMigration(CompleteMigrationRequest request) throws YarnException, IOException;

  /**
   * Either side: gives up the migration. The source thaws the container (it runs on) and discards the images; the target discards the images it received.
   */
  AbortMigrationResponse abortMigration(AbortMigrationRequest request) throws YarnException, IOException;
}
