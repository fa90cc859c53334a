/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration;

import java.util.concurrent.atomic.AtomicLong;

import org.apache.hadoop.yarn.util.Clock;

/** A clock tests set by hand. */
public final class MutableClock implements Clock {
  private final AtomicLong now = new AtomicLong();

  public void setTime(long ms) {
    now.set(ms);
  }

  public void tickMsec(long ms) {
    now.addAndGet(ms);
  }

  @Override
  public long getTime() {
    return now.get();
  }
}
