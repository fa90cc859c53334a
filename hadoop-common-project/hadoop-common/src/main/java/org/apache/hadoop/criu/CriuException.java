/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A failed CRIU command. Carries the verb, what it was applied to, the exit code, the full
 * command line, CRIU's first error line and the tail of its log, e.g.
 * {@code criu dump of pid 1234 failed (exit 1): Error (compel/src/lib/infect.c:418): Unable
 * to detach from 1234: No such process}.
 */
public class CriuException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String verb;
  private final String target;
  private final int exitCode;
  private final boolean timedOut;
  private final List<String> command;
  private final String firstError;
  private final List<String> logTail;

  public CriuException(String verb, String target, int exitCode, boolean timedOut,
      List<String> command, String firstError, List<String> logTail, Throwable cause) {
    super(message(verb, target, exitCode, timedOut, firstError), cause);
    this.verb = verb;
    this.target = target;
    this.exitCode = exitCode;
    this.timedOut = timedOut;
    this.command = Collections.unmodifiableList(new ArrayList<String>(command));
    this.firstError = firstError;
    this.logTail = Collections.unmodifiableList(new ArrayList<String>(logTail));
  }

  static String message(String verb, String target, int exitCode, boolean timedOut,
      String firstError) {
    StringBuilder sb = new StringBuilder("criu ").append(verb);
    if (target != null && !target.isEmpty()) {
      sb.append(" of ").append(target);
    }
    if (timedOut) {
      sb.append(" timed out");
    } else {
      sb.append(" failed (exit ").append(exitCode);
      if (exitCode > 128 && exitCode <= 128 + 64) {
        // Process.exitValue() of a process a signal ended
        sb.append(": killed by signal ").append(exitCode - 128);
      }
      sb.append(')');
    }
    sb.append(": ").append(firstError == null || firstError.isEmpty()
        ? "no error line in CRIU's log" : firstError);
    return sb.toString();
  }

  /** The CRIU verb: dump, restore, check, ... */
  public String getVerb() {
    return verb;
  }

  /** What the verb was applied to, e.g. "pid 1234" or "images /x". */
  public String getTarget() {
    return target;
  }

  /** CRIU's exit code, {@link CriuCommandResult#TIMED_OUT_EXIT_CODE} after a timeout. */
  public int getExitCode() {
    return exitCode;
  }

  public boolean isTimedOut() {
    return timedOut;
  }

  public List<String> getCommand() {
    return command;
  }

  /** The first meaningful "Error (" line of CRIU's log (or stderr), or null. */
  public String getFirstError() {
    return firstError;
  }

  /** The last lines of CRIU's log, oldest first. */
  public List<String> getLogTail() {
    return logTail;
  }

  /** Message, command line and log tail, for logs and diagnostics. */
  public String getDiagnostics() {
    StringBuilder sb = new StringBuilder(getMessage()).append("\ncommand: ")
        .append(join(command));
    if (!logTail.isEmpty()) {
      sb.append("\nlog tail:");
      for (String line : logTail) {
        sb.append("\n  ").append(line);
      }
    }
    return sb.toString();
  }

  /** A command line as one string, arguments with blanks quoted. */
  static String join(List<String> argv) {
    StringBuilder sb = new StringBuilder();
    for (String a : argv) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      if (a.isEmpty() || a.matches(".*[\\s'\"$`\\\\].*")) {
        sb.append('\'').append(a.replace("'", "'\\''")).append('\'');
      } else {
        sb.append(a);
      }
    }
    return sb.toString();
  }
}
