/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/** The pipe size post-copy needs: raised when lower, never lowered (a file stands in). */
public class TestCriuHost {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  private static String read(Path p) throws Exception {
    return new String(Files.readAllBytes(p), StandardCharsets.US_ASCII).trim();
  }

  @Test
  public void givenLowerOrHigherLimit_whenEnsured_thenRaisedOrLeft() throws Exception {
    Path dir = CriuTestSupport.newTempDir("criu-host");
    try {
      Path sysctl = dir.resolve("pipe-max-size");
      Files.write(sysctl, "1048576\n".getBytes(StandardCharsets.US_ASCII));
      assertNull(CriuHost.ensurePipeMaxSize(sysctl, CriuHost.LAZY_PAGES_PIPE_SIZE));
      assertEquals("16777216", read(sysctl));
      Files.write(sysctl, "33554432\n".getBytes(StandardCharsets.US_ASCII));
      assertNull(CriuHost.ensurePipeMaxSize(sysctl, CriuHost.LAZY_PAGES_PIPE_SIZE));
      assertEquals("never lowered", "33554432", read(sysctl));
      String why = CriuHost.ensurePipeMaxSize(dir.resolve("missing"), 16);
      assertTrue(why, why.contains("sysctl -w fs.pipe-max-size=16"));
    } finally {
      CriuTestSupport.deleteRecursively(dir);
    }
  }
}
