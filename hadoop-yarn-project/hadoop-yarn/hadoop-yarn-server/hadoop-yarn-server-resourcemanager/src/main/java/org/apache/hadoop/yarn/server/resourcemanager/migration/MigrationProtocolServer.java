/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration;

import org.apache.hadoop.yarn.server.api.migration.security.MigrationAgentSecretManager;
import org.apache.hadoop.yarn.server.api.migration.security.MigrationAgentTokenIdentifier;
import java.io.IOException;
import java.net.InetSocketAddress;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonConfigurationKeys;
import org.apache.hadoop.ipc.Server;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.service.AbstractService;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationProtocol;
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
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.ipc.YarnRPC;
import org.apache.hadoop.yarn.server.api.migration.MigrationServerPolicyProvider;
import org.apache.hadoop.yarn.server.api.migration.MigrationServerProtocols;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@link ContainerMigrationProtocol} on its own port
 * ({@link MigrationConfiguration#RM_MIGRATION_ADDRESS}) and hands every call to the
 * {@link MigrationManager} with the RPC caller as the acting user.
 */
public class MigrationProtocolServer extends AbstractService
    implements ContainerMigrationProtocol {

  private static final Logger LOG = LoggerFactory.getLogger(MigrationProtocolServer.class);

  private final MigrationManager manager;
  private Server server;
  private InetSocketAddress bindAddress;
  private int threads;

  public MigrationProtocolServer(MigrationManager manager) {
    super(MigrationProtocolServer.class.getSimpleName());
    this.manager = manager;
  }

  @Override
  protected void serviceInit(Configuration conf) throws Exception {
    bindAddress = MigrationConfiguration.getRmMigrationBindAddress(conf);
    threads = conf.getInt(MigrationConfiguration.RM_MIGRATION_CLIENT_THREAD_COUNT,
        MigrationConfiguration.DEFAULT_RM_MIGRATION_CLIENT_THREAD_COUNT);
    super.serviceInit(conf);
  }

  @Override
  protected void serviceStart() throws Exception {
    Configuration conf = getConfig();
    // NodeManagers prove a migration token to register (MigrationAgentTracker); users
    // authenticate as YARN's clients do (SIMPLE or KERBEROS)
    server = YarnRPC.create(conf).getServer(ContainerMigrationProtocol.class, this,
        bindAddress, conf, new MigrationAgentSecretManager(manager.getAgentTracker().getKeys(),
            MigrationAgentTokenIdentifier.Role.NODE_MANAGER, null), threads);
    // NM migration agents register on the same server and port.
    MigrationServerProtocols.addTo(server, manager.getAgentTracker());
    if (conf.getBoolean(CommonConfigurationKeys.HADOOP_SECURITY_AUTHORIZATION, false)) {
      server.refreshServiceAcl(conf, MigrationServerPolicyProvider.forResourceManager());
    }
    server.start();
    InetSocketAddress listening = server.getListenerAddress();
    conf.updateConnectAddr(YarnConfiguration.RM_BIND_HOST,
        MigrationConfiguration.RM_MIGRATION_ADDRESS,
        MigrationConfiguration.DEFAULT_RM_MIGRATION_ADDRESS, listening);
    LOG.info("ContainerMigrationProtocol listening on {}", listening);
    super.serviceStart();
  }

  @Override
  protected void serviceStop() throws Exception {
    if (server != null) {
      server.stop();
      server = null;
    }
    super.serviceStop();
  }

  /** Where the server listens (after start). */
  public InetSocketAddress getListenerAddress() {
    return server == null ? null : server.getListenerAddress();
  }

  private static UserGroupInformation caller() throws IOException {
    UserGroupInformation remote = Server.getRemoteUser();
    return remote != null ? remote : UserGroupInformation.getCurrentUser();
  }

  @Override
  public MigrateContainerResponse migrateContainer(MigrateContainerRequest request)
      throws YarnException, IOException {
    return MigrateContainerResponse.newInstance(manager.migrate(request, caller()));
  }

  @Override
  public GetContainerMigrationReportResponse getContainerMigrationReport(
      GetContainerMigrationReportRequest request) throws YarnException, IOException {
    return GetContainerMigrationReportResponse.newInstance(
        manager.getReport(request.getMigrationId(), caller()));
  }

  @Override
  public GetContainerMigrationReportsResponse getContainerMigrationReports(
      GetContainerMigrationReportsRequest request) throws YarnException, IOException {
    return GetContainerMigrationReportsResponse.newInstance(
        manager.getReports(request, caller()));
  }

  @Override
  public DrainNodeResponse drainNode(DrainNodeRequest request)
      throws YarnException, IOException {
    return DrainNodeResponse.newInstance(
        manager.getNodeDrainer().drainNode(request, caller()));
  }

  @Override
  public GetNodeDrainReportResponse getNodeDrainReport(GetNodeDrainReportRequest request)
      throws YarnException, IOException {
    return GetNodeDrainReportResponse.newInstance(
        manager.getNodeDrainer().getReport(request.getNode(), caller()));
  }
}
