/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ids a dump runs with, for a tree that does not run as root.
 *
 * <p>{@code criu dump} reads each task's resource limits with {@code prlimit64}, which the
 * kernel allows only to a caller whose real uid and gid are the task's, or that holds
 * {@code CAP_SYS_RESOURCE} (not every host's root does: a container's root may lack it).
 * So the dump of a tree of user U runs with every uid U and every gid G, and keeps the
 * capabilities root has (as ambient capabilities, through util-linux's {@code setpriv});
 * CRIU then needs {@code --unprivileged} (it refuses a non-zero effective uid otherwise),
 * which also makes it skip the tree's cgroups (a restore here ignores them anyway).
 * Every task of the tree must run with those very ids: a task with other ids (a setuid
 * program) fails the dump ("Can't get rlimit"), and the tree runs on.
 */
public final class CriuCredentials {

  /** util-linux's setpriv, on the PATH; it execs what follows (no fork). */
  static final String SETPRIV = "setpriv";

  private final int uid;
  private final int gid;
  private final long capabilities;

  /**
   * @param uid the tree's uid (every real, effective, saved and file-system uid)
   * @param gid the tree's gid (likewise)
   * @param capabilities the capability bits the dump keeps (e.g. {@link #permittedOfSelf})
   */
  public CriuCredentials(int uid, int gid, long capabilities) {
    if (uid <= 0 || gid < 0) {
      throw new IllegalArgumentException("a dump as another user needs a uid > 0 and a gid"
          + " >= 0: " + uid + ":" + gid);
    }
    this.uid = uid;
    this.gid = gid;
    this.capabilities = capabilities;
  }

  public int getUid() {
    return uid;
  }

  public int getGid() {
    return gid;
  }

  /**
   * The words that run what follows them with these ids and capabilities:
   * {@code setpriv --reuid U --regid G --clear-groups --inh-caps +cap_N,.. --ambient-caps
   * +cap_N,.. --}.
   */
  public List<String> prefix() {
    String caps = capabilityList(capabilities);
    List<String> a = new ArrayList<String>(Arrays.asList(SETPRIV,
        "--reuid=" + uid, "--regid=" + gid, "--clear-groups"));
    if (!caps.isEmpty()) {
      a.add("--inh-caps=" + caps);
      a.add("--ambient-caps=" + caps);
    }
    a.add("--");
    return a;
  }

  /** {@code +cap_0,+cap_3,...} for the bits set, in setpriv's numeric form. */
  static String capabilityList(long bits) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 64; i++) {
      if ((bits & (1L << i)) != 0) {
        if (s.length() > 0) {
          s.append(',');
        }
        s.append("+cap_").append(i);
      }
    }
    return s.toString();
  }

  /**
   * The uid and gid a process runs with ({0, 0} for root): the ids of the {@code Uid:}
   * and {@code Gid:} lines of its {@code /proc/<pid>/status}.
   *
   * @throws IOException when it cannot be read, or its ids differ from each other (a
   *     setuid program): CRIU could not dump it as one user
   */
  public static int[] idsOf(int pid) throws IOException {
    return idsOf(pid, Files.readAllLines(Paths.get("/proc", Integer.toString(pid), "status"),
        StandardCharsets.UTF_8));
  }

  static int[] idsOf(int pid, List<String> status) throws IOException {
    int uid = single(pid, "Uid", status);
    int gid = single(pid, "Gid", status);
    return new int[] {uid, gid};
  }

  private static int single(int pid, String field, List<String> status) throws IOException {
    String value = ProcessTree.field(status, field);
    if (value == null) {
      throw new IOException("process " + pid + ": no " + field + ": line in its status");
    }
    String[] ids = value.split("\\s+");
    for (String id : ids) {
      if (!id.equals(ids[0])) {
        throw new IOException("process " + pid + " runs with mixed ids (" + field + ": "
            + String.join(" ", ids) + "): CRIU cannot dump it as one user");
      }
    }
    try {
      return Integer.parseInt(ids[0]);
    } catch (NumberFormatException e) {
      throw new IOException("process " + pid + ": unreadable " + field + ": line '" + value
          + "'", e);
    }
  }

  /** The permitted capabilities of this process ({@code CapPrm:} of /proc/self/status). */
  public static long permittedOfSelf() throws IOException {
    return Long.parseUnsignedLong(ProcessTree.statusField("self", "CapPrm"), 16);
  }

  @Override
  public String toString() {
    return uid + ":" + gid;
  }
}
