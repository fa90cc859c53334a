/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu.cgroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Picks the freezer that is mounted: a cgroup v1 hierarchy with the freezer controller
 * first (CRIU's --freeze-cgroup and the measured setups use it), else a cgroup2 mount.
 */
public final class CgroupFreezers {
  private static final Path MOUNTS = Paths.get("/proc/self/mounts");

  private CgroupFreezers() {
  }

  /** The factory for this machine, from /proc/self/mounts. */
  public static CgroupFreezerFactory detect() throws IOException {
    return detect(Files.readAllLines(MOUNTS, StandardCharsets.UTF_8));
  }

  /**
   * The factory for a mount table in /proc/mounts format.
   *
   * @throws IOException when neither a v1 freezer nor a cgroup2 hierarchy is mounted
   */
  public static CgroupFreezerFactory detect(List<String> mountLines) throws IOException {
    Path v2 = null;
    for (String line : mountLines) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 4) {
        continue;
      }
      if (f[2].equals("cgroup") && hasOption(f[3], "freezer")) {
        return CgroupV1Freezer.factory(Paths.get(unescape(f[1])));
      }
      if (f[2].equals("cgroup2") && v2 == null) {
        v2 = Paths.get(unescape(f[1]));
      }
    }
    if (v2 != null) {
      return CgroupV2Freezer.factory(v2);
    }
    throw new IOException("no cgroup freezer mounted (neither a v1 freezer nor cgroup2)");
  }

  private static boolean hasOption(String options, String name) {
    for (String o : options.split(",")) {
      if (o.equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** /proc/mounts escapes blanks as octal (\040). */
  private static String unescape(String s) {
    return s.replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\");
  }
}
