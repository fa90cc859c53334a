/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;

import static org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferTestSupport.ID;
import static org.apache.hadoop.yarn.server.nodemanager.migration.transfer.TransferTestSupport.KEY;
import static org.junit.Assume.assumeTrue;

import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A one-off loopback throughput measurement, not a check: skipped unless run with
 * {@code -Dtransfer.throughput.mb=256}. Prints one line to the test output.
 */
public class TestTransferThroughput {

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void givenLargeImageWhenSentOverLoopbackThenThroughputIsPrinted() throws Exception {
    int mb = Integer.getInteger("transfer.throughput.mb", 0);
    assumeTrue("set -Dtransfer.throughput.mb=<size> to measure", mb > 0);
    Path source = tmp.newFolder("src").toPath();
    TransferTestSupport.writeRandom(source.resolve("pages-1.img"), mb * 1024L * 1024, 9);
    ImageTransferServer server = TransferTestSupport.startServer(
        TransferTestSupport.loopbackSettings(), tmp.newFolder("nm").toPath(), KEY);
    try {
      long t0 = System.nanoTime();
      ImageManifest manifest = ImageManifest.build(source);
      long manifestMs = (System.nanoTime() - t0) / 1000000;
      // one warm-up-free run: the number includes JIT warm-up, as a real migration would
      TransferResult r = new ImageSender(TransferTestSupport.loopbackSettings()).send(
          TransferTestSupport.loopback(server), ID, TransferToken.create(KEY, ID), source,
          manifest);
      System.out.println(String.format("THROUGHPUT %d MiB loopback: manifest (SHA-256 of"
          + " source) %d ms; transfer %d ms = %.1f MiB/s (%s)", mb, manifestMs,
          r.getDurationMillis(), r.getMiBPerSecond(), r));
    } finally {
      server.stop();
    }
  }
}
