/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.restore;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.apache.hadoop.criu.CriuTcpMode;
import org.apache.hadoop.yarn.server.api.migration.MigrationContract;

/**
 * What the target NodeManager needs to know about the source container to restore it:
 * written by the checkpointer next to the images as {@value MigrationContract#SPEC_FILE} (a Java
 * properties file), read by the restore launch. Immutable.
 *
 * <p>Layout of a migration directory ({@code <localDir>/nm-migration/<migrationId>/}):
 * <pre>
 *   restore-spec.properties   this spec
 *   images/                   CRIU images (criu dump -D)
 *   workdir/                  the source container's work dir, copied while frozen
 *   appfiles/                 files the tree held under its application dir outside the
 *                             work dir (a task's spill), by path below the app dir
 *   restored                  created by the CRIU action script after post-resume
 * </pre>
 */
public final class RestoreSpec {


  /**
   * Source log file names (ids have {@link MigrationContract#isSafeId}'s shape): each becomes
   * one path component here or in a shell command, so no separator and nothing a shell
   * would expand.
   */
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]*");
  /** A NodeId as "host:port" (IPv6 host in brackets), or empty (a spec that names none). */
  private static final Pattern SAFE_NODE = Pattern.compile("[A-Za-z0-9_.\\-:\\[\\]]*");

  private static final String MIGRATION_ID = "migration.id";
  private static final String CONTAINER_ID = "source.container.id";
  private static final String NODE = "source.node";
  private static final String WORK_DIR = "source.work.dir";
  private static final String LOG_FILES = "source.log.files";
  private static final String LOG_DIR = "source.log.dir";
  /** source.resource.N.name / .path: a localized resource's link name and source path. */
  private static final String RESOURCE = "source.resource.";
  private static final String APP_FILE = "source.appfile.";
  /** How the tree's TCP connections were dumped (a CriuTcpMode name); the restore matches. */
  private static final String TCP_MODE = "criu.tcp.mode";
  /** The tree's address of its own (a.b.c.d/n on eth0 of its network namespace), if any. */
  private static final String OWN_ADDRESS = "source.own.address";
  /** "true" when the checkpoint was a post-copy dump: the restore takes its pages lazily. */
  private static final String LAZY_PAGES = "criu.lazy.pages";

  private final String migrationId;
  private final String sourceContainerId;
  private final String sourceNode;
  private final String sourceWorkDir;
  private final String sourceLogDir;
  private final List<String> sourceLogFiles;
  private final Map<String, String> sourceResources;
  private final CriuTcpMode tcpMode;
  private final List<String> appDirFiles;
  private final String ownAddress;
  private final boolean lazyPages;

  public RestoreSpec(String migrationId, String sourceContainerId, String sourceNode,
      String sourceWorkDir, String sourceLogDir, List<String> sourceLogFiles) {
    this(migrationId, sourceContainerId, sourceNode, sourceWorkDir, sourceLogDir,
        sourceLogFiles, Collections.<String, String>emptyMap());
  }

  /**
   * @param sourceLogFiles names of the files in the source container's log dir (stdout,
   *     stderr, prelaunch.out, ...): whatever of them the tree holds open continues in the
   *     target container's log file of the same name
   * @param sourceResources the source container's localized resources: link name in the
   *     work dir -&gt; absolute path of the localized copy on the source node. The restore
   *     makes each source path resolve to the target's own copy of that resource
   */
  public RestoreSpec(String migrationId, String sourceContainerId, String sourceNode,
      String sourceWorkDir, String sourceLogDir, List<String> sourceLogFiles,
      Map<String, String> sourceResources) {
    this(migrationId, sourceContainerId, sourceNode, sourceWorkDir, sourceLogDir,
        sourceLogFiles, sourceResources, CriuTcpMode.DEFAULT);
  }

  /**
   * @param tcpMode how the checkpoint dumped the tree's TCP connections; the restore
   *     uses the same mode
   */
  public RestoreSpec(String migrationId, String sourceContainerId, String sourceNode,
      String sourceWorkDir, String sourceLogDir, List<String> sourceLogFiles,
      Map<String, String> sourceResources, CriuTcpMode tcpMode) {
    this(migrationId, sourceContainerId, sourceNode, sourceWorkDir, sourceLogDir,
        sourceLogFiles, sourceResources, tcpMode, Collections.<String>emptyList(), "", false);
  }

  private RestoreSpec(String migrationId, String sourceContainerId, String sourceNode,
      String sourceWorkDir, String sourceLogDir, List<String> sourceLogFiles,
      Map<String, String> sourceResources, CriuTcpMode tcpMode, List<String> appDirFiles,
      String ownAddress, boolean lazyPages) {
    this.lazyPages = lazyPages;
    if (!ownAddress.isEmpty()) {
      // a.b.c.d/n and nothing else: it reaches a CRIU option and a log line
      org.apache.hadoop.yarn.server.nodemanager.migration.network.OwnAddress.parse(
          ownAddress, "-", null);
    }
    this.ownAddress = ownAddress;
    List<String> files = new ArrayList<>();
    for (String f : appDirFiles) {
      if (!AppDirFiles.mayTravel(checkRelative("application dir file", f))) {
        throw new IllegalArgumentException("Invalid application dir file: '" + f
            + "' (a container's directory or the file cache)");
      }
      files.add(f);
    }
    this.appDirFiles = Collections.unmodifiableList(files);
    this.tcpMode = java.util.Objects.requireNonNull(tcpMode, "tcpMode");
    this.migrationId = MigrationContract.checkId("migration id", migrationId);
    this.sourceContainerId = MigrationContract.checkId("source container id",
        sourceContainerId);
    if (sourceNode == null || !SAFE_NODE.matcher(sourceNode).matches()) {
      throw new IllegalArgumentException("Invalid source node: '" + sourceNode + "'");
    }
    this.sourceNode = sourceNode;
    this.sourceWorkDir = checkAbsolute("source work dir", sourceWorkDir);
    this.sourceLogDir = checkAbsolute("source log dir", sourceLogDir);
    List<String> names = new ArrayList<>();
    for (String name : sourceLogFiles) {
      if (!SAFE_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("Invalid source log file name: '" + name + "'");
      }
      names.add(name);
    }
    this.sourceLogFiles = Collections.unmodifiableList(names);
    Map<String, String> resources = new TreeMap<>();
    for (Map.Entry<String, String> e : sourceResources.entrySet()) {
      resources.put(checkRelative("resource link name", e.getKey()),
          checkAbsolute("source path of resource " + e.getKey(), e.getValue()));
    }
    this.sourceResources = Collections.unmodifiableMap(resources);
  }

  /** A link name in the work dir: relative, no '..', no tab or newline. */
  private static String checkRelative(String what, String name) {
    if (name == null || name.isEmpty() || name.startsWith("/") || name.contains("\n")
        || name.contains("\t") || ("/" + name + "/").contains("/../")
        || ("/" + name + "/").contains("/./")) {
      throw new IllegalArgumentException("Invalid " + what + ": '" + name + "'");
    }
    return name;
  }

  /** Whether a file of the source log dir can travel in a spec (see the constructor). */
  public static boolean isSafeLogFileName(String name) {
    return SAFE_NAME.matcher(name).matches();
  }

  private static String checkAbsolute(String what, String path) {
    if (path == null || !path.startsWith("/") || path.contains("\n") || path.contains("\t")
        || ("/" + path + "/").contains("/../")) {
      throw new IllegalArgumentException("Invalid " + what + ": '" + path + "'");
    }
    return path;
  }

  public String getMigrationId() {
    return migrationId;
  }

  public String getSourceContainerId() {
    return sourceContainerId;
  }

  public String getSourceNode() {
    return sourceNode;
  }

  public String getSourceWorkDir() {
    return sourceWorkDir;
  }

  public String getSourceLogDir() {
    return sourceLogDir;
  }

  /** Names of the files of the source log dir, continued in the target's log dir. */
  public List<String> getSourceLogFiles() {
    return sourceLogFiles;
  }

  /** The source's localized resources: link name -&gt; source path (sorted by name). */
  public Map<String, String> getSourceResources() {
    return sourceResources;
  }

  /**
   * Whether {@code path} lies in a file cache of the NodeManager under one of
   * {@code localDirs}: {@code <dir>/filecache/N/...}, {@code <dir>/usercache/<user>/filecache/N/...}
   * or {@code <dir>/usercache/<user>/appcache/<app>/filecache/N/...} (where localized
   * resources live; never a work dir, whose content the container controls).
   */
  public static boolean isFileCachePath(String path, List<String> localDirs) {
    return fileCacheLocalDir(path, localDirs) != null;
  }

  /**
   * The local dir (of {@code localDirs}, without a scheme) whose file cache holds
   * {@code path}, or null when none does (see {@link #isFileCachePath}).
   */
  public static String fileCacheLocalDir(String path, List<String> localDirs) {
    for (String d : localDirs) {
      String dir = MigrationDirs.stripScheme(d);
      String prefix = dir.endsWith("/") ? dir : dir + "/";
      if (!path.startsWith(prefix) || ("/" + path + "/").contains("/../")) {
        continue;
      }
      String[] rest = path.substring(prefix.length()).split("/");
      int at = -1;
      if (rest.length > 0 && rest[0].equals("filecache")) {
        at = 0;
      } else if (rest.length > 2 && rest[0].equals("usercache") && rest[2].equals("filecache")) {
        at = 2;
      } else if (rest.length > 4 && rest[0].equals("usercache") && rest[2].equals("appcache")
          && rest[4].equals("filecache")) {
        at = 4;
      }
      // the cache dir, a numbered entry and a name in it at least
      if (at >= 0 && rest.length >= at + 3) {
        return dir;
      }
    }
    return null;
  }

  /**
   * This spec with the files the tree held under its application dir (the parent of
   * {@link #getSourceWorkDir}) outside its work dir and resources, by path below that
   * dir: their copies are in {@value MigrationContract#APP_FILES_DIR}, and the target puts each at the
   * same path (AppDirFiles).
   */
  public RestoreSpec withAppDirFiles(List<String> relativePaths) {
    return new RestoreSpec(migrationId, sourceContainerId, sourceNode, sourceWorkDir,
        sourceLogDir, sourceLogFiles, sourceResources, tcpMode, relativePaths, ownAddress,
        lazyPages);
  }

  /**
   * This spec with the tree's address of its own ({@code a.b.c.d/n}): the tree has its
   * own network namespace, which the restore recreates (CRIU) with the interface's peer on
   * the target's bridge.
   */
  public RestoreSpec withOwnAddress(String cidr) {
    return new RestoreSpec(migrationId, sourceContainerId, sourceNode, sourceWorkDir,
        sourceLogDir, sourceLogFiles, sourceResources, tcpMode, appDirFiles,
        cidr == null ? "" : cidr, lazyPages);
  }

  /**
   * This spec for a post-copy checkpoint: the images hold no memory pages; the restore
   * takes them lazily from the source, through a lazy-pages daemon on the target.
   */
  public RestoreSpec withLazyPages(boolean lazy) {
    return new RestoreSpec(migrationId, sourceContainerId, sourceNode, sourceWorkDir,
        sourceLogDir, sourceLogFiles, sourceResources, tcpMode, appDirFiles, ownAddress,
        lazy);
  }

  /** See {@link #withLazyPages}. */
  public boolean isLazyPages() {
    return lazyPages;
  }

  /** The tree's address of its own ({@code a.b.c.d/n}), or empty: it has none. */
  public String getOwnAddress() {
    return ownAddress;
  }

  /** See {@link #withAppDirFiles}; relative, without '..'. */
  public List<String> getAppDirFiles() {
    return appDirFiles;
  }

  /** How the tree's TCP connections were dumped; the restore passes the same mode. */
  public CriuTcpMode getTcpMode() {
    return tcpMode;
  }

  /** Writes {@value MigrationContract#SPEC_FILE} into {@code migrationDir} (atomically, mode 0600). */
  public void write(File migrationDir) throws IOException {
    Properties p = new Properties();
    p.setProperty(MIGRATION_ID, migrationId);
    p.setProperty(CONTAINER_ID, sourceContainerId);
    p.setProperty(NODE, sourceNode);
    p.setProperty(WORK_DIR, sourceWorkDir);
    p.setProperty(LOG_FILES, String.join(",", sourceLogFiles));
    p.setProperty(LOG_DIR, sourceLogDir);
    p.setProperty(TCP_MODE, tcpMode.name());
    if (!ownAddress.isEmpty()) {
      p.setProperty(OWN_ADDRESS, ownAddress);
    }
    if (lazyPages) {
      p.setProperty(LAZY_PAGES, "true");
    }
    int i = 0;
    for (Map.Entry<String, String> e : sourceResources.entrySet()) {
      p.setProperty(RESOURCE + i + ".name", e.getKey());
      p.setProperty(RESOURCE + i + ".path", e.getValue());
      i++;
    }
    for (int j = 0; j < appDirFiles.size(); j++) {
      p.setProperty(APP_FILE + j, appDirFiles.get(j));
    }
    File tmp = new File(migrationDir, MigrationContract.SPEC_FILE + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp.toPath())) {
      p.store(out, "YARN container migration: restore spec");
    }
    MigrationDirs.ownerOnly(tmp);
    Files.move(tmp.toPath(), new File(migrationDir, MigrationContract.SPEC_FILE).toPath(),
        StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Reads and validates {@value MigrationContract#SPEC_FILE} from {@code migrationDir}. */
  public static RestoreSpec read(File migrationDir) throws IOException {
    File f = new File(migrationDir, MigrationContract.SPEC_FILE);
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(f.toPath())) {
      p.load(in);
    }
    try {
      Map<String, String> resources = new TreeMap<>();
      for (int i = 0; p.getProperty(RESOURCE + i + ".name") != null; i++) {
        String name = p.getProperty(RESOURCE + i + ".name");
        String path = p.getProperty(RESOURCE + i + ".path");
        if (path == null || resources.put(name, path) != null) {
          throw new IllegalArgumentException("resource " + i + " ('" + name + "') has no path"
              + " or is listed twice");
        }
      }
      List<String> appFiles = new ArrayList<>();
      for (int i = 0; p.getProperty(APP_FILE + i) != null; i++) {
        appFiles.add(p.getProperty(APP_FILE + i));
      }
      return new RestoreSpec(p.getProperty(MIGRATION_ID), p.getProperty(CONTAINER_ID),
          p.getProperty(NODE, ""), p.getProperty(WORK_DIR), p.getProperty(LOG_DIR),
          splitNames(p.getProperty(LOG_FILES, "")), resources,
          CriuTcpMode.valueOf(p.getProperty(TCP_MODE, CriuTcpMode.DEFAULT.name())),
          appFiles, p.getProperty(OWN_ADDRESS, ""), strictBoolean(p.getProperty(LAZY_PAGES,
              "false"), LAZY_PAGES));
    } catch (IllegalArgumentException e) {
      throw new IOException("Invalid restore spec " + f + ": " + e.getMessage(), e);
    }
  }

  private static boolean strictBoolean(String value, String key) {
    if (!"true".equals(value) && !"false".equals(value)) {
      throw new IllegalArgumentException(key + " must be true or false: '" + value + "'");
    }
    return Boolean.parseBoolean(value);
  }

  private static List<String> splitNames(String joined) {
    List<String> names = new ArrayList<>();
    for (String name : joined.split(",")) {
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    return names;
  }

  @Override
  public String toString() {
    return "RestoreSpec{migration=" + migrationId + ", source=" + sourceContainerId + "@"
        + sourceNode + ", workDir=" + sourceWorkDir + ", tcp=" + tcpMode
        + (ownAddress.isEmpty() ? "" : ", ownAddress=" + ownAddress)
        + (lazyPages ? ", lazyPages" : "") + "}";
  }
}
