/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Immutable options of {@code criu dump}; {@link #toArgs()} is the one place they become
 * flags. Build with {@link #builder(int, Path)}.
 */
public final class CriuDumpOptions {
  public static final String DEFAULT_LOG_FILE = "dump.log";
  public static final int DEFAULT_LOG_LEVEL = 4;

  private final int pid;
  private final Path imagesDir;
  private final Path workDir;
  private final String logFile;
  private final int logLevel;
  private final boolean leaveRunning;
  private final Path freezeCgroup;
  private final boolean shellJob;
  private final CriuTcpMode tcpMode;
  private final boolean skipInFlight;
  private final CriuNetworkLock networkLock;
  private final boolean fileLocks;
  private final boolean extUnixSk;
  private final CriuCgroupMode cgroupMode;
  private final long ghostLimitBytes;
  private final List<String> externals;
  private final int mountNamespaceOf;
  private final String lazyPagesAddress;
  private final int lazyPagesPort;
  private final String pageServerAddress;
  private final int pageServerPort;
  private final CriuCredentials credentials;

  private CriuDumpOptions(Builder b) {
    this.pid = b.pid;
    this.imagesDir = b.imagesDir;
    this.workDir = b.workDir;
    this.logFile = b.logFile;
    this.logLevel = b.logLevel;
    this.leaveRunning = b.leaveRunning;
    this.freezeCgroup = b.freezeCgroup;
    this.shellJob = b.shellJob;
    this.tcpMode = b.tcpMode;
    this.skipInFlight = b.skipInFlight;
    this.networkLock = b.networkLock;
    this.fileLocks = b.fileLocks;
    this.extUnixSk = b.extUnixSk;
    this.cgroupMode = b.cgroupMode;
    this.ghostLimitBytes = b.ghostLimitBytes;
    this.externals = Collections.unmodifiableList(new ArrayList<String>(b.externals));
    this.mountNamespaceOf = b.mountNamespaceOf;
    this.lazyPagesAddress = b.lazyPagesAddress;
    this.lazyPagesPort = b.lazyPagesPort;
    this.pageServerAddress = b.pageServerAddress;
    this.pageServerPort = b.pageServerPort;
    this.credentials = b.credentials;
    if (lazyPagesAddress != null && pageServerAddress != null) {
      throw new IllegalArgumentException("a dump either serves its pages lazily or sends"
          + " them to a page server, not both");
    }
  }

  /** @param pid root of the tree to dump (-t); @param imagesDir where images go (-D) */
  public static Builder builder(int pid, Path imagesDir) {
    return new Builder(pid, imagesDir);
  }

  /** The flags after {@code criu dump}, in a stable order. */
  public List<String> toArgs() {
    List<String> a = new ArrayList<String>();
    a.add("-t");
    a.add(Integer.toString(pid));
    a.add("-D");
    a.add(imagesDir.toString());
    Criu.addLogFlags(a, workDir, logFile, logLevel);
    if (leaveRunning) {
      a.add("--leave-running");
    }
    if (freezeCgroup != null) {
      a.add("--freeze-cgroup");
      a.add(freezeCgroup.toString());
    }
    if (shellJob) {
      a.add("--shell-job");
    }
    tcpMode.appendTo(a);
    if (skipInFlight) {
      a.add("--skip-in-flight");
    }
    networkLock.appendTo(a);
    Criu.addLockAndSocketFlags(a, fileLocks, extUnixSk);
    cgroupMode.appendTo(a);
    if (ghostLimitBytes > 0) {
      a.add("--ghost-limit");
      a.add(Long.toString(ghostLimitBytes));
    }
    Criu.addExternals(a, externals);
    if (lazyPagesAddress != null) {
      a.add("--lazy-pages");
      a.add("--address");
      a.add(lazyPagesAddress);
      a.add("--port");
      a.add(Integer.toString(lazyPagesPort));
    }
    if (pageServerAddress != null) {
      a.add("--page-server");
      a.add("--address");
      a.add(pageServerAddress);
      a.add("--port");
      a.add(Integer.toString(pageServerPort));
    }
    if (credentials != null) {
      a.add("--unprivileged");
    }
    return a;
  }

  /** The ids the dump runs with ({@link Builder#asUser}), or null: as the caller. */
  public CriuCredentials getCredentials() {
    return credentials;
  }

  /** True for a dump that sends its pages to a page server ({@link Builder#pageServer}). */
  public boolean isToPageServer() {
    return pageServerAddress != null;
  }

  /** True for a post-copy dump ({@link Builder#lazyPages}). */
  public boolean isLazyPages() {
    return lazyPagesAddress != null;
  }

  public int getLogLevel() {
    return logLevel;
  }

  /** The log file CRIU writes, resolved against the work dir (or images dir). */
  public Path logPath() {
    return Criu.logPath(workDir, imagesDir, logFile);
  }

  public int getPid() {
    return pid;
  }

  public Path getImagesDir() {
    return imagesDir;
  }

  public Path getWorkDir() {
    return workDir;
  }

  public boolean isLeaveRunning() {
    return leaveRunning;
  }

  public Path getFreezeCgroup() {
    return freezeCgroup;
  }

  /**
   * The pid whose mount namespace criu runs in (0: criu's caller's own). See
   * {@link Builder#inMountNamespaceOf}.
   */
  public int getMountNamespaceOf() {
    return mountNamespaceOf;
  }

  @Override
  public String toString() {
    return "CriuDumpOptions" + toArgs();
  }

  /** Builder; every setter returns this. */
  public static final class Builder {
    private final int pid;
    private final Path imagesDir;
    private Path workDir;
    private String logFile = DEFAULT_LOG_FILE;
    private int logLevel = DEFAULT_LOG_LEVEL;
    private boolean leaveRunning;
    private Path freezeCgroup;
    private boolean shellJob;
    private CriuTcpMode tcpMode = CriuTcpMode.DEFAULT;
    private boolean skipInFlight;
    private CriuNetworkLock networkLock = CriuNetworkLock.DEFAULT;
    private boolean fileLocks;
    private boolean extUnixSk;
    private CriuCgroupMode cgroupMode = CriuCgroupMode.DEFAULT;
    private long ghostLimitBytes;
    private final List<String> externals = new ArrayList<String>();
    private String lazyPagesAddress;
    private int lazyPagesPort;
    private String pageServerAddress;
    private int pageServerPort;
    private int mountNamespaceOf;
    private CriuCredentials credentials;

    private Builder(int pid, Path imagesDir) {
      if (pid <= 0) {
        throw new IllegalArgumentException("pid must be positive: " + pid);
      }
      if (imagesDir == null) {
        throw new IllegalArgumentException("imagesDir is required");
      }
      this.pid = pid;
      this.imagesDir = imagesDir.toAbsolutePath();
    }

    /** -W: CRIU's work dir (log, pidfile and stats go here); default the images dir. */
    public Builder workDir(Path dir) {
      this.workDir = dir == null ? null : dir.toAbsolutePath();
      return this;
    }

    /** -o: log file name, relative to the work dir; default {@value #DEFAULT_LOG_FILE}. */
    public Builder logFile(String name) {
      this.logFile = Criu.requireNonEmpty(name, "logFile");
      return this;
    }

    /** -v: log level 0-4; default {@value #DEFAULT_LOG_LEVEL}. */
    public Builder logLevel(int level) {
      this.logLevel = Criu.requireLogLevel(level);
      return this;
    }

    /** --leave-running: the tree keeps running after the dump. */
    public Builder leaveRunning(boolean v) {
      this.leaveRunning = v;
      return this;
    }

    /** --freeze-cgroup: freeze the tree through this (already populated) freezer cgroup. */
    public Builder freezeCgroup(Path cgroupDir) {
      this.freezeCgroup = cgroupDir;
      return this;
    }

    /** --shell-job: the tree shares a session/terminal with something outside it. */
    public Builder shellJob(boolean v) {
      this.shellJob = v;
      return this;
    }

    public Builder tcpMode(CriuTcpMode mode) {
      this.tcpMode = java.util.Objects.requireNonNull(mode, "tcpMode");
      return this;
    }

    /**
     * --skip-in-flight: a listening socket with connections its process has not accepted
     * yet is dumped without them (their clients see the connection reset and connect
     * again); without it CRIU refuses the dump ("In-flight connection (l)").
     */
    public Builder skipInFlight(boolean v) {
      this.skipInFlight = v;
      return this;
    }

    /** --network-lock: how CRIU locks the network while it dumps. */
    public Builder networkLock(CriuNetworkLock lock) {
      this.networkLock = java.util.Objects.requireNonNull(lock, "networkLock");
      return this;
    }

    /** --file-locks. */
    public Builder fileLocks(boolean v) {
      this.fileLocks = v;
      return this;
    }

    /** --ext-unix-sk. */
    public Builder extUnixSk(boolean v) {
      this.extUnixSk = v;
      return this;
    }

    public Builder cgroupMode(CriuCgroupMode mode) {
      this.cgroupMode = mode;
      return this;
    }

    /** --ghost-limit in bytes; 0 keeps CRIU's default. */
    public Builder ghostLimitBytes(long bytes) {
      this.ghostLimitBytes = bytes;
      return this;
    }

    /** --external VALUE, e.g. {@code mnt[/data]:data}; may be repeated. */
    public Builder external(String value) {
      externals.add(Criu.requireNonEmpty(value, "external"));
      return this;
    }

    /**
     * Runs criu in the mount namespace of {@code pid} (through {@code nsenter --mount}),
     * for a tree that lives in a mount namespace of its own which is not to be dumped: the
     * tree's files are then dumped by the paths it sees (e.g. a restored tree whose
     * private namespace presents its original work dir), and no mount is recorded. The
     * images dir, the freezer cgroup and the log must be reachable at the same paths in
     * that namespace (a copy of the caller's, made before them).
     */
    public Builder inMountNamespaceOf(int pid) {
      if (pid <= 0) {
        throw new IllegalArgumentException("pid must be positive: " + pid);
      }
      this.mountNamespaceOf = pid;
      return this;
    }

    /**
     * Runs the dump with the tree's own uid and gid and root's capabilities, with
     * {@code --unprivileged}: for a tree that does not run as root ({@link CriuCredentials}).
     * Null: as the caller (root).
     */
    public Builder asUser(CriuCredentials ids) {
      this.credentials = ids;
      return this;
    }

    /**
     * Post-copy: {@code --lazy-pages --address A --port P}. The dump writes every image
     * but the memory pages, then serves the pages on A:P to one {@code criu lazy-pages}
     * daemon and ends once they all went (run it with {@link Criu#startLazyDump}). The
     * kernel must let CRIU grow pipes to 16 MiB ({@link CriuHost#LAZY_PAGES_PIPE_SIZE}).
     */
    public Builder lazyPages(String address, int port) {
      this.lazyPagesPort = checkPort(port);
      this.lazyPagesAddress = Criu.requireNonEmpty(address, "address");
      return this;
    }

    /**
     * Streaming stop-and-copy: {@code --page-server --address A --port P}. The dump sends
     * the memory pages (and their pagemaps) to the {@code criu page-server} that A:P leads
     * to ({@link Criu#startPageServer}: it writes them into its own images dir) while it
     * dumps, instead of writing them here; every other image is written here as usual.
     * The dump ends well only once the page server acknowledged every page.
     */
    public Builder pageServer(String address, int port) {
      this.pageServerPort = checkPort(port);
      this.pageServerAddress = Criu.requireNonEmpty(address, "address");
      return this;
    }

    private static int checkPort(int port) {
      if (port <= 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 1..65535: " + port);
      }
      return port;
    }

    public CriuDumpOptions build() {
      return new CriuDumpOptions(this);
    }
  }
}
