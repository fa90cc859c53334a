/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;

import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.service.AbstractService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NM's image receiver: a server channel on
 * {@code yarn.nodemanager.migration.transfer.port} (0 = ephemeral, see
 * {@link #getBoundAddress()}). One thread reads every connection's handshake without
 * blocking ({@link HandshakeGate}: an idle or slow peer holds no serving thread); the
 * authenticated ones are served by a bounded pool of {@link ImageReceiver}s, and those
 * beyond the pool and its short queue are refused with an error reply.
 *
 * <p>Lifecycle ({@link AbstractService}): settings are read in serviceInit (unless given
 * to the constructor), the socket is bound in serviceStart, and serviceStop closes the
 * socket and every open connection (their partial images are deleted), is idempotent and
 * safe after a failed start. Stale {@code *.partial} directories are deleted at start.
 */
public class ImageTransferServer extends AbstractService {

  private static final Logger LOG = LoggerFactory.getLogger(ImageTransferServer.class);

  private final TransferSecretManager secrets;
  private final ReceivedImages images;
  private final Set<Socket> open = Collections.newSetFromMap(
      new ConcurrentHashMap<Socket, Boolean>());

  private TransferSettings settings;
  private volatile ServerSocketChannel serverChannel;
  private volatile HandshakeGate gate;
  private volatile InetSocketAddress boundAddress;
  private ThreadPoolExecutor pool;
  private volatile GiveUp.Handler giveUp;
  private volatile TaskOutputs.Handler taskOutputs;
  private volatile PageStream.Handler pageStreams;
  private volatile PageStream.DumpHandler pageDumps;
  private Thread acceptor;

  /**
   * @param secrets the keys tokens are checked with
   * @param images where images are stored
   */
  public ImageTransferServer(TransferSecretManager secrets, ReceivedImages images) {
    this(null, secrets, images);
  }

  /** Pause after a failed accept (the error repeats until its cause goes away). */
  static final long ACCEPT_RETRY_MS = 500;

  /**
   * @param settings settings to use instead of reading the configuration, or null
   * @param secrets the keys tokens are checked with
   * @param images where images are stored
   */
  public ImageTransferServer(TransferSettings settings, TransferSecretManager secrets,
      ReceivedImages images) {
    super(ImageTransferServer.class.getSimpleName());
    this.settings = settings;
    this.secrets = secrets;
    this.images = images;
  }

  /** Who decides when a source gives a migration up (set before start; none: refused). */
  public void setGiveUpHandler(GiveUp.Handler handler) {
    this.giveUp = handler;
  }

  /** Who serves migrated tasks' outputs (set before start; none: refused). */
  public void setTaskOutputHandler(TaskOutputs.Handler handler) {
    this.taskOutputs = handler;
  }

  /** Who takes the page streams of stop-and-copy dumps (set before start; none: refused). */
  public void setPageDumpHandler(PageStream.DumpHandler handler) {
    this.pageDumps = handler;
  }

  /** Who takes post-copy page streams (set before start; none: refused). */
  public void setPageStreamHandler(PageStream.Handler handler) {
    this.pageStreams = handler;
  }

  @Override
  protected void serviceInit(Configuration conf) throws Exception {
    if (settings == null) {
      settings = TransferSettings.fromConfiguration(conf);
    }
    super.serviceInit(conf);
  }

  @Override
  protected void serviceStart() throws Exception {
    int cleaned = images.cleanStalePartials();
    if (cleaned > 0) {
      LOG.info("Deleted {} stale partial image directories", cleaned);
    }
    ServerSocketChannel ss = ServerSocketChannel.open();
    try {
      ss.bind(new InetSocketAddress(settings.getBindHost(), settings.getPort()), 50);
    } catch (IOException e) {
      ss.close();
      throw new IOException("Bind of the migration image receiver to "
          + settings.getBindHost() + ":" + settings.getPort() + " failed: " + e, e);
    }
    serverChannel = ss;
    boundAddress = (InetSocketAddress) ss.getLocalAddress();
    final int threads = settings.getServerThreads();
    pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
        new LinkedBlockingQueue<Runnable>(threads), daemonThreads("migration-receiver"));
    pool.allowCoreThreadTimeOut(true);
    final ImageReceiver receiver = new ImageReceiver(settings, images, giveUp, taskOutputs,
        pageStreams, pageDumps);
    // one thread reads every handshake; only authenticated peers reach the pool
    final HandshakeGate g = new HandshakeGate(ss, secrets,
        (channel, handshake) -> serve(receiver, channel.socket(), handshake));
    gate = g;
    acceptor = daemonThreads("migration-acceptor").newThread(g::run);
    acceptor.start();
    LOG.info("Migration image receiver listening on {} ({})", boundAddress, settings);
    super.serviceStart();
  }

  /** An authenticated connection: served by the pool, or refused when it is full. */
  private void serve(final ImageReceiver receiver, final Socket s,
      final HandshakeGate.Handshake handshake) {
    open.add(s);
    try {
      pool.execute(new Runnable() {
        @Override
        public void run() {
          try {
            receiver.serve(s, handshake);
          } finally {
            open.remove(s);
          }
        }
      });
    } catch (RejectedExecutionException e) {
      refuseBusy(s);
      open.remove(s);
    }
  }

  private void refuseBusy(Socket s) {
    try {
      s.setSoTimeout(1000);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      TransferProtocol.writeReply(out, false, "receiver busy: "
          + settings.getServerThreads() + " transfers in progress, try again later");
      out.flush();
    } catch (IOException ignored) {
      // the peer sees the close instead
    } finally {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }

  @Override
  protected void serviceStop() throws Exception {
    ServerSocketChannel ss = serverChannel;
    serverChannel = null;
    if (ss != null) {
      ss.close();
    }
    HandshakeGate g = gate;
    gate = null;
    if (g != null) {
      g.wakeup();
      g.close();
    }
    for (Socket s : open.toArray(new Socket[0])) {
      try {
        s.close();
      } catch (IOException ignored) {
        // stopping anyway
      }
    }
    ExecutorService p = pool;
    pool = null;
    if (p != null) {
      p.shutdownNow();
      if (!p.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("Migration image receiver threads did not end within 10 s");
      }
    }
    if (acceptor != null) {
      acceptor.join(10000);
      acceptor = null;
    }
    if (boundAddress != null) {
      LOG.info("Migration image receiver on {} stopped", boundAddress);
    }
    boundAddress = null;
    super.serviceStop();
  }

  /** @return the bound address while started, else null */
  public InetSocketAddress getBoundAddress() {
    return boundAddress;
  }

  /** @return the bound port while started, else -1 */
  public int getPort() {
    InetSocketAddress a = boundAddress;
    return a == null ? -1 : a.getPort();
  }

  /** @return the settings in use (after init) */
  public TransferSettings getSettings() {
    return settings;
  }

  /** @return the registry of received images */
  public ReceivedImages getReceivedImages() {
    return images;
  }

  /** @return the key holder tokens are checked with */
  public TransferSecretManager getSecretManager() {
    return secrets;
  }

  private static ThreadFactory daemonThreads(final String prefix) {
    final AtomicInteger n = new AtomicInteger();
    return new ThreadFactory() {
      @Override
      public Thread newThread(Runnable r) {
        Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      }
    };
  }

  /** Test aid: connections being served now. */
  int openConnections() {
    return open.size();
  }
}
