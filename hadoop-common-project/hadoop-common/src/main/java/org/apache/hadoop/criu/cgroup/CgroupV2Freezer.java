/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * cgroup v2 freezer: {@code cgroup.freeze} (0/1) requests, {@code cgroup.events}
 * ("frozen 0/1") reports. The root is a cgroup2 mount point (e.g. /sys/fs/cgroup or, on a
 * hybrid system, /sys/fs/cgroup/unified).
 */
public final class CgroupV2Freezer extends AbstractCgroupFreezer {

  private CgroupV2Freezer(Path root, Path dir) {
    super(root, dir);
  }

  /** A factory creating cgroups below {@code root} (a cgroup2 hierarchy). */
  public static CgroupFreezerFactory factory(final Path root) {
    return new Factory(root, "cgroup.freeze", "cgroup v2 freezer",
        "not a cgroup2 freezer: ") {
      @Override
      CgroupFreezer newFreezer(Path hierarchyRoot, Path dir) {
        return new CgroupV2Freezer(hierarchyRoot, dir);
      }

      @Override
      void checkCreated(Path dir) throws IOException {
        if (!Files.exists(dir.resolve("cgroup.freeze"))) {
          throw new IOException("no cgroup.freeze in " + dir + " (kernel older than 5.2?)");
        }
      }
    };
  }

  @Override
  boolean isThisHierarchy(String id, String controllers) {
    return "0".equals(id) && controllers.isEmpty();
  }

  @Override
  void requestFreeze() throws IOException {
    write(path().resolve("cgroup.freeze"), "1");
  }

  @Override
  void requestThaw() throws IOException {
    write(path().resolve("cgroup.freeze"), "0");
  }

  @Override
  public FreezerState state() throws IOException {
    if ("0".equals(read(path().resolve("cgroup.freeze")).trim())) {
      return FreezerState.THAWED;
    }
    for (String line : read(path().resolve("cgroup.events")).split("\n")) {
      if (line.trim().equals("frozen 1")) {
        return FreezerState.FROZEN;
      }
    }
    return FreezerState.FREEZING;
  }
}
