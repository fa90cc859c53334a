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
  /**
   * {@code --tcp-close}, on dump and restore (CRIU 4.2 and later on dump): established
   * connections are not dumped and are restored closed; the restored process reads EOF or
   * a reset on them. No network lock is needed. Images dumped with it need it on restore.
   */
  CLOSE;

  void appendTo(java.util.List<String> args) {
    if (this == ESTABLISHED) {
      args.add("--tcp-established");
    } else if (this == CLOSE) {
      args.add("--tcp-close");
    }
  }
}
