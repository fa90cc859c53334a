/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.executor;

import java.io.IOException;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * The local user a container's processes run as, chosen as Hadoop's
 * LinuxContainerExecutor chooses it: with Kerberos, the application's user; without, the
 * non-secure local user ({@code yarn.nodemanager.linux-container-executor.nonsecure-mode.local-user},
 * {@code nobody} by default) unless {@code ...nonsecure-mode.limit-users} is false, then
 * the application's user. Root only when that is what the operator configured.
 */
public final class ContainerUser {

  /** Longest a lookup of a user's ids ({@code id}) may take. */
  static final long LOOKUP_TIMEOUT_MS = 10_000;

  private final String name;
  private final int uid;
  private final int gid;

  ContainerUser(String name, int uid, int gid) {
    this.name = name;
    this.uid = uid;
    this.gid = gid;
  }

  /**
   * The name of the user a container of {@code appUser} runs as.
   *
   * @param secure whether Hadoop security (Kerberos) is on
   */
  static String runAsName(Configuration conf, String appUser, boolean secure) {
    if (secure || !conf.getBoolean(YarnConfiguration.NM_NONSECURE_MODE_LIMIT_USERS,
        YarnConfiguration.DEFAULT_NM_NONSECURE_MODE_LIMIT_USERS)) {
      return appUser;
    }
    return conf.getTrimmed(YarnConfiguration.NM_NONSECURE_MODE_LOCAL_USER_KEY,
        YarnConfiguration.DEFAULT_NM_NONSECURE_MODE_LOCAL_USER);
  }

  /**
   * The user's uid and primary gid, from this host's user database ({@code id}).
   *
   * @throws IOException naming the user when it does not exist here
   */
  static ContainerUser lookUp(String name) throws IOException {
    if (name == null || !name.matches(YarnConfiguration.DEFAULT_NM_NONSECURE_MODE_USER_PATTERN)
        || name.startsWith("-")) {
      throw new IOException("'" + name + "' is not a user name a container may run as");
    }
    return new ContainerUser(name, id("-u", name), id("-g", name));
  }

  private static int id(String flag, String name) throws IOException {
    String out;
    try {
      out = ContainerDirs.output(LOOKUP_TIMEOUT_MS, "id", flag, "--", name);
    } catch (IOException e) {
      throw new IOException("containers are to run as the user '" + name + "', which this"
          + " host does not know (" + e.getMessage() + "); create it, or set "
          + YarnConfiguration.NM_NONSECURE_MODE_LOCAL_USER_KEY + " to a user that exists", e);
    }
    if (!out.matches("[0-9]+")) {
      throw new IOException("'id " + flag + " " + name + "' printed '" + out + "'");
    }
    return Integer.parseInt(out);
  }

  public String getName() {
    return name;
  }

  public int getUid() {
    return uid;
  }

  public int getGid() {
    return gid;
  }

  /** True for uid 0: the container runs as root, as configured. */
  public boolean isRoot() {
    return uid == 0;
  }

  /** {@code <uid>:<gid>}, as the launchers take it. */
  public String owner() {
    return uid + ":" + gid;
  }

  @Override
  public String toString() {
    return name + " (" + owner() + ")";
  }
}
