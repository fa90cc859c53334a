/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;

import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/**
 * A deadline on every blocking write to a socket: Java's socket writes have no timeout, so a
 * peer that accepts the connection and then reads nothing would block the sender (and keep
 * a frozen source frozen) for as long as TCP retransmits. A watchdog thread closes the socket
 * when one write has blocked for longer than the deadline; the write then fails and
 * {@link #expired()} says why.
 *
 * <p>Use: wrap the socket's stream with {@link #guard(OutputStream)}, and close the deadline
 * (which stops its watchdog) when the transfer ends.
 */
final class WriteDeadline implements Closeable {

  private final Socket socket;
  private final long deadlineNanos;
  private final Thread watchdog;
  /** System.nanoTime() when the write in progress began, 0 when none is. */
  private volatile long writeSince;
  private volatile boolean expired;
  private volatile boolean closed;

  /**
   * @param socket the socket to close when a write blocks too long
   * @param deadlineMs longest one write may block, in ms
   * @param name what the watchdog thread is called
   */
  WriteDeadline(Socket socket, long deadlineMs, String name) {
    this.socket = socket;
    this.deadlineNanos = TimeUnit.MILLISECONDS.toNanos(deadlineMs);
    final long pollMs = Math.max(10, Math.min(250, deadlineMs / 4));
    watchdog = new Thread(new Runnable() {
      @Override
      public void run() {
        watch(pollMs);
      }
    }, name);
    watchdog.setDaemon(true);
    watchdog.start();
  }

  private void watch(long pollMs) {
    while (!closed) {
      long since = writeSince;
      if (since != 0 && System.nanoTime() - since > deadlineNanos) {
        expired = true;
        try {
          socket.close();
        } catch (IOException e) {
          // closing is all we can do
        }
        return;
      }
      try {
        Thread.sleep(pollMs);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** True once a write blocked past the deadline and the socket was closed. */
  boolean expired() {
    return expired;
  }

  /** The stream, with every write under the deadline. */
  OutputStream guard(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        begin();
        try {
          out.write(b);
        } finally {
          writeSince = 0;
        }
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        begin();
        try {
          out.write(b, off, len);
        } finally {
          writeSince = 0;
        }
      }

      @Override
      public void flush() throws IOException {
        begin();
        try {
          out.flush();
        } finally {
          writeSince = 0;
        }
      }
    };
  }

  private void begin() {
    long now = System.nanoTime();
    writeSince = now == 0 ? 1 : now;
  }

  @Override
  public void close() {
    closed = true;
    watchdog.interrupt();
  }
}
