/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.channel;

import static org.junit.Assert.assertEquals;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.ipc.Server;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnRuntimeException;
import org.apache.hadoop.yarn.ipc.YarnRPC;
import org.apache.hadoop.yarn.server.api.migration.NodeMigrationAgentProtocol;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.GetRestoreStatusResponse;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.RegisterMigrationAgentRequest;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.RestoreStatus;
import org.apache.hadoop.yarn.server.api.migration.security.MigrationAgentKeys;
import org.apache.hadoop.yarn.server.api.migration.security.MigrationAgentSecretManager;
import org.apache.hadoop.yarn.server.api.migration.security.MigrationAgentTokenIdentifier;
import org.apache.hadoop.yarn.server.resourcemanager.migration.records.MigrationSpec;
import org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler.TargetAllocation;
import org.junit.After;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/**
 * A NodeManager that restarts gets a new migration agent on the same address: the RM's
 * next call reaches the new run (real RPC servers, one after the other on one port). The
 * RPC client keeps an idle connection to the run that ended and finds it closed only when
 * it reads the answer of a call on it (an EOFException, which failed the first move of a
 * container recovered by a restarted NodeManager); the agent's start, sent with its
 * registration, makes the channel use a new connection.
 */
public class TestAgentRestart {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  private static final MigrationAgentKeys KEYS = FixedAgentKeys.INSTANCE;

  private Server server;
  private RpcNodeMigrationChannel channel;

  @After
  public void tearDown() {
    if (server != null) {
      server.stop();
    }
    if (channel != null) {
      channel.close();
    }
  }

  /** An agent that says {@code status} of every restore. */
  private static Server startAgent(Configuration conf, NodeId node, int port,
      RestoreStatus status) {
    NodeMigrationAgentProtocol impl = (NodeMigrationAgentProtocol) Proxy.newProxyInstance(
        TestAgentRestart.class.getClassLoader(),
        new Class<?>[] {NodeMigrationAgentProtocol.class}, (p, method, args) -> {
          if (method.getName().equals("getRestoreStatus")) {
            return GetRestoreStatusResponse.newInstance(status, null);
          }
          throw new UnsupportedOperationException(method.getName());
        });
    Server s = YarnRPC.create(conf).getServer(NodeMigrationAgentProtocol.class, impl,
        new InetSocketAddress("127.0.0.1", port), conf,
        new MigrationAgentSecretManager(KEYS, MigrationAgentTokenIdentifier.Role.RESOURCE_MANAGER,
            node::toString), 1);
    s.start();
    return s;
  }

  private static void register(MigrationAgentTracker tracker, NodeId node, int port,
      long startedAt) throws Exception {
    RegisterMigrationAgentRequest r = RegisterMigrationAgentRequest.newInstance(node,
        "127.0.0.1:" + port, "127.0.0.1:1", "4.2.1", Collections.<String>emptyList());
    r.setStartedAt(startedAt);
    tracker.registerMigrationAgent(r);
  }

  @Test(timeout = 30_000)
  public void givenAnAgentThatRestartsOnItsPort_whenTheRmCallsItAgain_thenTheNewRunAnswers()
      throws Exception {
    Configuration conf = new YarnConfiguration();
    NodeId node = NodeId.newInstance("127.0.0.1", 4321);
    MigrationAgentTracker tracker = new MigrationAgentTracker(conf, KEYS, n -> true);
    channel = new RpcNodeMigrationChannel();
    channel.setConf(conf);
    channel.bind(null, tracker);
    ContainerId source = ContainerId.newContainerId(ApplicationAttemptId.newInstance(
        ApplicationId.newInstance(1, 1), 1), 2);
    ContainerId targetId = ContainerId.newContainerId(source.getApplicationAttemptId(), 3);
    MigrationSpec spec = MigrationSpec.newBuilder().migrationId("migration_1_0001")
        .containerId(source).sourceNode(NodeId.newInstance("127.0.0.1", 1234))
        .targetNode(node).timeoutMs(10_000).reason("test").build();
    TargetAllocation target = new TargetAllocation("migration_1_0001",
        Container.newInstance(targetId, node, null, null, null, null), null);

    server = startAgent(conf, node, 0, RestoreStatus.RESTORED);
    int port = server.getListenerAddress().getPort();
    register(tracker, node, port, 1000L);
    assertEquals(RestoreStatus.RESTORED, channel.restoreStatus(spec, target)
        .get(10, TimeUnit.SECONDS));

    // the NodeManager restarts: its new agent listens on the same port and registers
    server.stop();
    server = null;
    // the old listener's port is free once its selector let the socket go: bind again
    // until then (within 10 s)
    long deadline = System.currentTimeMillis() + 10_000;
    while (server == null) {
      try {
        server = startAgent(conf, node, port, RestoreStatus.FAILED);
      } catch (YarnRuntimeException e) {
        if (org.apache.commons.lang3.exception.ExceptionUtils.indexOfType(e,
            java.net.BindException.class) < 0 || System.currentTimeMillis() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
    register(tracker, node, port, 2000L);

    assertEquals("the new run of the agent answers", RestoreStatus.FAILED,
        channel.restoreStatus(spec, target).get(10, TimeUnit.SECONDS));
  }
}
