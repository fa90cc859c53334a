/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration;

import java.lang.annotation.Annotation;

import org.apache.hadoop.classification.InterfaceAudience.Private;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.KerberosInfo;
import org.apache.hadoop.security.SecurityInfo;
import org.apache.hadoop.security.token.TokenIdentifier;
import org.apache.hadoop.security.token.TokenInfo;
import org.apache.hadoop.security.token.TokenSelector;
import org.apache.hadoop.yarn.server.api.migration.security.MigrationAgentTokenSelector;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * Kerberos for the server protocols, registered through
 * {@code META-INF/services/org.apache.hadoop.security.SecurityInfo} of this module:
 * <ul>
 * <li>{@link NodeMigrationAgentProtocolPB}: server is the NodeManager
 *     ({@code yarn.nodemanager.principal}), client the ResourceManager
 *     ({@code yarn.resourcemanager.principal});</li>
 * <li>{@link MigrationAgentTrackerProtocolPB}: server is the ResourceManager, client the
 *     NodeManager (like ResourceTrackerSecurityInfo for the resource tracker).</li>
 * </ul>
 * and, with or without Kerberos, a migration token
 * ({@link org.apache.hadoop.yarn.server.api.migration.security.MigrationAgentTokenIdentifier}:
 * the RM to an agent, an NM to the tracker), which the servers require of these callers.
 * No delegation tokens.
 */
@Private
@Unstable
public class MigrationServerSecurityInfo extends SecurityInfo {

  @Override
  public KerberosInfo getKerberosInfo(Class<?> protocol, Configuration conf) {
    if (NodeMigrationAgentProtocolPB.class.equals(protocol)) {
      return kerberosInfo(YarnConfiguration.NM_PRINCIPAL, YarnConfiguration.RM_PRINCIPAL);
    }
    if (MigrationAgentTrackerProtocolPB.class.equals(protocol)) {
      return kerberosInfo(YarnConfiguration.RM_PRINCIPAL, YarnConfiguration.NM_PRINCIPAL);
    }
    return null;
  }

  @Override
  public TokenInfo getTokenInfo(Class<?> protocol, Configuration conf) {
    if (!NodeMigrationAgentProtocolPB.class.equals(protocol)
        && !MigrationAgentTrackerProtocolPB.class.equals(protocol)) {
      return null;
    }
    return new TokenInfo() {
      @Override
      public Class<? extends Annotation> annotationType() {
        return TokenInfo.class;
      }

      @Override
      public Class<? extends TokenSelector<? extends TokenIdentifier>> value() {
        return MigrationAgentTokenSelector.class;
      }
    };
  }

  private static KerberosInfo kerberosInfo(final String serverKey, final String clientKey) {
    return new KerberosInfo() {
      @Override
      public Class<? extends Annotation> annotationType() {
        return KerberosInfo.class;
      }

      @Override
      public String serverPrincipal() {
        return serverKey;
      }

      @Override
      public String clientPrincipal() {
        return clientKey;
      }
    };
  }
}
