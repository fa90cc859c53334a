/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Outcome of one CRIU command: exit code, captured output and whether it timed out. */
public final class CriuCommandResult {
  /** Exit code reported when the command was killed because of its timeout. */
  public static final int TIMED_OUT_EXIT_CODE = -1;

  private final List<String> command;
  private final int exitCode;
  private final String stdout;
  private final String stderr;
  private final boolean timedOut;

  public CriuCommandResult(List<String> command, int exitCode, String stdout,
      String stderr, boolean timedOut) {
    this.command = Collections.unmodifiableList(new ArrayList<String>(command));
    this.exitCode = exitCode;
    this.stdout = stdout == null ? "" : stdout;
    this.stderr = stderr == null ? "" : stderr;
    this.timedOut = timedOut;
  }

  public List<String> getCommand() {
    return command;
  }

  public int getExitCode() {
    return exitCode;
  }

  public String getStdout() {
    return stdout;
  }

  public String getStderr() {
    return stderr;
  }

  public boolean isTimedOut() {
    return timedOut;
  }

  public boolean isSuccess() {
    return !timedOut && exitCode == 0;
  }

  @Override
  public String toString() {
    return "CriuCommandResult{exit=" + exitCode + ", timedOut=" + timedOut
        + ", command=" + CriuException.join(command) + "}";
  }
}
