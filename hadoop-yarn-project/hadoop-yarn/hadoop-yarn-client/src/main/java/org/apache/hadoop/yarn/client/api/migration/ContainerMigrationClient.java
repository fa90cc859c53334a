/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.client.api.migration;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeoutException;

import org.apache.hadoop.classification.InterfaceAudience.Public;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.service.AbstractService;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationProtocol;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportsRequest;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationOptions;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.client.api.migration.impl.ContainerMigrationClientImpl;
import org.apache.hadoop.yarn.exceptions.YarnException;

/**
 * Client of the ResourceManager's container migration service, used like
 * {@code YarnClient}:
 *
 * <pre>
 *   ContainerMigrationClient client = ContainerMigrationClient.createContainerMigrationClient();
 *   client.init(conf);
 *   client.start();
 *   try {
 *     ContainerMigrationReport r = client.migrate(containerId, targetNode, null);
 *     r = client.waitForCompletion(r.getMigrationId(), 500, 0, listener);
 *   } finally {
 *     client.stop();
 *   }
 * </pre>
 *
 * The RM address is {@code yarn.resourcemanager.migration.address}, or
 * {@code yarn.resourcemanager.hostname} with port 8036 when that is unset.
 */
@Public
@Unstable
public abstract class ContainerMigrationClient extends AbstractService {

  /** Told about each state a migration is seen in while waiting for it. */
  public interface Listener {
    /**
     * @param previous the report before the change; null for the first report seen
     * @param current the report in the new state
     */
    void onStateChange(ContainerMigrationReport previous, ContainerMigrationReport current);
  }

  /** A client that connects to the RM over Hadoop RPC when started. */
  public static ContainerMigrationClient createContainerMigrationClient() {
    return new ContainerMigrationClientImpl();
  }

  /**
   * A client that talks to the given protocol instead of opening a connection (for tests
   * and in-process use); stopping the client does not close it.
   */
  public static ContainerMigrationClient createContainerMigrationClient(
      ContainerMigrationProtocol protocol) {
    return new ContainerMigrationClientImpl(protocol);
  }

  protected ContainerMigrationClient(String name) {
    super(name);
  }

  /**
   * Asks the RM to migrate a RUNNING container.
   *
   * @param containerId the container to move
   * @param targetNode where to move it; null lets the RM choose (if it supports that)
   * @param options strategy and timeout; null for the defaults
   * @return the report of the accepted migration (its id, state {@code NEW} or later)
   * @throws YarnException if the RM rejects the request, usually a
   *     {@link org.apache.hadoop.yarn.api.migration.ContainerMigrationException}
   */
  public abstract ContainerMigrationReport migrate(ContainerId containerId, NodeId targetNode,
      ContainerMigrationOptions options) throws YarnException, IOException;

  /** The report of one migration. */
  public abstract ContainerMigrationReport getReport(String migrationId)
      throws YarnException, IOException;

  /** Reports matching the filters of the request, newest first. */
  public abstract List<ContainerMigrationReport> getReports(
      GetContainerMigrationReportsRequest filter) throws YarnException, IOException;

  /** The newest reports, at most the server's default limit, unfiltered. */
  public List<ContainerMigrationReport> getReports() throws YarnException, IOException {
    return getReports(GetContainerMigrationReportsRequest.newInstance());
  }

  /**
   * Polls a migration until it reaches a final state.
   *
   * @param migrationId the migration to follow
   * @param pollMs pause between two polls, at least 1 ms
   * @param timeoutMs give up after this long; 0 or less waits without limit
   * @param onChange told about the first report and each change of state; may be null
   * @return the final report ({@code SUCCEEDED} or {@code FAILED}; a FAILED migration is not
   *     thrown as an exception, its diagnostics say why)
   * @throws TimeoutException if the migration is not final after {@code timeoutMs}
   * @throws InterruptedException if interrupted while waiting
   */
  public abstract ContainerMigrationReport waitForCompletion(String migrationId, long pollMs,
      long timeoutMs, Listener onChange)
      throws YarnException, IOException, InterruptedException, TimeoutException;

  /**
   * Gracefully decommissions the node and migrates its running containers away (admins
   * only). Returns the drain's first report; follow it with {@link #getNodeDrainReport}.
   *
   * @param timeoutSecs graceful decommission timeout; negative = the RM's default
   */
  public abstract org.apache.hadoop.yarn.api.migration.records.NodeDrainReport drainNode(
      NodeId node, int timeoutSecs) throws YarnException, IOException;

  /** The current or last drain of the node (admins only). */
  public abstract org.apache.hadoop.yarn.api.migration.records.NodeDrainReport
      getNodeDrainReport(NodeId node) throws YarnException, IOException;
}
