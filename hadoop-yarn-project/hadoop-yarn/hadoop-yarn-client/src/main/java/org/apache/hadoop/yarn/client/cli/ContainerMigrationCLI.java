/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.client.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.GnuParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.hadoop.classification.InterfaceAudience.Public;
import org.apache.hadoop.classification.InterfaceStability.Unstable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.CommonConfigurationKeysPublic;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportsRequest;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationOptions;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReportJson;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationStrategy;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationTcpMode;
import org.apache.hadoop.yarn.api.migration.records.ContainerNetwork;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerReport;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.client.api.migration.ContainerMigrationClient;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;

/**
 * {@code yarn container}: Hadoop's container command plus live migration.
 *
 * <pre>
 *   yarn container -migrate &lt;Container ID&gt; [-node &lt;host:port&gt;]
 *                  [-strategy STOP_AND_COPY|LAZY_PAGES|AUTO] [-tcp AUTO|CLOSE|ESTABLISHED]
 *                  [-timeout &lt;seconds&gt;] [-nowait]
 *   yarn container -migrate &lt;Container ID&gt; -near &lt;path[,path...]&gt; [...]
 *   yarn container -migrateApp &lt;Application ID&gt; -near &lt;path[,path...]&gt;
 *                  [-strategy ...] [-tcp ...] [-timeout &lt;seconds&gt;]
 *   yarn container -migration &lt;Migration ID&gt;
 *   yarn container -migrations [-appId &lt;id&gt;] [-containerId &lt;id&gt;] [-node &lt;host:port&gt;]
 * </pre>
 *
 * Every other invocation ({@code -list}, {@code -status}, {@code -signal}, {@code -help},
 * ...) runs Hadoop 3.1.0's {@code ApplicationCLI} with the title {@code container}, exactly
 * as the stock {@code yarn container} does; its usage text lists the migration options too.
 * One addition: {@code -status} of a migrated container first says where it runs now and
 * then shows the stock status of that current container ({@link #followMigrations}).
 *
 * <p>Exit codes: {@link #EXIT_OK}; {@link #EXIT_USAGE} (-1, as ApplicationCLI) for a
 * malformed command, id, node, strategy, TCP mode or timeout, with nothing sent to the RM;
 * {@link #EXIT_ERROR} when the RM rejected the request or could not be reached;
 * {@link #EXIT_MIGRATION_FAILED} when the migration ended FAILED (or LOST);
 * {@link #EXIT_TIMEOUT} when {@code -timeout} passed first (the migration itself goes on).
 */
@Public
@Unstable
public class ContainerMigrationCLI extends Configured implements Tool {

  /** The title ApplicationCLI gets, and the first argument the {@code yarn} script passes. */
  public static final String TITLE = "container";

  public static final String MIGRATE_CMD = "migrate";
  public static final String MIGRATE_APP_CMD = "migrateApp";
  public static final String NEAR_OPT = "near";
  public static final String MIGRATION_CMD = "migration";
  public static final String MIGRATIONS_CMD = "migrations";
  public static final String NODE_OPT = "node";
  public static final String STRATEGY_OPT = "strategy";
  public static final String TCP_OPT = "tcp";
  public static final String TIMEOUT_OPT = "timeout";
  public static final String NOWAIT_OPT = "nowait";
  public static final String JSON_OPT = "json";
  public static final String APP_ID_OPT = "appId";
  public static final String CONTAINER_ID_OPT = "containerId";

  public static final int EXIT_OK = 0;
  public static final int EXIT_USAGE = -1;
  public static final int EXIT_ERROR = 1;
  public static final int EXIT_MIGRATION_FAILED = 2;
  public static final int EXIT_TIMEOUT = 3;
  /**
   * How long -migrate waits without -timeout, in seconds: above the RM's default deadline of
   * a migration (10 min) and its rollback (1 min), so a migration the RM still drives is
   * followed to its end, and a client never waits forever by default.
   */
  public static final long DEFAULT_WAIT_SECONDS = 15 * 60;

  /** Pause between two reports while {@code -migrate} waits. */
  public static final long DEFAULT_POLL_INTERVAL_MS = 500L;

  private static final Set<String> COMMANDS = new HashSet<String>(
      Arrays.asList(MIGRATE_CMD, MIGRATE_APP_CMD, MIGRATION_CMD, MIGRATIONS_CMD));
  private static final Set<String> MIGRATE_OPTS = new HashSet<String>(
      Arrays.asList(MIGRATE_CMD, NODE_OPT, NEAR_OPT, STRATEGY_OPT, TCP_OPT, TIMEOUT_OPT,
          NOWAIT_OPT, JSON_OPT));
  private static final Set<String> MIGRATE_APP_OPTS = new HashSet<String>(
      Arrays.asList(MIGRATE_APP_CMD, NEAR_OPT, STRATEGY_OPT, TCP_OPT, TIMEOUT_OPT));
  private static final Set<String> MIGRATION_OPTS = new HashSet<String>(
      Arrays.asList(MIGRATION_CMD, JSON_OPT));
  private static final Set<String> MIGRATIONS_OPTS = new HashSet<String>(
      Arrays.asList(MIGRATIONS_CMD, APP_ID_OPT, CONTAINER_ID_OPT, NODE_OPT));

  private PrintStream sysout = System.out;
  private PrintStream syserr = System.err;
  private long pollIntervalMs = DEFAULT_POLL_INTERVAL_MS;

  public ContainerMigrationCLI() {
    this(new YarnConfiguration());
  }

  public ContainerMigrationCLI(Configuration conf) {
    super(conf);
  }

  public static void main(String[] args) throws Exception {
    ContainerMigrationCLI cli = new ContainerMigrationCLI();
    cli.setSysOutPrintStream(System.out);
    cli.setSysErrPrintStream(System.err);
    System.exit(ToolRunner.run(cli, withoutTitle(args)));
  }

  /**
   * The {@code yarn} script passes the subcommand name first (as for ApplicationCLI);
   * it must go before ToolRunner parses generic options, which stop at a non-option.
   */
  static String[] withoutTitle(String[] args) {
    if (args.length > 0 && TITLE.equalsIgnoreCase(args[0])) {
      return Arrays.copyOfRange(args, 1, args.length);
    }
    return args;
  }

  public void setSysOutPrintStream(PrintStream out) {
    this.sysout = out;
  }

  public void setSysErrPrintStream(PrintStream err) {
    this.syserr = err;
  }

  /** Pause between two reports while waiting (tests make it short). */
  public void setPollIntervalMs(long pollIntervalMs) {
    this.pollIntervalMs = Math.max(1L, pollIntervalMs);
  }

  @Override
  public int run(String[] args) throws Exception {
    String[] argv = withoutTitle(args);
    String command = migrationCommand(argv);
    if (command == null) {
      return runStock(followMigrations(argv));
    }
    if (hasHelp(argv)) {
      return runStock(new String[] {"-" + YarnCLI.HELP_CMD});
    }
    return runMigrationCommand(argv);
  }

  // ---- options ----------------------------------------------------------------------

  /** The migration options, a fresh set (commons-cli Options are mutable). */
  static Options migrationOptions() {
    Options opts = new Options();
    opts.addOption(option(MIGRATE_CMD, "Container ID", "Live-migrates a RUNNING container "
        + "to another node (CRIU checkpoint/restore) and waits until it finishes, printing "
        + "each phase and a summary. Works with -node, -strategy, -tcp, -timeout and"
        + " -nowait."));
    opts.addOption(option(NODE_OPT, "host:port", "Works with -migrate: the target "
        + "NodeManager (when omitted the ResourceManager's placement policy chooses, by "
        + "default the node with the most room, and the report says why). "
        + "Works with -migrations: only migrations from or to this node."));
    opts.addOption(option(NEAR_OPT, "Paths", "Works with -migrate (instead of -node) and"
        + " -migrateApp: comma-separated absolute paths (e.g. on HDFS) of the data the"
        + " container reads; the ResourceManager moves it to the node holding most of their"
        + " blocks, read as you, and the report says how much each node holds."));
    opts.addOption(option(MIGRATE_APP_CMD, "Application ID", "Moves every running"
        + " container of the application (not its ApplicationMaster) towards its data, one"
        + " after the other: needs -near; a container already nearest to it stays. Works"
        + " with -strategy, -tcp and -timeout (per container)."));
    opts.addOption(option(STRATEGY_OPT, "Strategy", "Works with -migrate: "
        + strategies() + " (default " + ContainerMigrationStrategy.DEFAULT + "). LAZY_PAGES:"
        + " post-copy, the container runs on the target at once and its memory follows (both"
        + " nodes must do lazy pages). AUTO: the ResourceManager picks LAZY_PAGES for a large"
        + " container between such nodes, else STOP_AND_COPY; the report says which ran."));
    opts.addOption(option(TCP_OPT, "Mode", "Works with -migrate: what happens to the"
        + " container's TCP connections. ESTABLISHED: kept open, for a container with an"
        + " address of its own (its environment has " + ContainerNetwork.OWN_ASSIGNMENT
        + "). CLOSE: restored closed, the application reconnects; data in flight at the"
        + " freeze is lost. AUTO (default): ESTABLISHED for a container with an address of"
        + " its own, CLOSE for others. Listening sockets move in every mode."));
    opts.addOption(option(TIMEOUT_OPT, "Seconds", "Works with -migrate: stop waiting "
        + "after this many seconds (the migration itself goes on). Default "
        + DEFAULT_WAIT_SECONDS + "; 0: wait until it finishes."));
    opts.addOption(new Option(NOWAIT_OPT, false, "Works with -migrate: print the "
        + "migration id and return once the ResourceManager accepted the migration."));
    opts.addOption(new Option(JSON_OPT, false, "Works with -migrate and -migration: print"
        + " the final report (with -nowait, the accepted one) as one line of JSON, the shape"
        + " of GET /ws/v1/cluster/migrations/<id>, instead of text; the exit status stays."));
    opts.addOption(option(MIGRATION_CMD, "Migration ID",
        "Prints the report of a container migration."));
    opts.addOption(new Option(MIGRATIONS_CMD, false, "Lists container migrations, newest "
        + "first. Supports -appId, -containerId and -node to filter."));
    opts.addOption(option(APP_ID_OPT, "Application ID",
        "Works with -migrations: only migrations of this application's containers."));
    opts.addOption(option(CONTAINER_ID_OPT, "Container ID",
        "Works with -migrations: only migrations of this container."));
    return opts;
  }

  private static Option option(String name, String argName, String description) {
    Option option = new Option(name, true, description);
    option.setArgName(argName);
    return option;
  }

  private static String strategies() {
    StringBuilder text = new StringBuilder();
    for (ContainerMigrationStrategy s : ContainerMigrationStrategy.values()) {
      text.append(text.length() == 0 ? "" : s.ordinal() == ContainerMigrationStrategy.values()
          .length - 1 ? " or " : ", ").append(s.name());
    }
    return text.toString();
  }

  /** Help in ApplicationCLI's layout (commons-cli defaults), to the given stream. */
  static void printHelp(PrintStream out, String title, Options opts) {
    HelpFormatter formatter = new HelpFormatter();
    PrintWriter writer =
        new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    formatter.printHelp(writer, formatter.getWidth(), title, null, opts,
        formatter.getLeftPadding(), formatter.getDescPadding(), null);
    writer.flush();
  }

  private void printMigrationUsage() {
    printHelp(sysout, TITLE + " -" + MIGRATE_CMD + " <Container ID> [-" + NODE_OPT
        + " <host:port>] [-" + STRATEGY_OPT + " <Strategy>] [-" + TCP_OPT + " <Mode>] [-"
        + TIMEOUT_OPT
        + " <Seconds>] [-" + NOWAIT_OPT + "] [-" + NEAR_OPT + " <Paths>] | -" + MIGRATE_APP_CMD
        + " <Application ID> -" + NEAR_OPT + " <Paths> | -" + MIGRATION_CMD
        + " <Migration ID> | -"
        + MIGRATIONS_CMD + " [-" + APP_ID_OPT + " <Application ID>] [-" + CONTAINER_ID_OPT
        + " <Container ID>] [-" + NODE_OPT + " <host:port>]", migrationOptions());
  }

  /** The migration command named in the arguments, or null for a stock invocation. */
  private static String migrationCommand(String[] args) {
    for (String arg : args) {
      String name = optionName(arg);
      if (name != null && COMMANDS.contains(name)) {
        return name;
      }
    }
    return null;
  }

  private static boolean hasHelp(String[] args) {
    for (String arg : args) {
      if (YarnCLI.HELP_CMD.equals(optionName(arg))) {
        return true;
      }
    }
    return false;
  }

  /** "-x" and "--x" name option x (as commons-cli reads them); anything else is no option. */
  private static String optionName(String arg) {
    if (arg.startsWith("--")) {
      return arg.substring(2);
    }
    return arg.startsWith("-") ? arg.substring(1) : null;
  }

  // ---- stock commands ---------------------------------------------------------------

  /** A stock ApplicationCLI with the migration options in its usage text. */
  protected ApplicationCLI createStockCli() {
    return new StockContainerCLI(ContainerMigrationCLI::migrationOptions);
  }

  /**
   * Runs Hadoop's ApplicationCLI with the title {@code container} as its own main does:
   * {@code preProcessArgs} records the title (a static field that {@code run} reads), the
   * YarnClient is the one its constructor built and started from a fresh
   * YarnConfiguration, and it is stopped afterwards.
   */
  private int runStock(String[] args) throws Exception {
    String[] withTitle = new String[args.length + 1];
    withTitle[0] = TITLE;
    System.arraycopy(args, 0, withTitle, 1, args.length);
    String[] stockArgs = ApplicationCLI.preProcessArgs(withTitle);

    ApplicationCLI stock = createStockCli();
    stock.setSysOutPrintStream(sysout);
    stock.setSysErrPrintStream(syserr);
    stock.setConf(getConf());
    try {
      return stock.run(stockArgs);
    } finally {
      stock.stop();
    }
  }

  // ---- -status of a migrated container ------------------------------------------------

  /** The stock option whose container id may name a migrated container. */
  static final String STATUS_CMD = "status";

  /**
   * {@code -status <id>} of a container that was migrated: its original id (the one its
   * ApplicationMaster and user know) no longer runs. Prints where it runs now, e.g.
   * {@code "Migrated: <original> now runs as <current> on <node> (2 moves)"}, and a
   * {@code "Migrating: ..."} line while a migration of it is in flight, then returns the
   * arguments with the id replaced by the current one, so the stock status that follows is
   * the current container's. Any other invocation is returned unchanged; a malformed id is
   * left to ApplicationCLI (its own error), and nothing is sent for it.
   */
  String[] followMigrations(String[] argv) throws IOException {
    int at = -1;
    for (int i = 0; i + 1 < argv.length; i++) {
      if (STATUS_CMD.equals(optionName(argv[i]))) {
        at = i + 1;
      }
    }
    if (at < 0) {
      return argv;
    }
    ContainerId named;
    try {
      named = ContainerId.fromString(argv[at].trim());
    } catch (IllegalArgumentException e) {
      return argv;
    }
    List<ContainerMigrationReport> chain;
    // A ResourceManager without the migration service answers -status as before, without
    // the IPC client's connect retries first.
    Configuration quick = new Configuration(getConf());
    quick.setInt(CommonConfigurationKeysPublic.IPC_CLIENT_CONNECT_MAX_RETRIES_KEY, 0);
    quick.setInt(
        CommonConfigurationKeysPublic.IPC_CLIENT_CONNECT_MAX_RETRIES_ON_SOCKET_TIMEOUTS_KEY, 0);
    ContainerMigrationClient client = createMigrationClient(quick);
    try {
      chain = client.getReports(GetContainerMigrationReportsRequest.newInstance(named, null,
          null, EnumSet.noneOf(ContainerMigrationState.class),
          GetContainerMigrationReportsRequest.DEFAULT_LIMIT));
    } catch (YarnException | IOException e) {
      syserr.println(problem("Cannot tell whether " + named + " was migrated", e)
          + "; showing the ResourceManager's status of " + named);
      return argv;
    } finally {
      client.stop();
    }
    MigrationReportFormatter.Whereabouts where =
        MigrationReportFormatter.whereabouts(named, chain);
    ContainerId current = named;
    if (where.getMoves() > 0) {
      sysout.println(where.migratedLine());
      current = where.getCurrent();
    }
    String migrating = where.migratingLine();
    if (migrating != null) {
      sysout.println(migrating);
    }
    String[] resolved = argv.clone();
    resolved[at] = current.toString();
    return resolved;
  }

  // ---- migration commands -----------------------------------------------------------

  /** Thrown for a malformed command line: message to stderr, usage, EXIT_USAGE. */
  private static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  private int runMigrationCommand(String[] args) throws IOException {
    try {
      CommandLine cli = parse(args);
      if (cli.hasOption(MIGRATE_CMD)) {
        return migrate(cli);
      } else if (cli.hasOption(MIGRATE_APP_CMD)) {
        return migrateApp(cli);
      } else if (cli.hasOption(MIGRATION_CMD)) {
        return printReport(cli.getOptionValue(MIGRATION_CMD), cli.hasOption(JSON_OPT));
      } else {
        return listReports(cli);
      }
    } catch (UsageException e) {
      syserr.println(e.getMessage());
      printMigrationUsage();
      return EXIT_USAGE;
    }
  }

  private CommandLine parse(String[] args) throws UsageException {
    CommandLine cli;
    try {
      cli = new GnuParser().parse(migrationOptions(), args);
    } catch (ParseException e) {
      throw new UsageException("Invalid command: " + e.getMessage());
    }
    if (cli.getArgs().length > 0) {
      throw new UsageException("Unexpected argument(s): " + String.join(" ", cli.getArgs()));
    }
    int commands = 0;
    String command = null;
    for (String c : new String[] {MIGRATE_CMD, MIGRATE_APP_CMD, MIGRATION_CMD,
        MIGRATIONS_CMD}) {
      if (cli.hasOption(c)) {
        commands++;
        command = c;
      }
    }
    if (commands != 1) {
      throw new UsageException("Give one of -" + MIGRATE_CMD + ", -" + MIGRATE_APP_CMD
          + ", -" + MIGRATION_CMD + " and -" + MIGRATIONS_CMD);
    }
    Set<String> allowed = MIGRATE_CMD.equals(command) ? MIGRATE_OPTS
        : MIGRATE_APP_CMD.equals(command) ? MIGRATE_APP_OPTS
        : MIGRATION_CMD.equals(command) ? MIGRATION_OPTS : MIGRATIONS_OPTS;
    for (Option given : cli.getOptions()) {
      if (!allowed.contains(given.getOpt())) {
        throw new UsageException("Option -" + given.getOpt() + " cannot be used with -"
            + command);
      }
    }
    if (cli.hasOption(NODE_OPT) && cli.hasOption(NEAR_OPT)) {
      throw new UsageException("Options -" + NODE_OPT + " and -" + NEAR_OPT
          + " cannot be combined: -" + NEAR_OPT + " lets the ResourceManager choose the node");
    }
    if (MIGRATE_APP_CMD.equals(command) && !cli.hasOption(NEAR_OPT)) {
      throw new UsageException("-" + MIGRATE_APP_CMD + " needs -" + NEAR_OPT
          + " <Paths>: the data its containers read");
    }
    if (cli.hasOption(NOWAIT_OPT) && cli.hasOption(TIMEOUT_OPT)) {
      throw new UsageException("Options -" + NOWAIT_OPT + " and -" + TIMEOUT_OPT
          + " cannot be combined");
    }
    return cli;
  }

  static ContainerId parseContainerId(String text) throws UsageException {
    try {
      return ContainerId.fromString(text.trim());
    } catch (IllegalArgumentException e) {
      throw new UsageException("Invalid container id '" + text + "': expected "
          + "container_[e<epoch>_]<clusterTimestamp>_<appId>_<attemptId>_<containerId>, "
          + "e.g. container_1700000000000_0001_01_000002");
    }
  }

  static ApplicationId parseApplicationId(String text) throws UsageException {
    try {
      return ApplicationId.fromString(text.trim());
    } catch (IllegalArgumentException e) {
      throw new UsageException("Invalid application id '" + text + "': expected "
          + "application_<clusterTimestamp>_<sequence>, e.g. application_1700000000000_0001");
    }
  }

  /** {@code host:port} as NodeId.fromString reads it, with a port in 1..65535. */
  static NodeId parseNode(String text) throws UsageException {
    String[] parts = text.trim().split(":");
    int port = -1;
    if (parts.length == 2 && !parts[0].isEmpty()) {
      try {
        port = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        port = -1;
      }
    }
    if (port < 1 || port > 65535) {
      throw new UsageException("Invalid node '" + text + "': expected <host>:<port> of a "
          + "NodeManager, e.g. host-b.example.com:45454");
    }
    return NodeId.newInstance(parts[0], port);
  }

  static ContainerMigrationStrategy parseStrategy(String text) throws UsageException {
    try {
      return ContainerMigrationStrategy.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UsageException("Invalid strategy '" + text + "': expected "
          + strategies());
    }
  }

  static ContainerMigrationTcpMode parseTcpMode(String text) throws UsageException {
    try {
      return ContainerMigrationTcpMode.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UsageException("Invalid TCP mode '" + text + "': expected "
          + Arrays.toString(ContainerMigrationTcpMode.values()));
    }
  }

  static long parseTimeoutSeconds(String text) throws UsageException {
    long seconds = -1;
    try {
      seconds = Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      seconds = -1;
    }
    if (seconds < 0 || seconds > Long.MAX_VALUE / 1000) {
      throw new UsageException("Invalid timeout '" + text + "': expected a whole number "
          + "of seconds, 0 to wait until the migration finishes");
    }
    return seconds;
  }

  /** A started migration client; the caller stops it. */
  protected ContainerMigrationClient createMigrationClient() {
    return createMigrationClient(getConf());
  }

  /** A started migration client for {@code conf}; the caller stops it. */
  protected ContainerMigrationClient createMigrationClient(Configuration conf) {
    ContainerMigrationClient client = ContainerMigrationClient.createContainerMigrationClient();
    client.init(conf);
    client.start();
    return client;
  }

  /** -strategy, -tcp and -near as request options; null when none is given. */
  private static ContainerMigrationOptions parseOptions(CommandLine cli) throws UsageException {
    if (!cli.hasOption(STRATEGY_OPT) && !cli.hasOption(TCP_OPT) && !cli.hasOption(NEAR_OPT)) {
      return null;
    }
    ContainerMigrationOptions options = ContainerMigrationOptions.newInstance(
        cli.hasOption(STRATEGY_OPT) ? parseStrategy(cli.getOptionValue(STRATEGY_OPT)) : null,
        0L);
    if (cli.hasOption(TCP_OPT)) {
      options.setTcpMode(parseTcpMode(cli.getOptionValue(TCP_OPT)));
    }
    if (cli.hasOption(NEAR_OPT)) {
      options.setNearPaths(parseNearPaths(cli.getOptionValue(NEAR_OPT)));
    }
    return options;
  }

  /** Comma-separated absolute paths (the RM checks them again). */
  static List<String> parseNearPaths(String text) throws UsageException {
    List<String> paths = new ArrayList<String>();
    for (String p : text.split(",")) {
      String path = p.trim();
      if (path.isEmpty()) {
        continue;
      }
      if (!path.startsWith("/") && !path.matches("[A-Za-z][A-Za-z0-9+.-]*://.*")) {
        throw new UsageException("Invalid path '" + path + "' in -" + NEAR_OPT
            + ": expected absolute paths such as /data/input or hdfs://namenode:8020/data");
      }
      paths.add(path);
    }
    if (paths.isEmpty()) {
      throw new UsageException("-" + NEAR_OPT + " names no path");
    }
    return paths;
  }

  /** How long -migrate and -migrateApp wait for one migration: -timeout, or the default. */
  private static long waitMs(CommandLine cli) throws UsageException {
    return (cli.hasOption(TIMEOUT_OPT) ? parseTimeoutSeconds(cli.getOptionValue(TIMEOUT_OPT))
        : DEFAULT_WAIT_SECONDS) * 1000L;
  }

  private int migrate(CommandLine cli) throws UsageException, IOException {
    // Everything is checked before anything is sent.
    ContainerId containerId = parseContainerId(cli.getOptionValue(MIGRATE_CMD));
    NodeId target = cli.hasOption(NODE_OPT) ? parseNode(cli.getOptionValue(NODE_OPT)) : null;
    ContainerMigrationOptions options = parseOptions(cli);
    long timeoutMs = waitMs(cli);
    boolean wait = !cli.hasOption(NOWAIT_OPT);
    boolean json = cli.hasOption(JSON_OPT);

    ContainerMigrationClient client = createMigrationClient();
    try {
      ContainerMigrationReport accepted;
      try {
        accepted = client.migrate(containerId, target, options);
      } catch (YarnException | IOException e) {
        syserr.println(problem("Cannot migrate " + containerId, e));
        return EXIT_ERROR;
      }
      if (!wait) {
        sysout.println(json ? json(accepted) : accepted.getMigrationId());
        return EXIT_OK;
      }
      if (!json) {
        sysout.println(MigrationReportFormatter.submitted(accepted, containerId));
      }
      return follow(client, accepted, timeoutMs, json);
    } finally {
      client.stop();
    }
  }

  /**
   * {@code -migrateApp <app> -near <paths>}: each running container of the application but
   * its ApplicationMaster, one after the other, placed by the RM near the data; a container
   * the RM refuses to move (CONFLICT: already nearest to its data, no room) stays.
   *
   * @return EXIT_OK when every container moved or stayed; EXIT_MIGRATION_FAILED when a
   *     migration failed; EXIT_TIMEOUT, EXIT_ERROR as for -migrate
   */
  private int migrateApp(CommandLine cli) throws UsageException, IOException {
    ApplicationId app = parseApplicationId(cli.getOptionValue(MIGRATE_APP_CMD));
    ContainerMigrationOptions options = parseOptions(cli);
    long timeoutMs = waitMs(cli);
    List<ContainerId> containers;
    try {
      containers = runningContainersOf(app);
    } catch (YarnException | IOException e) {
      syserr.println(problem("Cannot list the containers of " + app, e));
      return EXIT_ERROR;
    }
    sysout.println(containers.size() + " running container(s) of " + app + " besides its"
        + " ApplicationMaster: " + containers);
    int worst = EXIT_OK;
    int moved = 0;
    int stayed = 0;
    ContainerMigrationClient client = createMigrationClient();
    try {
      for (ContainerId id : containers) {
        ContainerMigrationReport accepted;
        try {
          accepted = client.migrate(id, null, options);
        } catch (YarnException | IOException e) {
          if (e instanceof ContainerMigrationException && ((ContainerMigrationException) e)
              .getReason() == ContainerMigrationException.Reason.CONFLICT) {
            sysout.println(id + " stays: " + e.getMessage());
            stayed++;
            continue;
          }
          syserr.println(problem("Cannot migrate " + id, e));
          worst = Math.max(worst, EXIT_ERROR);
          continue;
        }
        sysout.println(MigrationReportFormatter.submitted(accepted, id));
        int rc = follow(client, accepted, timeoutMs, false);
        if (rc == EXIT_OK) {
          moved++;
        }
        worst = Math.max(worst, rc);
      }
    } finally {
      client.stop();
    }
    sysout.println(app + ": " + moved + " moved, " + stayed + " stayed, "
        + (containers.size() - moved - stayed) + " not moved");
    return worst;
  }

  /** The application's RUNNING containers but its ApplicationMaster's, by id. */
  protected List<ContainerId> runningContainersOf(ApplicationId app)
      throws YarnException, IOException {
    YarnClient yarn = YarnClient.createYarnClient();
    yarn.init(getConf());
    yarn.start();
    try {
      ApplicationAttemptId attempt =
          yarn.getApplicationReport(app).getCurrentApplicationAttemptId();
      ContainerId am = yarn.getApplicationAttemptReport(attempt).getAMContainerId();
      List<ContainerId> out = new ArrayList<ContainerId>();
      for (ContainerReport c : yarn.getContainers(attempt)) {
        if (c.getContainerState() == ContainerState.RUNNING
            && !c.getContainerId().equals(am)) {
          out.add(c.getContainerId());
        }
      }
      java.util.Collections.sort(out);
      return out;
    } finally {
      yarn.stop();
    }
  }

  /** One line of JSON: {@code {"migration":{...}}}, as the RM's REST API answers. */
  private static String json(ContainerMigrationReport report) {
    return ContainerMigrationReportJson.single(report).toString();
  }

  /**
   * Waits for the final state, printing each phase once, then the summary; with
   * {@code json}, only the final report as JSON.
   */
  private int follow(ContainerMigrationClient client, ContainerMigrationReport accepted,
      long timeoutMs, boolean json) {
    final String id = accepted.getMigrationId();
    final int[] printed = {0};
    final ContainerMigrationReport[] last = {accepted};
    ContainerMigrationClient.Listener printer = new ContainerMigrationClient.Listener() {
      @Override
      public void onStateChange(ContainerMigrationReport previous,
          ContainerMigrationReport current) {
        last[0] = current;
        if (json) {
          return;
        }
        int phases = MigrationReportFormatter.phases(current).size();
        for (; printed[0] < phases; printed[0]++) {
          sysout.println(MigrationReportFormatter.phaseLine(current, printed[0]));
        }
      }
    };
    ContainerMigrationReport done;
    try {
      done = client.waitForCompletion(id, pollIntervalMs, timeoutMs, printer);
    } catch (TimeoutException e) {
      syserr.println("Timed out after " + MigrationReportFormatter.duration(timeoutMs)
          + " waiting for migration " + id + " (state " + last[0].getState()
          + "); it goes on, follow it with: yarn " + TITLE + " -" + MIGRATION_CMD + " " + id);
      return EXIT_TIMEOUT;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      syserr.println("Interrupted while waiting for migration " + id
          + "; it goes on, follow it with: yarn " + TITLE + " -" + MIGRATION_CMD + " " + id);
      return EXIT_ERROR;
    } catch (YarnException | IOException e) {
      syserr.println(problem("Lost track of migration " + id, e)
          + "; follow it with: yarn " + TITLE + " -" + MIGRATION_CMD + " " + id);
      return EXIT_ERROR;
    }
    if (json) {
      sysout.println(json(done));
    } else {
      for (String line : MigrationReportFormatter.summary(done)) {
        sysout.println(line);
      }
    }
    if (done.getState() == ContainerMigrationState.SUCCEEDED) {
      return EXIT_OK;
    }
    syserr.println(MigrationReportFormatter.failure(done));
    if (done.getState() == ContainerMigrationState.LOST) {
      syserr.println("The container ran on " + done.getTargetNode() + " as "
          + done.getTargetContainerId() + " and was lost there before all its memory"
          + " arrived; it was ended, and its application sees it end as on a lost node.");
    }
    return EXIT_MIGRATION_FAILED;
  }

  private int printReport(String migrationId, boolean json) throws IOException {
    ContainerMigrationClient client = createMigrationClient();
    try {
      ContainerMigrationReport report = client.getReport(migrationId.trim());
      if (json) {
        sysout.println(json(report));
        return EXIT_OK;
      }
      for (String line : MigrationReportFormatter.detail(report)) {
        sysout.println(line);
      }
      return EXIT_OK;
    } catch (YarnException | IOException e) {
      syserr.println(problem("Cannot get the report of migration " + migrationId, e));
      return EXIT_ERROR;
    } finally {
      client.stop();
    }
  }

  private int listReports(CommandLine cli) throws UsageException, IOException {
    ContainerId containerId = cli.hasOption(CONTAINER_ID_OPT)
        ? parseContainerId(cli.getOptionValue(CONTAINER_ID_OPT)) : null;
    ApplicationId appId = cli.hasOption(APP_ID_OPT)
        ? parseApplicationId(cli.getOptionValue(APP_ID_OPT)) : null;
    NodeId node = cli.hasOption(NODE_OPT) ? parseNode(cli.getOptionValue(NODE_OPT)) : null;
    ContainerMigrationClient client = createMigrationClient();
    try {
      List<ContainerMigrationReport> reports = client.getReports(
          GetContainerMigrationReportsRequest.newInstance(containerId, appId, node,
              EnumSet.noneOf(ContainerMigrationState.class),
              GetContainerMigrationReportsRequest.DEFAULT_LIMIT));
      for (String line : MigrationReportFormatter.table(reports)) {
        sysout.println(line);
      }
      return EXIT_OK;
    } catch (YarnException | IOException e) {
      syserr.println(problem("Cannot list migrations", e));
      return EXIT_ERROR;
    } finally {
      client.stop();
    }
  }

  /**
   * {@code "<what> (CONFLICT): <server message>"} for a typed rejection (the server's
   * message names the container, node and cause), {@code "<what>: <message>"} for any other
   * YarnException, and the exception plus the RM address for an IPC problem.
   */
  private String problem(String what, Exception e) {
    if (e instanceof ContainerMigrationException) {
      return what + " (" + ((ContainerMigrationException) e).getReason() + "): "
          + e.getMessage();
    }
    if (e instanceof YarnException) {
      return what + ": " + e.getMessage();
    }
    return what + ": " + e + " (ResourceManager migration service at "
        + MigrationConfiguration.getRmMigrationAddress(getConf()) + ")";
  }
}
