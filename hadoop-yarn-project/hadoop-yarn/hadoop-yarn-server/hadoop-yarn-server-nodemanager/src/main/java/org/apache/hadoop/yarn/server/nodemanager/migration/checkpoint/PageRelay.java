/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.hadoop.yarn.server.nodemanager.migration.transfer.PageStream;

/**
 * The source's end of a streaming stop-and-copy dump: a listener on loopback for the one
 * connection of {@code criu dump --page-server}, relayed to the target's page server over
 * the authenticated page stream ({@link PageStream}). Call order: {@link #start}, run the
 * dump on {@link #port()}, then {@link #finish} once it ended well; {@link #close} always.
 */
final class PageRelay implements Closeable {

  private final String migrationId;
  private final ServerSocket listener;
  private final PageStream.Remote remote;
  private final CompletableFuture<PageStream> stream = new CompletableFuture<>();

  private PageRelay(String migrationId, ServerSocket listener, PageStream.Remote remote) {
    this.migrationId = migrationId;
    this.listener = listener;
    this.remote = remote;
  }

  /**
   * Listens on loopback and relays the first connection to {@code remote}.
   *
   * @param acceptWaitMs longest wait for the dump's connection (the dump's own bound)
   */
  static PageRelay start(String migrationId, PageStream.Remote remote, long acceptWaitMs)
      throws IOException {
    ServerSocket l = new ServerSocket(0, 1, InetAddress.getByName(PageStream.LOOPBACK));
    l.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, acceptWaitMs)));
    PageRelay r = new PageRelay(migrationId, l, remote);
    Thread t = new Thread(r::acceptOne, "page-relay-" + migrationId);
    t.setDaemon(true);
    t.start();
    return r;
  }

  private void acceptOne() {
    Socket s = null;
    try {
      s = listener.accept();
      stream.complete(PageStream.relay(migrationId, s, remote));
    } catch (IOException | RuntimeException e) {
      if (s != null) {
        PageStream.closeQuietly(s);
      }
      stream.completeExceptionally(e);
    } finally {
      closeListener();
    }
  }

  /** The port the dump sends its pages to. */
  int port() {
    return listener.getLocalPort();
  }

  /**
   * After the dump ended well (the page server acknowledged every page): waits until the
   * relay ended both ways.
   *
   * @return the page protocol bytes sent to the target
   * @throws IOException if the dump never connected, or the stream failed or did not end
   */
  long finish(long waitMs) throws IOException {
    PageStream s;
    try {
      s = stream.get(waitMs, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IOException("the dump's page stream did not open: " + e.getCause(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("the dump never connected to its page stream");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the page stream", e);
    }
    try {
      if (!s.awaitEnd(waitMs)) {
        throw new IOException("the page stream did not end within " + waitMs + " ms after"
            + " the dump");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the page stream", e);
    }
    if (s.getFailure() != null) {
      throw new IOException("the page stream failed " + s.getFailure());
    }
    return s.bytes()[0];
  }

  private void closeListener() {
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  /** Ends the relay (the target's page server sees the stream end). Never throws. */
  @Override
  public void close() {
    closeListener();
    PageStream s = null;
    try {
      s = stream.getNow(null);
    } catch (java.util.concurrent.CompletionException
        | java.util.concurrent.CancellationException e) {
      // the relay never started: only the remote end is open
    }
    if (s != null) {
      s.close();
    } else {
      remote.close();
    }
  }
}
