/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.security.authorize.PolicyProvider;
import org.apache.hadoop.security.authorize.Service;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationPolicyProvider;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;

/**
 * Service-level authorization of the migration RPC servers, for
 * {@code Server.refreshServiceAcl} when {@code hadoop.security.authorization} is true.
 * A protocol missing from the provider is refused, so the RM's migration server, which
 * serves two protocols, needs {@link #forResourceManager()} rather than
 * ContainerMigrationPolicyProvider alone.
 */
@Private
@Unstable
public final class MigrationServerPolicyProvider extends PolicyProvider {

  private final Service[] services;

  private MigrationServerPolicyProvider(Service[] services) {
    this.services = services;
  }

  /** ContainerMigrationProtocol and {@link MigrationAgentTrackerProtocol} (RM server). */
  public static MigrationServerPolicyProvider forResourceManager() {
    Service[] client = new ContainerMigrationPolicyProvider().getServices();
    Service[] all = new Service[client.length + 1];
    System.arraycopy(client, 0, all, 0, client.length);
    all[client.length] = new Service(
        MigrationConfiguration.SECURITY_MIGRATION_AGENT_TRACKER_PROTOCOL_ACL,
        MigrationAgentTrackerProtocolPB.class);
    return new MigrationServerPolicyProvider(all);
  }

  /** {@link NodeMigrationAgentProtocol} (the NM's migration agent server). */
  public static MigrationServerPolicyProvider forNodeManager() {
    return new MigrationServerPolicyProvider(new Service[] {
        new Service(MigrationConfiguration.SECURITY_NODE_MIGRATION_AGENT_PROTOCOL_ACL,
            NodeMigrationAgentProtocolPB.class)});
  }

  @Override
  public Service[] getServices() {
    return services.clone();
  }
}
