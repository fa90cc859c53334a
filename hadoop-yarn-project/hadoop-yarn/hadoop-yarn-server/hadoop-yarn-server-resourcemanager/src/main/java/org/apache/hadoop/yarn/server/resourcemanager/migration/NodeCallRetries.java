/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration;

/**
 * When the RM calls a NodeManager again after an abort or a completion failed: those two
 * calls must take effect (an abort that never lands leaves the source frozen; a completion
 * that never lands leaves it frozen and charged beside its running copy), and the agents
 * treat a repeated call as the first. A pure policy: the delay doubles from {@code
 * firstDelayMs} up to {@code maxDelayMs}, and the RM gives up once {@code giveUpAfterMs}
 * passed since the first failure.
 */
final class NodeCallRetries {

  private final long firstDelayMs;
  private final long maxDelayMs;
  private final long giveUpAfterMs;

  NodeCallRetries(long firstDelayMs, long maxDelayMs, long giveUpAfterMs) {
    if (firstDelayMs <= 0 || maxDelayMs < firstDelayMs || giveUpAfterMs < 0) {
      throw new IllegalArgumentException("retry delays must be 0 < first (" + firstDelayMs
          + ") <= max (" + maxDelayMs + "), give-up time >= 0 (" + giveUpAfterMs + ")");
    }
    this.firstDelayMs = firstDelayMs;
    this.maxDelayMs = maxDelayMs;
    this.giveUpAfterMs = giveUpAfterMs;
  }

  /**
   * The wait before retry number {@code retry} (1 = the first retry), or -1 to give up
   * because {@code elapsedMs} (since the first failure) leaves no time for it.
   */
  long delayBefore(int retry, long elapsedMs) {
    long delay = firstDelayMs;
    for (int i = 1; i < retry && delay < maxDelayMs; i++) {
      delay = Math.min(maxDelayMs, delay * 2);
    }
    return elapsedMs + delay > giveUpAfterMs ? -1 : delay;
  }

  long getGiveUpAfterMs() {
    return giveUpAfterMs;
  }
}
