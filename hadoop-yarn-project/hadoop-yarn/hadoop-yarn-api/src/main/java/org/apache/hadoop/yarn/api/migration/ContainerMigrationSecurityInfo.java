/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration;

import java.lang.annotation.Annotation;

import org.apache.hadoop.classification.InterfaceAudience.Public;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.KerberosInfo;
import org.apache.hadoop.security.SecurityInfo;
import org.apache.hadoop.security.token.TokenInfo;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * Kerberos for {@link ContainerMigrationProtocolPB}: the server is the ResourceManager
 * ({@code yarn.resourcemanager.principal}), like ClientRMSecurityInfo for the client
 * protocol. No delegation tokens. Registered through
 * {@code META-INF/services/org.apache.hadoop.security.SecurityInfo}.
 */
@Public
@Unstable
public class ContainerMigrationSecurityInfo extends SecurityInfo {

  @Override
  public KerberosInfo getKerberosInfo(Class<?> protocol, Configuration conf) {
    if (!ContainerMigrationProtocolPB.class.equals(protocol)) {
      return null;
    }
    return new KerberosInfo() {
      @Override
      public Class<? extends Annotation> annotationType() {
        return KerberosInfo.class;
      }

      @Override
      public String serverPrincipal() {
        return YarnConfiguration.RM_PRINCIPAL;
      }

      @Override
      public String clientPrincipal() {
        return null;
      }
    };
  }

  @Override
  public TokenInfo getTokenInfo(Class<?> protocol, Configuration conf) {
    return null;
  }
}
