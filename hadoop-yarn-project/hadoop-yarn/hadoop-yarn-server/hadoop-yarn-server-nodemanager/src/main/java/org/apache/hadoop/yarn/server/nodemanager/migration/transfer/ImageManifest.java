/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The list of what a checkpoint directory holds, shared by {@link ImageSender} and
 * {@link ImageReceiver}: the one place the manifest is written and read.
 *
 * <p>Entries are in pre-order: every entry's parent directory is listed before it (the
 * receiver relies on this). Wire format ({@link DataOutput}):
 * <pre>
 *   int   entryCount
 *   entryCount times:
 *     byte  type          (1 FILE, 2 DIR, 3 SYMLINK)
 *     UTF   path          relative, '/'-separated
 *     long  size          file bytes, 0 otherwise
 *     short mode          permission bits within 0777
 *     UTF   linkTarget    "" unless SYMLINK
 *     32 bytes SHA-256    FILE only
 * </pre>
 */
public final class ImageManifest {

  private static final Logger LOG = LoggerFactory.getLogger(ImageManifest.class);

  /** Longest accepted entry path or symlink target, in characters. */
  public static final int MAX_PATH_CHARS = 4096;

  private final List<ManifestEntry> entries;

  /** @param entries entries in pre-order (parents first) */
  public ImageManifest(List<ManifestEntry> entries) {
    this.entries = Collections.unmodifiableList(new ArrayList<ManifestEntry>(entries));
  }

  /** @return the entries, parents before children */
  public List<ManifestEntry> getEntries() {
    return entries;
  }

  /** @return number of FILE entries */
  public int fileCount() {
    int n = 0;
    for (ManifestEntry e : entries) {
      if (e.getType() == EntryType.FILE) {
        n++;
      }
    }
    return n;
  }

  /** @return sum of the sizes of the FILE entries (saturates at Long.MAX_VALUE) */
  public long totalFileBytes() {
    long total = 0;
    for (ManifestEntry e : entries) {
      if (e.getType() == EntryType.FILE) {
        total = e.getSize() > Long.MAX_VALUE - total ? Long.MAX_VALUE : total + e.getSize();
      }
    }
    return total;
  }

  /**
   * Walks a directory tree without following symlinks (children sorted by name) and
   * records every directory, regular file (with its SHA-256) and symlink below it.
   * Other file types (fifos, sockets, devices) are skipped with a warning.
   *
   * @param root the directory to describe; not itself an entry
   * @return the manifest
   * @throws IOException if the tree cannot be read or root is not a directory
   */
  public static ImageManifest build(Path root) throws IOException {
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("image root " + root + " is not a directory");
    }
    List<ManifestEntry> out = new ArrayList<ManifestEntry>();
    byte[] buffer = new byte[64 * 1024];
    walk(root, "", out, buffer);
    return new ImageManifest(out);
  }

  private static void walk(Path dir, String prefix, List<ManifestEntry> out, byte[] buffer)
      throws IOException {
    List<Path> children = new ArrayList<Path>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        children.add(p);
      }
    }
    Collections.sort(children);
    for (Path child : children) {
      String rel = prefix + child.getFileName().toString();
      PosixFileAttributes attrs = Files.readAttributes(child, PosixFileAttributes.class,
          LinkOption.NOFOLLOW_LINKS);
      int mode = PosixModes.toBits(attrs.permissions());
      if (attrs.isSymbolicLink()) {
        out.add(ManifestEntry.symlink(rel, Files.readSymbolicLink(child).toString()));
      } else if (attrs.isDirectory()) {
        out.add(ManifestEntry.dir(rel, mode));
        walk(child, rel + "/", out, buffer);
      } else if (attrs.isRegularFile()) {
        long[] size = new long[1];
        byte[] digest = sha256(child, buffer, size);
        out.add(ManifestEntry.file(rel, size[0], mode, digest));
      } else if (Fifos.isFifo(child)) {
        out.add(ManifestEntry.fifo(rel, mode));
      } else {
        LOG.warn("Skipping {}: not a regular file, directory, symlink or FIFO", child);
      }
    }
  }

  private static byte[] sha256(Path file, byte[] buffer, long[] size) throws IOException {
    MessageDigest md = newSha256();
    long n = 0;
    try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ,
        LinkOption.NOFOLLOW_LINKS)) {
      int r;
      while ((r = in.read(buffer)) > 0) {
        md.update(buffer, 0, r);
        n += r;
      }
    }
    size[0] = n;
    return md.digest();
  }

  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /**
   * Writes the manifest.
   *
   * @param out destination
   * @throws IOException on a write error or an entry that cannot be encoded
   */
  public void write(DataOutput out) throws IOException {
    out.writeInt(entries.size());
    for (ManifestEntry e : entries) {
      out.writeByte(e.getType().code());
      out.writeUTF(e.getPath());
      out.writeLong(e.getSize());
      out.writeShort(e.getMode());
      out.writeUTF(e.getLinkTarget());
      if (e.getType() == EntryType.FILE) {
        byte[] d = e.sha256Ref();
        if (d.length != ManifestEntry.SHA256_BYTES) {
          throw new IOException("entry " + quote(e.getPath()) + " has no SHA-256");
        }
        out.write(d);
      }
    }
  }

  /**
   * Reads a manifest from an untrusted peer with its memory bounded while reading: more
   * than maxEntries entries, a path or link target longer than {@link #MAX_PATH_CHARS}
   * characters, more than {@link #MAX_STRING_BYTES} bytes of names in all, a negative size
   * or file sizes adding up to more than maxTotalBytes are refused before they are
   * allocated. The result is not yet checked for safety: call {@link #validate(long)}.
   *
   * @param in source
   * @param maxEntries largest accepted entry count
   * @param maxTotalBytes largest accepted sum of file sizes
   * @return the manifest
   * @throws IOException on a read error or a malformed or oversized manifest
   */
  public static ImageManifest read(DataInput in, int maxEntries, long maxTotalBytes)
      throws IOException {
    int count = in.readInt();
    if (count < 0 || count > maxEntries) {
      throw new IOException("manifest has " + count + " entries, limit is " + maxEntries);
    }
    List<ManifestEntry> list = new ArrayList<ManifestEntry>(Math.min(count, 1024));
    long[] stringBytes = {0};
    long total = 0;
    for (int i = 0; i < count; i++) {
      EntryType type = EntryType.fromCode(in.readUnsignedByte());
      String path = readName(in, stringBytes, "path of entry " + i);
      long size = in.readLong();
      if (size < 0) {
        throw new IOException("manifest entry " + quote(path) + " has a negative size");
      }
      total += size;
      if (total > maxTotalBytes || total < 0) {
        throw tooLarge(maxTotalBytes);
      }
      int mode = in.readUnsignedShort();
      String target = readName(in, stringBytes, "link target of " + quote(path));
      byte[] digest = null;
      if (type == EntryType.FILE) {
        digest = new byte[ManifestEntry.SHA256_BYTES];
        in.readFully(digest);
      }
      list.add(new ManifestEntry(path, type, size, mode, target, digest));
    }
    return new ImageManifest(list);
  }

  private static IOException tooLarge(long maxTotalBytes) {
    return new IOException("images exceed the limit of " + maxTotalBytes + " bytes ("
        + MigrationConfiguration.NM_MIGRATION_TRANSFER_MAX_TOTAL_BYTES + ")");
  }

  /** Most bytes of paths and link targets, together, in one manifest. */
  public static final int MAX_STRING_BYTES = 32 * 1024 * 1024;

  /**
   * A {@code writeUTF} string whose length is checked before its bytes are read: at most
   * 3 bytes per character of {@link #MAX_PATH_CHARS}, and {@link #MAX_STRING_BYTES} in all.
   */
  private static String readName(DataInput in, long[] sum, String what) throws IOException {
    int len = in.readUnsignedShort();
    if (len > 3 * MAX_PATH_CHARS) {
      throw new IOException("manifest " + what + " is " + len + " bytes long (at most "
          + MAX_PATH_CHARS + " characters)");
    }
    sum[0] += len;
    if (sum[0] > MAX_STRING_BYTES) {
      throw new IOException("manifest names exceed " + MAX_STRING_BYTES + " bytes");
    }
    byte[] framed = new byte[len + 2];
    framed[0] = (byte) (len >>> 8);
    framed[1] = (byte) len;
    in.readFully(framed, 2, len);
    return java.io.DataInputStream.readUTF(new java.io.DataInputStream(
        new java.io.ByteArrayInputStream(framed)));
  }

  /**
   * Checks a manifest received from an untrusted peer: relative paths only, no empty,
   * "." or ".." component, no NUL, no duplicates, every parent a DIR listed earlier (so
   * nothing is ever placed under a symlink), sane sizes and digests, and the total file
   * bytes within the limit.
   *
   * @param maxTotalBytes largest accepted sum of file sizes
   * @throws IOException naming the first offending entry
   */
  public void validate(long maxTotalBytes) throws IOException {
    Set<String> seen = new HashSet<String>();
    Set<String> dirs = new HashSet<String>();
    long total = 0;
    for (ManifestEntry e : entries) {
      String p = e.getPath();
      checkPath(p);
      if (!seen.add(p)) {
        throw reject(p, "duplicate path");
      }
      int slash = p.lastIndexOf('/');
      if (slash > 0) {
        String parent = p.substring(0, slash);
        if (!dirs.contains(parent)) {
          throw reject(p, "parent " + quote(parent) + " is not a directory listed before it");
        }
      }
      switch (e.getType()) {
      case DIR:
        dirs.add(p);
        break;
      case SYMLINK:
        String t = e.getLinkTarget();
        if (t.isEmpty() || t.length() > MAX_PATH_CHARS || t.indexOf('\0') >= 0) {
          throw reject(p, "invalid symlink target");
        }
        break;
      case FIFO:
        break;
      case FILE:
        if (e.getSize() < 0) {
          throw reject(p, "negative size " + e.getSize());
        }
        if (e.sha256Ref().length != ManifestEntry.SHA256_BYTES) {
          throw reject(p, "SHA-256 must be " + ManifestEntry.SHA256_BYTES + " bytes");
        }
        total += e.getSize();
        if (total < 0 || total > maxTotalBytes) {
          throw tooLarge(maxTotalBytes);
        }
        break;
      default:
        throw reject(p, "unknown type");
      }
      if (e.getType() != EntryType.FILE && e.getSize() != 0) {
        throw reject(p, "size must be 0 for a " + e.getType());
      }
    }
  }

  private static void checkPath(String p) throws IOException {
    if (p.isEmpty()) {
      throw reject(p, "empty path");
    }
    if (p.length() > MAX_PATH_CHARS) {
      throw reject(p, "path longer than " + MAX_PATH_CHARS + " characters");
    }
    if (p.indexOf('\0') >= 0) {
      throw reject(p, "NUL character in path");
    }
    if (p.startsWith("/")) {
      throw reject(p, "absolute path");
    }
    for (String part : p.split("/", -1)) {
      if (part.equals("..")) {
        throw reject(p, "'..' component");
      }
      if (part.isEmpty() || part.equals(".")) {
        throw reject(p, "empty or '.' component");
      }
    }
  }

  private static IOException reject(String path, String why) {
    return new IOException("rejected entry " + quote(path) + ": " + why);
  }

  /** Quotes untrusted text for a message: control characters as '?', at most 200 chars. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("'");
    int n = Math.min(s.length(), 200);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    if (s.length() > n) {
      b.append("...");
    }
    return b.append('\'').toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageManifest && entries.equals(((ImageManifest) o).entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return "ImageManifest{" + entries.size() + " entries, " + fileCount() + " files, "
        + totalFileBytes() + " bytes}";
  }
}
