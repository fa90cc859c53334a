/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A migrated MapReduce task's output fetched back from the node it moved to (request TOUT
 * of {@link TransferProtocol}). The MR AM knows a map by the node it started on, and the
 * reducers fetch its output from that node's shuffle; once the map moved and finished
 * elsewhere, that node pulls the files of {@code output/<attempt>/} from the migration's
 * target, with the migration's token, and serves them itself.
 *
 * <pre>
 * TOUT (after the handshake and the request word; [tag]: {@link TransferSession}):
 *   UTF   attempt id (attempt_&lt;ts&gt;_&lt;app&gt;_[mr]_&lt;task&gt;_&lt;n&gt;), [tag]
 *                                           reply  (OK: the files follow; ERROR: why not)
 *                                           int    count (at most {@link #MAX_FILES})
 *                                           count x (UTF name, long size, size bytes,
 *                                                    32 bytes SHA-256 of them)
 *                                           [tag]  (checked before the files are used)
 * </pre>
 * Names are plain file names ({@link #FILE_NAME}); the output dir holds no directory. The
 * serving side reads regular files only, never through a link; the pulling side checks
 * count, names, sizes (against the transfer's total limit) and digests while reading, into
 * a scratch dir of its own, before anything reaches the application's dir.
 */
public final class TaskOutputs {

  /** A task attempt id, as MapReduce spells it. */
  public static final Pattern ATTEMPT = Pattern.compile("attempt_\\d+_\\d+_[mr]_\\d+_\\d+");
  /** A file name of an attempt's output dir ({@code file.out}, {@code file.out.index}). */
  static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  /** Most files in one attempt's output. */
  static final int MAX_FILES = 16;
  /** SHA-256. */
  private static final int DIGEST_BYTES = 32;

  /** The serving (target) side: where an attempt's output is on this node. */
  public interface Handler {
    /**
     * @return the directory holding the attempt's finished output on this node (pulled
     *     first from where the task moved on to, if it moved again)
     * @throws IOException why it cannot be served (the message goes to the peer)
     */
    Path outputDir(String migrationId, String attempt) throws IOException;
  }

  private TaskOutputs() {
  }

  /** Checks an attempt id from the network or a command line. */
  public static String checkAttempt(String attempt) throws IOException {
    if (attempt == null || !ATTEMPT.matcher(attempt).matches()) {
      throw new IOException("invalid task attempt id " + ImageManifest.quote(
          String.valueOf(attempt)));
    }
    return attempt;
  }

  /** The application id of an attempt ({@code attempt_<ts>_<n>_...} -&gt; application_<ts>_<n>). */
  public static String applicationOf(String attempt) throws IOException {
    String[] p = checkAttempt(attempt).split("_");
    return "application_" + p[1] + "_" + p[2];
  }

  /** Writes the request after the handshake. */
  static void writeRequest(DataOutputStream out, String attempt) throws IOException {
    out.writeInt(TransferProtocol.REQUEST_TASK_OUTPUT);
    out.writeUTF(checkAttempt(attempt));
  }

  /**
   * Serving side: reads the attempt (acted on once its tag matched), answers, and streams
   * its files, ended by a tag.
   */
  static void serve(TransferSession session, String migrationId, Handler handler,
      TransferSettings settings) throws IOException {
    String attempt = checkAttempt(session.in.readUTF());
    session.checkRead("the task output request");
    DataOutputStream out = session.out;
    if (handler == null) {
      throw new IOException("this NodeManager serves no task output");
    }
    Path dir = handler.outputDir(migrationId, attempt);
    // file -> its size as listed: exactly that many bytes are sent
    Map<Path, Long> files = new TreeMap<>();
    long total = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class,
            LinkOption.NOFOLLOW_LINKS);
        String name = p.getFileName().toString();
        if (!a.isRegularFile() || !FILE_NAME.matcher(name).matches()) {
          throw new IOException("the output of " + attempt + " holds " + ImageManifest.quote(
              name) + ", not a plain regular file");
        }
        files.put(p, a.size());
        total += a.size();
      }
    }
    if (files.isEmpty() || files.size() > MAX_FILES || total > settings.getMaxTotalBytes()) {
      throw new IOException("the output of " + attempt + " has " + files.size() + " files, "
          + total + " bytes (1 to " + MAX_FILES + " files, at most "
          + settings.getMaxTotalBytes() + " bytes)");
    }
    session.reply(true, files.size() + " files, " + total + " bytes");
    out.writeInt(files.size());
    byte[] buffer = new byte[settings.getBufferBytes()];
    MessageDigest md = ImageManifest.newSha256();
    for (Map.Entry<Path, Long> e : files.entrySet()) {
      Path p = e.getKey();
      long size = e.getValue();
      out.writeUTF(p.getFileName().toString());
      out.writeLong(size);
      md.reset();
      try (InputStream f = Files.newInputStream(p, StandardOpenOption.READ,
          LinkOption.NOFOLLOW_LINKS)) {
        copy(f, out, size, buffer, md, "the output file " + p + " shrank while sent");
      }
      out.write(md.digest());
    }
    session.endWrite();
  }

  /**
   * Pulling side, after the OK reply: reads the files into {@code scratch} (which must be
   * an empty directory of this NodeManager's own), every field and digest checked, and
   * the tag after them; the caller uses the files only when this returns.
   *
   * @return the names received, in order
   */
  static List<String> receive(TransferSession session, Path scratch,
      TransferSettings settings) throws IOException {
    DataInputStream in = session.in;
    int n = in.readInt();
    if (n < 1 || n > MAX_FILES) {
      throw new IOException("task output of " + n + " files (1 to " + MAX_FILES + ")");
    }
    List<String> names = new ArrayList<>();
    long total = 0;
    byte[] buffer = new byte[settings.getBufferBytes()];
    MessageDigest md = ImageManifest.newSha256();
    for (int i = 0; i < n; i++) {
      String name = in.readUTF();
      if (!FILE_NAME.matcher(name).matches() || names.contains(name)) {
        throw new IOException("task output file name " + ImageManifest.quote(name)
            + " refused");
      }
      long size = in.readLong();
      total += size;
      if (size < 0 || total > settings.getMaxTotalBytes()) {
        throw new IOException("task output larger than " + settings.getMaxTotalBytes()
            + " bytes");
      }
      md.reset();
      try (OutputStream f = Files.newOutputStream(scratch.resolve(name),
          StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
        copy(in, f, size, buffer, md, "the task output stream ended inside " + name);
      }
      byte[] sent = new byte[DIGEST_BYTES];
      in.readFully(sent);
      if (!MessageDigest.isEqual(sent, md.digest())) {
        throw new IOException("task output file " + name + " does not match its SHA-256");
      }
      names.add(name);
    }
    session.checkRead("the task output");
    return names;
  }

  private static void copy(InputStream in, OutputStream out, long size, byte[] buffer,
      MessageDigest md, String shortMessage) throws IOException {
    long remaining = size;
    while (remaining > 0) {
      int r = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
      if (r < 0) {
        throw new IOException(shortMessage);
      }
      md.update(buffer, 0, r);
      out.write(buffer, 0, r);
      remaining -= r;
    }
  }
}
