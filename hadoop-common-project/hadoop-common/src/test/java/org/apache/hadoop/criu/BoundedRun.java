/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.rules.TestRule;
import org.junit.runner.Description;
import org.junit.runners.model.Statement;

/**
 * The bound of a test class that starts processes, daemons, clusters or CRIU, and this test
 * JVM's entry in the host ledger (the format of {@code dev-support/lib/host-ledger.sh}).
 *
 * <pre>
 *   {@literal @}ClassRule
 *   public static final TestRule BOUND = BoundedRun.classBound(300);

 * </pre>
 *
 * <p>The bound covers {@code @BeforeClass}, every test and {@code @AfterClass}. When it
 * expires the rule prints a hang report (where every thread of this JVM stands, the
 * processes with state and wait channel, every freezer cgroup's state), then has
 * {@code dev-support/bin/clean-host --run} thaw and end what this JVM's run made (a frozen
 * tree on cgroup v1 cannot be killed before it is thawed), and fails the class with the
 * report. The run is recorded once per JVM, with {@code <module>/target} as its root, so that a
 * later {@code clean-host} removes what this JVM leaves behind even when it is SIGKILLed.
 *
 * <p>The bound must stay below the module's Surefire {@code forkedProcessTimeoutInSeconds}
 * (root pom); {@code dev-support/bin/check-bounds} checks that every class that starts
 * processes has one.
 */
public final class BoundedRun implements TestRule {

  /** Where the ledger is (same default as host-ledger.sh). */
  public static final String LEDGER_ENV = "HADOOP_MIGRATION_LEDGER";
  static final String DEFAULT_LEDGER = "/run/hadoop-yarn-migration/ledger";

  private static final Object LOCK = new Object();
  private static File runDir;
  private static boolean registered;

  private final long boundMs;

  private BoundedRun(long boundMs) {
    this.boundMs = boundMs;
  }

  /** A class rule: the whole class, its set-up and tear-down included, within seconds. */
  public static BoundedRun classBound(long seconds) {
    return new BoundedRun(TimeUnit.SECONDS.toMillis(seconds));
  }

  /** The bound, in milliseconds. */
  public long getBoundMs() {
    return boundMs;
  }

  @Override
  public Statement apply(final Statement base, final Description description) {
    return new Statement() {
      @Override
      public void evaluate() throws Throwable {
        register();
        runBounded(base, description);
      }
    };
  }

  private void runBounded(final Statement base, Description description) throws Throwable {
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = new Thread(new Runnable() {
      @Override
      public void run() {
        try {
          base.evaluate();
        } catch (Throwable e) {
          failure.set(e);
        }
      }
    }, "bounded-" + description.getDisplayName());
    t.setDaemon(true);
    t.start();
    t.join(boundMs);
    if (!t.isAlive()) {
      if (failure.get() != null) {
        throw failure.get();
      }
      return;
    }
    String report = hangReport(t);
    PrintStream err = System.err;
    err.println(report);
    String cleaned = cleanOwnRun();
    err.println(cleaned);
    t.interrupt();
    t.join(TimeUnit.SECONDS.toMillis(30));
    throw new AssertionError(description.getDisplayName() + " exceeded its bound of "
        + TimeUnit.MILLISECONDS.toSeconds(boundMs) + " s and was stopped; what this run made"
        + " was cleaned up.\n" + report + "\n" + cleaned);
  }

  // ------------------------------------------------------------------ the report

  /** Where the bounded thread stands, every other thread, processes, freezer states. */
  static String hangReport(Thread bounded) {
    StringBuilder sb = new StringBuilder();
    sb.append("===== HANG REPORT: ").append(bounded.getName()).append(" is at\n");
    appendStack(sb, bounded.getStackTrace());
    sb.append("===== every thread of this JVM (pid ").append(selfPid()).append(")\n");
    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
      Thread th = e.getKey();
      sb.append('"').append(th.getName()).append("\" ").append(th.getState())
          .append(th.isDaemon() ? " daemon" : "").append('\n');
      appendStack(sb, e.getValue());
    }
    sb.append("===== processes (pid ppid state wchan elapsed command)\n");
    // lines cut at 400 columns: the runner keeps 64 KiB of output
    sb.append(run(10, "ps", "-eo", "pid,ppid,stat,wchan:24,etimes,args", "--forest",
        "--cols", "400"));
    sb.append("===== freezer cgroups\n").append(freezerStates());
    return sb.toString();
  }

  private static void appendStack(StringBuilder sb, StackTraceElement[] stack) {
    for (StackTraceElement f : stack) {
      sb.append("    at ").append(f).append('\n');
    }
  }

  static String freezerStates() {
    File root = new File("/sys/fs/cgroup/freezer");
    File[] dirs = root.listFiles();
    if (dirs == null) {
      return "(no cgroup v1 freezer at " + root + ")\n";
    }
    StringBuilder sb = new StringBuilder();
    for (File d : dirs) {
      File state = new File(d, "freezer.state");
      if (d.isDirectory() && state.isFile()) {
        sb.append(d).append(' ').append(read(state).trim()).append(" tasks=")
            .append(read(new File(d, "tasks")).trim().replace('\n', ' ')).append('\n');
      }
    }
    return sb.length() == 0 ? "(none)\n" : sb.toString();
  }

  // ------------------------------------------------------------------ the ledger

  /** Records this JVM as a run of the host ledger, once; quietly nothing without root. */
  public static File register() {
    synchronized (LOCK) {
      if (registered) {
        return runDir;
      }
      registered = true;
      String env = System.getenv(LEDGER_ENV);
      Path ledger = Paths.get(env == null || env.isEmpty() ? DEFAULT_LEDGER : env);
      try {
        Files.createDirectories(ledger);
        String pid = selfPid();
        Path dir = Files.createTempDirectory(ledger, "run." + pid + ".");
        List<String> lines = new ArrayList<>();
        lines.add("desc test JVM of " + moduleDir().getName());
        lines.add("owner " + pid + " " + startTime(pid));
        lines.add("root " + new File(moduleDir(), "target").getAbsolutePath());
        Files.write(dir.resolve("record"), lines, StandardCharsets.UTF_8,
            StandardOpenOption.CREATE_NEW);
        runDir = dir.toFile();
      } catch (IOException | RuntimeException e) {
        // not root on a developer box: the real-process tests skip there anyway
        runDir = null;
      }
      return runDir;
    }
  }

  /** Adds a fact ("netns x", "pid p starttime", ...) to this JVM's run. */
  public static void record(String kind, String value) throws IOException {
    File dir = register();
    if (dir != null) {
      Files.write(new File(dir, "record").toPath(),
          (kind + " " + value + "\n").getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.APPEND);
    }
  }

  /** This JVM's run directory, or null without a ledger. */
  public static File runDir() {
    return register();
  }

  /** Thaws and ends what this JVM's run made (clean-host --run), with its output. */
  static String cleanOwnRun() {
    File dir = register();
    File script = new File(repoRoot(), "dev-support/bin/clean-host");
    if (dir == null || !script.canExecute()) {
      return "(no clean-up: no ledger run, or no " + script + ")";
    }
    return "===== clean-host --run " + dir + "\n"
        + run(60, script.getPath(), "--run", dir.getPath());
  }

  /** The module's directory: Surefire's basedir, else the working directory. */
  public static File moduleDir() {
    return new File(System.getProperty("basedir", ".")).getAbsoluteFile();
  }

  /** The repository root: the nearest parent of the module with dev-support/bin. */
  public static File repoRoot() {
    File d = moduleDir();
    while (d != null && !new File(d, "dev-support/bin/clean-host").exists()) {
      d = d.getParentFile();
    }
    return d == null ? moduleDir() : d;
  }

  static String selfPid() {
    try {
      return new File("/proc/self").getCanonicalFile().getName();
    } catch (IOException e) {
      throw new IllegalStateException("no /proc/self", e);
    }
  }

  /** Field 22 of /proc/pid/stat, as host-ledger.sh reads it. */
  static String startTime(String pid) throws IOException {
    String stat = new String(Files.readAllBytes(Paths.get("/proc", pid, "stat")),
        StandardCharsets.US_ASCII);
    String[] f = stat.substring(stat.lastIndexOf(") ") + 2).trim().split("\\s+");
    return f[19];
  }

  // ------------------------------------------------------------------ helpers

  private static String read(File f) {
    try {
      return new String(Files.readAllBytes(f.toPath()), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(" + e.getMessage() + ")";
    }
  }

  /** Output of a command (stdout, then stderr), bounded by seconds (killed after). */
  static String run(long seconds, String... cmd) {
    try {
      CriuCommandResult r = new ProcessCriuCommandRunner().run(Arrays.asList(cmd),
          TimeUnit.SECONDS.toMillis(seconds));
      return r.getStdout() + r.getStderr() + (r.isTimedOut() ? "(" + String.join(" ", cmd)
          + ": still running after " + seconds + " s, killed)\n" : "");
    } catch (IOException e) {
      return "(" + String.join(" ", cmd) + ": " + e.getMessage() + ")\n";
    }
  }
}
