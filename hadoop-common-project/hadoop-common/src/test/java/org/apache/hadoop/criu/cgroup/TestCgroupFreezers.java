/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu.cgroup;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.Arrays;

import org.apache.hadoop.criu.BoundedRun;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/** Choosing the freezer from a mount table. */
public class TestCgroupFreezers {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  @Test
  public void givenHybridMounts_whenDetected_thenV1FreezerIsUsed() throws IOException {
    CgroupFreezerFactory f = CgroupFreezers.detect(Arrays.asList(
        "cgroup2 /sys/fs/cgroup/unified cgroup2 rw,relatime 0 0",
        "cgroup /sys/fs/cgroup/cpu cgroup rw,relatime,cpu 0 0",
        "cgroup /sys/fs/cgroup/freezer cgroup rw,relatime,freezer 0 0"));
    assertEquals(Paths.get("/sys/fs/cgroup/freezer"), f.root());
    assertTrue(f.toString().startsWith("cgroup v1"));
  }

  @Test
  public void givenOnlyCgroup2_whenDetected_thenV2FreezerIsUsed() throws IOException {
    CgroupFreezerFactory f = CgroupFreezers.detect(Arrays.asList(
        "cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime 0 0"));
    assertEquals(Paths.get("/sys/fs/cgroup"), f.root());
    assertTrue(f.toString().startsWith("cgroup v2"));
  }

  @Test(expected = IOException.class)
  public void givenNoCgroupMounts_whenDetected_thenIOException() throws IOException {
    CgroupFreezers.detect(Arrays.asList("proc /proc proc rw 0 0"));
  }
}
