/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration;

import org.apache.hadoop.classification.InterfaceAudience.Public;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.security.authorize.PolicyProvider;
import org.apache.hadoop.security.authorize.Service;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;

/**
 * Service-level authorization for the migration RPC server: the ACL
 * {@value MigrationConfiguration#SECURITY_CONTAINER_MIGRATION_PROTOCOL_ACL} (in
 * hadoop-policy.xml) guards {@link ContainerMigrationProtocolPB}. The RM passes this to
 * {@code Server.refreshServiceAcl} when {@code hadoop.security.authorization} is true.
 */
@Public
@Unstable
public class ContainerMigrationPolicyProvider extends PolicyProvider {

  private static final Service[] SERVICES = new Service[] {
      new Service(MigrationConfiguration.SECURITY_CONTAINER_MIGRATION_PROTOCOL_ACL,
          ContainerMigrationProtocolPB.class)
  };

  @Override
  public Service[] getServices() {
    return SERVICES.clone();
  }
}
