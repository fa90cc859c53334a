/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.apache.hadoop.criu.cgroup.CgroupFreezer;
import org.apache.hadoop.criu.cgroup.CgroupFreezerFactory;
import org.apache.hadoop.fs.FileUtil;

/**
 * What an earlier run of this NodeManager left of its checkpoints: freezer cgroups
 * {@code yarn-migration-<containerId>} with the tree still frozen (the NM died between
 * the freeze and the complete or abort of a migration) and checkpoint directories under
 * {@code <localDir>/migration-outgoing}. A NodeManager that starts knows no migration yet,
 * so it thaws every such tree of its own (the container runs on), removes the cgroup and
 * deletes the directories.
 *
 * <p>Several NodeManagers may share one freezer hierarchy (more than one per machine, as
 * on a test cluster), so a cgroup is this NM's only when each of its processes runs in
 * this NM's network namespace with its cwd under one of this NM's local dirs (a
 * container's work dir); any other is left alone. An empty cgroup is removed once it is
 * older than a bound (a live checkpoint fills its cgroup at once).
 */
public final class LeftoverCheckpoints {

  private LeftoverCheckpoints() {
  }

  /**
   * Whether a process is one of this NM's containers' (pure).
   *
   * @param cwd the process's cwd, or null if unreadable
   * @param netns its network namespace ({@code net:[inode]}), or null
   * @param ownNetns this NM's
   */
  static boolean ours(String cwd, String netns, String ownNetns, List<String> localDirs) {
    if (cwd == null || netns == null || !netns.equals(ownNetns)) {
      return false;
    }
    for (String d : localDirs) {
      String dir = d.endsWith("/") ? d : d + "/";
      if (cwd.startsWith(dir)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Thaws and removes this NM's leftover checkpoint cgroups. A tree whose migration had
   * completed (it runs on the target; only its kill had not happened or had failed) is
   * killed instead: it must never run beside its copy.
   *
   * @param freezers the freezer hierarchy checkpoints create their cgroups in
   * @param localDirs this NM's local dirs
   * @param emptyAgeMs an empty cgroup older than this is removed
   * @param moved whether a container (by id) had moved: its migrated marker exists
   * @return one line per cgroup thawed, killed or removed, for the NM's log
   */
  public static List<String> thawOurs(CgroupFreezerFactory freezers, List<String> localDirs,
      long emptyAgeMs, Predicate<String> moved) throws IOException {
    List<String> done = new ArrayList<>();
    Path root = freezers.root();
    String ownNetns = link(Paths.get("/proc/self/ns/net"));
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(root,
        ContainerCheckpointer.CGROUP_PREFIX + "*")) {
      for (Path dir : ds) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        String name = dir.getFileName().toString();
        CgroupFreezer f = freezers.open(name);
        List<Integer> pids = f.pids();
        if (pids.isEmpty()) {
          long age = System.currentTimeMillis() - Files.getLastModifiedTime(dir).toMillis();
          if (age > emptyAgeMs) {
            f.destroy();
            done.add("removed the empty freezer cgroup " + dir);
          }
          continue;
        }
        boolean all = true;
        for (int pid : pids) {
          all &= ours(link(Paths.get("/proc/" + pid + "/cwd")),
              link(Paths.get("/proc/" + pid + "/ns/net")), ownNetns, localDirs);
        }
        if (all) {
          String containerId = name.substring(ContainerCheckpointer.CGROUP_PREFIX.length());
          String state = String.valueOf(f.state());
          if (!moved.test(containerId)) {
            f.destroy();
            done.add("thawed " + pids.size() + " process(es) " + pids + " of " + containerId
                + " (" + state + " in " + dir + ") and removed the cgroup");
            continue;
          }
          List<Integer> unkilled = FrozenCheckpoint.sigkill(pids);
          if (unkilled.isEmpty()) {
            f.destroy();
            done.add("killed " + pids.size() + " process(es) " + pids + " of " + containerId
                + " (" + state + " in " + dir + "; it had moved, its copy runs on the target)"
                + " and removed the cgroup");
          } else {
            done.add("left " + containerId + " frozen in " + dir + ": it had moved, and"
                + " SIGKILL failed for " + unkilled + "; end those processes by hand");
          }
        }
      }
    }
    return done;
  }

  /**
   * Deletes every checkpoint directory in the given parents (each NM local dir's
   * outgoing-checkpoint directory).
   *
   * @return the directories deleted
   */
  public static List<String> deleteCheckpointDirs(List<File> parents) {
    List<String> done = new ArrayList<>();
    for (File parent : parents) {
      File[] dirs = parent.listFiles();
      if (dirs == null) {
        continue;
      }
      for (File c : dirs) {
        if (FileUtil.fullyDelete(c)) {
          done.add(c.getPath());
        }
      }
    }
    return done;
  }

  private static String link(Path p) {
    try {
      return Files.readSymbolicLink(p).toString();
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
  }
}
