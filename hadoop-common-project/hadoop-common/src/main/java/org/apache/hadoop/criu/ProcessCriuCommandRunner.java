/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CriuCommandRunner} backed by {@link ProcessBuilder}. stdin is /dev/null (CRIU must
 * not inherit the caller's pipes), stdout and stderr are captured up to
 * {@link #MAX_CAPTURE_BYTES} each; a command past its timeout is killed with SIGKILL.
 *
 * <p>Each command runs in a process group of its own ({@code setsid}, which execs it in
 * the same pid: a child of the JVM never leads a group). A command that failed -- past its
 * timeout, killed by a signal, or any non-zero exit -- has its whole group killed: CRIU
 * forks helpers, and one that outlived a {@code criu dump} killed from outside kept the
 * dump's pipes and ran on after the checkpoint had failed (seen in CI).
 */
public class ProcessCriuCommandRunner implements CriuCommandRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessCriuCommandRunner.class);
  /** Output kept per stream; CRIU's real diagnostics are in its log file. */
  public static final int MAX_CAPTURE_BYTES = 64 * 1024;
  /** util-linux's setsid: a new session, hence a process group, then exec. */
  private static final String SETSID = "setsid";

  @Override
  public CriuCommandResult run(List<String> argv, long timeoutMs) throws IOException {
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("empty command line");
    }
    LOG.debug("Running {}", CriuException.join(argv));
    List<String> grouped = new ArrayList<>(argv.size() + 1);
    grouped.add(SETSID);
    grouped.addAll(argv);
    ProcessBuilder pb = new ProcessBuilder(grouped);
    pb.redirectInput(new File("/dev/null"));
    requireExecutable(argv.get(0));
    Process process = pb.start();
    int group = ProcessTree.pidOf(process);
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
      if (!finished || process.exitValue() != 0) {
        killGroup(group, argv);
      }
      out.join(TimeUnit.SECONDS.toMillis(5));
      err.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      killGroup(group, argv);
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while running "
          + CriuException.join(argv));
    }
    int exit = finished ? process.exitValue() : CriuCommandResult.TIMED_OUT_EXIT_CODE;
    LOG.debug("{} exited with {}", argv.get(0), exit);
    return new CriuCommandResult(argv, exit, out.text(), err.text(), !finished);
  }

  /**
   * Fails as ProcessBuilder would when the program cannot be run: setsid would start and
   * exit 127 instead, and a missing CRIU must read as "not started".
   */
  private static void requireExecutable(String program) throws IOException {
    if (executable(program) == null) {
      throw new IOException("Cannot run program \"" + program
          + "\": error=2, No such file or directory (or not executable)");
    }
  }

  /**
   * The file exec would run for {@code program}: the path itself when it has a '/', else
   * the first executable regular file of that name on this process's PATH; null if none.
   */
  public static Path executable(String program) {
    if (program.contains("/")) {
      Path p = Paths.get(program);
      return Files.isExecutable(p) && !Files.isDirectory(p) ? p : null;
    }
    String path = System.getenv("PATH");
    for (String dir : (path == null ? "/usr/bin:/bin" : path).split(":")) {
      Path p = Paths.get(dir.isEmpty() ? "." : dir, program);
      if (Files.isExecutable(p) && !Files.isDirectory(p)) {
        return p;
      }
    }
    return null;
  }

  /**
   * SIGKILL to every process left in the command's group (its helpers); the group outlives
   * its leader while a member lives, so the number names no one else.
   */
  private static void killGroup(int group, List<String> argv) {
    try {
      if (ProcessTree.signalGroup(group, "KILL")) {
        LOG.warn("Killed what was left in the process group of {}",
            CriuException.join(argv));
      }
    } catch (IOException e) {
      LOG.warn("Could not kill the process group {} of {}: {}", group,
          CriuException.join(argv), e.toString());
    }
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
