/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.transfer;

import java.util.Arrays;
import java.util.Objects;

/**
 * One immutable entry of an {@link ImageManifest}: a path relative to the image root
 * ('/'-separated), its type, size, permission bits (0777 mask), symlink target and the
 * SHA-256 of a file's bytes. The constructor checks only the shape of the record, not
 * the safety of the path: a received manifest is checked by
 * {@link ImageManifest#validate(long)}.
 */
public final class ManifestEntry {

  /** Length of a SHA-256 digest. */
  public static final int SHA256_BYTES = 32;

  private final String path;
  private final EntryType type;
  private final long size;
  private final int mode;
  private final String linkTarget;
  private final byte[] sha256;

  /**
   * @param path relative path, '/'-separated
   * @param type entry type
   * @param size bytes of a file, 0 otherwise
   * @param mode permission bits (masked with 0777)
   * @param linkTarget target of a symlink, "" otherwise
   * @param sha256 digest of a file (32 bytes), empty otherwise
   */
  public ManifestEntry(String path, EntryType type, long size, int mode,
      String linkTarget, byte[] sha256) {
    this.path = Objects.requireNonNull(path, "path");
    this.type = Objects.requireNonNull(type, "type");
    this.size = size;
    this.mode = mode & 0777;
    this.linkTarget = linkTarget == null ? "" : linkTarget;
    this.sha256 = sha256 == null ? new byte[0] : sha256.clone();
  }

  /** @return a file entry */
  public static ManifestEntry file(String path, long size, int mode, byte[] sha256) {
    return new ManifestEntry(path, EntryType.FILE, size, mode, "", sha256);
  }

  /** @return a directory entry */
  public static ManifestEntry dir(String path, int mode) {
    return new ManifestEntry(path, EntryType.DIR, 0, mode, "", null);
  }

  /** @return a symlink entry */
  public static ManifestEntry symlink(String path, String target) {
    return new ManifestEntry(path, EntryType.SYMLINK, 0, 0777, target, null);
  }

  /** @return a FIFO entry */
  public static ManifestEntry fifo(String path, int mode) {
    return new ManifestEntry(path, EntryType.FIFO, 0, mode, "", null);
  }

  public String getPath() {
    return path;
  }

  public EntryType getType() {
    return type;
  }

  public long getSize() {
    return size;
  }

  /** @return permission bits, within 0777 */
  public int getMode() {
    return mode;
  }

  public String getLinkTarget() {
    return linkTarget;
  }

  /** @return a copy of the digest */
  public byte[] getSha256() {
    return sha256.clone();
  }

  /** @return the digest without copying, for the comparison in this package */
  byte[] sha256Ref() {
    return sha256;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ManifestEntry)) {
      return false;
    }
    ManifestEntry e = (ManifestEntry) o;
    return size == e.size && mode == e.mode && path.equals(e.path) && type == e.type
        && linkTarget.equals(e.linkTarget) && Arrays.equals(sha256, e.sha256);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, type, size, mode, linkTarget) * 31 + Arrays.hashCode(sha256);
  }

  @Override
  public String toString() {
    return type + " " + path + (type == EntryType.FILE ? " (" + size + " bytes)" : "")
        + (type == EntryType.SYMLINK ? " -> " + linkTarget : "")
        + " mode " + Integer.toOctalString(mode);
  }
}
