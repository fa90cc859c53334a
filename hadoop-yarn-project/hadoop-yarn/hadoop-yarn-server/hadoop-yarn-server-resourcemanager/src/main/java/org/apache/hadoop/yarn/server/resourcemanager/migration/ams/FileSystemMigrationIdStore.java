/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.ams;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationStrategy;
import org.apache.hadoop.yarn.api.migration.records.impl.pb.ContainerMigrationReportPBImpl;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.proto.ContainerMigrationProtos.ContainerMigrationReportProto;
import org.apache.hadoop.yarn.server.api.migration.MigrationContract;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link MigrationIdStore} on a Hadoop file system (local, or one every RM reaches with
 * HA), like the RM's own FileSystemRMStateStore: one file per application, named after it,
 * replaced whole (written beside it, then renamed over it) so a crash leaves the old record
 * or the new one. Its lines:
 * <pre>
 * moved &lt;source container&gt; &lt;target container&gt;
 * hidden &lt;source container&gt;
 * inflight &lt;migration id&gt; &lt;source container&gt; &lt;source node&gt;
 *     &lt;target container&gt; &lt;target node&gt; &lt;strategy&gt; pending|committed
 *     [&lt;submit time ms&gt;]
 * report &lt;the final report's protobuf record, base64&gt;
 * </pre>
 * (an {@code inflight} record is one line).
 * A file that does not parse, or names another application's containers, is left out of
 * {@link #load} with a warning (the RM starts anyway).
 */
public final class FileSystemMigrationIdStore implements MigrationIdStore {

  private static final Logger LOG = LoggerFactory.getLogger(FileSystemMigrationIdStore.class);

  private static final String TMP_SUFFIX = ".tmp";
  private static final String PENDING = "pending";
  private static final String COMMITTED = "committed";
  private static final FsPermission FILE_PERMISSION = new FsPermission((short) 0600);
  private static final FsPermission DIR_PERMISSION = new FsPermission((short) 0700);

  private final FileContext fc;
  private final Path dir;

  public FileSystemMigrationIdStore(Path dir, Configuration conf) throws IOException {
    this.fc = FileContext.getFileContext(dir.toUri(), conf);
    this.dir = fc.makeQualified(dir);
    fc.mkdir(this.dir, DIR_PERMISSION, true);
  }

  /**
   * The store the configuration names ({@code yarn.resourcemanager.migration.state-store.uri},
   * or its default under {@code hadoop.tmp.dir}) when the RM recovers, else {@link #NONE}.
   */
  public static MigrationIdStore fromConfiguration(Configuration conf) throws IOException {
    if (!conf.getBoolean(org.apache.hadoop.yarn.conf.YarnConfiguration.RECOVERY_ENABLED,
        org.apache.hadoop.yarn.conf.YarnConfiguration.DEFAULT_RM_RECOVERY_ENABLED)) {
      return NONE;
    }
    String uri = conf.getTrimmed(MigrationConfiguration.RM_MIGRATION_STATE_STORE_URI,
        MigrationConfiguration.DEFAULT_RM_MIGRATION_STATE_STORE_URI);
    Path dir = uri.isEmpty()
        ? new Path("file://" + conf.get("hadoop.tmp.dir") + "/yarn/system/migration-store")
        : new Path(uri);
    return new FileSystemMigrationIdStore(dir, conf);
  }

  @Override
  public Map<ApplicationId, AppIds> load() throws IOException {
    Map<ApplicationId, AppIds> out = new LinkedHashMap<>();
    RemoteIterator<FileStatus> files = fc.listStatus(dir);
    while (files.hasNext()) {
      FileStatus f = files.next();
      String name = f.getPath().getName();
      // .tmp: a write a crash cut short; dot files: the local file system's checksums
      if (!f.isFile() || name.endsWith(TMP_SUFFIX) || name.startsWith(".")) {
        continue;
      }
      try {
        ApplicationId app = ApplicationId.fromString(name);
        out.put(app, parse(app, read(f.getPath())));
      } catch (IllegalArgumentException | IOException e) {
        LOG.warn("Migration id record {} left out (the ids it held are not translated): {}",
            f.getPath(), e.toString());
      }
    }
    return out;
  }

  private List<String> read(Path p) throws IOException {
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(fc.open(p),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (lines.size() > 100_000) {
          throw new IOException("more than 100000 lines");
        }
        lines.add(line);
      }
    }
    return lines;
  }

  static AppIds parse(ApplicationId app, List<String> lines) {
    List<ContainerId[]> moves = new ArrayList<>();
    Set<ContainerId> hidden = new LinkedHashSet<>();
    List<InFlight> inFlight = new ArrayList<>();
    List<ContainerMigrationReport> reports = new ArrayList<>();
    for (String line : lines) {
      String[] f = line.trim().split(" ");
      if ((f.length == 8 || f.length == 9) && f[0].equals("inflight")
          && (f[7].equals(PENDING) || f[7].equals(COMMITTED))) {
        inFlight.add(new InFlight(f[1], of(app, f[2]), NodeId.fromString(f[3]), of(app, f[4]),
            NodeId.fromString(f[5]), ContainerMigrationStrategy.valueOf(f[6]),
            f[7].equals(COMMITTED), f.length == 9 ? Long.parseLong(f[8]) : 0L));
      } else if (f.length == 2 && f[0].equals("report")) {
        reports.add(report(app, f[1]));
      } else if (f.length == 3 && f[0].equals("moved")) {
        moves.add(new ContainerId[] {of(app, f[1]), of(app, f[2])});
      } else if (f.length == 2 && f[0].equals("hidden")) {
        hidden.add(of(app, f[1]));
      } else if (!line.trim().isEmpty()) {
        throw new IllegalArgumentException("not a record line: '" + line + "'");
      }
    }
    return new AppIds(moves, hidden, inFlight, reports);
  }

  /** A report line's record; it must be one of the application's migrations. */
  private static ContainerMigrationReport report(ApplicationId app, String base64) {
    ContainerMigrationReport r;
    try {
      r = new ContainerMigrationReportPBImpl(ContainerMigrationReportProto.parseFrom(
          Base64.getDecoder().decode(base64)));
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not a migration report: " + e.getMessage(), e);
    }
    if (!app.equals(r.getApplicationId()) || r.getMigrationId() == null
        || r.getState() == null || !r.getState().isFinal()) {
      throw new IllegalArgumentException("the report of " + r.getMigrationId() + " ("
          + r.getState() + ") is not a final report of a migration of " + app);
    }
    MigrationContract.checkId("migration id", r.getMigrationId());
    return r;
  }

  private static ContainerId of(ApplicationId app, String id) {
    ContainerId c = ContainerId.fromString(id);
    if (!c.getApplicationAttemptId().getApplicationId().equals(app)) {
      throw new IllegalArgumentException(id + " is not a container of " + app);
    }
    return c;
  }

  static String format(AppIds ids) {
    StringBuilder b = new StringBuilder();
    for (ContainerId[] m : ids.getMoves()) {
      b.append("moved ").append(m[0]).append(' ').append(m[1]).append('\n');
    }
    for (ContainerId h : ids.getHiddenSources()) {
      b.append("hidden ").append(h).append('\n');
    }
    for (InFlight m : ids.getInFlight()) {
      b.append("inflight ").append(m.getMigrationId()).append(' ').append(m.getSource())
          .append(' ').append(m.getSourceNode()).append(' ').append(m.getTarget()).append(' ')
          .append(m.getTargetNode()).append(' ').append(m.getStrategy()).append(' ')
          .append(m.isCommitted() ? COMMITTED : PENDING).append(' ')
          .append(m.getSubmitTime()).append('\n');
    }
    for (ContainerMigrationReport r : ids.getReports()) {
      b.append("report ").append(Base64.getEncoder().encodeToString(
          ((ContainerMigrationReportPBImpl) r).getProto().toByteArray())).append('\n');
    }
    return b.toString();
  }

  @Override
  public void store(ApplicationId app, AppIds ids) throws IOException {
    if (ids.isEmpty()) {
      remove(app);
      return;
    }
    Path file = new Path(dir, app.toString());
    Path tmp = new Path(dir, app + TMP_SUFFIX);
    try (OutputStream out = fc.create(tmp, EnumSet.of(CreateFlag.CREATE,
        CreateFlag.OVERWRITE), Options.CreateOpts.perms(FILE_PERMISSION))) {
      out.write(format(ids).getBytes(StandardCharsets.UTF_8));
    }
    fc.rename(tmp, file, Options.Rename.OVERWRITE);
  }

  @Override
  public void remove(ApplicationId app) throws IOException {
    fc.delete(new Path(dir, app.toString()), false);
  }

  @Override
  public String toString() {
    return dir.toString();
  }
}
