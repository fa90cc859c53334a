/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu.cgroup;

/** State of a freezer cgroup (cgroup v1 freezer.state names). */
public enum FreezerState {
  THAWED,
  /** Freeze requested, not every task stopped yet. */
  FREEZING,
  FROZEN
}
