/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.channel;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;

import java.util.Collections;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.metrics2.lib.DefaultMetricsSystem;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.api.migration.protocolrecords.RegisterMigrationAgentRequest;
import org.apache.hadoop.yarn.server.resourcemanager.MockNM;
import org.apache.hadoop.yarn.server.resourcemanager.MockRM;
import org.apache.hadoop.yarn.server.resourcemanager.migration.MigrationMockRMFixture;
import org.apache.hadoop.yarn.server.resourcemanager.migration.MutableClock;
import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/**
 * When a node a migration uses counts as gone: the RM's own node states (a real MockRM
 * whose node is LOST) and a migration agent that stopped registering.
 */
public class TestNodeLiveness {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(120);

  private static final long EXPIRY_MS = 30_000;

  private MockRM rm;
  private MigrationAgentTracker tracker;
  private MutableClock clock;
  private NodeLiveness liveness;

  @BeforeClass
  public static void setUpMetrics() {
    DefaultMetricsSystem.setMiniClusterMode(true);
  }

  @Before
  public void setUp() {
    YarnConfiguration conf = MigrationMockRMFixture.capacitySchedulerConf();
    rm = new MockRM(conf);
    rm.start();
    tracker = new MigrationAgentTracker(conf, FixedAgentKeys.INSTANCE, node -> true);
    clock = new MutableClock();
    clock.setTime(System.currentTimeMillis());
    liveness = new NodeLiveness(rm.getRMContext(), tracker, clock, EXPIRY_MS);
  }

  @After
  public void tearDown() {
    if (rm != null) {
      rm.stop();
    }
  }

  @Test(timeout = 60_000)
  public void givenARunningNode_whenTheRMLosesIt_thenItIsGoneAsLost() throws Exception {
    MockNM nm = rm.registerNode("127.0.0.1:1234", 8 * MigrationMockRMFixture.GB);
    nm.nodeHeartbeat(true);
    assertNull("a RUNNING node is there", liveness.whyGone(nm.getNodeId()));

    rm.sendNodeLost(nm);
    rm.waitForState(nm.getNodeId(), NodeState.LOST);

    assertEquals("its NodeManager is LOST in the ResourceManager",
        liveness.whyGone(nm.getNodeId()));
  }

  @Test(timeout = 60_000)
  public void givenAnAgentThatStopsRegistering_whenItsExpiryPasses_thenDroppedAndGoneUntilItComesBack()
      throws Exception {
    NodeId node = NodeId.newInstance("127.0.0.1", 4321);
    register(node);
    clock.setTime(System.currentTimeMillis() + EXPIRY_MS - 1_000);
    liveness.expireSilentAgents();
    assertNotNull("within the expiry: kept", tracker.get(node));
    assertNull(liveness.whyGone(node));

    clock.setTime(System.currentTimeMillis() + EXPIRY_MS + 1_000);
    liveness.expireSilentAgents();

    assertNull("dropped", tracker.get(node));
    String why = liveness.whyGone(node);
    assertNotNull(why);
    assertEquals(why, true, why.startsWith("its migration agent has not been heard from for ")
        && why.endsWith(" ms (expiry " + EXPIRY_MS + " ms)"));

    register(node); // its next heartbeat
    clock.setTime(System.currentTimeMillis());
    liveness.expireSilentAgents();
    assertNull("back with its next registration", liveness.whyGone(node));
    assertNotNull(tracker.get(node));
  }

  private void register(NodeId node) throws Exception {
    tracker.registerMigrationAgent(RegisterMigrationAgentRequest.newInstance(node,
        "127.0.0.1:5000", "127.0.0.1:5001", "4.2.1", Collections.<String>emptyList()));
  }
}
