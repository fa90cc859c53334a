/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu;

import static org.apache.hadoop.criu.CriuTestSupport.WAIT_MS;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/**
 * Post-copy's lost daemon, with real CRIU: a tree restored with lazy pages whose
 * {@code criu lazy-pages} daemon is killed while most of its memory is still missing.
 * With a {@link UffdHolder} beside the daemon the tree waits on the missing pages (in the
 * kernel's handle_userfault) and reads no zero page; SIGKILL ends it; the holder lets go.
 * (Without one the kernel zero-fills those pages: the python of this test segfaulted.)
 */
public class TestUffdHolder {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(50);

  /** 256 MB of private memory, page i holding i, swept for ever; a wrong page -> bad.txt. */
  private static final String PAGES_WORKLOAD = String.join("\n",
      "import mmap, os",
      "n = 256 * 256",
      "m = mmap.mmap(-1, n * 4096, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)",
      "for i in range(n):",
      "    m[i * 4096:i * 4096 + 8] = i.to_bytes(8, 'little')",
      "open('ready', 'w').close()",
      "sweeps = 0",
      "while True:",
      "    for i in range(n):",
      "        v = int.from_bytes(m[i * 4096:i * 4096 + 8], 'little')",
      "        if v != i:",
      "            with open('bad.txt', 'a') as f:",
      "                f.write('page %d read %d\\n' % (i, v))",
      "    sweeps += 1",
      "    with open('sweeps.txt', 'w') as f:",
      "        f.write('%d\\n' % sweeps)",
      "");

  private Path dir;
  private Criu criu;

  @Before
  public void setUp() throws Exception {
    CriuTestSupport.requireRoot();
    criu = CriuTestSupport.requireCriu();
    dir = CriuTestSupport.newTempDir("uffd-holder");
  }

  @After
  public void tearDown() throws Exception {
    if (dir != null) {
      CriuTestSupport.deleteRecursively(dir);
    }
  }

  @Test
  public void givenLazyRestore_whenItsDaemonIsKilled_thenTheTreeWaitsInsteadOfReadingZeros()
      throws Exception {
    assertNull(CriuHost.ensurePipeMaxSize(CriuHost.LAZY_PAGES_PIPE_SIZE));
    Path images = dir.resolve("images");
    Path copy = dir.resolve("copy");
    Path work = Files.createDirectories(dir.resolve("work"));
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    Process unshare = new ProcessBuilder("unshare", "--pid", "--fork", "--kill-child",
        "setsid", "python3", "-c", PAGES_WORKLOAD).directory(work.toFile())
        .redirectInput(new File("/dev/null"))
        .redirectOutput(dir.resolve("out").toFile())
        .redirectError(dir.resolve("err").toFile()).start();
    UffdHolder holder = null;
    CriuRestoredTree restored = null;
    int restoredPid = -1;
    try {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS * 2);
      while (!Files.exists(work.resolve("ready"))) {
        assertTrue("the workload did not fill its memory: "
            + new String(Files.readAllBytes(dir.resolve("err")), StandardCharsets.UTF_8),
            unshare.isAlive() && System.nanoTime() < deadline);
        Thread.sleep(20);
      }
      List<Integer> children = ProcessTree.children(ProcessTree.pidOf(unshare));
      assertEquals("the namespace init", 1, children.size());
      try (CriuBackground dump = criu.startLazyDump(CriuDumpOptions.builder(children.get(0),
          images).lazyPages("127.0.0.1", port).build())) {
        Files.createDirectories(copy);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(images, "*.img")) {
          for (Path f : files) {
            Files.copy(f, copy.resolve(f.getFileName()));
          }
        }
        Files.write(dir.resolve("err"), new byte[0]);
        try (CriuBackground pages = criu.startLazyPages(copy, "127.0.0.1", port,
            "lazy-pages.log")) {
          holder = UffdHolder.start(pages.pid(), 10_000);
          restored = criu.startRestore(CriuRestoreOptions.builder(copy)
              .pidFile(copy.resolve("restore.pid"))
              .inheritFd(1, dir.resolve("out").toString())
              .inheritFd(2, dir.resolve("err").toString())
              .lazyPages(true).build(),
              ProcessBuilder.Redirect.to(dir.resolve("restored-out").toFile()),
              ProcessBuilder.Redirect.to(dir.resolve("restored-err").toFile()));
          restoredPid = restored.getPid();
          // the daemon dies with most of the 256 MB still on the source
          assertTrue(ProcessTree.signal(pages.pid(), "KILL"));
        }
        deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!holder.lastReport().startsWith("daemon ended")) {
          assertTrue("the holder did not see the daemon end: " + holder,
              System.nanoTime() < deadline);
          Thread.sleep(10);
        }
        assertFalse("the holder held nothing: " + holder,
            holder.lastReport().endsWith("holding 0"));
        // the restored tree waits on a page it lacks, alive, and read no zero page
        deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!"handle_userfault".equals(wchan(restoredPid))) {
          assertTrue("the restored tree " + restoredPid + " does not wait on its missing"
              + " memory (state " + ProcessTree.state(restoredPid) + ", wchan "
              + wchan(restoredPid) + ")", ProcessTree.isAlive(restoredPid)
              && System.nanoTime() < deadline);
          Thread.sleep(10);
        }
        assertFalse("a page read wrong: " + read(work.resolve("bad.txt")),
            Files.exists(work.resolve("bad.txt")));
        assertTrue(ProcessTree.signal(restoredPid, "KILL"));
        assertTrue("SIGKILL ends a tree waiting on its missing memory",
            ProcessTree.awaitExit(restoredPid, WAIT_MS));
        assertFalse("a page read wrong: " + read(work.resolve("bad.txt")),
            Files.exists(work.resolve("bad.txt")));
      }
      holder.close();
      assertFalse("the holder let go", holder.isAlive());
    } finally {
      if (restoredPid > 0 && ProcessTree.isAlive(restoredPid)) {
        ProcessTree.signal(restoredPid, "KILL");
      }
      if (restored != null) {
        restored.close();
      }
      if (holder != null) {
        holder.close();
      }
      unshare.destroyForcibly();
      unshare.waitFor(WAIT_MS, TimeUnit.MILLISECONDS);
    }
  }

  private static String wchan(int pid) {
    try {
      return new String(Files.readAllBytes(new File("/proc/" + pid + "/wchan").toPath()),
          StandardCharsets.UTF_8).trim();
    } catch (java.io.IOException e) {
      return "gone";
    }
  }

  private static String read(Path p) throws java.io.IOException {
    return Files.exists(p) ? new String(Files.readAllBytes(p), StandardCharsets.UTF_8) : "";
  }
}
