/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.mapred;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.server.nodemanager.migration.agent.MovedTasks;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.SharedShufflePort;
import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.ShufflePortRelay;
import org.jboss.netty.channel.ChannelHandlerContext;
import org.jboss.netty.channel.ChannelStateEvent;
import org.jboss.netty.channel.socket.nio.NioClientSocketChannelFactory;
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
 *
 * <p>It also shares its port with the NM-to-NM image transfer (unless
 * {@code yarn.nodemanager.migration.transfer.shuffle-port.shared} is false): every
 * connection starts with a {@link ShufflePortRelay}, which gives a fetch to the shuffle
 * unchanged and relays a transfer to this NM's image receiver; the port is published
 * ({@link SharedShufflePort}) for the migration agent to register as this node's transfer
 * address. The relays' client connections run on one I/O thread of their own, released
 * when the shuffle stops.
 */
public class MigratingShuffleHandler extends ShuffleHandler {

  private static final Logger LOG = LoggerFactory.getLogger(MigratingShuffleHandler.class);

  private boolean sharePort;
  private volatile NioClientSocketChannelFactory relayClients;
  private int sharedPort = -1;

  @Override
  protected void serviceInit(Configuration conf) throws Exception {
    sharePort = conf.getBoolean(
        MigrationConfiguration.NM_MIGRATION_TRANSFER_SHUFFLE_PORT_SHARED,
        MigrationConfiguration.DEFAULT_NM_MIGRATION_TRANSFER_SHUFFLE_PORT_SHARED);
    super.serviceInit(conf);
  }

  @Override
  protected void serviceStart() throws Exception {
    if (sharePort) {
      ExecutorService threads = Executors.newCachedThreadPool(daemonThreads());
      relayClients = new NioClientSocketChannelFactory(threads, threads, 1, 1);
    }
    super.serviceStart();
    if (sharePort) {
      sharedPort = deserializeMetaData(getMetaData());
      SharedShufflePort.shuffleStarted(sharedPort);
      LOG.info("Migration transfers to this NodeManager share the shuffle's port {}",
          sharedPort);
    }
  }

  @Override
  protected void serviceStop() throws Exception {
    if (sharedPort > 0) {
      SharedShufflePort.shuffleStopped(sharedPort);
      sharedPort = -1;
    }
    try {
      super.serviceStop(); // closes every accepted connection, relayed ones too
    } finally {
      NioClientSocketChannelFactory clients = relayClients;
      relayClients = null;
      if (clients != null) {
        clients.releaseExternalResources();
      }
    }
  }

  private static ThreadFactory daemonThreads() {
    final AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "migration-shuffle-relay-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  protected Shuffle getShuffle(Configuration conf) {
    return new Shuffle(conf) {
      @Override
      public void channelOpen(ChannelHandlerContext ctx, ChannelStateEvent evt)
          throws Exception {
        NioClientSocketChannelFactory clients = relayClients;
        if (clients != null) {
          // first of all (before TLS, where the shuffle has it): a transfer or a fetch?
          ctx.getPipeline().addFirst(ShufflePortRelay.NAME,
              new ShufflePortRelay(clients, SharedShufflePort::receiver));
        }
        super.channelOpen(ctx, evt);
      }

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
