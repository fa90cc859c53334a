/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A CRIU version as printed by {@code criu --version} ("Version: 4.1.1"). */
public final class CriuVersion implements Comparable<CriuVersion> {
  private static final Pattern VERSION =
      Pattern.compile("(?m)^Version:\\s*(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

  private final int major;
  private final int minor;
  private final int sublevel;

  public CriuVersion(int major, int minor, int sublevel) {
    this.major = major;
    this.minor = minor;
    this.sublevel = sublevel;
  }

  /** Parses the output of {@code criu --version}. */
  public static CriuVersion parse(String versionOutput) {
    Matcher m = VERSION.matcher(versionOutput == null ? "" : versionOutput);
    if (!m.find()) {
      throw new IllegalArgumentException("no \"Version: X.Y\" line in: " + versionOutput);
    }
    return new CriuVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
        m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
  }

  public int getMajor() {
    return major;
  }

  public int getMinor() {
    return minor;
  }

  public int getSublevel() {
    return sublevel;
  }

  /**
   * The oldest CRIU that can migrate containers on this project's kernels: 4.1.1 hangs in
   * {@code criu dump} on Linux 6.18 and cannot dump any inet socket there (measured).
   */
  public static final CriuVersion MINIMUM_SUPPORTED = new CriuVersion(4, 2, 0);

  /** Whether this version is {@link #MINIMUM_SUPPORTED} or later. */
  public boolean isSupported() {
    return compareTo(MINIMUM_SUPPORTED) >= 0;
  }

  public boolean isAtLeast(int maj, int min) {
    return compareTo(new CriuVersion(maj, min, 0)) >= 0;
  }

  @Override
  public int compareTo(CriuVersion o) {
    if (major != o.major) {
      return Integer.compare(major, o.major);
    }
    if (minor != o.minor) {
      return Integer.compare(minor, o.minor);
    }
    return Integer.compare(sublevel, o.sublevel);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CriuVersion && compareTo((CriuVersion) o) == 0;
  }

  @Override
  public int hashCode() {
    return (major * 1000 + minor) * 1000 + sublevel;
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + sublevel;
  }
}
