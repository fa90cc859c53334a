/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu;

/** What CRIU does with TCP connections. */
public enum CriuTcpMode {
  /** No flag: a tree with established connections cannot be dumped. */
  DEFAULT,
  /** {@code --tcp-established}: checkpoint / restore established connections. */
  ESTABLISHED,
  /** {@code --tcp-close} (restore only): restore established connections closed. */
  CLOSE;

  void appendTo(java.util.List<String> args, boolean restore) {
    if (this == ESTABLISHED) {
      args.add("--tcp-established");
    } else if (this == CLOSE) {
      if (!restore) {
        throw new IllegalArgumentException("--tcp-close is a restore option");
      }
      args.add("--tcp-close");
    }
  }
}
