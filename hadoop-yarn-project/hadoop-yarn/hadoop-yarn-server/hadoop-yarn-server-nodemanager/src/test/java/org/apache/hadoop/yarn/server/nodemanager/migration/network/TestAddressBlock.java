/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.network;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;

import org.apache.hadoop.criu.BoundedRun;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

public class TestAddressBlock {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(30);

  @Test
  public void givenABlock_whenParsed_thenItsBaseIsMaskedAndItHoldsItsAddresses() {
    AddressBlock b = AddressBlock.parse(" 198.18.1.70/28 ");
    assertEquals("198.18.1.64/28", b.toString());
    assertTrue(b.contains("198.18.1.64"));
    assertTrue(b.contains("198.18.1.79"));
    assertFalse(b.contains("198.18.1.80"));
    assertEquals(16, b.hostAddresses(null).size());
    assertTrue(AddressBlock.parse("198.18.1.0/24").contains(b));
    assertFalse(b.contains(AddressBlock.parse("198.18.1.0/24")));
    assertFalse(AddressBlock.parse("198.18.2.0/24").contains(b));
  }

  @Test
  public void givenABlockThatIsAWholeSubnet_whenListed_thenNetworkAndBroadcastAreLeftOut() {
    AddressBlock subnet = AddressBlock.parse("10.0.0.0/30");
    assertEquals(Arrays.asList("10.0.0.1", "10.0.0.2"), subnet.hostAddresses(subnet));
    AddressBlock inside = AddressBlock.parse("10.0.0.0/31");
    assertEquals(Arrays.asList("10.0.0.1"), inside.hostAddresses(subnet));
  }

  @Test
  public void givenBadText_whenParsed_thenTheErrorNamesIt() {
    for (String bad : new String[] {"198.18.1.0", "198.18.1.0/33", "198.18.1/24",
        "198.18.1.256/24", "host.example/24", "1.2.3.4/x", "1.2.3.4/24;rm", "", "01234.1.1.1/8",
        "\u0661.2.3.4/24", "1.2.3.4/+24", "1.2.3.4/\u0662\u0664"}) {
      try {
        AddressBlock.parse(bad);
        fail("accepted '" + bad + "'");
      } catch (IllegalArgumentException e) {
        assertTrue(e.getMessage(), e.getMessage().contains("'" + bad));
      }
    }
  }
}
