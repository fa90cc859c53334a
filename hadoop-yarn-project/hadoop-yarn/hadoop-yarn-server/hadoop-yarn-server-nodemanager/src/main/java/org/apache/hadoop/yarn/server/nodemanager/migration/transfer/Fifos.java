/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;

import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * FIFOs (named pipes) of a work dir: found by their file type, made again by mkfifo(1)
 * (Java cannot make one). CRIU reopens a FIFO the tree holds by its path and refills it
 * with the data that was in flight, so the FIFO must exist there before the restore.
 */
public final class Fifos {

  /** st_mode's file type bits, and the type of a FIFO. */
  private static final int S_IFMT = 0170000;
  private static final int S_IFIFO = 0010000;
  /** Longest mkfifo(1) may take. */
  private static final long MKFIFO_TIMEOUT_SECONDS = 10;

  private Fifos() {
  }

  /** @return whether p itself (not a link's target) is a FIFO */
  public static boolean isFifo(Path p) throws IOException {
    return isFifoMode(Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS));
  }

  /**
   * @param procFdLink {@code /proc/<pid>/fd/<n>}, followed
   * @return whether what the process holds there is a FIFO, whatever path names it
   */
  public static boolean opensFifo(Path procFdLink) throws IOException {
    return isFifoMode(Files.getAttribute(procFdLink, "unix:mode"));
  }

  private static boolean isFifoMode(Object mode) {
    return mode instanceof Integer && ((Integer) mode & S_IFMT) == S_IFIFO;
  }

  /** Makes a FIFO at {@code to} with the permission bits of the FIFO {@code from}. */
  public static void copy(Path from, Path to) throws IOException {
    Object mode = Files.getAttribute(from, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    make(to, (Integer) mode & 0777);
  }

  /**
   * Makes a FIFO at p, which must not exist (mkfifo(2) never follows a link there: an
   * existing name, link or not, fails it). The caller checks that p's parent is a
   * directory it made.
   *
   * @param mode permission bits (0777 at most)
   */
  public static void make(Path p, int mode) throws IOException {
    Process mk = new ProcessBuilder("mkfifo", "-m", Integer.toOctalString(mode & 0777), "--",
        p.toString()).redirectErrorStream(true).redirectInput(new File("/dev/null")).start();
    try {
      if (!mk.waitFor(MKFIFO_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        mk.destroyForcibly();
        throw new IOException("mkfifo " + p + " did not end within "
            + MKFIFO_TIMEOUT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      mk.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted making FIFO " + p);
    }
    if (mk.exitValue() != 0) {
      byte[] out = new byte[512];
      int n = Math.max(0, mk.getInputStream().read(out));
      throw new IOException("mkfifo " + p + " failed (exit " + mk.exitValue() + "): "
          + new String(out, 0, n, StandardCharsets.UTF_8).trim());
    }
  }
}
