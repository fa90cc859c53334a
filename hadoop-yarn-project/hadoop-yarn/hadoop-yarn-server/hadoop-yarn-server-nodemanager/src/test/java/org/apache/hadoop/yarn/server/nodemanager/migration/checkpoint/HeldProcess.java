/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint;

import static org.junit.Assert.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A process a test starts to hold something open (sh prints its pid, then execs the
 * command, which keeps it), read line by line; every read is bounded by the test's
 * class rule. {@link #close} kills it by that pid's Process handle.
 */
public final class HeldProcess implements AutoCloseable {

  private final Process process;
  private final BufferedReader out;
  private final int pid;

  private HeldProcess(Process process, BufferedReader out, int pid) {
    this.process = process;
    this.out = out;
    this.pid = pid;
  }

  public static HeldProcess start(String command) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", "echo $$; " + command).start();
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.US_ASCII));
    return new HeldProcess(p, r, Integer.parseInt(r.readLine().trim()));
  }

  public int pid() {
    return pid;
  }

  /** The next line it prints. */
  public String readLine() throws Exception {
    return out.readLine();
  }

  /** The next line it prints is {@code line}. */
  public void await(String line) throws Exception {
    assertEquals(line, readLine());
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }
}
