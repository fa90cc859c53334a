/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.migration.e2e;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.criu.BoundedRun;
import org.junit.Assume;
import org.junit.rules.TestWatcher;
import org.junit.runner.Description;

/**
 * JUnit side of {@code dev-support/bin/pseudo-cluster}: one ResourceManager and two
 * NodeManagers as separate JVMs from the built distribution, on their own port base and
 * state directory (so a developer's demo cluster on the default base 23000 and
 * {@code target/pseudo-cluster} is not touched).
 *
 * <p>Only processes this harness starts are ended: the daemons through
 * {@code pseudo-cluster stop} (which ends them by PID), the client commands it ran
 * itself through their {@link Process} handles.
 */
public final class PseudoCluster {

  /** Exit code and output of a command. */
  public static final class Result {
    public final List<String> command;
    public final int exitCode;
    public final String stdout;
    public final String stderr;
    public final long elapsedMs;

    Result(List<String> command, int exitCode, String stdout, String stderr, long elapsedMs) {
      this.command = command;
      this.exitCode = exitCode;
      this.stdout = stdout;
      this.stderr = stderr;
      this.elapsedMs = elapsedMs;
    }

    @Override
    public String toString() {
      return "$ " + String.join(" ", command) + "\n(exit " + exitCode + ", " + elapsedMs
          + " ms)\n--- stdout\n" + stdout + "--- stderr\n" + stderr + "---";
    }
  }

  /** Status and body of an HTTP request. */
  public static final class HttpResult {
    public final String method;
    public final String url;
    public final int status;
    public final String body;
    public final Map<String, List<String>> headers;

    HttpResult(String method, String url, int status, String body,
        Map<String, List<String>> headers) {
      this.method = method;
      this.url = url;
      this.status = status;
      this.body = body;
      this.headers = headers;
    }

    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + this, e);
      }
    }

    public String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          return e.getValue().get(0);
        }
      }
      return null;
    }

    @Override
    public String toString() {
      return method + " " + url + " -> " + status + " " + body;
    }
  }

  static final ObjectMapper JSON = new ObjectMapper();

  private static final long START_TIMEOUT_S = 240;
  private static final long STOP_TIMEOUT_S = 120;
  private static final Pattern ENV_LINE = Pattern.compile("^export ([A-Z0-9_]+)='(.*)'$");

  private final String name;
  private final int portBase;
  private final File repoRoot;
  private final File script;
  private final File stateDir;
  private final File workDir;
  private final Map<String, String> env = new LinkedHashMap<>();
  private final Map<String, String> extraConf = new LinkedHashMap<>();
  private final Map<String, String> extraSchedulerConf = new LinkedHashMap<>();
  private final Map<String, String> scriptEnv = new LinkedHashMap<>();
  private final List<Process> clients = Collections.synchronizedList(new ArrayList<Process>());
  /** The RM's admin protocol from this JVM (test set-up), made on first use. */
  private RmAdmin admin;
  private boolean started;

  /**
   * @param name a name for this cluster: its state dir is {@code <work dir>/<name>}
   * @param portBase PSEUDO_CLUSTER_PORT_BASE (the default cluster uses 23000)
   */
  public PseudoCluster(String name, int portBase) {
    this.name = name;
    this.portBase = portBase;
    String root = System.getProperty("migration.e2e.repo.root");
    File r = root != null ? new File(root) : new File("../../../..");
    try {
      this.repoRoot = r.getCanonicalFile();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    this.script = new File(repoRoot, "dev-support/bin/pseudo-cluster");
    String work = System.getProperty("migration.e2e.work.dir");
    this.workDir = work != null ? new File(work) : new File("target/e2e");
    this.stateDir = new File(workDir, name).getAbsoluteFile();
  }

  /**
   * A property added to every generated yarn-site.xml (PSEUDO_CLUSTER_EXTRA_CONF); call
   * before {@link #start()}.
   */
  public PseudoCluster withYarnSite(String key, String value) {
    extraConf.put(key, value);
    return this;
  }

  /**
   * A property added to the generated capacity-scheduler.xml, after the sample's
   * (PSEUDO_CLUSTER_EXTRA_SCHEDULER_CONF): queue ACLs, say; call before {@link #start()}.
   */
  public PseudoCluster withSchedulerConf(String key, String value) {
    extraSchedulerConf.put(key, value);
    return this;
  }

  /**
   * The NodeManagers keep a finished application's container dirs and logs this long
   * ({@code yarn.nodemanager.delete.debug-delay-sec}; 0 by default). Call before
   * {@link #start()}.
   */
  public PseudoCluster withDeleteDelaySeconds(int seconds) {
    scriptEnv.put("PSEUDO_CLUSTER_DEBUG_DELAY", Integer.toString(seconds));
    return this;
  }

  /**
   * Isolated hosts without HDFS, MapReduce's history and log aggregation
   * ({@code PSEUDO_CLUSTER_HDFS=0}: the default file system is file:///, which every host
   * shares; the cluster starts faster). Call before {@link #start()}.
   */
  public PseudoCluster withoutHdfs() {
    scriptEnv.put("PSEUDO_CLUSTER_HDFS", "0");
    return this;
  }

  /**
   * Shared mode only (PSEUDO_CLUSTER_HOSTS=shared): NM2 binds and registers as another
   * loopback address (127.0.0.2) than NM1 ({@code localhost}). Isolated hosts (the default)
   * always have distinct host names. Call before {@link #start()}.
   */
  public PseudoCluster withDistinctHosts() {
    scriptEnv.put("PSEUDO_CLUSTER_DISTINCT_HOSTS", "1");
    return this;
  }

  /** Whether the daemons run on isolated hosts (the script's default). */
  public boolean isolatedHosts() {
    return "isolated".equals(env("PSEUDO_CLUSTER_HOSTS"));
  }

  /** The daemon name (nm1, nm2) of a node id. */
  public String daemonOf(String nodeId) {
    if (nodeId.equals(nm1())) {
      return "nm1";
    }
    if (nodeId.equals(nm2())) {
      return "nm2";
    }
    throw new IllegalArgumentException("not a node of this cluster: " + nodeId);
  }

  /**
   * Whether a process runs on the host of a daemon: on isolated hosts, in the daemon's
   * network namespace; on shared hosts, a descendant of the daemon's JVM or working in its
   * NM's local dir.
   */
  public boolean runsOn(List<Proc> procs, Proc p, String daemon) {
    int pid = daemonPid(daemon);
    if (pid <= 0) {
      return false;
    }
    if (isolatedHosts()) {
      String ns = netns(pid);
      return ns != null && ns.equals(p.netns);
    }
    String local = env("nm1".equals(daemon) ? "NM1_LOCAL_DIR" : "NM2_LOCAL_DIR");
    return isDescendant(procs, p.pid, pid) || p.cwd.startsWith(local + "/");
  }

  /**
   * Cuts the host of a daemon off the network (isolated hosts: its veth on the bridge goes
   * down) or brings it back.
   */
  public void setConnected(String daemon, boolean connected) throws IOException {
    assertTrue("setConnected needs isolated hosts", isolatedHosts());
    String link = env("nm1".equals(daemon) ? "NM1_LINK" : "NM2_LINK");
    Result r = run(Arrays.asList("ip", "link", "set", link, connected ? "up" : "down"), null,
        30);
    assertEquals(r.toString(), 0, r.exitCode);
    log("host of " + daemon + (connected ? " connected again (" : " cut off the network (")
        + link + (connected ? " up)" : " down)"));
  }

  /** The network namespace of a process ({@code net:[inode]}), or null. */
  public static String netns(int pid) {
    try {
      return Files.readSymbolicLink(new File("/proc/" + pid + "/ns/net").toPath()).toString();
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Runs a command on the host of a daemon (isolated hosts): in its network and mount
   * namespaces, entered with nsenter through the daemon's pid.
   */
  public Result onHost(String daemon, String... command) throws IOException {
    return run(onHostCommand(daemon, command), null, 60);
  }

  /** nsenter into the network, mount and UTS namespaces of a daemon's host, then command. */
  private List<String> onHostCommand(String daemon, String... command) {
    assertTrue("running on a daemon's host needs isolated hosts", isolatedHosts());
    int pid = daemonPid(daemon);
    assertTrue("no pid of " + daemon, pid > 0);
    List<String> cmd = new ArrayList<>(Arrays.asList("nsenter", "-t", Integer.toString(pid),
        "--net", "--mount", "--uts", "--"));
    cmd.addAll(Arrays.asList(command));
    return cmd;
  }

  /**
   * Starts a command on the host of a daemon (isolated hosts: in its namespaces, as
   * {@link #onHost}) and leaves it running; its stdin is a pipe that ends it when the caller closes it, and
   * the cluster's stop ends it too (by its Process).
   */
  public Process onHostInBackground(String daemon, File output, String... command)
      throws IOException {
    List<String> cmd = onHostCommand(daemon, command);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectErrorStream(true);
    pb.redirectOutput(output);
    log("$ " + String.join(" ", cmd) + " > " + output + " &");
    Process p = pb.start();
    clients.add(p);
    return p;
  }

  /** The host of a node id ({@code host:port}). */
  public static String host(String nodeId) {
    return nodeId.substring(0, nodeId.lastIndexOf(':'));
  }

  /** The RM's yarn.resourcemanager.nodes.exclude-path (conf-rm/nodes.exclude). */
  public File excludeFile() {
    return new File(stateDir, "conf-rm/nodes.exclude");
  }

  // ------------------------------------------------------------------ prerequisites

  /**
   * Root and a working CRIU are needed (the NodeManagers checkpoint with CRIU). Without
   * them the test is skipped, except on CI (env CI=true), where it fails.
   */
  public static void checkPrerequisites() {
    String problem = null;
    try {
      Result id = run(Arrays.asList("id", "-u"), null, 30);
      if (!"0".equals(id.stdout.trim())) {
        problem = "the end-to-end migration tests need root (CRIU), running as uid "
            + id.stdout.trim();
      } else {
        Result criu = run(Arrays.asList("criu", "check"), null, 120);
        if (criu.exitCode != 0) {
          problem = "'criu check' failed (exit " + criu.exitCode + "): " + criu.stdout
              + criu.stderr + " - install it with dev-support/bin/install-criu";
        }
      }
    } catch (IOException e) {
      problem = "CRIU is not usable (" + e.getMessage()
          + "); install it with dev-support/bin/install-criu";
    }
    if (problem != null) {
      if ("true".equals(System.getenv("CI"))) {
        fail("CI=true and " + problem);
      }
      Assume.assumeTrue("skipped: " + problem, false);
    }
  }

  // ------------------------------------------------------------------ start / stop

  public void start() throws IOException {
    assertTrue("no " + script, script.canExecute());
    Files.createDirectories(stateDir.toPath());
    if (new File(stateDir, "pids").isDirectory()) {
      // a previous run that crashed may have left its daemons: stop them (by PID) first
      Result r = script("stop");
      log("leftover check: " + r.stderr.trim());
    }
    // a host a previous run left in the exclude file would keep its node from registering
    Files.deleteIfExists(excludeFile().toPath());
    log("starting pseudo cluster '" + name + "' (port base " + portBase + ", " + stateDir
        + (scriptEnv.isEmpty() ? "" : ", " + scriptEnv) + ")");
    Result r = script("start");
    if (r.exitCode != 0) {
      // whatever it made before failing (daemons, namespaces, bridge) is removed by stop
      Result s = script("stop");
      fail("pseudo-cluster start failed:\n" + r + "\nstop after the failed start:\n" + s);
    }
    started = true;
    parseEnv(new File(stateDir, "env.sh"));
    log("started in " + r.elapsedMs + " ms: RM " + rmWeb() + ", NM1 " + nm1() + ", NM2 "
        + nm2());
  }

  /**
   * Ends the client processes this harness started, runs {@code pseudo-cluster stop} and
   * asserts that it succeeded and that no process is left in the state directory.
   */
  /** The RM's admin protocol, called from this JVM (test set-up only; see RmAdmin). */
  synchronized RmAdmin admin() throws IOException {
    if (admin == null) {
      admin = new RmAdmin(new File(env("HADOOP_CONF_DIR")));
    }
    return admin;
  }

  public void stop() throws IOException {
    synchronized (this) {
      if (admin != null) {
        admin.close();
        admin = null;
      }
    }
    synchronized (clients) {
      for (Process p : clients) {
        if (p.isAlive()) {
          p.destroy();
          try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
              p.destroyForcibly();
              p.waitFor(10, TimeUnit.SECONDS);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
      clients.clear();
    }
    if (!started) {
      return;
    }
    Result r = script("stop");
    log("pseudo-cluster stop (" + r.elapsedMs + " ms):\n" + r.stderr.trim());
    started = false;
    List<String> left = processesUnderState();
    if (r.exitCode != 0 || !left.isEmpty()) {
      dumpLogs();
      fail("pseudo-cluster stop did not leave a clean machine (exit " + r.exitCode
          + "); processes under " + stateDir + ": " + left + "\n" + r);
    }
  }

  public boolean isStarted() {
    return started;
  }

  /**
   * SIGKILL to one daemon, as a crash ({@code pseudo-cluster kill <daemon>}); returns once
   * it is gone. Its containers and the other daemons run on.
   */
  public void killDaemon(String daemon) throws IOException {
    Result r = script("kill", daemon);
    assertEquals("pseudo-cluster kill " + daemon + ":\n" + r, 0, r.exitCode);
    log("killed " + daemon + " (" + r.elapsedMs + " ms)");
  }

  /**
   * One daemon back on its host with its dirs ({@code pseudo-cluster start <daemon>});
   * returns once it serves (a NodeManager: RUNNING in the RM).
   */
  public void startDaemon(String daemon) throws IOException {
    Result r = script("start", daemon);
    assertEquals("pseudo-cluster start " + daemon + ":\n" + r, 0, r.exitCode);
    log(daemon + " is back (" + r.elapsedMs + " ms)");
  }

  private Result script(String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(script.getPath());
    cmd.addAll(Arrays.asList(args));
    Map<String, String> e = new LinkedHashMap<>();
    e.put("PSEUDO_CLUSTER_PORT_BASE", Integer.toString(portBase));
    e.put("PSEUDO_CLUSTER_DIR", stateDir.getPath());
    e.putAll(scriptEnv);
    if (!extraConf.isEmpty()) {
      e.put("PSEUDO_CLUSTER_EXTRA_CONF", properties(extraConf, "-extra-yarn-site.xml"));
    }
    if (!extraSchedulerConf.isEmpty()) {
      e.put("PSEUDO_CLUSTER_EXTRA_SCHEDULER_CONF", properties(extraSchedulerConf,
          "-extra-capacity-scheduler.xml"));
    }
    return run(cmd, e, "start".equals(args[0]) ? START_TIMEOUT_S : STOP_TIMEOUT_S);
  }

  /** Writes {@code <property>} elements to a file of this cluster; returns its path. */
  private String properties(Map<String, String> props, String suffix) throws IOException {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, String> p : props.entrySet()) {
      b.append("  <property><name>").append(p.getKey()).append("</name><value>")
          .append(p.getValue()).append("</value></property>\n");
    }
    File f = new File(workDir, name + suffix);
    Files.write(f.toPath(), b.toString().getBytes(StandardCharsets.UTF_8));
    return f.getPath();
  }

  private void parseEnv(File envSh) throws IOException {
    env.clear();
    for (String line : Files.readAllLines(envSh.toPath(), StandardCharsets.UTF_8)) {
      Matcher m = ENV_LINE.matcher(line.trim());
      if (m.matches()) {
        env.put(m.group(1), m.group(2));
      }
    }
    for (String k : new String[] {"YARN", "HADOOP_CONF_DIR", "RM_WEB", "NM1", "NM2",
        "NM1_LOCAL_DIR", "NM2_LOCAL_DIR", "DSHELL_JAR"}) {
      assertTrue(envSh + " has no " + k + ": " + env, env.containsKey(k));
    }
  }

  // ------------------------------------------------------------------ accessors

  public String env(String key) {
    String v = env.get(key);
    if (v == null) {
      throw new IllegalStateException("no " + key + " in env.sh");
    }
    return v;
  }

  public String rmWeb() {
    return env("RM_WEB");
  }

  public String nm1() {
    return env("NM1");
  }

  public String nm2() {
    return env("NM2");
  }

  public File localDir(String nodeId) {
    return new File(env(nodeId.equals(nm1()) ? "NM1_LOCAL_DIR" : "NM2_LOCAL_DIR"));
  }

  public File stateDir() {
    return stateDir;
  }

  public File workDir() {
    return workDir;
  }

  /** PID of a daemon (rm, nm1, nm2) from its pid file, or -1. */
  public int daemonPid(String daemon) {
    File f = new File(stateDir, "pids/" + daemon + ".pid");
    try {
      return Integer.parseInt(new String(Files.readAllBytes(f.toPath()),
          StandardCharsets.UTF_8).trim());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  // ------------------------------------------------------------------ bin/yarn

  /** JVM options of the CLIs the tests run ({@link #clientEnv}). */
  static final String CLIENT_JVM_OPTS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

  private Map<String, String> clientEnv(String rootLogger) {
    Map<String, String> e = new LinkedHashMap<>();
    e.put("HADOOP_CONF_DIR", env("HADOOP_CONF_DIR"));
    e.put("HADOOP_ROOT_LOGGER", rootLogger);
    e.put("YARN_HEAPSIZE_MB", "256");
    // the CLIs the tests run (a hundred a run) are short-lived: the client compiler alone
    // and the serial collector start them sooner and leave the cores to the daemons
    e.put("YARN_CLIENT_OPTS", CLIENT_JVM_OPTS);
    e.put("HADOOP_CLIENT_OPTS", CLIENT_JVM_OPTS);
    return e;
  }

  /**
   * Runs {@code bin/hdfs args} on the host of a daemon (isolated hosts, as {@link #onHost}):
   * an HDFS client there writes the first replica of each block to that host's DataNode.
   */
  public Result hdfsOnHost(String daemon, long timeoutSeconds, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(env("HDFS"));
    command.addAll(Arrays.asList(args));
    Map<String, String> e = clientEnv("WARN,console");
    e.put("HADOOP_HEAPSIZE_MB", "256");
    return run(onHostCommand(daemon, command.toArray(new String[0])), e, timeoutSeconds);
  }

  /** Runs {@code bin/yarn args} (client logging at WARN) and waits up to 180 s. */
  public Result yarn(String... args) throws IOException {
    return yarnWithTimeout(180, args);
  }

  /** Runs {@code bin/hdfs args} (client logging at WARN) and waits up to timeoutSeconds. */
  public Result hdfs(long timeoutSeconds, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(env("HDFS"));
    cmd.addAll(Arrays.asList(args));
    Map<String, String> e = clientEnv("WARN,console");
    e.put("HADOOP_HEAPSIZE_MB", "256");
    return run(cmd, e, timeoutSeconds);
  }

  public Result yarnWithTimeout(long timeoutSeconds, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(env("YARN"));
    cmd.addAll(Arrays.asList(args));
    return run(cmd, clientEnv("WARN,console"), timeoutSeconds);
  }

  /**
   * Runs {@code bin/yarn args} as another user (simple authentication:
   * {@code HADOOP_USER_NAME}) and waits up to 180 s.
   */
  public Result yarnAs(String user, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(env("YARN"));
    cmd.addAll(Arrays.asList(args));
    Map<String, String> e = clientEnv("WARN,console");
    e.put("HADOOP_USER_NAME", user);
    return run(cmd, e, 180);
  }

  /**
   * Starts {@code bin/yarn args} in the background (INFO logging, as a user sees it),
   * stdout and stderr to {@code output}. The process is ended by {@link #stop()} if it
   * still runs.
   */
  public Process yarnInBackground(File output, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(env("YARN"));
    cmd.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(clientEnv("INFO,console"));
    pb.directory(workDir);
    pb.redirectErrorStream(true);
    pb.redirectOutput(output);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    log("$ " + String.join(" ", cmd) + " > " + output + " &");
    Process p = pb.start();
    clients.add(p);
    return p;
  }

  static Result run(List<String> cmd, Map<String, String> extraEnv, long timeoutSeconds)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    if (extraEnv != null) {
      pb.environment().putAll(extraEnv);
    }
    // what the cluster makes belongs to this JVM's run: clean-host removes it once we are gone
    File run = BoundedRun.runDir();
    if (run != null) {
      pb.environment().put("HADOOP_MIGRATION_LEDGER_RUN", run.getPath());
    }
    File out = File.createTempFile("e2e-out", ".txt");
    File err = File.createTempFile("e2e-err", ".txt");
    try {
      pb.redirectOutput(out);
      pb.redirectError(err);
      pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      long t0 = System.nanoTime();
      Process p = pb.start();
      boolean done;
      try {
        done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!done) {
          p.destroy();
          if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
          }
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException("interrupted: " + cmd, e);
      }
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      Result r = new Result(cmd, done ? p.exitValue() : -999, read(out), read(err), ms);
      if (!done) {
        throw new AssertionError("timed out after " + timeoutSeconds + " s:\n" + r);
      }
      return r;
    } finally {
      out.delete();
      err.delete();
    }
  }

  private static String read(File f) throws IOException {
    return new String(Files.readAllBytes(f.toPath()), StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------ REST

  /** A request to the RM web app as {@code ?user.name=root}; body sent as JSON if given. */
  public HttpResult http(String method, String path, String jsonBody) throws IOException {
    return httpAt(rmWeb(), method, path, jsonBody);
  }

  /**
   * GET on a NodeManager's web app ({@code nm1} or {@code nm2}) that must answer 200 with
   * JSON, e.g. {@code /ws/v1/node/containers/<id>}.
   */
  public JsonNode nmGet(String daemon, String path) throws IOException {
    HttpResult r = httpAt(env(daemon.toUpperCase(java.util.Locale.ROOT) + "_WEB"), "GET", path,
        null);
    assertEquals("GET " + path + " on " + daemon + ": " + r.body, 200, r.status);
    return r.json();
  }

  private HttpResult httpAt(String web, String method, String path, String jsonBody)
      throws IOException {
    String url = web + path + (path.contains("?") ? "&" : "?") + "user.name=root";
    HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
    c.setConnectTimeout(10000);
    c.setReadTimeout(60000);
    c.setRequestMethod(method);
    c.setRequestProperty("Accept", "application/json");
    if (jsonBody != null) {
      c.setDoOutput(true);
      c.setRequestProperty("Content-Type", "application/json");
      try (OutputStream os = c.getOutputStream()) {
        os.write(jsonBody.getBytes(StandardCharsets.UTF_8));
      }
    }
    int status = c.getResponseCode();
    InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
    String body = "";
    if (in != null) {
      try (InputStream i = in) {
        java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = i.read(buf)) > 0) {
          bos.write(buf, 0, n);
        }
        body = new String(bos.toByteArray(), StandardCharsets.UTF_8);
      }
    }
    HttpResult r = new HttpResult(method, url, status, body, c.getHeaderFields());
    c.disconnect();
    return r;
  }

  /** GET that must answer 200 with JSON. */
  public JsonNode get(String path) throws IOException {
    HttpResult r = http("GET", path, null);
    assertEquals("GET " + path + ": " + r.body, 200, r.status);
    return r.json();
  }

  /** The RM's node reports, by node id (all states). */
  public Map<String, JsonNode> nodes() throws IOException {
    Map<String, JsonNode> m = new LinkedHashMap<>();
    JsonNode nodes = get("/ws/v1/cluster/nodes?states=NEW,RUNNING,UNHEALTHY,DECOMMISSIONING,"
        + "DECOMMISSIONED,LOST,REBOOTED,SHUTDOWN").path("nodes").path("node");
    for (JsonNode n : nodes) {
      m.put(n.path("id").asText(), n);
    }
    return m;
  }

  public JsonNode node(String nodeId) throws IOException {
    JsonNode n = nodes().get(nodeId);
    if (n == null) {
      throw new AssertionError("the RM reports no node " + nodeId);
    }
    return n;
  }

  public JsonNode app(String appId) throws IOException {
    return get("/ws/v1/cluster/apps/" + appId).path("app");
  }

  // ------------------------------------------------------------------ processes

  /** Snapshot of one process from /proc. */
  public static final class Proc {
    public final int pid;
    public final int ppid;
    public final String cmdline;
    public final String cwd;
    public final String environ;
    /** State letter from /proc/<pid>/stat (R, S, D, T, Z, ...). */
    public final String state;
    /** Its network namespace ({@code net:[inode]}), or null. */
    public final String netns;

    Proc(int pid, int ppid, String cmdline, String cwd, String environ, String state) {
      this.state = state;
      this.netns = netns(pid);
      this.pid = pid;
      this.ppid = ppid;
      this.cmdline = cmdline;
      this.cwd = cwd;
      this.environ = environ;
    }

    public boolean mentions(String s) {
      return cmdline.contains(s) || cwd.contains(s) || environ.contains(s);
    }

    @Override
    public String toString() {
      String c = cmdline.length() > 200 ? cmdline.substring(0, 200) + "..." : cmdline;
      return pid + " (ppid " + ppid + ", cwd " + cwd + "): " + c;
    }
  }

  public static List<Proc> processes() {
    List<Proc> out = new ArrayList<>();
    File[] dirs = new File("/proc").listFiles();
    if (dirs == null) {
      return out;
    }
    for (File d : dirs) {
      if (!d.getName().matches("[0-9]+")) {
        continue;
      }
      try {
        int pid = Integer.parseInt(d.getName());
        String cmdline = nulToSpace(Files.readAllBytes(new File(d, "cmdline").toPath()));
        String cwd = "";
        try {
          cwd = Files.readSymbolicLink(new File(d, "cwd").toPath()).toString();
        } catch (IOException e) {
          // kernel thread or gone
        }
        String environ = "";
        try {
          environ = nulToSpace(Files.readAllBytes(new File(d, "environ").toPath()));
        } catch (IOException e) {
          // gone
        }
        int ppid = -1;
        String state = "?";
        for (String l : Files.readAllLines(new File(d, "status").toPath(),
            StandardCharsets.UTF_8)) {
          if (l.startsWith("PPid:")) {
            ppid = Integer.parseInt(l.substring(5).trim());
          } else if (l.startsWith("State:")) {
            state = l.substring(6).trim();
          }
        }
        out.add(new Proc(pid, ppid, cmdline, cwd, environ, state));
      } catch (IOException | RuntimeException e) {
        // the process ended while we looked
      }
    }
    return out;
  }

  /** True if {@code pid} is {@code ancestor} or one of its descendants. */
  public static boolean isDescendant(List<Proc> procs, int pid, int ancestor) {
    Map<Integer, Integer> parent = new LinkedHashMap<>();
    for (Proc p : procs) {
      parent.put(p.pid, p.ppid);
    }
    Integer cur = pid;
    for (int i = 0; cur != null && cur > 0 && i < 1000; i++) {
      if (cur == ancestor) {
        return true;
      }
      cur = parent.get(cur);
    }
    return false;
  }

  private static String nulToSpace(byte[] b) {
    return new String(b, StandardCharsets.UTF_8).replace('\0', ' ');
  }

  /** Processes (not this JVM) whose cwd or command line is under the state directory. */
  public List<String> processesUnderState() {
    String state = stateDir.getPath();
    int me = -1;
    try {
      me = Integer.parseInt(Files.readSymbolicLink(new File("/proc/self").toPath()).toString());
    } catch (IOException | NumberFormatException e) {
      // ignore
    }
    List<String> out = new ArrayList<>();
    for (Proc p : processes()) {
      if (p.pid == me) {
        continue;
      }
      if (p.cwd.equals(state) || p.cwd.startsWith(state + "/")
          || p.cmdline.contains(state + "/")) {
        out.add(p.toString());
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ logs

  /**
   * A test class's rule: when a test fails, logs it and prints the tails of the daemon logs
   * of the class's cluster as it is then (none: nothing to print).
   */
  public static TestWatcher dumpLogsOnFailure(final Supplier<PseudoCluster> cluster) {
    return new TestWatcher() {
      @Override
      protected void failed(Throwable e, Description d) {
        PseudoCluster c = cluster.get();
        if (c != null) {
          log(d.getMethodName() + " failed: " + e);
          c.dumpLogs();
        }
      }
    };
  }

  /** Prints the tails of the daemon logs (called when a test fails). */
  public void dumpLogs() {
    for (String d : new String[] {"rm", "nm1", "nm2", "nn", "dn1", "dn2"}) {
      Path f = new File(stateDir, "logs/" + d + ".log").toPath();
      if (!Files.exists(f)) {
        continue;
      }
      try {
        List<String> all = Files.readAllLines(f, StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>();
        for (String l : all) {
          if (!l.startsWith("\tat ") && !l.startsWith("\t... ")) { // stack frames
            lines.add(l);
          }
        }
        int from = Math.max(0, lines.size() - 80);
        System.out.println("----- tail of " + f + " (" + lines.size() + " lines)");
        for (String l : lines.subList(from, lines.size())) {
          System.out.println(l);
        }
      } catch (IOException | RuntimeException e) {
        System.out.println("----- " + f + ": " + e);
      }
    }
    System.out.println("----- end of daemon logs");
  }

  public static void log(String msg) {
    System.out.println(String.format("[e2e %tT] %s", System.currentTimeMillis(), msg));
  }
}
