/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.webapp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.http.FilterContainer;
import org.apache.hadoop.http.FilterInitializer;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.server.resourcemanager.migration.service.MigrationLookup;

/**
 * Adds {@link MigrationWebFilter} to the RM's web server. Listed in
 * {@code hadoop.http.filter.initializers} (MigrationResourceManager appends it, keeping
 * the entries before it, so authentication filters run first). In Hadoop 3.1.0 the RM's
 * web app is created inline in {@code ResourceManager.startWepApp}; HttpServer2 runs the
 * filter initializers while it is built, and maps their filters to the web app's path
 * specs ({@code /ws/*}, ...), and WebApps defines Guice's filter afterwards: ours sees the
 * request first and passes everything but its own paths on untouched.
 *
 * <p>Init parameters handed to the filter: the RM's name ({@link MigrationLookup}) and,
 * when {@code yarn.resourcemanager.webapp.rest-csrf.enabled} is true, the CSRF header
 * the RM's own REST CSRF filter requires (that filter only sits in front of Guice, i.e.
 * behind ours, so we check the header ourselves).
 */
public class MigrationWebFilterInitializer extends FilterInitializer {

  public static final String FILTER_NAME = "ContainerMigrationWebFilter";
  static final String CSRF_PREFIX = "yarn.resourcemanager.webapp.rest-csrf.";

  @Override
  public void initFilter(FilterContainer container, Configuration conf) {
    Map<String, String> params = new HashMap<>();
    params.put(MigrationWebFilter.PARAM_RM_NAME,
        conf.get(MigrationConfiguration.RM_MIGRATION_INTERNAL_RM_NAME,
            MigrationConfiguration.DEFAULT_RM_MIGRATION_INTERNAL_RM_NAME));
    if (conf.getBoolean(CSRF_PREFIX + "enabled", false)) {
      params.put(MigrationWebFilter.PARAM_CSRF_HEADER,
          conf.get(CSRF_PREFIX + "custom-header", "X-XSRF-HEADER"));
      params.put(MigrationWebFilter.PARAM_CSRF_IGNORE,
          conf.get(CSRF_PREFIX + "methods-to-ignore", "GET,OPTIONS,HEAD,TRACE"));
    }
    container.addFilter(FILTER_NAME, MigrationWebFilter.class.getName(), params);
  }

  /**
   * Appends this initializer to {@code hadoop.http.filter.initializers} unless listed
   * (the entries already there, e.g. authentication, stay first).
   */
  public static void install(Configuration conf) {
    String key = "hadoop.http.filter.initializers";
    List<String> names = new ArrayList<>(conf.getTrimmedStringCollection(key));
    if (!names.contains(MigrationWebFilterInitializer.class.getName())) {
      names.add(MigrationWebFilterInitializer.class.getName());
      conf.set(key, String.join(",", names));
    }
  }
}
