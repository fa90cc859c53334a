/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.mapred;

import java.io.IOException;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.server.nodemanager.migration.agent.MovedTasks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MapReduce's shuffle (Hadoop 3.1.0's {@link ShuffleHandler}, unchanged in everything
 * else) that keeps a migrated map's output fetchable where the MR AM says it is: asked for
 * the output of a map attempt it does not have, and that moved away from this node by a
 * completed migration ({@link MovedTasks}), it pulls that output back from the node the
 * task moved to, then serves it. Configured in place of the stock class:
 * <pre>
 *   yarn.nodemanager.aux-services.mapreduce_shuffle.class =
 *       org.apache.hadoop.mapred.MigratingShuffleHandler
 * </pre>
 * The one seam into the shuffle's internals: it lives in {@code org.apache.hadoop.mapred}
 * to extend the package's {@code Shuffle} handler through the protected
 * {@link ShuffleHandler#getShuffle} and {@code getMapOutputInfo(mapId, reduce, jobId,
 * user)} (3.1.0; TestMigratingShuffleHandler serves a pulled-back output through it).
 * The pull runs on the shuffle's worker thread that asked, once per attempt; reducers
 * asking meanwhile wait for it.
 */
public class MigratingShuffleHandler extends ShuffleHandler {

  private static final Logger LOG = LoggerFactory.getLogger(MigratingShuffleHandler.class);

  @Override
  protected Shuffle getShuffle(Configuration conf) {
    return new Shuffle(conf) {
      @Override
      protected MapOutputInfo getMapOutputInfo(String mapId, int reduce, String jobId,
          String user) throws IOException {
        try {
          return super.getMapOutputInfo(mapId, reduce, jobId, user);
        } catch (IOException notHere) {
          MovedTasks moved = MovedTasks.onThisNode();
          boolean pulled;
          try {
            pulled = moved != null && moved.pullBack(mapId);
          } catch (IOException e) {
            LOG.warn("The output of {} (job {}) moved away with its task and could not be"
                + " pulled back: {}", mapId, jobId, e.toString());
            throw notHere;
          }
          if (!pulled) {
            throw notHere;
          }
          return super.getMapOutputInfo(mapId, reduce, jobId, user);
        }
      }
    };
  }
}
