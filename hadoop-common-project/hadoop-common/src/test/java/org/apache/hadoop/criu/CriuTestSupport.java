/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu;

import static org.junit.Assert.fail;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Assume;

/**
 * Shared helpers of the real-CRIU tests: finding CRIU and root (skip on a developer box,
 * fail under CI=true), starting a counter tree the way the NodeManager starts containers,
 * reading its counter, cleaning up.
 */
public final class CriuTestSupport {
  /** Upper bound for every wait in these tests; no test asserts on timing. */
  public static final long WAIT_MS = TimeUnit.SECONDS.toMillis(30);

  /**
   * The workload: a counter in bash's memory, written to {@code count} (by path) and to
   * stdout every 100 ms.
   */
  /**
   * Counts to {@code count} (overwritten in place with one fixed-width write, so a freeze
   * or a dump never finds it empty or half written) and to stdout (one write per line).
   */
  public static final String COUNTER_SCRIPT = "i=0; while :; do i=$((i+1));"
      + " printf '%010d\\n' $i 1<>count; echo $i; sleep 0.1; done";

  private CriuTestSupport() {
  }

  private static boolean isCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** Fails under CI=true, else skips the test. */
  public static void require(boolean condition, String what) {
    if (!condition) {
      if (isCi()) {
        fail(what + " (CI=true, so this is a failure, not a skip)");
      }
      Assume.assumeTrue(what, false);
    }
  }

  /** The CRIU binary: $CRIU_BINARY, criu on PATH, or /usr/local/bin/criu. */
  public static String findCriu() {
    String env = System.getenv("CRIU_BINARY");
    if (env != null && !env.isEmpty()) {
      require(new File(env).canExecute(), "CRIU_BINARY=" + env + " is not executable");
      return env;
    }
    java.nio.file.Path onPath = ProcessCriuCommandRunner.executable("criu");
    if (onPath != null) {
      return onPath.toString();
    }
    File local = new File("/usr/local/bin/criu");
    require(local.canExecute(), "CRIU not found (set CRIU_BINARY, or run "
        + "dev-support/bin/install-criu)");
    return local.getPath();
  }

  public static void requireRoot() throws IOException {
    boolean root = false;
    for (String line : Files.readAllLines(Paths.get("/proc/self/status"),
        StandardCharsets.US_ASCII)) {
      if (line.startsWith("Uid:")) {
        root = line.split("\\s+")[2].equals("0");
      }
    }
    require(root, "real-CRIU tests need root");
  }

  /** A working binding, or skip/fail. */
  public static Criu requireCriu() throws IOException {
    requireRoot();
    Criu criu = new Criu(findCriu(), new ProcessCriuCommandRunner(), WAIT_MS);
    try {
      criu.check();
    } catch (CriuException e) {
      require(false, "criu check fails: " + e.getDiagnostics());
    }
    return criu;
  }

  /**
   * Starts {@code unshare --pid --fork --kill-child setsid bash -c COUNTER_SCRIPT} in
   * {@code dir} (stdout/stderr to dir/out, dir/err, shared with unshare as in a container)
   * and waits until the counter runs.
   */
  public static CounterTree startCounterTree(Path dir) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("unshare", "--pid", "--fork", "--kill-child",
        "setsid", "bash", "-c", COUNTER_SCRIPT);
    pb.directory(dir.toFile());
    pb.redirectInput(new File("/dev/null"));
    pb.redirectOutput(dir.resolve("out").toFile());
    pb.redirectError(dir.resolve("err").toFile());
    Process unshare = pb.start();
    CounterTree tree = new CounterTree(unshare, dir);
    try {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
      int init = -1;
      while (init < 0) {
        List<Integer> children = ProcessTree.children(ProcessTree.pidOf(unshare));
        if (!children.isEmpty()) {
          init = children.get(0);
        } else if (System.nanoTime() > deadline || !unshare.isAlive()) {
          throw new IllegalStateException("the namespace init did not start");
        }
        Thread.sleep(10);
      }
      tree.nsInitPid = init;
      awaitCounterAbove(tree.countFile(), 3);
      return tree;
    } catch (Exception e) {
      tree.close();
      throw e;
    }
  }

  /** The counter in {@code file}, -1 when not (yet, completely) written. */
  public static int readCounter(Path file) {
    try {
      String s = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).trim();
      return s.isEmpty() ? -1 : Integer.parseInt(s);
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  /** The last complete number in a file the workload appends to. */
  public static int lastCounterLine(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
      for (int i = lines.size() - 1; i >= 0; i--) {
        String s = lines.get(i).trim();
        if (!s.isEmpty()) {
          return Integer.parseInt(s);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not written yet
    }
    return -1;
  }

  /** The first number in a file the workload appends to, -1 if none. */
  public static int firstCounterLine(Path file) {
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
        if (!line.trim().isEmpty()) {
          return Integer.parseInt(line.trim());
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not written yet
    }
    return -1;
  }

  /** Waits until the count file holds a value above {@code min}; returns it. */
  public static int awaitCounterAbove(Path file, int min) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
    int v;
    while ((v = readCounter(file)) <= min) {
      if (System.nanoTime() > deadline) {
        fail("counter in " + file + " did not pass " + min + " within " + WAIT_MS
            + " ms (last " + v + ")");
      }
      Thread.sleep(20);
    }
    return v;
  }

  /** Waits until the last line of an appended-to file is above {@code min}. */
  public static int awaitLastLineAbove(Path file, int min) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
    int v;
    while ((v = lastCounterLine(file)) <= min) {
      if (System.nanoTime() > deadline) {
        fail("counter in " + file + " did not pass " + min + " within " + WAIT_MS
            + " ms (last " + v + ")");
      }
      Thread.sleep(20);
    }
    return v;
  }

  /**
   * A new directory under {@code <module>/target/test-tmp}: processes started there belong
   * to this test JVM's run in the host ledger ({@link BoundedRun}).
   */
  public static Path newTempDir(String prefix) throws IOException {
    Path parent = new File(BoundedRun.moduleDir(), "target/test-tmp").toPath();
    Files.createDirectories(parent);
    return Files.createTempDirectory(parent, prefix).toRealPath();
  }

  public static void deleteRecursively(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(dir, new SimpleFileVisitor<Path>() {
      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
        Files.delete(f);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** A started counter tree: the unshare process and its namespace init. */
  public static final class CounterTree implements Closeable {
    private final Process unshare;
    private final Path dir;
    private int nsInitPid = -1;

    CounterTree(Process unshare, Path dir) {
      this.unshare = unshare;
      this.dir = dir;
    }

    /** Host pid of the namespace init (the bash loop): what CRIU dumps. */
    public int getNsInitPid() {
      return nsInitPid;
    }

    public Path countFile() {
      return dir.resolve("count");
    }

    public Path stdoutFile() {
      return dir.resolve("out");
    }

    public Path stderrFile() {
      return dir.resolve("err");
    }

    /** Waits for unshare to end (after a dump killed the tree). */
    public boolean awaitExit() throws InterruptedException {
      return unshare.waitFor(WAIT_MS, TimeUnit.MILLISECONDS);
    }

    /** SIGKILL to the namespace init (ends the whole namespace) while unshare lives. */
    @Override
    public void close() throws IOException {
      if (unshare.isAlive() && nsInitPid > 0) {
        ProcessTree.signal(nsInitPid, "KILL");
      }
      unshare.destroyForcibly();
      try {
        unshare.waitFor(WAIT_MS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
