/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.service;

import java.util.List;
import java.util.function.Consumer;

import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportsRequest;
import org.apache.hadoop.yarn.api.migration.protocolrecords.MigrateContainerRequest;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport;
import org.apache.hadoop.yarn.api.records.ContainerId;

/**
 * What the RM's migrations offer the pieces around them (the drain, the REST filter): ask
 * for a migration, read reports. The MigrationManager implements it; those pieces depend
 * on this interface alone and find the running one through {@link MigrationLookup}, so
 * nothing of theirs points back at the manager.
 */
public interface MigrationService {

  /**
   * Accepts a migration (validated; a refused request changes nothing).
   *
   * @param caller who asks (the RPC caller, the web user, or the RM itself)
   * @return the report of the accepted migration (state NEW or later)
   */
  ContainerMigrationReport migrate(MigrateContainerRequest request,
      UserGroupInformation caller) throws ContainerMigrationException;

  /**
   * Accepts a migration the RM itself starts (a drain, the rebalancer).
   *
   * @param reason why it runs, as its report shows it (e.g. "drain of host:port")
   */
  ContainerMigrationReport migrate(MigrateContainerRequest request,
      UserGroupInformation caller, String reason) throws ContainerMigrationException;

  /** The report of one migration the caller may view. */
  ContainerMigrationReport getReport(String migrationId, UserGroupInformation caller)
      throws ContainerMigrationException;

  /** Reports matching the request's filters that the caller may view, newest first. */
  List<ContainerMigrationReport> getReports(GetContainerMigrationReportsRequest request,
      UserGroupInformation caller);

  /**
   * The report of a migration for the RM's own use (no access check), or null when it
   * never existed or dropped out of the history.
   */
  ContainerMigrationReport reportOf(String migrationId);

  /** The container that now runs what an AM knows as {@code id} (itself if never moved). */
  ContainerId currentOf(ContainerId id);

  /**
   * Calls {@code listener} with the id of every migration that reaches a final state, on
   * the thread that ended it: it must not block or take locks (hand the work to a thread
   * of its own, e.g. to run a drain's next round now instead of at its next poll).
   */
  void whenEnded(Consumer<String> listener);

  /** Whether it serves requests now (started, not stopping). */
  boolean isServing();
}
