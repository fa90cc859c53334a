/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A second holder of the userfaultfds of a {@code criu lazy-pages} daemon. A post-copy
 * tree takes the memory it has not pulled yet from that daemon; the kernel releases the
 * tree's userfaultfds with the daemon's last reference, and from then on such a page reads
 * as zeros (found here: a restored python segfaulted on a zeroed heap page within 0.1 s of
 * its daemon's SIGKILL). While this holder runs, a dead daemon leaves the tree waiting on
 * such a page instead (SIGKILL still ends it): the caller ends the tree, then
 * {@link #close() lets go}. After a daemon that exited 0 (every page in place), let go at
 * once: a registration without a reader stops the tree at its next fork or munmap.
 *
 * <p>The holder is {@code perl} (Debian's perl-base is essential) running
 * uffd-holder.pl with {@code pidfd_getfd(2)} (Linux 5.6, root).
 */
public final class UffdHolder implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(UffdHolder.class);
  private static final String SCRIPT = "uffd-holder.pl";

  private final int daemonPid;
  private final Process process;
  private volatile String last = "";

  private UffdHolder(int daemonPid, Process process) {
    this.daemonPid = daemonPid;
    this.process = process;
  }

  /**
   * Starts holding the userfaultfds of the daemon {@code daemonPid} (those it has and those
   * it receives while it runs).
   *
   * @throws IOException when the holder cannot watch the daemon within readyMs (perl
   *     missing, no pidfd_open, the daemon gone)
   */
  public static UffdHolder start(int daemonPid, long readyMs) throws IOException {
    if (daemonPid <= 1) {
      throw new IllegalArgumentException("not a daemon pid: " + daemonPid);
    }
    Process p = new ProcessBuilder("perl", "-e", script(), Integer.toString(daemonPid))
        .redirectInput(new File("/dev/null")).redirectErrorStream(true).start();
    UffdHolder h = new UffdHolder(daemonPid, p);
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8));
    CompletableFuture<String> first = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try {
        String line;
        while ((line = out.readLine()) != null) {
          first.complete(line);
          h.last = line;
          LOG.debug("uffd holder of {}: {}", daemonPid, line);
        }
      } catch (IOException e) {
        // the holder ended
      } finally {
        first.complete("error: ended before it was ready");
      }
    }, "uffd-holder-" + daemonPid);
    reader.setDaemon(true);
    reader.start();
    String answer;
    try {
      answer = first.get(readyMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      answer = "no answer within " + readyMs + " ms";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      answer = "interrupted while waiting for it";
    } catch (ExecutionException e) {
      answer = String.valueOf(e.getCause());
    }
    if (!"ready".equals(answer)) {
      h.close();
      throw new IOException("cannot hold the userfaultfds of criu lazy-pages (pid "
          + daemonPid + "): " + answer);
    }
    return h;
  }

  private static String script() throws IOException {
    try (InputStream in = UffdHolder.class.getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new IOException("resource " + SCRIPT + " missing from the CRIU binding");
      }
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      byte[] chunk = new byte[4096];
      int n;
      while ((n = in.read(chunk)) >= 0) {
        b.write(chunk, 0, n);
      }
      return new String(b.toByteArray(), StandardCharsets.UTF_8);
    }
  }

  /** The holder's last line ("held 3", "daemon ended, holding 3"). */
  public String lastReport() {
    return last;
  }

  /** True while it holds (or watches). */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** The holder's pid. */
  public int pid() {
    return ProcessTree.pidOf(process);
  }

  /** Lets go of the userfaultfds (SIGKILL to the holder) and waits for it, 10 s at most. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          LOG.warn("The uffd holder of criu lazy-pages {} did not end", daemonPid);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "uffd holder of criu lazy-pages " + daemonPid + " (" + last + ")";
  }
}
