/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A page stream: CRIU's page protocol relayed over one transfer connection, authenticated
 * like the images and with every byte under the session's MAC, between CRIU's two ends on
 * each host's loopback (so nothing else of CRIU's is reachable from the network). Post-copy
 * ("PAGS"): a lazy dump's page server on the source, a {@code criu lazy-pages} daemon on the
 * target. Streaming stop-and-copy ("PGDP"): a {@code criu dump --page-server} on the
 * source, a {@code criu page-server} on the target that writes the pages into the
 * migration's images while the source dumps ({@link DumpHandler}).
 *
 * <pre>
 * source (sender) -> target (receiver)
 *   handshake (see {@link TransferProtocol}), int "PAGS", [tag]
 *                                  reply OK: the target holds the stream until the
 *                                  migration's restore takes it; ERROR: no such restore
 * or
 *   handshake, int "PGDP", long bytes the pages may take, [tag]
 *                                  reply OK: a page server for the migration listens
 *                                  and the target is connected to it; ERROR: why not
 *                                  (no space for those bytes, no page server)
 * then, each way independently, until that way ends:
 *   int length (1 .. {@value #MAX_FRAME_BYTES}), length bytes, [tag]
 *   int 0, [tag]: this way ends (its local end closed its output)
 * </pre>
 * The reader checks each frame's tag before it writes a byte of it to its local end: a
 * byte changed or added on the way ends the stream, and the restore then fails (before the
 * commit point) or the restored tree loses its memory (after it: docs/transfer.md).
 */
public final class PageStream implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(PageStream.class);

  /** Largest frame. */
  static final int MAX_FRAME_BYTES = 64 * 1024;

  /**
   * Where CRIU's two ends of the page protocol listen, on each host: its loopback only (a
   * source's lazy dump serves its pages there, a target's lazy-pages daemon is fed there).
   */
  public static final String LOOPBACK = "127.0.0.1";

  /** Who on the target takes a page stream that arrived for a migration. */
  public interface Handler {
    /** @return null when a stream for the migration would be taken now, else why not */
    String refuses(String migrationId);

    /**
     * @return null when the stream was taken (the handler owns it now), else why not (the
     *     source is told, the connection closed)
     */
    String take(String migrationId, Remote stream);
  }

  /**
   * Who on the target takes the page stream of a stop-and-copy dump: a page server that
   * writes the migration's pages where its images will be, merged into them when the
   * images arrive ({@link ReceivedImages.StreamedPages}).
   */
  public interface DumpHandler {
    /**
     * Starts the page server of a migration and connects to it.
     *
     * @param expectedBytes about how much the pages take (the source's estimate)
     * @return the connected local end
     * @throws IOException why not (the source is told)
     */
    Socket open(String migrationId, long expectedBytes) throws IOException;

    /** The relay of that migration's stream runs (the handler ends it on a discard). */
    void relaying(String migrationId, PageStream stream);
  }

  /** An authenticated connection after its "PAGS" or "PGDP" request and the OK. */
  public static final class Remote implements Closeable {
    final Socket socket;
    final TransferSession session;

    Remote(Socket socket, TransferSession session) {
      this.socket = socket;
      this.session = session;
    }

    @Override
    public void close() {
      closeQuietly(socket);
    }

    @Override
    public String toString() {
      return String.valueOf(socket.getRemoteSocketAddress());
    }
  }

  private final String migrationId;
  private final Socket local;
  private final Remote remote;
  /** Told of a failure of the remote side before anything is closed (may be null). */
  private final Consumer<String> onRemoteFailure;
  private final CountDownLatch ended = new CountDownLatch(2);
  private final AtomicReference<String> failure = new AtomicReference<>();
  private final AtomicLong toRemote = new AtomicLong();
  private final AtomicLong toLocal = new AtomicLong();

  private PageStream(String migrationId, Socket local, Remote remote,
      Consumer<String> onRemoteFailure) {
    this.migrationId = migrationId;
    this.local = local;
    this.remote = remote;
    this.onRemoteFailure = onRemoteFailure;
  }

  /**
   * Relays between a local CRIU connection and the remote stream until both ways ended,
   * in two daemon threads; a failure either way closes both connections.
   */
  public static PageStream relay(String migrationId, Socket local, Remote remote)
      throws IOException {
    return relay(migrationId, local, remote, null);
  }

  /**
   * {@link #relay(String, Socket, Remote)}, telling {@code onRemoteFailure} (on the relay's
   * thread, before either connection is closed) when the remote side fails: the peer's
   * connection broke, ended early, or a frame's tag did not match. The local CRIU still
   * holds its end open then (a target's lazy-pages daemon still serves the restored tree's
   * faults): what must happen before it sees the end happens there.
   */
  public static PageStream relay(String migrationId, Socket local, Remote remote,
      Consumer<String> onRemoteFailure) throws IOException {
    local.setSoTimeout(0);
    remote.socket.setSoTimeout(0);
    // CRIU's page protocol is request and answer: a small request must not wait for the
    // peer's delayed ACK (Nagle)
    local.setTcpNoDelay(true);
    remote.socket.setTcpNoDelay(true);
    final PageStream s = new PageStream(migrationId, local, remote, onRemoteFailure);
    final InputStream localIn = local.getInputStream();
    final OutputStream localOut = local.getOutputStream();
    start("page-stream-out-" + migrationId, () -> s.send(localIn));
    start("page-stream-in-" + migrationId, () -> s.receive(localOut));
    return s;
  }

  private static void start(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }

  /** Local end -> frames to the peer. */
  private void send(InputStream localIn) {
    DataOutputStream out = remote.session.out;
    byte[] buf = new byte[MAX_FRAME_BYTES];
    boolean remoteSide = false;
    try {
      int n;
      while ((n = localIn.read(buf)) > 0) {
        remoteSide = true;
        out.writeInt(n);
        out.write(buf, 0, n);
        remote.session.endWrite();
        remoteSide = false;
        toRemote.addAndGet(n);
      }
      // the empty frame ends this way; the connection closes once both ways ended (a
      // half-close could end both ways at a relay, e.g. the shuffle port's)
      remoteSide = true;
      out.writeInt(0);
      remote.session.endWrite();
    } catch (IOException e) {
      fail("sending", e, remoteSide);
    } finally {
      oneWayEnded();
    }
  }

  /** Frames from the peer, each checked -> local end. */
  private void receive(OutputStream localOut) {
    DataInputStream in = remote.session.in;
    byte[] buf = new byte[MAX_FRAME_BYTES];
    boolean remoteSide = true;
    try {
      while (true) {
        remoteSide = true;
        int n = in.readInt();
        if (n < 0 || n > MAX_FRAME_BYTES) {
          throw new IOException("page stream frame of " + n + " bytes (at most "
              + MAX_FRAME_BYTES + ")");
        }
        in.readFully(buf, 0, n);
        remote.session.checkRead("a page stream frame");
        remoteSide = false;
        if (n == 0) {
          local.shutdownOutput();
          return;
        }
        localOut.write(buf, 0, n);
        localOut.flush();
        toLocal.addAndGet(n);
      }
    } catch (IOException e) {
      fail("receiving", e, remoteSide);
    } finally {
      oneWayEnded();
    }
  }

  private void oneWayEnded() {
    ended.countDown();
    if (ended.getCount() == 0) {
      close();
    }
  }

  private void fail(String doing, IOException e, boolean remoteSide) {
    if (failure.compareAndSet(null, doing + ": " + e)) {
      if (ended.getCount() > 0 && !local.isClosed()) {
        LOG.warn("Page stream of migration {} with {} failed {}: {}", migrationId, remote,
            doing, e.toString());
      }
      if (remoteSide && onRemoteFailure != null && !local.isClosed()) {
        try {
          onRemoteFailure.accept("the page stream from " + remote + " failed " + doing + ": "
              + e);
        } catch (RuntimeException r) {
          LOG.error("Page stream of migration {}: handling its failure failed", migrationId,
              r);
        }
      }
      close();
    }
  }

  /** Waits until both ways ended, at most {@code timeoutMs}; true if they did. */
  public boolean awaitEnd(long timeoutMs) throws InterruptedException {
    return ended.await(timeoutMs, TimeUnit.MILLISECONDS);
  }

  /** The first failure either way, or null. */
  public String getFailure() {
    return failure.get();
  }

  /** Page protocol bytes relayed: local to peer, peer to local. */
  public long[] bytes() {
    return new long[] {toRemote.get(), toLocal.get()};
  }

  /** Closes both connections: each way ends. */
  @Override
  public void close() {
    closeQuietly(local);
    remote.close();
  }

  /** A port free on {@link #LOOPBACK} now (a CRIU end binds it a moment later). */
  public static int freeLoopbackPort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getByName(LOOPBACK))) {
      return s.getLocalPort();
    }
  }

  /** Closes a socket, ignoring a failure. */
  public static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  @Override
  public String toString() {
    return "page stream of migration " + migrationId + " with " + remote + " ("
        + toRemote.get() + " bytes out, " + toLocal.get() + " bytes in"
        + (failure.get() == null ? "" : ", failed " + failure.get()) + ")";
  }
}
