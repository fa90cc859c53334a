/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Reading CRIU log files: the first real error line and the tail. */
public final class CriuLogs {
  /** Number of log lines kept in a {@link CriuException}. */
  public static final int DEFAULT_TAIL_LINES = 20;

  /**
   * "Error (" lines CRIU prints on every run that say nothing about the failure
   * (e.g. when RLIMIT_NOFILE cannot be raised inside a VM).
   */
  private static final List<String> HARMLESS = Collections.unmodifiableList(Arrays.asList(
      "Can't setup RLIMIT_NOFILE for self"));

  private CriuLogs() {
  }

  /**
   * The first line containing {@code "Error ("} that is not a known harmless one, trimmed
   * (a restored task's "    1: " prefix is kept out), or null when there is none.
   */
  public static String firstError(List<String> lines) {
    for (String line : lines) {
      int at = line.indexOf("Error (");
      if (at < 0 || isHarmless(line)) {
        continue;
      }
      return line.substring(at).trim();
    }
    return null;
  }

  private static boolean isHarmless(String line) {
    for (String h : HARMLESS) {
      if (line.contains(h)) {
        return true;
      }
    }
    return false;
  }

  /** The last {@code n} lines, oldest first. */
  public static List<String> tail(List<String> lines, int n) {
    int from = Math.max(0, lines.size() - n);
    return new ArrayList<String>(lines.subList(from, lines.size()));
  }

  /** All lines of a log, empty when the file does not exist or cannot be read. */
  public static List<String> read(Path log) {
    if (log == null || !Files.isReadable(log)) {
      return Collections.emptyList();
    }
    try {
      return Files.readAllLines(log, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return Collections.emptyList();
    }
  }

  /**
   * Follows a growing log and tells when {@code marker} has been written. Reads only what
   * was appended since the last call.
   */
  public static final class Follower {
    private final Path log;
    private final String marker;
    private long offset;
    private String carry = "";
    private boolean seen;

    public Follower(Path log, String marker) {
      this.log = log;
      this.marker = marker;
    }

    /** True once the marker is in the log. */
    public boolean seen() {
      if (seen) {
        return true;
      }
      try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(log.toFile(), "r")) {
        long len = f.length();
        if (len < offset) {
          offset = 0; // recreated
          carry = "";
        }
        if (len > offset) {
          byte[] b = new byte[(int) Math.min(len - offset, 1 << 20)];
          f.seek(offset);
          f.readFully(b);
          offset += b.length;
          String text = carry + new String(b, StandardCharsets.ISO_8859_1);
          seen = text.contains(marker);
          carry = text.substring(Math.max(0, text.length() - marker.length()));
        }
      } catch (IOException e) {
        return false;
      }
      return seen;
    }
  }

  /** Splits captured output into lines. */
  public static List<String> lines(String text) {
    if (text == null || text.isEmpty()) {
      return Collections.emptyList();
    }
    return Arrays.asList(text.split("\\r?\\n"));
  }
}
