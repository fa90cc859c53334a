/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.executor;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.criu.Criu;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.api.ApplicationConstants.Environment;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.api.migration.MigrationFailure;
import org.apache.hadoop.yarn.api.migration.MigrationFailure.Step;
import org.apache.hadoop.yarn.api.migration.records.ContainerNetwork;
import org.apache.hadoop.yarn.server.api.migration.MigrationContract;
import org.apache.hadoop.yarn.server.nodemanager.Context;
import org.apache.hadoop.yarn.exceptions.ConfigurationException;
import org.apache.hadoop.yarn.server.nodemanager.DefaultContainerExecutor;
import org.apache.hadoop.yarn.server.nodemanager.executor.ContainerStartContext;
import org.apache.hadoop.yarn.server.nodemanager.migration.agent.MigrationAuxService;
import org.apache.hadoop.yarn.server.nodemanager.migration.agent.NodeManagerSeam;
import org.apache.hadoop.yarn.server.nodemanager.migration.agent.TargetMigrations;
import org.apache.hadoop.yarn.server.nodemanager.migration.network.ContainerNetworks;
import org.apache.hadoop.yarn.server.nodemanager.migration.network.OwnAddress;
import org.apache.hadoop.yarn.server.nodemanager.migration.restore.AppDirFiles;
import org.apache.hadoop.yarn.server.nodemanager.migration.restore.MigrationDirs;
import org.apache.hadoop.yarn.server.nodemanager.migration.restore.RestoreLaunch;
import org.apache.hadoop.yarn.server.nodemanager.migration.restore.RestorePreparation;
import org.apache.hadoop.yarn.server.nodemanager.migration.restore.RestoreSpec;
import org.apache.hadoop.yarn.server.nodemanager.migration.restore.RestoreStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.apache.hadoop.yarn.server.nodemanager.migration.executor.LaunchScriptRewriter.quote;

/**
 * A {@link DefaultContainerExecutor} whose containers can be checkpointed with CRIU.
 *
 * <p>launch_container.sh gains a second line ({@link LaunchScriptRewriter#runAsContainer}):
 * it hands the script, with nothing of the container's environment, to the launcher
 * (container-launcher.sh, written at {@link #init}), which runs it again, whole, as the
 * container's user ({@link ContainerUser}) in a pid namespace and session of its own:
 * {@code unshare --pid --fork --kill-child setsid <the user's init> /bin/bash
 * launch_container.sh --as-container}; the NM's group kill still ends it. The root part of
 * the launch gets no environment of the container (a variable such as LD_PRELOAD would run
 * the application's code as root). The launcher exits with
 * {@link MigrationContract#EXIT_MIGRATED} if the container's migrated marker exists.
 * A container whose environment asks for an address of its own
 * ({@link MigrationContract#NETWORK_ENV}) gets one ({@link ContainerNetworks}) and the
 * launcher runs its command in that network namespace ({@code --net <path>}), in a UTS
 * namespace named by the address ({@code --hostname}); its {@code NM_HOST} is that address.
 *
 * <p>A container whose environment holds {@link MigrationContract#RESTORE_ENV}{@code =<migrationId>} is
 * the target of a migration: nothing of the stock script runs, its second line execs the
 * restore launcher (restore-launcher.sh), which restores the images of that migration
 * found under the NM's local dirs (see {@link RestoreSpec}); the NodeManager makes the
 * resource links the stock script would have made.
 */
public class CheckpointableContainerExecutor extends DefaultContainerExecutor {

  private static final Logger LOG = LoggerFactory.getLogger(CheckpointableContainerExecutor.class);


  public static final String CONTAINER_LAUNCHER = "container-launcher.sh";
  public static final String RESTORE_LAUNCHER = "restore-launcher.sh";
  public static final String RESTORE_ACTION = "restore-action.sh";
  public static final String HAND_OVER = "hand-over.sh";
  /** The stock launch script's own output files in the container's log dir. */
  static final String PRELAUNCH_OUT = "prelaunch.out";
  static final String PRELAUNCH_ERR = "prelaunch.err";
  static final String MARKERS_DIR = "markers";
  /** Default launcher dir, under the first NM local dir. */
  public static final String DEFAULT_LAUNCHER_DIR_NAME = "nm-migration-launcher";
  /** Suffix of the per-container migrated marker ({@code markers/<containerId>.migrated}). */
  public static final String MIGRATED_SUFFIX = ".migrated";

  /**
   * Restore containers of this NM, from their launch script's writing until they end -&gt;
   * what each restores: its tree sees the spec's source work and log dirs
   * (restore-launcher.sh presents them), and its next checkpoint records those paths again.
   */
  private final Map<String, Restore> restored = new ConcurrentHashMap<>();

  /** One restore container: the spec, its migration dir, this node's resource copies. */
  private static final class Restore {
    private final String migrationId;
    private final RestoreSpec spec;
    private final File migrationDir;
    /** The target container's log dir (the tree sees it at the spec's source log dir). */
    private final String targetLogDir;
    /** Mount points this NM made for the launcher; removed when the container ends. */
    private final List<java.nio.file.Path> mountPoints = new java.util.ArrayList<>();
    /** Link name -&gt; this node's localized copy; set when the launch starts. */
    private volatile Map<String, java.nio.file.Path> localCopies =
        java.util.Collections.emptyMap();
    /** Its temporary links at the source's resource paths are made (see holdsLinks). */
    private volatile boolean linked;
    /** Its links are gone: the tree ran (the action script removed them). */
    private volatile boolean linksReleased;

    Restore(String migrationId, RestoreSpec spec, File migrationDir, String targetLogDir) {
      this.migrationId = migrationId;
      this.spec = spec;
      this.migrationDir = migrationDir;
      this.targetLogDir = targetLogDir;
    }

    java.nio.file.Path tempPaths() {
      return new File(migrationDir, MigrationContract.TEMP_PATHS_FILE).toPath();
    }

    /**
     * Whether its temporary links may still be there: made, and the tree has not run yet
     * (CRIU's action script removes them, then writes the RESTORED marker; a restore that
     * fails has them removed when its container ends, when it leaves {@code restored}).
     */
    boolean holdsLinks() {
      if (!linked || linksReleased) {
        return false;
      }
      if (new RestoreStatus(migrationDir).isRestored() || !migrationDir.isDirectory()) {
        linksReleased = true; // the marker, or the images already discarded after it
        return false;
      }
      return true;
    }

    /** The directories its resources lived in on the source (where links are made). */
    java.util.Set<String> resourceDirs() {
      java.util.Set<String> dirs = new java.util.HashSet<>();
      for (String source : spec.getSourceResources().values()) {
        String parent = new File(source).getParent();
        if (parent != null) {
          dirs.add(parent);
        }
      }
      return dirs;
    }
  }

  /** Longest a restore waits for another one's temporary links to go (see prepare). */
  static final long LINKS_WAIT_MS = 60_000;
  /** Held while a restore looks for others' links and makes its own. */
  private final Object linking = new Object();

  /** Ends stock 3.1.0's 2-s clean-up wait for containers that have ended. */
  private final ExitCodeFileKeeper exitCodeFiles = new ExitCodeFileKeeper();

  private File launcherDir;
  private String criuBinary;
  /** Users containers run as, by name. */
  private final Map<String, ContainerUser> users = new ConcurrentHashMap<>();
  /** Containers with an address of their own; null: this node gives none. */
  private ContainerNetworks networks;
  private Context nmContext;

  @Override
  public void init(Context nmContext) throws IOException {
    super.init(nmContext);
    Configuration conf = getConf();
    // The migration agent (an aux service, which gets no Context in 3.1.0) finds it here.
    NodeManagerSeam.register(conf, nmContext);
    this.nmContext = nmContext;
    networks = ContainerNetworks.of(conf);
    if (networks != null) {
      networks.recoverLeftovers();
    }
    criuBinary = conf.getTrimmed(MigrationConfiguration.NM_MIGRATION_CRIU_BINARY,
        MigrationConfiguration.DEFAULT_NM_MIGRATION_CRIU_BINARY);
    String dir = conf.getTrimmed(MigrationConfiguration.NM_MIGRATION_LAUNCHER_DIR,
        MigrationConfiguration.DEFAULT_NM_MIGRATION_LAUNCHER_DIR);
    if (dir.isEmpty()) {
      String[] localDirs = conf.getTrimmedStrings(YarnConfiguration.NM_LOCAL_DIRS,
          YarnConfiguration.DEFAULT_NM_LOCAL_DIRS);
      // Not under nmPrivate: the NM's localization service wipes that after executor init.
      dir = new File(MigrationDirs.stripScheme(localDirs[0]), DEFAULT_LAUNCHER_DIR_NAME).getPath();
    }
    launcherDir = new File(dir).getAbsoluteFile();
    installLaunchers(launcherDir);
    LOG.info("Checkpointable container executor: launchers in {}, criu {}", launcherDir,
        criuBinary);
  }

  /** Writes the launcher scripts (resources of this class) into {@code dir}, mode 0700. */
  static void installLaunchers(File dir) throws IOException {
    File markers = new File(dir, MARKERS_DIR);
    if (!markers.isDirectory() && !markers.mkdirs()) {
      throw new IOException("Cannot create " + markers);
    }
    MigrationDirs.ownerOnly(dir);
    MigrationDirs.ownerOnly(markers);
    for (String name : Arrays.asList(CONTAINER_LAUNCHER, RESTORE_LAUNCHER, RESTORE_ACTION,
        HAND_OVER)) {
      File target = new File(dir, name);
      File tmp = new File(dir, name + ".tmp");
      try (InputStream in = CheckpointableContainerExecutor.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IOException("Resource " + name + " missing from the classpath");
        }
        Files.copy(in, tmp.toPath(), StandardCopyOption.REPLACE_EXISTING);
      }
      MigrationDirs.ownerOnly(tmp);
      tmp.setExecutable(true, true);
      Files.move(tmp.toPath(), target.toPath(), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    }
  }

  @Override
  public void writeLaunchEnv(OutputStream out, Map<String, String> environment,
      Map<Path, List<String>> resources, List<String> command, Path logDir, String user,
      String outFilename, LinkedHashSet<String> nmVars) throws IOException {
    OwnAddress own = ownAddressAsked(environment);
    if (own != null) {
      // the host the container is reached at is its address: a server in it that
      // advertises NM_HOST (MapReduce's AM, for its umbilical and client services)
      // advertises the address that moves with it
      environment = new java.util.LinkedHashMap<>(environment);
      environment.put(Environment.NM_HOST.name(), own.getAddress());
    }
    boolean written = false;
    try {
      ByteArrayOutputStream stock = new ByteArrayOutputStream();
      super.writeLaunchEnv(stock, environment, resources, command, logDir, user,
          outFilename, nmVars);
      String script = new String(stock.toByteArray(), StandardCharsets.UTF_8);
      String rewritten;
      try {
        rewritten = rewrite(script, environment, command, logDir, own, runAs(user));
      } catch (IllegalStateException e) {
        throw new IOException(e.getMessage(), e);
      }
      try {
        out.write(rewritten.getBytes(StandardCharsets.UTF_8));
      } finally {
        out.close();
      }
      written = true;
    } finally {
      if (!written && own != null) {
        // no launch will end it: its namespace and address go now
        networks.ended(environment.get(Environment.CONTAINER_ID.name()), false);
      }
    }
  }

  /**
   * The user a container of {@code appUser} runs as ({@link ContainerUser}), looked up
   * once per name.
   */
  ContainerUser runAs(String appUser) throws IOException {
    String name = ContainerUser.runAsName(getConf(), appUser,
        org.apache.hadoop.security.UserGroupInformation.isSecurityEnabled());
    ContainerUser u = users.get(name);
    if (u == null) {
      u = ContainerUser.lookUp(name);
      users.put(name, u);
    }
    return u;
  }

  /**
   * What the launchers get of an environment (they run as root): the NodeManager's own
   * PATH, to find criu, setpriv and the tools of util-linux; nothing of the container's.
   */
  private static String launcherEnvironment() {
    String path = System.getenv("PATH");
    return "PATH=" + quote(path == null || path.isEmpty()
        ? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" : path);
  }

  private String rewrite(String script, Map<String, String> env, List<String> command,
      Path logDir, OwnAddress own, ContainerUser user) throws IOException {
    String containerId = env.get(Environment.CONTAINER_ID.name());
    if (containerId == null || launcherDir == null) {
      throw new IOException("Cannot make the launch script checkpointable: "
          + (launcherDir == null ? "executor not initialised" : "no CONTAINER_ID in the environment"));
    }
    File marker = migratedMarker(launcherDir, containerId);
    String migrationId = env.get(MigrationContract.RESTORE_ENV);
    if (migrationId == null || migrationId.isEmpty()) {
      String words = "/bin/bash " + quote(new File(launcherDir, CONTAINER_LAUNCHER).getPath())
          + " " + MigrationContract.EXIT_MIGRATED + " " + quote(marker.getPath());
      if (own != null) {
        words += " --net " + quote(ContainerNetworks.netnsPath(containerId)) + " --hostname "
            + quote(own.getAddress());
      }
      if (!user.isRoot()) {
        words += " --run-as " + user.owner();
        String logDirs = env.get(Environment.LOG_DIRS.name());
        for (String d : logDirs == null ? new String[] {logDir.toUri().getPath()}
            : logDirs.split(",")) {
          words += " --log-dir " + quote(d);
        }
      }
      return LaunchScriptRewriter.runAsContainer(script, command, launcherEnvironment(),
          words);
    }
    File migrationDir = takeImages(migrationId, containerId);
    RestoreSpec spec = RestoreSpec.read(migrationDir);
    String targetWorkDir = env.get(Environment.PWD.name());
    if (targetWorkDir == null) {
      throw new IOException(MigrationFailure.of(Step.RESTORE, containerId, migrationId, null,
          "no PWD in the environment").getMessage());
    }
    RestoreLaunch launch;
    try {
      boolean ownNetwork = !spec.getOwnAddress().isEmpty() && networks != null;
      if (ownNetwork) {
        networks.adopt(containerId, spec.getOwnAddress());
      }
      launch = RestoreLaunch.of(criuBinary, migrationDir, spec, targetWorkDir,
          logDir.toUri().getPath(), new File(launcherDir, RESTORE_ACTION), marker,
          ownNetwork ? networks.restoreExternal(containerId) : null,
          ownNetwork ? networks.getBridgeAddress() : null);
    } catch (IllegalArgumentException e) {
      if (networks != null) {
        networks.ended(containerId, false);
      }
      throw refused(migrationId, containerId, e);
    }
    File appDir = new File(targetWorkDir).getParentFile();
    if (!spec.getAppDirFiles().isEmpty()
        && appDir.equals(new File(spec.getSourceWorkDir()).getParentFile())) {
      // the files the tree held under its app dir, at the same paths in this node's own
      // app dir (NodeManagers sharing a filesystem have the source's files already: nothing
      // is written anywhere else)
      try {
        // this node's app dir exists before the launch only if it localized something for
        // the application; DefaultContainerExecutor.launchContainer makes it a moment later
        // anyway (mkdir -p of the work dir)
        Files.createDirectories(appDir.toPath());
        AppDirFiles.place(new File(migrationDir, MigrationContract.APP_FILES_DIR).toPath(),
            appDir.toPath(), spec.getAppDirFiles());
      } catch (IOException e) {
        throw refused(migrationId, containerId, e);
      }
    }
    if (spec.isLazyPages()) {
      // post-copy: the restore takes the pages from a lazy-pages daemon, ready before it
      try {
        NodeManagerSeam.auxService(getConf()).getPostCopyFeeds().feed(new Criu(criuBinary),
            migrationId, containerId, new File(migrationDir, MigrationContract.IMAGES_DIR)
                .toPath());
      } catch (IOException e) {
        throw refused(migrationId, containerId, e);
      }
    }
    restored.put(containerId, new Restore(migrationId, spec, migrationDir,
        logDir.toUri().getPath()));
    LOG.info("Container {} restores migration {} from {} ({})", containerId, migrationId,
        migrationDir, spec);
    if (!user.isRoot()) {
      launch = launch.runAs(user.owner());
    }
    // what the launcher and criu say goes where the stock script sends its own output
    String logs = logDir.toUri().getPath();
    return LaunchScriptRewriter.replaceAll(script, command, launcherEnvironment(),
        launch.toShellWords(new File(launcherDir, RESTORE_LAUNCHER))
            + " >" + quote(new File(logs, PRELAUNCH_OUT).getPath())
            + " 2>" + quote(new File(logs, PRELAUNCH_ERR).getPath()));
  }

  /**
   * The address of its own a container being launched asks for, given to it now; null when
   * it asks for none, or is a restore (its address comes with its images).
   *
   * @throws IOException for any other value of the variable, or on a node that gives none
   */
  private OwnAddress ownAddressAsked(Map<String, String> env) throws IOException {
    String network = env.get(MigrationContract.NETWORK_ENV);
    String restoring = env.get(MigrationContract.RESTORE_ENV);
    String containerId = env.get(Environment.CONTAINER_ID.name());
    if (network == null || network.isEmpty() || containerId == null
        || (restoring != null && !restoring.isEmpty())) {
      return null;
    }
    if (!MigrationContract.NETWORK_OWN.equals(network)) {
      throw new IOException("Container " + containerId + " asks for the network '" + network
          + "' (" + MigrationContract.NETWORK_ENV + "); the only one there is is '"
          + MigrationContract.NETWORK_OWN + "' (an address of its own). Fix the"
          + " application's environment");
    }
    if (networks == null) {
      throw new IOException("Container " + containerId + " asks for an address of its own ("
          + ContainerNetwork.OWN_ASSIGNMENT + ") and this"
          + " NodeManager gives none (empty "
          + MigrationConfiguration.NM_MIGRATION_NETWORK_BRIDGE + "). Configure the bridge"
          + " and the address block on this node, or launch the container without it");
    }
    return networks.create(containerId,
        app -> nmContext != null && nmContext.getApplications().containsKey(
            org.apache.hadoop.yarn.api.records.ApplicationId.fromString(app)));
  }

  /**
   * The container's address of its own while it runs on this node (given here, or
   * restored here with it), or null: it shares the node's network.
   */
  public OwnAddress ownAddressOf(String containerId) {
    return networks == null ? null : networks.of(containerId);
  }

  /**
   * The images of a migration, taken for this container's restore in the NM's record of
   * the migrations it receives: they feed one restore, once.
   */
  private File takeImages(String migrationId, String containerId) throws IOException {
    MigrationAuxService aux = NodeManagerSeam.auxService(getConf());
    if (aux == null || aux.getTargetMigrations() == null) {
      throw new IOException(MigrationFailure.of(Step.RESTORE, containerId, migrationId, null,
          "this NodeManager runs no " + MigrationAuxService.SERVICE_NAME + " aux service"
          + " (yarn.nodemanager.aux-services), which receives the images").getMessage());
    }
    try {
      return aux.getTargetMigrations().fire(migrationId, TargetMigrations.Event.LAUNCHED,
          null, containerId, null).images.toFile();
    } catch (IllegalStateException e) {
      throw refused(migrationId, containerId, e);
    }
  }

  /** A restore this NM will not launch, and why (the container's diagnostics). */
  private static IOException refused(String migrationId, String containerId, Exception why) {
    return new IOException(MigrationFailure.of(Step.RESTORE, containerId, migrationId, null,
        why.getMessage()).getMessage(), why);
  }

  @Override
  public int launchContainer(ContainerStartContext ctx)
      throws IOException, ConfigurationException {
    String containerId = ctx.getContainer().getContainerId().toString();
    Restore r = restored.get(containerId);
    if (r != null && ctx.getLocalizedResources() != null) {
      Map<String, java.nio.file.Path> copies = new java.util.HashMap<>();
      for (Map.Entry<Path, List<String>> e : ctx.getLocalizedResources().entrySet()) {
        for (String name : e.getValue()) {
          copies.put(name, new File(e.getKey().toUri().getPath()).toPath());
        }
      }
      r.localCopies = copies;
    }
    // known now: a clean-up that starts while the container runs forgets it (deactivate)
    Path pidFile = getPidFilePath(ctx.getContainer().getContainerId());
    try {
      int exitCode = super.launchContainer(ctx);
      if (pidFile != null) {
        exitCodeFiles.launchReturned(containerId, new File(pidFile.toUri().getPath()).toPath(),
            exitCode);
      }
      return exitCode;
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    } finally {
      restored.remove(containerId);
      if (networks != null) {
        networks.ended(containerId, migratedMarker(launcherDir, containerId).exists());
      }
      if (r != null) {
        try {
          RestorePreparation.removeTemporary(r.tempPaths());
        } catch (IOException e) {
          LOG.warn("Could not remove the temporary resource links of the restore of {}: {}",
              containerId, e.toString());
        }
        for (java.nio.file.Path p : r.mountPoints) {
          try {
            RestorePreparation.removeMountPoint(p);
          } catch (IOException e) {
            LOG.warn("Could not remove the mount point {} of the restore of {}: {}", p,
                containerId, e.toString());
          }
        }
      }
    }
  }

  /**
   * The last step of the stock launch before the launch script runs, after the NM wrote
   * its own files into the work dir: a restore container's work dir receives the source's
   * files and the source's resource paths are made to resolve here
   * ({@link RestorePreparation}). A preparation that fails fails the launch, naming why.
   */
  @Override
  protected org.apache.hadoop.util.Shell.CommandExecutor buildCommandExecutor(
      String wrapperScriptPath, String containerIdStr, String user, Path pidFile,
      org.apache.hadoop.yarn.api.records.Resource resource, File workDir,
      Map<String, String> environment) {
    Restore r = restored.get(containerIdStr);
    if (r != null) {
      try {
        prepare(r, workDir);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(refused(r.migrationId, containerIdStr, e));
      }
    }
    try {
      ContainerUser runAs = runAs(user);
      if (!runAs.isRoot()) {
        ContainerDirs.openTo(runAs, user,
            org.apache.hadoop.yarn.api.records.ContainerId.fromString(containerIdStr)
                .getApplicationAttemptId().getApplicationId().toString(),
            Arrays.asList(getConf().getTrimmedStrings(YarnConfiguration.NM_LOCAL_DIRS,
                YarnConfiguration.DEFAULT_NM_LOCAL_DIRS)),
            Arrays.asList(getConf().getTrimmedStrings(YarnConfiguration.NM_LOG_DIRS,
                YarnConfiguration.DEFAULT_NM_LOG_DIRS)));
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(new IOException("Container " + containerIdStr
          + " cannot be launched as its user: " + e.getMessage(), e));
    }
    // The root shells of the launch (DefaultContainerExecutor's scripts and the first
    // line of launch_container.sh, which hands it to the launcher) get nothing of the
    // container's environment (a variable such as LD_PRELOAD or BASH_ENV would run the
    // application's code as root): launch_container.sh exports it for the container
    // itself, which runs as its user.
    return super.buildCommandExecutor(wrapperScriptPath, containerIdStr, user, pidFile,
        resource, workDir, java.util.Collections.<String, String>emptyMap());
  }

  private void prepare(Restore r, File workDir) throws IOException {
    java.util.Set<String> linkedByTheScript = new java.util.HashSet<>();
    for (String name : r.spec.getSourceResources().keySet()) {
      linkedByTheScript.add(name.split("/")[0]);
    }
    // where the launcher presents the target's dirs at the paths the tree knew
    for (String[] dirs : new String[][] {{r.spec.getSourceWorkDir(), workDir.getPath()},
        {r.spec.getSourceLogDir(), r.targetLogDir}}) {
      if (!dirs[0].equals(dirs[1])) {
        java.nio.file.Path p = new File(dirs[0]).toPath();
        if (RestorePreparation.makeMountPoint(p)) {
          r.mountPoints.add(p);
        }
      }
    }
    long bytes = RestorePreparation.mergeWorkDir(
        new File(r.migrationDir, MigrationContract.WORKDIR_COPY_DIR).toPath(),
        workDir.toPath(), linkedByTheScript);
    // the stock launch script, which links them, does not run for a restore
    int inWorkDir = RestorePreparation.linkInWorkDir(workDir.toPath(), r.localCopies);
    List<String> localDirs = Arrays.asList(getConf().getTrimmedStrings(
        YarnConfiguration.NM_LOCAL_DIRS, YarnConfiguration.DEFAULT_NM_LOCAL_DIRS));
    List<java.nio.file.Path> links = linkResourcesAlone(r, localDirs);
    LOG.info("Restore of migration {} prepared in {}: {} bytes of the source work dir"
        + " merged, {} resource link(s) made in it, {} temporary path(s) for resources {}",
        r.migrationId, workDir, bytes, inWorkDir, links.size(), links);
  }

  /**
   * Two restores of one application on this node (a drain moves several of its containers
   * at once) need temporary links at the same source paths (the application's file cache
   * on the source). The one that made them removes them as soon as its tree runs, whatever
   * the other still needs; so a restore waits, before it makes its own, until no other
   * restore of this node holds links in the same directories (seconds: until the other
   * tree runs or its restore ends). The check and the making are one step under a lock.
   */
  private List<java.nio.file.Path> linkResourcesAlone(Restore r, List<String> localDirs)
      throws IOException {
    java.util.Set<String> mine = r.resourceDirs();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINKS_WAIT_MS);
    boolean logged = false;
    while (true) {
      Restore holder = null;
      synchronized (linking) {
        for (Restore o : restored.values()) {
          if (o != r && o.holdsLinks()
              && !java.util.Collections.disjoint(mine, o.resourceDirs())) {
            holder = o;
            break;
          }
        }
        if (holder == null) {
          try {
            return RestorePreparation.linkResources(r.spec.getSourceResources(),
                r.localCopies, localDirs, r.tempPaths());
          } finally {
            r.linked = true; // what it made is listed, also when it failed half-way
          }
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("the restore of migration " + holder.migrationId + " on this"
            + " node still holds the temporary links at the source paths of the same"
            + " resources after " + LINKS_WAIT_MS / 1000 + " s; migrate again once it"
            + " ended");
      }
      if (!logged) {
        LOG.info("Restore of migration {} waits until the restore of migration {} on this"
            + " node releases the links at the source paths of the same resources",
            r.migrationId, holder.migrationId);
        logged = true;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while the restore of migration "
            + r.migrationId + " waited for another restore's links");
      }
    }
  }

  /**
   * The spec a running container of this NM was restored from, or null if it was not
   * restored: its tree sees the spec's source work dir and log dir.
   */
  public RestoreSpec restoredFrom(String containerId) {
    Restore r = restored.get(containerId);
    return r == null ? null : r.spec;
  }

  /** The marker whose presence makes the launcher exit with {@link MigrationContract#EXIT_MIGRATED}. */
  public static File migratedMarker(File launcherDir, String containerId) {
    MigrationContract.checkId("container id", containerId);
    return new File(new File(launcherDir, MARKERS_DIR), containerId + MIGRATED_SUFFIX);
  }

  public File getLauncherDir() {
    return launcherDir;
  }
}
