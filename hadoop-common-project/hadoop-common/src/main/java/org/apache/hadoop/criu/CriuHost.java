/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * What a host must allow before CRIU can do post-copy (lazy pages): its pipes must grow to
 * 16 MiB. With the kernel's default {@code fs.pipe-max-size} (1 MiB) a lazy dump fails
 * with "page-pipe: tee: 65536: Operation not permitted" (a short tee into a pipe CRIU
 * could not enlarge; the errno is stale). A NodeManager raises the limit when it starts
 * ({@link #ensurePipeMaxSize}); it never lowers it.
 */
public final class CriuHost {

  /** The pipe size CRIU's lazy dump needs here: 16 MiB. */
  public static final long LAZY_PAGES_PIPE_SIZE = 16L << 20;

  static final Path PIPE_MAX_SIZE = Paths.get("/proc/sys/fs/pipe-max-size");

  private CriuHost() {
  }

  /**
   * Raises {@code fs.pipe-max-size} to at least {@code bytes} (root only).
   *
   * @return null when the limit is (now) high enough, else why not, naming the sysctl
   */
  public static String ensurePipeMaxSize(long bytes) {
    return ensurePipeMaxSize(PIPE_MAX_SIZE, bytes);
  }

  static String ensurePipeMaxSize(Path sysctl, long bytes) {
    try {
      long now = Long.parseLong(new String(Files.readAllBytes(sysctl),
          StandardCharsets.US_ASCII).trim());
      if (now >= bytes) {
        return null;
      }
      Files.write(sysctl, Long.toString(bytes).getBytes(StandardCharsets.US_ASCII));
      return null;
    } catch (IOException | NumberFormatException | SecurityException e) {
      return "post-copy needs fs.pipe-max-size of at least " + bytes + " bytes and this"
          + " process cannot read or raise " + sysctl + " (" + e + "): run"
          + " 'sysctl -w fs.pipe-max-size=" + bytes + "' as root";
    }
  }
}
