/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration;

import java.io.IOException;

import org.apache.hadoop.classification.InterfaceAudience.Public;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
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
import org.apache.hadoop.yarn.exceptions.YarnException;

/**
 * The protocol between clients and the ResourceManager for live migration of running
 * containers (served by the RM on
 * {@link org.apache.hadoop.yarn.conf.MigrationConfiguration#RM_MIGRATION_ADDRESS}).
 *
 * <p>Both {@code YarnRPC.create(conf).getServer(ContainerMigrationProtocol.class, ...)} and
 * {@code getProxy(ContainerMigrationProtocol.class, ...)} work: the PB translators are named
 * by YARN's RPC factory conventions.
 *
 * <p>Errors are {@link YarnException}s; servers should throw
 * {@link ContainerMigrationException} with a {@link ContainerMigrationException.Reason},
 * which reaches the client as the same class with the same reason and message.
 */
@Public
@Unstable
public interface ContainerMigrationProtocol {

  /**
   * Starts migrating a RUNNING container to another node. Returns as soon as the migration
   * is accepted (state {@code NEW} or later); the migration id in the report is used to
   * follow it.
   *
   * @param request container, target node (null lets the server choose) and options
   * @return the report of the accepted migration
   * @throws YarnException if the request is rejected (invalid container or node, caller not
   *     allowed, a migration of the container already in flight, migration disabled, ...)
   * @throws IOException on RPC failures
   */
  MigrateContainerResponse migrateContainer(MigrateContainerRequest request)
      throws YarnException, IOException;

  /**
   * The report of one migration, in flight or finished (finished ones are kept up to
   * {@code yarn.resourcemanager.migration.max-history}).
   *
   * @throws YarnException ({@code NOT_FOUND}) if the id is unknown
   */
  GetContainerMigrationReportResponse getContainerMigrationReport(
      GetContainerMigrationReportRequest request) throws YarnException, IOException;

  /**
   * Reports matching every filter set in the request, newest first (by submit time, then
   * by migration id), at most {@code limit} of them.
   */
  GetContainerMigrationReportsResponse getContainerMigrationReports(
      GetContainerMigrationReportsRequest request) throws YarnException, IOException;

  /**
   * Drains a node (admin only, {@code yarn.admin.acl}): puts it into graceful decommission,
   * as {@code yarn rmadmin -refreshNodes -g <timeout>} would for an excluded host, and
   * migrates every running non-AM container off it. Returns at once with the report of the
   * drain (state {@code DRAINING}); follow it with {@link #getNodeDrainReport}.
   *
   * <p>Default: rejected with {@code INVALID_REQUEST}, for servers without drain support
   * (the method was added after the first three).
   *
   * @throws YarnException {@code ACCESS_DENIED} for non-admins, {@code NOT_FOUND} for an
   *     unknown node, {@code CONFLICT} for a node that is neither RUNNING nor DECOMMISSIONING
   */
  default DrainNodeResponse drainNode(DrainNodeRequest request)
      throws YarnException, IOException {
    throw new ContainerMigrationException(ContainerMigrationException.Reason.INVALID_REQUEST,
        "This server does not support node drains");
  }

  /**
   * The report of the current or last drain of a node (admin only).
   *
   * @throws YarnException {@code NOT_FOUND} if the node was never drained (or the report was
   *     dropped from the history)
   */
  default GetNodeDrainReportResponse getNodeDrainReport(GetNodeDrainReportRequest request)
      throws YarnException, IOException {
    throw new ContainerMigrationException(ContainerMigrationException.Reason.INVALID_REQUEST,
        "This server does not support node drains");
  }
}
