/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.util.Arrays;
import java.util.Collections;

import org.apache.hadoop.criu.BoundedRun;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.TestRule;

/**
 * What a real process holds that the target must have, read before the freeze: its
 * pseudo-terminal indexes (a pair, and a master whose slave it closed), and a FIFO outside
 * its work dir (refused) beside one inside (movable).
 */
public class TestTerminalsAndFifos {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  @Test(timeout = 30_000)
  public void givenPtyPairAndLoneMaster_whenRead_thenBothIndexesOnce() throws Exception {
    try (HeldProcess p = HeldProcess.start("exec python3 -c \"import os, time\n"
        + "m1, s1 = os.openpty()\nm2, s2 = os.openpty()\n"
        + "lone = os.readlink('/proc/self/fd/%d' % s2)\nos.close(s2)\n"
        + "print(os.ttyname(s1).rsplit('/', 1)[1], lone.rsplit('/', 1)[1], flush=True)\n"
        + "time.sleep(60)\"")) {
      String[] indexes = p.readLine().split(" ");
      int pair = Integer.parseInt(indexes[0]);
      int lone = Integer.parseInt(indexes[1]);
      assertEquals(Arrays.asList(Math.min(pair, lone), Math.max(pair, lone)),
          Terminals.indexesOf(TreeFds.of(p.pid())));
      assertEquals(Arrays.asList("/dev/pts/" + pair), Terminals.names(
          Collections.singletonList(pair)));
    }
  }

  /** Makes and holds {@code inside}, and holds {@code outside} too if it exists. */
  private static HeldProcess holdFifos(File inside, File outside) throws Exception {
    HeldProcess p = HeldProcess.start("exec python3 -c \"import os, time\n"
        + "os.mkfifo('" + inside + "')\n"
        + "a = os.open('" + inside + "', os.O_RDWR)\n"
        + "print('ready', flush=True)\n"
        + "if os.path.exists('" + outside + "'):\n"
        + "    b = os.open('" + outside + "', os.O_RDWR)\n"
        + "    print('both', flush=True)\n"
        + "time.sleep(60)\"");
    p.await("ready");
    return p;
  }

  @Test(timeout = 30_000)
  public void givenFifoOutsideTheWorkDir_whenChecked_thenRefusedNamingIt() throws Exception {
    File work = tmp.newFolder("container_1_0001_01_000002");
    File inside = new File(work, "in.fifo");
    File outside = new File(tmp.getRoot(), "out.fifo");
    try (HeldProcess p = holdFifos(inside, outside)) {
      assertNull(MovableFiles.firstForeignFifo(TreeFds.of(p.pid()), work.getPath()));
    }
    new ProcessBuilder("mkfifo", outside.getPath()).start().waitFor();
    assertTrue(inside.delete());
    try (HeldProcess p = holdFifos(inside, outside)) {
      p.await("both");
      String why = MovableFiles.firstForeignFifo(TreeFds.of(p.pid()), work.getPath());
      assertTrue(why, why != null && why.startsWith(outside + " (held by pid " + p.pid()
          + " fd ") && why.contains(") is a FIFO outside the container's work dir "
          + work + ": only the work dir's FIFOs move with the container."));
    }
  }
}
