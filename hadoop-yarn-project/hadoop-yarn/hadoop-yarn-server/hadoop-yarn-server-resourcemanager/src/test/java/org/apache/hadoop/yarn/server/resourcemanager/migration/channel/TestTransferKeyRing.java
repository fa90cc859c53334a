/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.channel;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.server.api.migration.security.MigrationAgentKeys;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/** The RM's transfer keys over time, and the tracker's check of the rolling interval. */
public class TestTransferKeyRing {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(30);

  /** Key number n: n as its one byte. */
  private static byte[] key(int n) {
    return new byte[] {(byte) n};
  }

  @Test
  public void givenAClock_whenKeysAskedOverTime_thenTheNextBecomesCurrentAtEachRoll() {
    long[] now = {1000};
    AtomicInteger made = new AtomicInteger();
    TransferKeyRing ring = new TransferKeyRing(100, () -> now[0],
        () -> key(made.getAndIncrement()));
    // {time, current, next, generation}
    long[][] table = {
        {1000, 0, 1, 0},
        {1099, 0, 1, 0},
        {1100, 1, 2, 1}, // the key handed out as next is the one used now
        {1150, 1, 2, 1},
        {1200, 2, 3, 2},
        {1550, 4, 5, 5}, // a long pause, three rolls due: no key of before is left
        {1599, 4, 5, 5},
        {1600, 5, 6, 6}, // one roll due: the next key becomes current
        // a jump of 10^12 intervals: counted, not walked (two keys made)
        {1700 + 100L * 1_000_000_000_000L, 7, 8, 6 + 1_000_000_000_001L},
    };
    for (long[] row : table) {
      now[0] = row[0];
      TransferKeyRing.Keys k = ring.now();
      assertArrayEquals("current at " + row[0], key((int) row[1]), k.current);
      assertArrayEquals("next at " + row[0], key((int) row[2]), k.next);
      assertEquals("generation at " + row[0], row[3], k.generation);
    }
    try {
      new TransferKeyRing(0, () -> 0L, () -> key(0));
      fail("a zero interval");
    } catch (IllegalArgumentException e) {
      assertEquals("transfer key rolling interval 0 ms: must be positive", e.getMessage());
    }
  }

  @Test
  public void givenAnIntervalShorterThanTenHeartbeats_whenTheTrackerStarts_thenRefusedNamingBoth() {
    Configuration conf = new Configuration(false);
    conf.setLong(MigrationConfiguration.RM_MIGRATION_AGENT_HEARTBEAT_INTERVAL_MS, 10_000);
    conf.setLong(MigrationConfiguration.RM_MIGRATION_TRANSFER_KEY_ROLLING_INTERVAL_SECS, 60);
    MigrationAgentKeys none = new MigrationAgentKeys() {
      @Override
      public int currentKeyId() {
        return -1;
      }

      @Override
      public byte[] baseKey(int keyId, String nodeId) {
        return null;
      }
    };
    try {
      new MigrationAgentTracker(conf, none, n -> true);
      fail("a key rolled before every agent could learn it");
    } catch (IllegalArgumentException e) {
      assertEquals("yarn.resourcemanager.migration.transfer-key.rolling-interval-secs=60 is"
          + " shorter than ten agent heartbeats"
          + " (yarn.resourcemanager.migration.agent-heartbeat-interval-ms=10000): an agent"
          + " could miss a key before it is used. Set it to at least 100", e.getMessage());
    }
    conf.setLong(MigrationConfiguration.RM_MIGRATION_TRANSFER_KEY_ROLLING_INTERVAL_SECS, 100);
    assertTrue(new MigrationAgentTracker(conf, none, n -> true).getKeys() == none);
  }
}
