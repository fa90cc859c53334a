/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.channel;

import static org.junit.Assert.assertEquals;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.fs.CommonConfigurationKeys;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/** The RM's calls to NodeManagers and their agents are bounded whatever is configured. */
public class TestRpcNodeMigrationChannelBounds {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  private static int agentRpcTimeout(Configuration c) {
    return RpcNodeMigrationChannel.boundedAgentConf(c).getInt(
        CommonConfigurationKeys.IPC_CLIENT_RPC_TIMEOUT_KEY, -1);
  }

  @Test
  public void givenHadoopDefaults_whenAgentConf_thenRpcTimeoutIsTheMigrationDeadline() {
    Configuration c = new Configuration(false);
    assertEquals(MigrationConfiguration.DEFAULT_RM_MIGRATION_DEFAULT_TIMEOUT_MS,
        agentRpcTimeout(c));
  }

  @Test
  public void givenShorterMigrationDeadline_whenAgentConf_thenRpcTimeoutFollowsIt() {
    Configuration c = new Configuration(false);
    c.setLong(MigrationConfiguration.RM_MIGRATION_DEFAULT_TIMEOUT_MS, 30_000L);
    assertEquals(30_000, agentRpcTimeout(c));
  }

  @Test
  public void givenSmallerConfiguredRpcTimeout_whenAgentConf_thenItStays() {
    Configuration c = new Configuration(false);
    c.setInt(CommonConfigurationKeys.IPC_CLIENT_RPC_TIMEOUT_KEY, 5_000);
    assertEquals(5_000, agentRpcTimeout(c));
  }

  @Test
  public void givenLargerConfiguredRpcTimeout_whenAgentConf_thenCappedAtTheDeadline() {
    Configuration c = new Configuration(false);
    c.setInt(CommonConfigurationKeys.IPC_CLIENT_RPC_TIMEOUT_KEY, Integer.MAX_VALUE);
    c.setLong(MigrationConfiguration.RM_MIGRATION_DEFAULT_TIMEOUT_MS, 45_000L);
    assertEquals(45_000, agentRpcTimeout(c));
  }

  @Test
  public void givenNmConnectWaitForever_whenNmConf_thenCapped() {
    Configuration c = new Configuration(false);
    c.setLong(YarnConfiguration.CLIENT_NM_CONNECT_MAX_WAIT_MS, -1);
    assertEquals(RpcNodeMigrationChannel.NM_CONNECT_MAX_WAIT_CAP_MS,
        RpcNodeMigrationChannel.boundedNmConf(c).getLong(
            YarnConfiguration.CLIENT_NM_CONNECT_MAX_WAIT_MS, 0));
  }
}
