/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu.cgroup;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * cgroup v1 freezer: {@code <root>/<name>/freezer.state} (THAWED / FREEZING / FROZEN).
 * The root is the freezer hierarchy's mount point, normally /sys/fs/cgroup/freezer.
 */
public final class CgroupV1Freezer extends AbstractCgroupFreezer {
  public static final Path DEFAULT_ROOT = Paths.get("/sys/fs/cgroup/freezer");

  private CgroupV1Freezer(Path root, Path dir) {
    super(root, dir);
  }

  /** A factory creating cgroups below {@code root} (a v1 freezer hierarchy). */
  public static CgroupFreezerFactory factory(final Path root) {
    return new Factory(root, "freezer.state", "cgroup v1 freezer",
        "not a v1 freezer cgroup: ") {
      @Override
      CgroupFreezer newFreezer(Path hierarchyRoot, Path dir) {
        return new CgroupV1Freezer(hierarchyRoot, dir);
      }
    };
  }

  @Override
  boolean isThisHierarchy(String id, String controllers) {
    return java.util.Arrays.asList(controllers.split(",")).contains("freezer");
  }

  @Override
  void requestFreeze() throws IOException {
    write(path().resolve("freezer.state"), "FROZEN");
  }

  @Override
  void requestThaw() throws IOException {
    write(path().resolve("freezer.state"), "THAWED");
  }

  @Override
  public FreezerState state() throws IOException {
    return FreezerState.valueOf(read(path().resolve("freezer.state")).trim());
  }
}
