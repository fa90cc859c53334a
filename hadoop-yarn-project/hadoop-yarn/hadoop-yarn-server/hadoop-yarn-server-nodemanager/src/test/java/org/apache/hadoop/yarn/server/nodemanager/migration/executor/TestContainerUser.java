/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.executor;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/** Who a container runs as: LinuxContainerExecutor's rule, and this host's ids. */
public class TestContainerUser {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  @Test
  public void givenEachMode_whenRunAsName_thenLinuxContainerExecutorsChoice() {
    YarnConfiguration conf = new YarnConfiguration();
    assertEquals("non-secure: the local user, nobody by default", "nobody",
        ContainerUser.runAsName(conf, "alice", false));
    assertEquals("with Kerberos: the application's user", "alice",
        ContainerUser.runAsName(conf, "alice", true));
    conf.set(YarnConfiguration.NM_NONSECURE_MODE_LOCAL_USER_KEY, "yarnrun");
    assertEquals("yarnrun", ContainerUser.runAsName(conf, "alice", false));
    conf.setBoolean(YarnConfiguration.NM_NONSECURE_MODE_LIMIT_USERS, false);
    assertEquals("users not limited: the application's user", "alice",
        ContainerUser.runAsName(conf, "alice", false));
  }

  @Test
  public void givenUsersOfThisHost_whenLookedUp_thenTheirIds() throws Exception {
    ContainerUser nobody = ContainerUser.lookUp("nobody");
    assertEquals(65534, nobody.getUid());
    assertEquals("65534:65534", nobody.owner());
    assertFalse(nobody.isRoot());
    assertTrue(ContainerUser.lookUp("root").isRoot());
  }

  @Test
  public void givenNamesNoUserHas_whenLookedUp_thenRefusedNamingThem() {
    for (String bad : new String[] {"-u", "a b", "", "no-such-user-here"}) {
      try {
        ContainerUser.lookUp(bad);
        fail("looked up '" + bad + "'");
      } catch (IOException e) {
        assertTrue(e.getMessage(), e.getMessage().contains("'" + bad + "'"));
      }
    }
  }
}
