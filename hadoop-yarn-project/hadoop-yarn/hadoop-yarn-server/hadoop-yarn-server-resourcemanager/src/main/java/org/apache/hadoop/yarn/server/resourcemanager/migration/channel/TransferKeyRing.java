/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.channel;

import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The RM's transfer keys over time: the current key (transfers are made with it) and the
 * next one (handed out already, so every agent accepts it before any uses it). Every
 * rolling interval the next key becomes the current one and a new next key is made.
 *
 * <p>Why no transfer fails across a roll: an agent learns the keys at each registration
 * (every heartbeat interval, at least ten of which fit in a rolling interval). An agent
 * that registered after the roll sends with the new current key, which every other agent
 * already holds, as its next key; one that has not yet sends with the old current key,
 * which the others still accept as their previous one ({@code TransferSecretManager}).
 * Pure: the clock and the source of keys are given.
 */
public final class TransferKeyRing {

  /** The current and the next key, as of one moment. */
  public static final class Keys {
    public final byte[] current;
    public final byte[] next;
    /** How many rolls happened before (0: the keys made at start). */
    public final long generation;

    Keys(byte[] current, byte[] next, long generation) {
      this.current = current;
      this.next = next;
      this.generation = generation;
    }
  }

  private final long intervalMs;
  private final LongSupplier clockMs;
  private final Supplier<byte[]> newKey;
  private byte[] current;
  private byte[] next;
  private long generation;
  private long rollAtMs;

  /**
   * @param intervalMs how long a key is the current one
   * @param clockMs the clock (ms)
   * @param newKey makes a new random key
   */
  public TransferKeyRing(long intervalMs, LongSupplier clockMs, Supplier<byte[]> newKey) {
    if (intervalMs <= 0) {
      throw new IllegalArgumentException("transfer key rolling interval " + intervalMs
          + " ms: must be positive");
    }
    this.intervalMs = intervalMs;
    this.clockMs = clockMs;
    this.newKey = newKey;
    this.current = newKey.get();
    this.next = newKey.get();
    this.rollAtMs = clockMs.getAsLong() + intervalMs;
  }

  /** @return the keys now, after the rolls that fell due (several, after a long pause) */
  public synchronized Keys now() {
    long now = clockMs.getAsLong();
    if (now >= rollAtMs) {
      // rolls due: one makes the next key current; two or more leave no key of before
      long rolls = (now - rollAtMs) / intervalMs + 1;
      current = rolls == 1 ? next : newKey.get();
      next = newKey.get();
      generation += rolls;
      rollAtMs += rolls * intervalMs;
    }
    return new Keys(current, next, generation);
  }
}
