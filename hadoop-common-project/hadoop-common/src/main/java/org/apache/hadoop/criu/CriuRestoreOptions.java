/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Immutable options of {@code criu restore}; {@link #toArgs()} is the one place they
 * become flags. Build with {@link #builder(Path)}.
 */
public final class CriuRestoreOptions {
  public static final String DEFAULT_LOG_FILE = "restore.log";
  public static final int DEFAULT_LOG_LEVEL = 4;

  private final Path imagesDir;
  private final Path workDir;
  private final String logFile;
  private final int logLevel;
  private final Path pidFile;
  private final CriuRestoreMode mode;
  private final boolean shellJob;
  private final Map<Integer, String> inheritFds;
  private final Path root;
  private final CriuCgroupMode cgroupMode;
  private final CriuTcpMode tcpMode;
  private final boolean fileLocks;
  private final boolean extUnixSk;
  private final List<String> externals;
  private final Path actionScript;
  private final boolean lazyPages;

  private CriuRestoreOptions(Builder b) {
    this.imagesDir = b.imagesDir;
    this.workDir = b.workDir;
    this.logFile = b.logFile;
    this.logLevel = b.logLevel;
    this.pidFile = b.pidFile;
    this.mode = b.mode;
    this.shellJob = b.shellJob;
    this.inheritFds = Collections.unmodifiableMap(
        new LinkedHashMap<Integer, String>(b.inheritFds));
    this.root = b.root;
    this.cgroupMode = b.cgroupMode;
    this.tcpMode = b.tcpMode;
    this.fileLocks = b.fileLocks;
    this.extUnixSk = b.extUnixSk;
    this.externals = Collections.unmodifiableList(new ArrayList<String>(b.externals));
    this.actionScript = b.actionScript;
    this.lazyPages = b.lazyPages;
  }

  /** @param imagesDir the images to restore (-D) */
  public static Builder builder(Path imagesDir) {
    return new Builder(imagesDir);
  }

  /** A builder holding every option of this one, to derive a variant. */
  public Builder toBuilder() {
    Builder b = new Builder(imagesDir);
    b.workDir = workDir;
    b.logFile = logFile;
    b.logLevel = logLevel;
    b.pidFile = pidFile;
    b.mode = mode;
    b.shellJob = shellJob;
    b.inheritFds.putAll(inheritFds);
    b.root = root;
    b.cgroupMode = cgroupMode;
    b.tcpMode = tcpMode;
    b.fileLocks = fileLocks;
    b.extUnixSk = extUnixSk;
    b.externals.addAll(externals);
    b.actionScript = actionScript;
    b.lazyPages = lazyPages;
    return b;
  }

  /** The flags after {@code criu restore}, in a stable order. */
  public List<String> toArgs() {
    List<String> a = new ArrayList<String>();
    a.add("-D");
    a.add(imagesDir.toString());
    Criu.addLogFlags(a, workDir, logFile, logLevel);
    if (pidFile != null) {
      a.add("--pidfile");
      a.add(pidFile.toString());
    }
    mode.appendTo(a);
    if (shellJob) {
      a.add("--shell-job");
    }
    for (Map.Entry<Integer, String> e : inheritFds.entrySet()) {
      a.add("--inherit-fd");
      a.add("fd[" + e.getKey() + "]:" + e.getValue());
    }
    if (root != null) {
      a.add("--root");
      a.add(root.toString());
    }
    cgroupMode.appendTo(a);
    tcpMode.appendTo(a);
    Criu.addLockAndSocketFlags(a, fileLocks, extUnixSk);
    Criu.addExternals(a, externals);
    if (actionScript != null) {
      a.add("--action-script");
      a.add(actionScript.toString());
    }
    if (lazyPages) {
      a.add("--lazy-pages");
    }
    return a;
  }

  /** True for a post-copy restore ({@link Builder#lazyPages}). */
  public boolean isLazyPages() {
    return lazyPages;
  }

  /** The log file CRIU writes, resolved against the work dir (or images dir). */
  public Path logPath() {
    return Criu.logPath(workDir, imagesDir, logFile);
  }

  public Path getImagesDir() {
    return imagesDir;
  }

  public Path getWorkDir() {
    return workDir;
  }

  public int getLogLevel() {
    return logLevel;
  }

  public Path getPidFile() {
    return pidFile;
  }

  public CriuRestoreMode getMode() {
    return mode;
  }

  public Map<Integer, String> getInheritFds() {
    return inheritFds;
  }

  @Override
  public String toString() {
    return "CriuRestoreOptions" + toArgs();
  }

  /** Builder; every setter returns this. */
  public static final class Builder {
    private final Path imagesDir;
    private Path workDir;
    private String logFile = DEFAULT_LOG_FILE;
    private int logLevel = DEFAULT_LOG_LEVEL;
    private Path pidFile;
    private CriuRestoreMode mode = CriuRestoreMode.FOREGROUND;
    private boolean shellJob;
    private final Map<Integer, String> inheritFds = new LinkedHashMap<Integer, String>();
    private Path root;
    private CriuCgroupMode cgroupMode = CriuCgroupMode.DEFAULT;
    private CriuTcpMode tcpMode = CriuTcpMode.DEFAULT;
    private boolean fileLocks;
    private boolean extUnixSk;
    private final List<String> externals = new ArrayList<String>();
    private boolean lazyPages;
    private Path actionScript;

    private Builder(Path imagesDir) {
      if (imagesDir == null) {
        throw new IllegalArgumentException("imagesDir is required");
      }
      this.imagesDir = imagesDir.toAbsolutePath();
    }

    /** -W: CRIU's work dir; default the images dir. */
    public Builder workDir(Path dir) {
      this.workDir = dir == null ? null : dir.toAbsolutePath();
      return this;
    }

    /** -o: log file name, relative to the work dir; default {@value #DEFAULT_LOG_FILE}. */
    public Builder logFile(String name) {
      this.logFile = Criu.requireNonEmpty(name, "logFile");
      return this;
    }

    public Builder logLevel(int level) {
      this.logLevel = Criu.requireLogLevel(level);
      return this;
    }

    /** --pidfile: where CRIU writes the restored root's (host) pid; made absolute. */
    public Builder pidFile(Path file) {
      this.pidFile = file == null ? null : file.toAbsolutePath();
      return this;
    }

    /** Foreground (default), -d, or -d --restore-sibling; see {@link CriuRestoreMode}. */
    public Builder mode(CriuRestoreMode m) {
      if (m == null) {
        throw new IllegalArgumentException("mode is required");
      }
      this.mode = m;
      return this;
    }

    public Builder shellJob(boolean v) {
      this.shellJob = v;
      return this;
    }

    /**
     * --inherit-fd fd[N]:PATH: the file the tree had open at {@code dumpedPath} (as CRIU
     * recorded it, e.g. the old stdout log) is replaced by CRIU's own fd {@code fd}. A
     * leading '/' is dropped, CRIU records paths without it. The restored tree writes at
     * the inherited fd's own offset.
     */
    public Builder inheritFd(int fd, String dumpedPath) {
      if (fd < 0) {
        throw new IllegalArgumentException("fd must be >= 0: " + fd);
      }
      String p = Criu.requireNonEmpty(dumpedPath, "dumpedPath");
      while (p.startsWith("/")) {
        p = p.substring(1);
      }
      inheritFds.put(fd, p);
      return this;
    }

    /** --root: restore into this root directory. */
    public Builder root(Path dir) {
      this.root = dir;
      return this;
    }

    public Builder cgroupMode(CriuCgroupMode m) {
      this.cgroupMode = m;
      return this;
    }

    /**
     * --action-script: CRIU runs it at each restore stage (CRTOOLS_SCRIPT_ACTION names
     * the stage, e.g. post-resume); null for none.
     */
    public Builder actionScript(Path script) {
      this.actionScript = script == null ? null : script.toAbsolutePath();
      return this;
    }

    public Builder tcpMode(CriuTcpMode m) {
      this.tcpMode = java.util.Objects.requireNonNull(m, "tcpMode");
      return this;
    }

    public Builder fileLocks(boolean v) {
      this.fileLocks = v;
      return this;
    }

    public Builder extUnixSk(boolean v) {
      this.extUnixSk = v;
      return this;
    }

    /** --external VALUE; may be repeated. */
    /**
     * Post-copy: {@code --lazy-pages}. The restore takes the memory pages from the
     * {@code criu lazy-pages} daemon that serves this images dir
     * ({@link Criu#startLazyPages}), which must be listening before the restore starts.
     */
    public Builder lazyPages(boolean v) {
      this.lazyPages = v;
      return this;
    }

    public Builder external(String value) {
      externals.add(Criu.requireNonEmpty(value, "external"));
      return this;
    }

    public CriuRestoreOptions build() {
      return new CriuRestoreOptions(this);
    }
  }
}
