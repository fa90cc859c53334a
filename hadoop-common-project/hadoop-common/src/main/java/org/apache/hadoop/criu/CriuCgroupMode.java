/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu;

/** CRIU's {@code --manage-cgroups} modes; {@link #DEFAULT} passes no flag (CRIU: soft). */
public enum CriuCgroupMode {
  DEFAULT(null),
  IGNORE("ignore"),
  NONE("none"),
  PROPS("props"),
  SOFT("soft"),
  FULL("full"),
  STRICT("strict");

  private final String flagValue;

  CriuCgroupMode(String flagValue) {
    this.flagValue = flagValue;
  }

  void appendTo(java.util.List<String> args) {
    if (flagValue != null) {
      args.add("--manage-cgroups=" + flagValue);
    }
  }
}
