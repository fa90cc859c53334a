/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.placement;

import java.io.IOException;
import java.security.PrivilegedExceptionAction;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.security.UserGroupInformation;

/**
 * Where a container's data is: the hosts holding the blocks of the given paths (files, or
 * every file under a directory), read from the file system (HDFS: the NameNode's block
 * locations) as the user who asks, so only what that user may read is looked at. The RM
 * host's local file system is refused: it would be read as the RM's own user, telling any
 * caller which of its files exist and their sizes.
 */
public final class DataLocations {

  /** Most paths one request may name. */
  public static final int MAX_PATHS = 64;
  /** Longest path one request may name. */
  public static final int MAX_PATH_LENGTH = 4096;

  /** The RM host's own files: never looked at for a caller (the RM's identity reads them). */
  private static final String LOCAL_SCHEME = "file";

  private final Configuration conf;
  private final int maxFiles;

  /** @param maxFiles most files looked at for one request (directories are listed) */
  public DataLocations(Configuration conf, int maxFiles) {
    this.conf = conf;
    this.maxFiles = maxFiles;
  }

  /** Why the paths cannot be looked up as given, or null when they can. */
  public static String invalid(List<String> paths) {
    if (paths.size() > MAX_PATHS) {
      return paths.size() + " paths named; at most " + MAX_PATHS;
    }
    for (String p : paths) {
      if (p == null || p.isEmpty() || p.length() > MAX_PATH_LENGTH) {
        return "a path is empty or longer than " + MAX_PATH_LENGTH + " characters";
      }
      for (int i = 0; i < p.length(); i++) {
        if (Character.isISOControl(p.charAt(i))) {
          return "path '" + p.substring(0, i) + "...' has a control character";
        }
      }
      Path path;
      try {
        path = new Path(p);
      } catch (IllegalArgumentException e) {
        return "'" + p + "' is not a path: " + e.getMessage();
      }
      if (!path.isAbsolute()) {
        return "'" + p + "' is not an absolute path";
      }
    }
    return null;
  }

  /**
   * The bytes of the paths' blocks on each host, as {@code caller} may read them.
   *
   * @throws java.io.FileNotFoundException a path does not exist
   * @throws AccessControlException the caller may not read it, or it is on the RM's local
   *     file system
   * @throws IOException more than maxFiles files, or the file system failed
   */
  public DataPlacement.Data find(final List<String> paths, UserGroupInformation caller)
      throws IOException, InterruptedException {
    return caller.doAs(new PrivilegedExceptionAction<DataPlacement.Data>() {
      @Override
      public DataPlacement.Data run() throws IOException {
        Map<String, Long> bytes = new HashMap<>();
        long[] total = {0L};
        int[] files = {0};
        for (String p : paths) {
          Path path = new Path(p);
          try (FileSystem fs = FileSystem.newInstance(path.toUri(), conf)) {
            if (LOCAL_SCHEME.equals(fs.getScheme())) {
              throw new AccessControlException(p + " is on the ResourceManager's local file"
                  + " system, which is read as the ResourceManager's own user, not as "
                  + UserGroupInformation.getCurrentUser().getShortUserName()
                  + "; name paths on the cluster's file system (HDFS)");
            }
            FileStatus st = fs.getFileStatus(path);
            if (st.isFile()) {
              count(files, p);
              add(bytes, total, st.getLen(), fs.getFileBlockLocations(st, 0, st.getLen()));
              continue;
            }
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(path, true);
            while (it.hasNext()) {
              LocatedFileStatus f = it.next();
              count(files, p);
              add(bytes, total, f.getLen(), f.getBlockLocations());
            }
          }
        }
        return new DataPlacement.Data(String.join(",", paths), bytes, total[0]);
      }
    });
  }

  private void count(int[] files, String under) throws IOException {
    if (++files[0] > maxFiles) {
      throw new IOException("more than " + maxFiles + " files under " + under + " (the"
          + " most one placement looks at)");
    }
  }

  private static void add(Map<String, Long> bytes, long[] total, long length,
      BlockLocation[] blocks) throws IOException {
    total[0] += length;
    for (BlockLocation b : blocks == null ? new BlockLocation[0] : blocks) {
      for (String host : b.getHosts()) {
        String h = host.toLowerCase(Locale.ROOT);
        Long was = bytes.get(h);
        bytes.put(h, (was == null ? 0L : was) + b.getLength());
      }
    }
  }
}
