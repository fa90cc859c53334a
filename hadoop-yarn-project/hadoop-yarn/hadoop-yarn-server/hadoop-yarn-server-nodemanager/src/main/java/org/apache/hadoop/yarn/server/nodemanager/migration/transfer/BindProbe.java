/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;

/**
 * Target side of the check before a freeze: can this host bind the addresses the tree
 * listens on? Each is bound for a moment and released, with SO_REUSEADDR as a restored
 * listener binds it, so a port held by a listener here (or an address this host does not
 * have) is found while the source still runs. A port taken after the probe still fails
 * the restore, which rolls back.
 */
final class BindProbe {

  private BindProbe() {
  }

  /** @return null if every address can be bound here, else why the first cannot */
  static String firstUnbindable(List<InetSocketAddress> addresses) {
    for (InetSocketAddress a : addresses) {
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(true);
        s.bind(a, 1);
      } catch (IOException e) {
        return "port " + a.getPort() + " on " + a.getAddress().getHostAddress() + ": "
            + e.getMessage();
      }
    }
    return null;
  }
}
