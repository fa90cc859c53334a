/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Target side of the check before a freeze: can this host take what the restore will
 * claim here? The tree's listening addresses: each is bound for a moment and released,
 * with SO_REUSEADDR as a restored listener binds it, so a port held by a listener here (or
 * an address this host does not have) is found while the source still runs. Its
 * pseudo-terminal indexes: CRIU restores a pair at the same index, so {@code /dev/pts/N}
 * must not exist here (an entry exists while its pair is open, e.g. an ssh session). What
 * is taken after the probe still fails the restore, which rolls back.
 */
final class TargetProbe {

  /** Where this host's pseudo-terminal slaves are. */
  private static final Path DEV_PTS = Paths.get("/dev/pts");

  private final List<InetSocketAddress> addresses;
  private final List<Integer> terminals;

  TargetProbe(List<InetSocketAddress> addresses, List<Integer> terminals) {
    this.addresses = Collections.unmodifiableList(new ArrayList<>(addresses));
    this.terminals = Collections.unmodifiableList(new ArrayList<>(terminals));
  }

  /**
   * @return null if this host can take everything, else what it cannot, as a clause
   *     after "the target host h cannot" (e.g. "bind port 80 on 0.0.0.0: Address already
   *     in use")
   */
  String firstLacking() {
    for (InetSocketAddress a : addresses) {
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(true);
        s.bind(a, 1);
      } catch (IOException e) {
        return "bind port " + a.getPort() + " on " + a.getAddress().getHostAddress() + ": "
            + e.getMessage();
      }
    }
    for (int index : terminals) {
      Path slave = DEV_PTS.resolve(Integer.toString(index));
      if (Files.exists(slave, LinkOption.NOFOLLOW_LINKS)) {
        return "give the pseudo-terminal index " + index + ": " + slave + " is in use there";
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return addresses.size() + " listener address(es) and " + terminals.size()
        + " pseudo-terminal index(es)";
  }
}
