/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.client.api.migration.impl;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeoutException;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.ipc.RPC;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationProtocol;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportRequest;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportsRequest;
import org.apache.hadoop.yarn.api.migration.protocolrecords.MigrateContainerRequest;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationOptions;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.client.api.migration.ContainerMigrationClient;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.ipc.YarnRPC;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link ContainerMigrationClient} over Hadoop RPC (YarnRPC, default IPC retries). */
@Private
public class ContainerMigrationClientImpl extends ContainerMigrationClient {

  private static final Logger LOG = LoggerFactory.getLogger(ContainerMigrationClientImpl.class);

  /** Set when the protocol was handed in; such a protocol is not closed on stop. */
  private final ContainerMigrationProtocol givenProtocol;

  private InetSocketAddress rmAddress;
  private volatile ContainerMigrationProtocol proxy;

  public ContainerMigrationClientImpl() {
    this(null);
  }

  public ContainerMigrationClientImpl(ContainerMigrationProtocol protocol) {
    super(ContainerMigrationClientImpl.class.getName());
    this.givenProtocol = protocol;
  }

  @Override
  protected void serviceInit(Configuration conf) throws Exception {
    rmAddress = MigrationConfiguration.getRmMigrationAddress(conf);
    super.serviceInit(conf);
  }

  @Override
  protected void serviceStart() throws Exception {
    if (givenProtocol != null) {
      proxy = givenProtocol;
    } else {
      LOG.debug("Connecting to the ResourceManager migration service at {}", rmAddress);
      proxy = (ContainerMigrationProtocol) YarnRPC.create(getConfig())
          .getProxy(ContainerMigrationProtocol.class, rmAddress, getConfig());
    }
    super.serviceStart();
  }

  @Override
  protected void serviceStop() throws Exception {
    ContainerMigrationProtocol p = proxy;
    proxy = null;
    if (p != null && p != givenProtocol) {
      RPC.stopProxy(p);
    }
    super.serviceStop();
  }

  /** Where the client connects (known after init). */
  public InetSocketAddress getRmAddress() {
    return rmAddress;
  }

  private ContainerMigrationProtocol protocol() {
    ContainerMigrationProtocol p = proxy;
    if (p == null) {
      throw new IllegalStateException(getName() + " is not started (state " + getServiceState()
          + ")");
    }
    return p;
  }

  @Override
  public ContainerMigrationReport migrate(ContainerId containerId, NodeId targetNode,
      ContainerMigrationOptions options) throws YarnException, IOException {
    if (containerId == null) {
      throw new IllegalArgumentException("containerId is required");
    }
    MigrateContainerRequest request =
        MigrateContainerRequest.newInstance(containerId, targetNode, options);
    return protocol().migrateContainer(request).getReport();
  }

  @Override
  public ContainerMigrationReport getReport(String migrationId)
      throws YarnException, IOException {
    if (migrationId == null || migrationId.isEmpty()) {
      throw new IllegalArgumentException("migrationId is required");
    }
    return protocol().getContainerMigrationReport(
        GetContainerMigrationReportRequest.newInstance(migrationId)).getReport();
  }

  @Override
  public List<ContainerMigrationReport> getReports(GetContainerMigrationReportsRequest filter)
      throws YarnException, IOException {
    GetContainerMigrationReportsRequest request =
        filter == null ? GetContainerMigrationReportsRequest.newInstance() : filter;
    return protocol().getContainerMigrationReports(request).getReports();
  }

  @Override
  public ContainerMigrationReport waitForCompletion(String migrationId, long pollMs,
      long timeoutMs, Listener onChange)
      throws YarnException, IOException, InterruptedException, TimeoutException {
    long pause = Math.max(1L, pollMs);
    long deadline = timeoutMs > 0 ? System.currentTimeMillis() + timeoutMs : Long.MAX_VALUE;
    ContainerMigrationReport previous = null;
    while (true) {
      ContainerMigrationReport current = getReport(migrationId);
      if (onChange != null
          && (previous == null || previous.getState() != current.getState())) {
        onChange.onStateChange(previous, current);
      }
      if (current.getState() != null && current.getState().isFinal()) {
        return current;
      }
      previous = current;
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        throw new TimeoutException("Timed out after " + timeoutMs
            + " ms waiting for migration " + migrationId + " (state " + current.getState()
            + ")");
      }
      Thread.sleep(Math.min(pause, left));
    }
  }

  @Override
  public org.apache.hadoop.yarn.api.migration.records.NodeDrainReport drainNode(NodeId node,
      int timeoutSecs) throws YarnException, IOException {
    return protocol().drainNode(
        org.apache.hadoop.yarn.api.migration.protocolrecords.DrainNodeRequest.newInstance(
            node, timeoutSecs)).getReport();
  }

  @Override
  public org.apache.hadoop.yarn.api.migration.records.NodeDrainReport getNodeDrainReport(
      NodeId node) throws YarnException, IOException {
    return protocol().getNodeDrainReport(
        org.apache.hadoop.yarn.api.migration.protocolrecords.GetNodeDrainReportRequest
            .newInstance(node)).getReport();
  }
}
