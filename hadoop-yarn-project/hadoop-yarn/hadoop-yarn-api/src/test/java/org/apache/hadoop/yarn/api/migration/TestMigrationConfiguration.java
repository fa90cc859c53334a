/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.api.migration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.security.SecurityUtil;
import org.apache.hadoop.security.authorize.Service;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

public class TestMigrationConfiguration {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  @Test
  public void givenNothingSetThenClientsUseWildcardAndDefaultPort() {
    Configuration conf = new Configuration(false);
    InetSocketAddress addr = MigrationConfiguration.getRmMigrationAddress(conf);
    assertEquals(8036, addr.getPort());
    assertEquals("0.0.0.0", addr.getHostString());
  }

  @Test
  public void givenRmHostnameOnlyThenClientsUseItWithDefaultPort() {
    Configuration conf = new Configuration(false);
    conf.set(YarnConfiguration.RM_HOSTNAME, "rm.example.com");
    InetSocketAddress addr = MigrationConfiguration.getRmMigrationAddress(conf);
    assertEquals("rm.example.com", addr.getHostString());
    assertEquals(8036, addr.getPort());
  }

  @Test
  public void givenAddressSetThenItWinsOverRmHostname() {
    Configuration conf = new Configuration(false);
    conf.set(YarnConfiguration.RM_HOSTNAME, "rm.example.com");
    conf.set(MigrationConfiguration.RM_MIGRATION_ADDRESS, "127.0.0.1:18036");
    InetSocketAddress addr = MigrationConfiguration.getRmMigrationAddress(conf);
    assertEquals("127.0.0.1", addr.getHostString());
    assertEquals(18036, addr.getPort());
  }

  @Test
  public void givenBindHostThenServerBindsItWithConfiguredPort() {
    Configuration conf = new Configuration(false);
    conf.set(MigrationConfiguration.RM_MIGRATION_ADDRESS, "rm.example.com:18036");
    conf.set(YarnConfiguration.RM_BIND_HOST, "0.0.0.0");
    InetSocketAddress addr = MigrationConfiguration.getRmMigrationBindAddress(conf);
    assertEquals("0.0.0.0", addr.getHostString());
    assertEquals(18036, addr.getPort());
  }

  /** The default ports must not collide with any default port of stock Hadoop 3.1.0. */
  @Test
  public void givenStockYarnDefaultsThenMigrationPortsAreFree() {
    Configuration conf = new YarnConfiguration();
    Set<Integer> used = new HashSet<Integer>();
    for (java.util.Map.Entry<String, String> e : conf) {
      String v = e.getValue().trim();
      if (v.matches(".*:\\d{2,5}$")) {
        used.add(Integer.parseInt(v.substring(v.lastIndexOf(':') + 1)));
      } else if (e.getKey().endsWith(".port") && v.matches("\\d{2,5}")) {
        used.add(Integer.parseInt(v));
      }
    }
    used.add(13562); // mapreduce.shuffle.port (mapred-default.xml, not loaded here)
    assertTrue(used.contains(8032));
    assertTrue(String.valueOf(used),
        !used.contains(MigrationConfiguration.DEFAULT_RM_MIGRATION_PORT));
    assertTrue(String.valueOf(used),
        !used.contains(MigrationConfiguration.DEFAULT_NM_MIGRATION_TRANSFER_PORT));
  }

  @Test
  public void givenKeysThenEachHasItsPrefixAndADefault() throws Exception {
    for (Field f : MigrationConfiguration.class.getFields()) {
      if (!Modifier.isStatic(f.getModifiers()) || f.getName().startsWith("DEFAULT_")
          || f.getName().endsWith("_PREFIX") || f.getName().startsWith("SECURITY_")) {
        continue;
      }
      String key = (String) f.get(null);
      assertTrue(key, key.startsWith("yarn.resourcemanager.migration.")
          || key.startsWith("yarn.nodemanager.migration."));
      boolean hasDefault = false;
      for (Field d : MigrationConfiguration.class.getFields()) {
        hasDefault |= d.getName().startsWith("DEFAULT_" + f.getName());
      }
      assertTrue("no DEFAULT_ for " + f.getName(), hasDefault);
    }
  }

  @Test
  public void givenPolicyProviderThenAclGuardsTheProtobufProtocol() {
    Service[] services = new ContainerMigrationPolicyProvider().getServices();
    assertEquals(1, services.length);
    assertEquals("security.containermigration.protocol.acl", services[0].getServiceKey());
    assertEquals(ContainerMigrationProtocolPB.class, services[0].getProtocol());
  }

  @Test
  public void givenServiceLoaderThenKerberosInfoNamesTheRmPrincipal() {
    Configuration conf = new Configuration(false);
    assertEquals(YarnConfiguration.RM_PRINCIPAL,
        SecurityUtil.getKerberosInfo(ContainerMigrationProtocolPB.class, conf)
            .serverPrincipal());
    assertEquals(null,
        SecurityUtil.getTokenInfo(ContainerMigrationProtocolPB.class, conf));
  }
}
