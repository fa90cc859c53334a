/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.scheduler;

import java.net.URI;
import java.net.URISyntaxException;

/** A tracking URL of an ApplicationMaster that moved to another host. Pure. */
final class TrackingUrls {

  private TrackingUrls() {
  }

  /**
   * The URL on {@code newHost} when it names {@code oldHost} (same scheme, port, path and
   * query); null when it names another host, is empty, or is not a URL.
   */
  static String onHost(String url, String oldHost, String newHost) {
    if (url == null || url.isEmpty() || oldHost == null || oldHost.isEmpty()
        || newHost == null || newHost.isEmpty()) {
      return null;
    }
    String withScheme = url.contains("://") ? url : "http://" + url;
    try {
      URI u = new URI(withScheme);
      if (u.getHost() == null || !u.getHost().equalsIgnoreCase(oldHost)) {
        return null;
      }
      String moved = new URI(u.getScheme(), u.getUserInfo(), newHost, u.getPort(),
          u.getPath(), u.getQuery(), u.getFragment()).toString();
      return url.contains("://") ? moved : moved.substring((u.getScheme() + "://").length());
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
