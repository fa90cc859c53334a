/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint;

import java.io.IOException;
import java.util.List;

/**
 * What the checkpointer asks the target, before the freeze, about what the restore will
 * need there. Called only when the tree has something to ask about.
 */
public interface TargetCheck {

  /** No target to ask: the checkpoint is restored where nothing competes for its ports. */
  TargetCheck NOT_ASKED = listeners -> null;

  /**
   * @param listeners the tree's listening TCP sockets (never empty)
   * @return null if the target host can bind every one, else why not, naming the target
   *     (e.g. "the target host h cannot bind port 80 on 0.0.0.0: Address already in use")
   * @throws IOException if the target cannot be asked (the checkpoint then fails too)
   */
  String cannotBind(List<TcpListeners.Listener> listeners) throws IOException;
}
