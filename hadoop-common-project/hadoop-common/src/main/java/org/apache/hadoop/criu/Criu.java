/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binding to the {@code criu} binary: process-tree checkpoint/restore, nothing
 * YARN-specific. Every command goes through the injected {@link CriuCommandRunner} with this
 * instance's timeout; a failure is a {@link CriuException} carrying the exit code, the
 * command line, CRIU's first error line and the tail of its log. Thread-safe.
 *
 * <pre>
 *   Criu criu = new Criu("/usr/local/bin/criu");
 *   CriuFeatures f = criu.check();                      // probed once, then cached
 *   criu.dump(CriuDumpOptions.builder(pid, images).build());
 *   List&lt;String&gt; argv = criu.restoreCommand(CriuRestoreOptions.builder(images)
 *       .inheritFd(1, oldStdout).inheritFd(2, oldStderr).build());  // for a launch script
 * </pre>
 */
public class Criu {
  private static final Logger LOG = LoggerFactory.getLogger(Criu.class);

  public static final String DEFAULT_BINARY = "criu";
  public static final long DEFAULT_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(10);
  /** Short timeout for --version and check. */
  public static final long PROBE_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(30);
  private static final long POLL_MS = 10;
  /** Logged (at level 3 and up) once every task of a restored tree runs. */
  static final String RESTORE_DONE = "Restore finished successfully";

  private final String binary;
  private final CriuCommandRunner runner;
  private final long timeoutMs;
  private CriuFeatures features;

  public Criu(String binary, CriuCommandRunner runner, long timeoutMs) {
    this.binary = requireNonEmpty(binary, "binary");
    if (runner == null) {
      throw new IllegalArgumentException("runner is required");
    }
    if (timeoutMs <= 0) {
      throw new IllegalArgumentException("timeout must be positive: " + timeoutMs);
    }
    this.runner = runner;
    this.timeoutMs = timeoutMs;
  }

  /** A binding for {@code binary} with a {@link ProcessCriuCommandRunner}. */
  public Criu(String binary) {
    this(binary, new ProcessCriuCommandRunner(), DEFAULT_TIMEOUT_MS);
  }

  public String getBinary() {
    return binary;
  }

  public long getTimeoutMs() {
    return timeoutMs;
  }

  /**
   * Probes the version, runs {@code criu check} and the feature checks, once; later calls
   * return the cached result.
   *
   * @throws CriuException when the binary cannot run or {@code criu check} fails
   */
  public synchronized CriuFeatures check() throws CriuException {
    if (features == null) {
      CriuCommandResult v = runOrFail("--version", null, command("--version"),
          PROBE_TIMEOUT_MS, null);
      CriuVersion version;
      try {
        version = CriuVersion.parse(v.getStdout());
      } catch (IllegalArgumentException e) {
        throw failure("--version", null, v, null, e);
      }
      runOrFail("check", null, command("check"), PROBE_TIMEOUT_MS, null);
      features = new CriuFeatures(version, hasFeature("uffd"), hasFeature("uffd-noncoop"),
          hasFeature("mem_dirty_track"));
      LOG.info("CRIU {} at {}: {}", version, binary, features);
    }
    return features;
  }

  private boolean hasFeature(String name) throws CriuException {
    return run("check", command("check", "--feature", name), PROBE_TIMEOUT_MS).isSuccess();
  }

  /** The full command line of a dump: binary, "dump", options. */
  public List<String> dumpCommand(CriuDumpOptions options) {
    List<String> argv = command("dump", options.toArgs());
    if (options.getCredentials() != null) {
      argv.addAll(0, options.getCredentials().prefix());
    }
    if (options.getMountNamespaceOf() > 0) {
      argv.addAll(0, Arrays.asList(NSENTER,
          "--mount=/proc/" + options.getMountNamespaceOf() + "/ns/mnt", "--"));
    }
    return argv;
  }

  /** util-linux's nsenter, on the PATH; it execs criu (no fork for a mount namespace). */
  static final String NSENTER = "nsenter";

  /**
   * Checkpoints the tree rooted at the options' pid into its images dir (created 0700 if
   * missing). Unless leave-running is set the tree is killed by the dump.
   */
  public void dump(CriuDumpOptions options) throws CriuException {
    String target = "pid " + options.getPid();
    mkdirs(options.getImagesDir(), "dump", target);
    mkdirs(options.getWorkDir(), "dump", target);
    deleteQuietly(options.logPath());
    runOrFail("dump", target, dumpCommand(options), timeoutMs, options.logPath());
  }

  /** What a post-copy dump logs (level 3 or more) once its images are written. */
  static final String LAZY_SERVER_STARTED = "Starting lazy pages server";

  /** What {@code criu page-server} logs once it listens. */
  static final String PAGE_SERVER_STARTED = "Starting page server on port";

  /** The unix socket a lazy-pages daemon makes in its work dir for the restore. */
  public static final String LAZY_PAGES_SOCKET = "lazy-pages.socket";

  /**
   * Starts a post-copy dump ({@link CriuDumpOptions.Builder#lazyPages}, log level 3 or
   * more) and waits, at most this binding's timeout, until every image but the memory
   * pages is written and CRIU serves the pages. The tree stays as the dump left it (seized
   * by CRIU) until the pages went to a {@code criu lazy-pages} daemon: then the dump ends,
   * leaving the tree running (frozen, with a freezer) or killing it as the options say.
   *
   * @return the running dump; {@link CriuBackground#awaitEnd} reports how the page
   *     transfer ended, {@link CriuBackground#close()} kills it (the tree is then let go)
   * @throws CriuException when the dump failed before serving (the tree runs on) or did
   *     not get there in time (it is killed)
   */
  public CriuBackground startLazyDump(CriuDumpOptions options) throws CriuException {
    if (!options.isLazyPages() || options.getLogLevel() < 3) {
      throw new IllegalArgumentException("startLazyDump needs lazy pages and log level 3 or"
          + " more: " + options);
    }
    String target = "pid " + options.getPid();
    mkdirs(options.getImagesDir(), "dump", target);
    mkdirs(options.getWorkDir(), "dump", target);
    deleteQuietly(options.logPath());
    final CriuLogs.Follower started = new CriuLogs.Follower(options.logPath(),
        LAZY_SERVER_STARTED);
    return startBackground("dump", target, dumpCommand(options), options.logPath(),
        started::seen);
  }

  /**
   * Starts {@code criu lazy-pages} for the images in {@code imagesDir}, taking the pages
   * from the page server at {@code address:port} (a post-copy dump, or a relay to one),
   * and waits, at most this binding's timeout, until its socket for the restore is there.
   * Then start the restore with {@link CriuRestoreOptions.Builder#lazyPages} on the same
   * images dir (and no other work dir). The daemon ends once every page went to the
   * restored tree.
   */
  public CriuBackground startLazyPages(Path imagesDir, String address, int port,
      String logFile) throws CriuException {
    String target = "images " + imagesDir;
    List<String> args = pageArgs(imagesDir, logFile, address, port);
    args.add("--page-server"); // the pages come from there
    final Path socket = imagesDir.resolve(LAZY_PAGES_SOCKET);
    Path log = logPath(null, imagesDir, logFile);
    deleteQuietly(socket);
    deleteQuietly(log);
    return startBackground("lazy-pages", target, command("lazy-pages", args), log,
        () -> Files.exists(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS));
  }

  /**
   * Starts {@code criu page-server}, which takes the pages of one dump sent with
   * {@link CriuDumpOptions.Builder#pageServer} and writes them (pagemaps and pages) into
   * {@code imagesDir}, listening on {@code address:port} for that one connection; waits, at
   * most this binding's timeout, until it listens. It ends once its dump closed the
   * connection: {@link CriuBackground#awaitEnd} then says whether every page was written.
   */
  public CriuBackground startPageServer(Path imagesDir, String address, int port,
      String logFile) throws CriuException {
    String target = "images " + imagesDir;
    List<String> args = pageArgs(imagesDir, logFile, address, port);
    Path log = logPath(null, imagesDir, logFile);
    deleteQuietly(log);
    final CriuLogs.Follower started = new CriuLogs.Follower(log, PAGE_SERVER_STARTED);
    return startBackground("page-server", target, command("page-server", args), log,
        started::seen);
  }

  /** {@code -D dir}, the log flags, {@code --address A --port P}: a page daemon's flags. */
  private static List<String> pageArgs(Path imagesDir, String logFile, String address,
      int port) {
    List<String> args = new ArrayList<String>();
    args.add("-D");
    args.add(imagesDir.toString());
    addLogFlags(args, null, logFile, CriuDumpOptions.DEFAULT_LOG_LEVEL);
    Collections.addAll(args, "--address", requireNonEmpty(address, "address"), "--port",
        Integer.toString(port));
    return args;
  }

  private CriuBackground startBackground(String verb, String target, List<String> argv,
      Path log, java.util.function.BooleanSupplier ready) throws CriuException {
    LOG.debug("Starting {}", CriuException.join(argv));
    Process process;
    try {
      File devNull = new File("/dev/null");
      process = new ProcessBuilder(argv).redirectInput(devNull)
          .redirectOutput(ProcessBuilder.Redirect.to(devNull))
          .redirectError(ProcessBuilder.Redirect.to(devNull)).start();
    } catch (IOException e) {
      throw new CriuException(verb, target, -1, false, argv, e.getMessage(),
          Collections.<String>emptyList(), e);
    }
    CriuBackground running = new CriuBackground(verb, target, argv, process, log);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    try {
      while (!ready.getAsBoolean()) {
        if (process.waitFor(POLL_MS, TimeUnit.MILLISECONDS)) {
          throw failure(verb, target, new CriuCommandResult(argv, process.exitValue(), "",
              "", false), log, null);
        }
        if (System.nanoTime() > deadline) {
          running.close();
          throw failure(verb, target, new CriuCommandResult(argv,
              CriuCommandResult.TIMED_OUT_EXIT_CODE, "", "", true), log, null);
        }
      }
    } catch (InterruptedException e) {
      running.close();
      Thread.currentThread().interrupt();
      throw new CriuException(verb, target, -1, false, argv, "interrupted",
          Collections.<String>emptyList(), e);
    }
    return running;
  }

  /**
   * The full command line of a restore: binary, "restore", options. Meant for a launch
   * script that runs the restore as a container's own (foreground) command.
   */
  public List<String> restoreCommand(CriuRestoreOptions options) {
    return command("restore", options.toArgs());
  }

  /**
   * Detached restore ({@link CriuRestoreMode#DETACHED} or
   * {@link CriuRestoreMode#DETACHED_SIBLING}, pid file required).
   *
   * @return the host pid of the restored root task
   */
  public int restoreDetached(CriuRestoreOptions options) throws CriuException {
    if (!options.getMode().isDetached() || options.getPidFile() == null) {
      throw new IllegalArgumentException("a detached restore needs a detached mode and a"
          + " pid file: " + options);
    }
    String target = "images " + options.getImagesDir();
    mkdirs(options.getWorkDir(), "restore", target);
    deleteQuietly(options.getPidFile());
    deleteQuietly(options.logPath());
    CriuCommandResult r = runOrFail("restore", target, restoreCommand(options), timeoutMs,
        options.logPath());
    Integer pid = readPid(options.getPidFile());
    if (pid == null) {
      throw failure("restore", target, r, options.logPath(),
          new IOException("no pid in " + options.getPidFile()));
    }
    return pid;
  }

  /**
   * Starts a foreground restore ({@link CriuRestoreMode#FOREGROUND}, pid file required) as
   * a child process of this JVM and waits until the tree is restored: the pid file is
   * written and, at log level 3 or more, CRIU logged "Restore finished successfully" (the
   * pid file comes earlier, before e.g. the parent-death signal is restored). CRIU's stdout/stderr go to the given redirects: they are CRIU's fds 1 and 2,
   * which {@code --inherit-fd fd[1]:...}/{@code fd[2]:...} hand to the restored tree.
   */
  public CriuRestoredTree startRestore(CriuRestoreOptions options,
      ProcessBuilder.Redirect stdout, ProcessBuilder.Redirect stderr) throws CriuException {
    if (options.getMode() != CriuRestoreMode.FOREGROUND || options.getPidFile() == null) {
      throw new IllegalArgumentException("startRestore needs FOREGROUND mode and a pid file: "
          + options);
    }
    String target = "images " + options.getImagesDir();
    mkdirs(options.getWorkDir(), "restore", target);
    deleteQuietly(options.getPidFile());
    deleteQuietly(options.logPath());
    List<String> argv = restoreCommand(options);
    LOG.debug("Starting {}", CriuException.join(argv));
    Process process;
    try {
      process = new ProcessBuilder(argv).redirectInput(new File("/dev/null"))
          .redirectOutput(stdout).redirectError(stderr).start();
    } catch (IOException e) {
      throw new CriuException("restore", target, -1, false, argv, e.getMessage(),
          Collections.<String>emptyList(), e);
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    CriuLogs.Follower done = options.getLogLevel() >= 3
        ? new CriuLogs.Follower(options.logPath(), RESTORE_DONE) : null;
    try {
      while (true) {
        Integer pid = readPid(options.getPidFile());
        if (pid != null && (done == null || done.seen())) {
          LOG.debug("Restored tree from {} runs as pid {}", options.getImagesDir(), pid);
          return new CriuRestoredTree(process, pid, workDirOf(options));
        }
        if (process.waitFor(POLL_MS, TimeUnit.MILLISECONDS)) {
          CriuCommandResult r = new CriuCommandResult(argv, process.exitValue(), "", "",
              false);
          throw failure("restore", target, r, options.logPath(), null);
        }
        if (System.nanoTime() > deadline) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
          throw failure("restore", target, new CriuCommandResult(argv,
              CriuCommandResult.TIMED_OUT_EXIT_CODE, "", "", true), options.logPath(), null);
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new CriuException("restore", target, -1, false, argv, "interrupted",
          Collections.<String>emptyList(), e);
    }
  }

  /**
   * Unmounts (lazily) and removes the {@code .criu.cgyard.*} directories CRIU mounts in
   * its work dir while it restores cgroups. CRIU removes them itself when it ends
   * normally; a CRIU killed with SIGKILL (e.g. a foreground restore ended by a container
   * kill) leaves them mounted. Safe to call when there is nothing to clean.
   */
  public static void cleanupCgroupYard(Path workDir) throws IOException {
    String prefix = workDir.toAbsolutePath().toString() + "/.criu.cgyard.";
    List<String> mounts = new ArrayList<String>();
    for (String line : Files.readAllLines(java.nio.file.Paths.get("/proc/self/mounts"),
        StandardCharsets.UTF_8)) {
      String[] f = line.split("\\s+");
      if (f.length > 1 && f[1].startsWith(prefix)) {
        mounts.add(f[1]);
      }
    }
    Collections.sort(mounts, Collections.reverseOrder());
    IOException failure = null;
    for (String m : mounts) {
      List<String> argv = java.util.Arrays.asList("umount", "-l", m);
      try {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true)
            .redirectOutput(new File("/dev/null")).start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
          p.destroyForcibly();
          IOException e = new IOException("cannot " + CriuException.join(argv));
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted unmounting " + m);
      }
    }
    if (failure != null) {
      throw failure;
    }
    try (java.nio.file.DirectoryStream<Path> ds =
        Files.newDirectoryStream(workDir, ".criu.cgyard.*")) {
      for (Path yard : ds) {
        Files.deleteIfExists(yard);
      }
    } catch (java.nio.file.NoSuchFileException gone) {
      // no work dir, nothing to clean
    }
  }

  // ---------------------------------------------------------------- internals

  private static Path workDirOf(CriuRestoreOptions o) {
    return o.getWorkDir() != null ? o.getWorkDir() : o.getImagesDir();
  }

  private List<String> command(String verb, String... args) {
    List<String> a = new ArrayList<String>();
    Collections.addAll(a, args);
    return command(verb, a);
  }

  private List<String> command(String verb, List<String> args) {
    List<String> argv = new ArrayList<String>(args.size() + 2);
    argv.add(binary);
    argv.add(verb);
    argv.addAll(args);
    return argv;
  }

  private CriuCommandResult run(String verb, List<String> argv, long timeout)
      throws CriuException {
    try {
      return runner.run(argv, timeout);
    } catch (IOException e) {
      throw new CriuException(verb, null, -1, false, argv, e.getMessage(),
          Collections.<String>emptyList(), e);
    }
  }

  private CriuCommandResult runOrFail(String verb, String target, List<String> argv,
      long timeout, Path log) throws CriuException {
    CriuCommandResult r;
    try {
      r = runner.run(argv, timeout);
    } catch (IOException e) {
      throw new CriuException(verb, target, -1, false, argv, e.getMessage(),
          Collections.<String>emptyList(), e);
    }
    if (!r.isSuccess()) {
      throw failure(verb, target, r, log, null);
    }
    return r;
  }

  /** Builds the exception from the log file if there is one, else from stderr/stdout. */
  static CriuException failure(String verb, String target, CriuCommandResult r, Path log,
      Throwable cause) {
    List<String> lines = CriuLogs.read(log);
    if (lines.isEmpty()) {
      lines = new ArrayList<String>(CriuLogs.lines(r.getStderr()));
      lines.addAll(CriuLogs.lines(r.getStdout()));
    }
    String first = CriuLogs.firstError(lines);
    if (first == null && cause != null) {
      first = cause.getMessage();
    }
    if (first == null && !lines.isEmpty()) {
      first = lines.get(0).trim();
    }
    CriuException e = new CriuException(verb, target, r.getExitCode(), r.isTimedOut(),
        r.getCommand(), first, CriuLogs.tail(lines, CriuLogs.DEFAULT_TAIL_LINES), cause);
    LOG.debug("{}", e.getDiagnostics());
    return e;
  }

  private static void mkdirs(Path dir, String verb, String target) throws CriuException {
    if (dir == null || Files.isDirectory(dir)) {
      return;
    }
    try {
      Files.createDirectories(dir,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (IOException e) {
      throw new CriuException(verb, target, -1, false, Collections.<String>emptyList(),
          "cannot create " + dir + ": " + e, Collections.<String>emptyList(), e);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // CRIU overwrites it anyway
    }
  }

  /** CRIU writes the pid without a newline; null until a whole number is there. */
  static Integer readPid(Path pidFile) {
    try {
      String s = new String(Files.readAllBytes(pidFile), StandardCharsets.US_ASCII).trim();
      return s.isEmpty() ? null : Integer.valueOf(s);
    } catch (IOException | NumberFormatException e) {
      return null;
    }
  }

  /** Checks a {@code -v} log level: 0-4. */
  static int requireLogLevel(int level) {
    if (level < 0 || level > 4) {
      throw new IllegalArgumentException("log level must be 0..4: " + level);
    }
    return level;
  }

  /** The logging flags dump and restore share: -W (if set), -o and -v. */
  static void addLogFlags(List<String> a, Path workDir, String logFile, int logLevel) {
    if (workDir != null) {
      a.add("-W");
      a.add(workDir.toString());
    }
    a.add("-o");
    a.add(logFile);
    a.add("-v" + logLevel);
  }

  /** --file-locks and --ext-unix-sk, each if set. */
  static void addLockAndSocketFlags(List<String> a, boolean fileLocks, boolean extUnixSk) {
    if (fileLocks) {
      a.add("--file-locks");
    }
    if (extUnixSk) {
      a.add("--ext-unix-sk");
    }
  }

  /** One --external per value. */
  static void addExternals(List<String> a, List<String> externals) {
    for (String e : externals) {
      a.add("--external");
      a.add(e);
    }
  }

  /** The log file CRIU writes: resolved against the work dir, or the images dir. */
  static Path logPath(Path workDir, Path imagesDir, String logFile) {
    return (workDir != null ? workDir : imagesDir).resolve(logFile);
  }

  static String requireNonEmpty(String s, String name) {
    if (s == null || s.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    return s;
  }
}
