/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint;

import java.io.IOException;

import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.PageStream;

/**
 * Streaming stop-and-copy: where a checkpoint's memory pages go while CRIU dumps them,
 * instead of this node's disk. Called once, before the freeze.
 */
public interface PageSink {

  /**
   * Opens the authenticated page stream to the target's page server.
   *
   * @param expectedBytes about how much the pages take (the tree's resident memory)
   * @return the stream, which the checkpointer relays the dump's connection to; null: the
   *     pages are written here (too few to gain from a stream)
   * @throws IOException when the target cannot take the pages now (the checkpoint then
   *     writes them here, as without a sink)
   */
  PageStream.Remote open(long expectedBytes) throws IOException;
}
