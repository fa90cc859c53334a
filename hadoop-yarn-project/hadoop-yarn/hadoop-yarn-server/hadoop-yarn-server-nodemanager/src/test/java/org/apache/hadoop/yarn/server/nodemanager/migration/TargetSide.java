/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration;

import java.io.IOException;
import java.nio.file.Path;

import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.AbortMigrationRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.CompleteMigrationRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.GetRestoreStatusRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.GetRestoreStatusResponse;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.RestoreStatus;
import org.apache.hadoop.yarn.server.nodemanager.migration.agent.MigrationAuxService;

/**
 * What the RM does on a target NM after the images arrived, for tests that drive a
 * migration without an RM: the target agent's own calls (restore status, complete, abort),
 * on the agent object itself.
 */
public final class TargetSide {

  private final MigrationAuxService aux;
  private final String migrationId;
  private final ContainerId restoreContainer;
  private volatile String lastDiagnostics;

  /**
   * @param aux the target NM's migration aux service
   * @param migrationId the migration
   * @param restoreContainer the container that restores it on that NM
   */
  public TargetSide(MigrationAuxService aux, String migrationId,
      ContainerId restoreContainer) {
    this.aux = aux;
    this.migrationId = migrationId;
    this.restoreContainer = restoreContainer;
  }

  /** @return the received images, or null when the node has none of the migration */
  public Path imageDir() {
    return aux.getTargetMigrations().get(migrationId).images;
  }

  /**
   * Polls the agent's restore status, as the RM does.
   *
   * @return true once RESTORED; false when FAILED (see {@link #diagnostics}) or not
   *     restored within the timeout
   */
  public boolean awaitRestored(long timeoutMs) throws IOException, YarnException,
      InterruptedException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
    while (System.nanoTime() - deadline < 0) {
      GetRestoreStatusResponse r = aux.getAgent().getRestoreStatus(
          GetRestoreStatusRequest.newInstance(migrationId, restoreContainer));
      if (r.getStatus() == RestoreStatus.RESTORED) {
        return true;
      }
      if (r.getStatus() == RestoreStatus.FAILED) {
        lastDiagnostics = r.getDiagnostics();
        return false;
      }
      Thread.sleep(100);
    }
    lastDiagnostics = "not restored within " + timeoutMs + " ms";
    return false;
  }

  /** @return why the last {@link #awaitRestored} returned false */
  public String diagnostics() {
    return lastDiagnostics;
  }

  /** The RM's completion on the target: the images go. */
  public void finish() throws IOException, YarnException {
    aux.getAgent().completeMigration(CompleteMigrationRequest.newInstance(migrationId,
        restoreContainer));
  }

  /** The RM's abort on the target: the images go. */
  public void abort() throws IOException, YarnException {
    aux.getAgent().abortMigration(AbortMigrationRequest.newInstance(migrationId,
        restoreContainer, "test cleanup"));
  }
}
