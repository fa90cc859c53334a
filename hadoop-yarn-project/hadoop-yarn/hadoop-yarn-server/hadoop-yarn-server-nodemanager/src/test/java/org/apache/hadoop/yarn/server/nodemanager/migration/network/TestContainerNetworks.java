/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.network;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/** The pool and the commands, with {@code ip} recorded instead of run. */
public class TestContainerNetworks {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(30);

  private static final String APP1 = "application_1_0001";
  private static final String C1 = "container_1_0001_01_000002";
  private static final String C2 = "container_1_0001_01_000003";
  private static final String C3 = "container_1_0001_01_000004";

  private final List<String> commands = new ArrayList<>();
  private final Set<String> running = new HashSet<>(Arrays.asList(APP1));

  private ContainerNetworks networks(String block) {
    return networks(block, args -> {
      commands.add(String.join(" ", args));
      return "";
    });
  }

  /** Bridge br0 (198.18.1.11 on 198.18.1.0/24), the given block, a scripted ip. */
  private static ContainerNetworks networks(String block, ContainerNetworks.Ip ip) {
    return new ContainerNetworks("br0", AddressBlock.parse(block), "198.18.1.11",
        AddressBlock.parse("198.18.1.0/24"), ip);
  }

  @Test
  public void givenALaunch_whenTheContainerAsksForAnAddress_thenItGetsANamespaceAVethAndTheFirstFreeAddress()
      throws IOException {
    ContainerNetworks n = networks("198.18.1.64/30");
    OwnAddress own = n.create(C1, running::contains);
    assertEquals("198.18.1.64/24", own.cidr());
    String veth = ContainerNetworks.hostVeth(C1);
    assertEquals(Arrays.asList(
        "netns add yarn-net-" + C1,
        "link add " + veth + " type veth peer name eth0 netns yarn-net-" + C1,
        "link set " + veth + " master br0 up",
        "-n yarn-net-" + C1 + " link set lo up",
        "-n yarn-net-" + C1 + " addr add 198.18.1.64/24 dev eth0",
        "-n yarn-net-" + C1 + " link set eth0 up"), commands);
    assertEquals(own, n.of(C1));
    assertEquals("198.18.1.65/24", n.create(C2, running::contains).cidr());
    assertEquals("veth[eth0]:" + ContainerNetworks.hostVeth(C3) + "@br0",
        n.restoreExternal(C3));
  }

  @Test
  public void givenAMovedContainer_whenItsApplicationRunsHere_thenItsAddressStaysTakenUntilTheApplicationEnds()
      throws IOException {
    ContainerNetworks n = networks("198.18.1.64/31");
    OwnAddress first = n.create(C1, running::contains);
    n.create(C2, running::contains);
    commands.clear();
    n.ended(C1, true);
    assertEquals(Arrays.asList("link delete dev " + first.getHostVeth(),
        "netns delete yarn-net-" + C1), commands);
    assertNull(n.of(C1));
    try {
      n.create(C3, running::contains);
      fail("an address of a moved container was given again");
    } catch (IOException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("no free address in 198.18.1.64/31"));
    }
    running.remove(APP1);
    assertEquals(first.getAddress(), n.create(C3, running::contains).getAddress());
  }

  @Test
  public void givenAContainerThatEndedHere_whenTheNextAsks_thenItsAddressIsFreeAtOnce()
      throws IOException {
    ContainerNetworks n = networks("198.18.1.64/32");
    OwnAddress first = n.create(C1, running::contains);
    n.ended(C1, false);
    assertEquals(first.getAddress(), n.create(C2, running::contains).getAddress());
  }

  @Test
  public void givenARestoredContainer_whenItEnds_thenOnlyItsVethGoesAndNoAddressIsFreed()
      throws IOException {
    ContainerNetworks n = networks("198.18.1.64/32");
    OwnAddress restored = n.adopt(C2, "198.18.1.80/24");
    assertEquals(ContainerNetworks.hostVeth(C2), restored.getHostVeth());
    assertEquals("br0", restored.getBridge());
    n.ended(C2, false);
    assertEquals(Arrays.asList("link delete dev " + restored.getHostVeth()), commands);
    try {
      n.adopt(C3, "10.1.1.5/24");
      fail("an address off this node's network was adopted");
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("not on this node's cluster network"
          + " 198.18.1.0/24"));
    }
  }

  @Test
  public void givenIpFailing_whenCreating_thenTheNamespaceIsRemovedAndTheAddressStaysFree()
      throws IOException {
    List<String> seen = new ArrayList<>();
    ContainerNetworks n = networks("198.18.1.64/32", args -> {
      seen.add(String.join(" ", args));
      if (args.contains("master")) {
        throw new IOException("ip link set: no bridge br0");
      }
      return "";
    });
    try {
      n.create(C1, running::contains);
      fail("created without its bridge");
    } catch (IOException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("cannot give container " + C1
          + " the address 198.18.1.64/24: ip link set: no bridge br0"));
    }
    assertEquals("netns delete yarn-net-" + C1, seen.get(seen.size() - 1));
    assertNull(n.of(C1));
  }

  @Test
  public void givenBlocksOutsideTheBridgeSubnetOrHoldingItsAddress_whenConfigured_thenRefused() {
    for (String bad : new String[] {"198.18.2.0/28", "198.18.1.0/28"}) {
      try {
        networks(bad);
        fail("accepted " + bad);
      } catch (IllegalArgumentException e) {
        assertTrue(e.getMessage(), e.getMessage().startsWith(
            MigrationConfiguration.NM_MIGRATION_NETWORK_ADDRESSES + " " + bad));
      }
    }
  }

  @Test
  public void givenConfiguration_whenTheBridgeKeyIsEmptyOrNamesNoInterface_thenNoneOrAClearError()
      throws IOException {
    Configuration conf = new Configuration(false);
    assertNull("off by default", ContainerNetworks.of(conf));
    conf.set(MigrationConfiguration.NM_MIGRATION_NETWORK_BRIDGE, "nosuchbr0");
    conf.set(MigrationConfiguration.NM_MIGRATION_NETWORK_ADDRESSES, "198.18.1.64/28");
    try {
      ContainerNetworks.of(conf);
      fail("a missing bridge was accepted");
    } catch (IOException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("this node has no interface"
          + " nosuchbr0"));
    }
  }

  @Test
  public void givenNamespacesLeftByAnEarlierRun_whenStarting_thenEmptyOnesGoAndUsedAddressesStayTaken()
      throws IOException {
    List<String> seen = new ArrayList<>();
    ContainerNetworks n = networks("198.18.1.64/31", args -> {
      String cmd = String.join(" ", args);
      seen.add(cmd);
      switch (cmd) {
      case "netns list":
        return "yarn-net-" + C1 + " (id: 3)\nycm23000nm1\nyarn-net-" + C2 + "\n"
            + "yarn-net-../../x\n";
      case "netns pids yarn-net-" + C2:
        return "4242\n";
      case "-n yarn-net-" + C2 + " -o -4 addr show dev eth0":
        return "2: eth0    inet 198.18.1.64/24 scope global eth0\\ valid_lft forever\n";
      default:
        return "";
      }
    });
    n.recoverLeftovers();
    assertTrue(seen.toString(), seen.contains("netns delete yarn-net-" + C1));
    assertTrue(seen.toString(), seen.contains("link delete dev "
        + ContainerNetworks.hostVeth(C1)));
    assertFalse(seen.toString(), seen.contains("netns delete yarn-net-" + C2));
    assertFalse("a name that is no container id is left alone: " + seen,
        seen.toString().contains("../"));
    assertEquals("the orphan's address stays taken", "198.18.1.65",
        n.create(C3, running::contains).getAddress());
  }

  @Test
  public void givenContainerIds_whenNamingHostEnds_thenFifteenCharactersAndDistinct() {
    String a = ContainerNetworks.hostVeth(C1);
    assertEquals(15, a.length());
    assertTrue(a.startsWith("ym"));
    assertEquals(a, ContainerNetworks.hostVeth(C1));
    assertNotEquals(a, ContainerNetworks.hostVeth(C2));
  }
}
