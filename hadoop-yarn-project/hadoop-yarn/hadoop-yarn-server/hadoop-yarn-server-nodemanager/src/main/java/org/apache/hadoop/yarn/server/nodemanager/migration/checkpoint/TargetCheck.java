/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint;

import java.io.IOException;
import java.util.List;

/**
 * What the checkpointer asks the target, before the freeze, about what the restore will
 * need there: the tree's listening ports and its pseudo-terminal indexes. Called only when
 * the tree has something to ask about.
 */
public interface TargetCheck {

  /** No target to ask: the checkpoint is restored where nothing competes for its ports. */
  TargetCheck NOT_ASKED = (listeners, terminals) -> null;

  /**
   * @param listeners the tree's listening TCP sockets
   * @param terminals the indexes of the tree's pseudo-terminals ({@link Terminals}); not
   *     both empty
   * @return null if the target host can bind every listener and give every index, else
   *     why not, naming the target (e.g. "the target host h cannot bind port 80 on
   *     0.0.0.0: Address already in use")
   * @throws IOException if the target cannot be asked (the checkpoint then fails too)
   */
  String cannotRestore(List<TcpListeners.Listener> listeners, List<Integer> terminals)
      throws IOException;
}
