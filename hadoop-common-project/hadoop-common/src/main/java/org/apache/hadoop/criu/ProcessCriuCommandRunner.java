/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CriuCommandRunner} backed by {@link ProcessBuilder}. stdin is /dev/null (CRIU must
 * not inherit the caller's pipes), stdout and stderr are captured up to
 * {@link #MAX_CAPTURE_BYTES} each; a command past its timeout is killed with SIGKILL.
 */
public class ProcessCriuCommandRunner implements CriuCommandRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessCriuCommandRunner.class);
  /** Output kept per stream; CRIU's real diagnostics are in its log file. */
  public static final int MAX_CAPTURE_BYTES = 64 * 1024;

  @Override
  public CriuCommandResult run(List<String> argv, long timeoutMs) throws IOException {
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("empty command line");
    }
    LOG.debug("Running {}", CriuException.join(argv));
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.redirectInput(new File("/dev/null"));
    Process process = pb.start();
    StreamCollector out = new StreamCollector(process.getInputStream(), "criu-stdout");
    StreamCollector err = new StreamCollector(process.getErrorStream(), "criu-stderr");
    out.start();
    err.start();
    boolean finished;
    try {
      finished = process.waitFor(timeoutMs, TimeUnit.MILLISECONDS);
      if (!finished) {
        LOG.warn("Killing {} after {} ms", CriuException.join(argv), timeoutMs);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
      out.join(TimeUnit.SECONDS.toMillis(5));
      err.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while running "
          + CriuException.join(argv));
    }
    int exit = finished ? process.exitValue() : CriuCommandResult.TIMED_OUT_EXIT_CODE;
    LOG.debug("{} exited with {}", argv.get(0), exit);
    return new CriuCommandResult(argv, exit, out.text(), err.text(), !finished);
  }

  /** Drains one stream so the child never blocks on a full pipe. */
  private static final class StreamCollector extends Thread {
    private final InputStream in;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

    StreamCollector(InputStream in, String name) {
      super(name);
      this.in = in;
      setDaemon(true);
    }

    @Override
    public void run() {
      byte[] chunk = new byte[8192];
      try {
        int n;
        while ((n = in.read(chunk)) >= 0) {
          synchronized (buf) {
            int keep = Math.min(n, MAX_CAPTURE_BYTES - buf.size());
            if (keep > 0) {
              buf.write(chunk, 0, keep);
            }
          }
        }
      } catch (IOException e) {
        // stream closed by a kill: keep what was read
      } finally {
        try {
          in.close();
        } catch (IOException ignored) {
          // nothing to do
        }
      }
    }

    String text() {
      synchronized (buf) {
        return new String(buf.toByteArray(), StandardCharsets.UTF_8);
      }
    }
  }
}
