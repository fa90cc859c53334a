/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.channel;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertFalse;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.api.migration.security.MigrationAgentKeys;
import org.apache.hadoop.yarn.server.nodemanager.security.NMTokenSecretManagerInNM;
import org.apache.hadoop.yarn.server.resourcemanager.security.NMTokenSecretManagerInRM;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/**
 * The seam with YARN's NM-token keys: the base key the RM computes from a master key's
 * bytes is the one YARN's own NMTokenSecretManagerInNM gives the NodeManager it was handed
 * to, for its node only.
 */
public class TestResourceManagerAgentKeys {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  @Test
  public void givenYarnsSecretManagers_whenBaseKeysComputed_thenRmAndNmAgree() throws Exception {
    NMTokenSecretManagerInRM rm = new NMTokenSecretManagerInRM(new YarnConfiguration());
    rm.rollMasterKey();
    NodeId node = NodeId.newInstance("nm1.example", 45454);
    NMTokenSecretManagerInNM nm = new NMTokenSecretManagerInNM();
    nm.setNodeId(node);
    nm.setMasterKey(rm.getCurrentKey());
    int keyId = rm.getCurrentKey().getKeyId();
    byte[] fromRm = ResourceManagerAgentKeys.base(rm.getCurrentKey(), keyId, node.toString());
    assertArrayEquals(fromRm, nm.retrievePassword(
        MigrationAgentKeys.baseIdentifier(keyId, node.toString())));
    assertFalse(java.util.Arrays.equals(fromRm, ResourceManagerAgentKeys.base(
        rm.getCurrentKey(), keyId, "nm2.example:45454")));
  }
}
