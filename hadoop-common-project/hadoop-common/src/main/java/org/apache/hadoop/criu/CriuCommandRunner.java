/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu;

import java.io.IOException;
import java.util.List;

/**
 * Runs one CRIU command line to completion. The single seam between the binding and the
 * operating system: tests swap it for a fake, production code uses
 * {@link ProcessCriuCommandRunner}.
 */
public interface CriuCommandRunner {

  /**
   * Runs {@code argv} (argv[0] is the binary) and waits at most {@code timeoutMs}.
   * A command that does not finish in time is killed and reported with
   * {@link CriuCommandResult#isTimedOut()}.
   *
   * @throws IOException when the command cannot be started at all
   */
  CriuCommandResult run(List<String> argv, long timeoutMs) throws IOException;
}
