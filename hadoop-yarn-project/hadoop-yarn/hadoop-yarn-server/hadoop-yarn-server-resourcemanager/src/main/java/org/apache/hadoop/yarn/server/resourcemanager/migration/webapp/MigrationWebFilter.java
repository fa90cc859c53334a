/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.webapp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.authorize.AuthorizationException;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException;
import org.apache.hadoop.yarn.api.migration.MigrationRejection;
import org.apache.hadoop.yarn.api.migration.ContainerMigrationException.Reason;
import org.apache.hadoop.yarn.api.migration.protocolrecords.GetContainerMigrationReportsRequest;
import org.apache.hadoop.yarn.api.migration.protocolrecords.MigrateContainerRequest;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationOptions;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReport;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationReportJson;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationState;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationStrategy;
import org.apache.hadoop.yarn.api.migration.records.ContainerMigrationTcpMode;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.server.resourcemanager.migration.service.MigrationLookup;
import org.apache.hadoop.yarn.server.resourcemanager.migration.service.MigrationService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The container-migration REST endpoints on the RM's web port; every other request passes
 * through untouched.
 *
 * <pre>
 * PUT /ws/v1/cluster/containers/{containerid}/migrate   body {"node":"host:port"}
 *     (or ?node=host:port; without a node the placement policy chooses; optional
 *     "strategy", "timeoutMs", "tcpMode", "near": paths of its data, an array or
 *     comma-separated, instead of a node)
 *                                                            -&gt; 202 {"migration":{...}}
 * GET /ws/v1/cluster/migrations?appId=&amp;containerId=&amp;node=&amp;states=A,B&amp;limit=
 *                                                            -&gt; 200 {"migrations":{"migration":[...]}}
 * GET /ws/v1/cluster/migrations/{migrationid}               -&gt; 200 {"migration":{...}}
 * </pre>
 * Errors: {@code {"RemoteException":{"exception","message","javaClassName"}}} with the
 * status of the {@link Reason} (400, 403, 404, 409, 500); 401 without an authenticated
 * user, 405 for another method, 503 while the RM's MigrationManager is not running
 * (standby). The caller is the request's remote user (set by the authentication filter
 * ahead of this one; with simple auth {@code ?user.name=}); the MigrationManager does the
 * access checks with it, exactly as for the RPC protocol.
 */
public class MigrationWebFilter implements Filter {

  private static final Logger LOG = LoggerFactory.getLogger(MigrationWebFilter.class);

  static final String PARAM_RM_NAME = "rm-name";
  static final String PARAM_CSRF_HEADER = "csrf-header";
  static final String PARAM_CSRF_IGNORE = "csrf-methods-to-ignore";

  static final String CLUSTER = "/ws/v1/cluster";
  static final String CONTAINERS = CLUSTER + "/containers/";
  static final String MIGRATE = "/migrate";
  static final String MIGRATIONS = CLUSTER + "/migrations";
  private static final int MAX_BODY = 64 * 1024;
  private static final String JSON = "application/json; charset=utf-8";

  private String rmName;
  private String csrfHeader;
  private Set<String> csrfIgnored = new HashSet<>();

  @Override
  public void init(FilterConfig config) throws ServletException {
    rmName = config.getInitParameter(PARAM_RM_NAME);
    String header = config.getInitParameter(PARAM_CSRF_HEADER);
    csrfHeader = header == null || header.isEmpty() ? null : header;
    String ignore = config.getInitParameter(PARAM_CSRF_IGNORE);
    if (ignore != null) {
      for (String m : ignore.split(",")) {
        csrfIgnored.add(m.trim().toUpperCase(Locale.ROOT));
      }
    }
  }

  @Override
  public void destroy() {
  }

  /** What a request path asks for. */
  private enum Endpoint { MIGRATE, LIST, ONE }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest)) {
      chain.doFilter(request, response);
      return;
    }
    HttpServletRequest req = (HttpServletRequest) request;
    HttpServletResponse resp = (HttpServletResponse) response;
    String path = req.getRequestURI();
    String context = req.getContextPath();
    if (path == null) {
      chain.doFilter(request, response);
      return;
    }
    if (context != null && !context.isEmpty() && path.startsWith(context)) {
      path = path.substring(context.length());
    }
    while (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    Endpoint endpoint;
    String argument = null;
    if (path.startsWith(CONTAINERS) && path.endsWith(MIGRATE)
        && path.length() > CONTAINERS.length() + MIGRATE.length()) {
      endpoint = Endpoint.MIGRATE;
      argument = path.substring(CONTAINERS.length(), path.length() - MIGRATE.length());
    } else if (path.equals(MIGRATIONS)) {
      endpoint = Endpoint.LIST;
    } else if (path.startsWith(MIGRATIONS + "/")) {
      endpoint = Endpoint.ONE;
      argument = path.substring(MIGRATIONS.length() + 1);
    } else {
      chain.doFilter(request, response);
      return;
    }
    if (argument != null && (argument.isEmpty() || argument.contains("/"))) {
      chain.doFilter(request, response);
      return;
    }
    handle(endpoint, argument, req, resp);
  }

  private void handle(Endpoint endpoint, String argument, HttpServletRequest req,
      HttpServletResponse resp) throws IOException {
    String method = req.getMethod();
    String allowed = endpoint == Endpoint.MIGRATE ? "PUT" : "GET";
    if (!allowed.equals(method)) {
      resp.setHeader("Allow", allowed);
      send(resp, HttpServletResponse.SC_METHOD_NOT_ALLOWED, MigrationJson.error(
          ContainerMigrationException.class, "Method " + method + " is not allowed on "
              + req.getRequestURI() + "; use " + allowed));
      return;
    }
    if (csrfHeader != null && !csrfIgnored.contains(method)
        && req.getHeader(csrfHeader) == null) {
      send(resp, HttpServletResponse.SC_BAD_REQUEST, MigrationJson.error(
          ContainerMigrationException.class, "Missing Required Header for CSRF Vulnerability"
              + " Protection: " + csrfHeader));
      return;
    }
    String user = req.getRemoteUser();
    if (user == null || user.isEmpty()) {
      send(resp, HttpServletResponse.SC_UNAUTHORIZED, MigrationJson.error(
          AuthorizationException.class,
          "Unable to obtain user name, user not authenticated"));
      return;
    }
    MigrationService manager = MigrationLookup.findNamed(rmName, MigrationService.class);
    if (manager == null || !manager.isServing()) {
      send(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE, MigrationJson.error(
          ContainerMigrationException.class, "Container migration is not active on this"
              + " ResourceManager (it is standby, or its MigrationManager is not running)"));
      return;
    }
    UserGroupInformation caller = UserGroupInformation.createRemoteUser(user);
    try {
      switch (endpoint) {
      case MIGRATE:
        ContainerMigrationReport accepted = manager.migrate(migrateRequest(argument, req),
            caller);
        resp.setHeader("Location", MIGRATIONS + "/" + accepted.getMigrationId());
        send(resp, HttpServletResponse.SC_ACCEPTED, ContainerMigrationReportJson.single(accepted));
        break;
      case ONE:
        send(resp, HttpServletResponse.SC_OK,
            ContainerMigrationReportJson.single(manager.getReport(argument, caller)));
        break;
      default:
        List<ContainerMigrationReport> reports =
            manager.getReports(reportsRequest(req), caller);
        send(resp, HttpServletResponse.SC_OK, MigrationJson.list(reports));
        break;
      }
    } catch (ContainerMigrationException e) {
      send(resp, e.getReason().getHttpStatus(),
          MigrationJson.error(ContainerMigrationException.class, e.getMessage()));
    } catch (RuntimeException e) {
      LOG.error("{} {} failed", method, req.getRequestURI(), e);
      send(resp, HttpServletResponse.SC_INTERNAL_SERVER_ERROR,
          MigrationJson.error(e.getClass(), String.valueOf(e.getMessage())));
    }
  }

  // ---- requests ----------------------------------------------------------------------------

  static MigrateContainerRequest migrateRequest(String rawContainerId,
      HttpServletRequest req) throws IOException, ContainerMigrationException {
    ContainerId containerId;
    try {
      containerId = ContainerId.fromString(rawContainerId);
    } catch (IllegalArgumentException e) {
      throw MigrationRejection.invalid(rawContainerId, "'" + rawContainerId
          + "' is not a container id", "Name the container as"
          + " container_<clusterTimestamp>_<app>_<attempt>_<container>");
    }
    String body = readBody(req);
    Map<String, String> query = query(req);
    String node = query.get("node");
    String strategy = query.get("strategy");
    String timeout = query.get("timeoutMs");
    String tcp = query.get("tcpMode");
    String near = query.get("near");
    if (!body.trim().isEmpty()) {
      JsonNode json;
      try {
        json = MigrationJson.MAPPER.readTree(body);
      } catch (IOException e) {
        json = null;
      }
      if (json == null || !json.isObject()) {
        throw MigrationRejection.invalid(containerId, "the request body is not a JSON"
            + " object", "Send {\"node\":\"host:port\"} or ?node=host:port");
      }
      node = text(json, "node", node);
      strategy = text(json, "strategy", strategy);
      timeout = text(json, "timeoutMs", timeout);
      tcp = text(json, "tcpMode", tcp);
      JsonNode paths = json.get("near");
      if (paths != null && paths.isArray()) {
        List<String> joined = new java.util.ArrayList<>();
        for (JsonNode p : paths) {
          joined.add(p.asText());
        }
        near = String.join(",", joined);
      } else {
        near = text(json, "near", near);
      }
    }
    NodeId target = null;
    if (node != null && !node.trim().isEmpty()) {
      try {
        target = NodeId.fromString(node.trim());
      } catch (IllegalArgumentException e) {
        throw MigrationRejection.invalid(containerId, "target node '" + node
            + "' is not host:port", "Name the target node as host:port");
      }
    }
    ContainerMigrationOptions options = null;
    if (strategy != null || timeout != null || tcp != null || near != null) {
      ContainerMigrationStrategy s = null;
      if (strategy != null) {
        try {
          s = ContainerMigrationStrategy.valueOf(strategy.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw MigrationRejection.invalid(containerId, "strategy '" + strategy
              + "' is unknown", "Use one of "
              + Arrays.toString(ContainerMigrationStrategy.values()));
        }
      }
      long timeoutMs = 0;
      if (timeout != null) {
        try {
          timeoutMs = Long.parseLong(timeout.trim());
        } catch (NumberFormatException e) {
          throw MigrationRejection.invalid(containerId, "timeoutMs '" + timeout
              + "' is not a number", "Give milliseconds, or 0 for the server default");
        }
      }
      options = ContainerMigrationOptions.newInstance(s, timeoutMs);
      if (tcp != null) {
        try {
          options.setTcpMode(
              ContainerMigrationTcpMode.valueOf(tcp.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw MigrationRejection.invalid(containerId, "tcpMode '" + tcp
              + "' is unknown", "Use one of "
              + Arrays.toString(ContainerMigrationTcpMode.values()));
        }
      }
      if (near != null) {
        List<String> paths = new java.util.ArrayList<>();
        for (String p : near.split(",")) {
          if (!p.trim().isEmpty()) {
            paths.add(p.trim()); // checked by the manager (DataLocations.invalid)
          }
        }
        options.setNearPaths(paths);
      }
    }
    return MigrateContainerRequest.newInstance(containerId, target, options);
  }

  static GetContainerMigrationReportsRequest reportsRequest(HttpServletRequest req)
      throws ContainerMigrationException, UnsupportedEncodingException {
    Map<String, String> q = query(req);
    GetContainerMigrationReportsRequest r = GetContainerMigrationReportsRequest.newInstance();
    String v = q.get("appId");
    if (v != null && !v.isEmpty()) {
      try {
        r.setApplicationId(ApplicationId.fromString(v));
      } catch (IllegalArgumentException e) {
        throw badQuery("appId", v, "not an application id");
      }
    }
    v = q.get("containerId");
    if (v != null && !v.isEmpty()) {
      try {
        r.setContainerId(ContainerId.fromString(v));
      } catch (IllegalArgumentException e) {
        throw badQuery("containerId", v, "not a container id");
      }
    }
    v = q.get("node");
    if (v != null && !v.isEmpty()) {
      try {
        r.setNode(NodeId.fromString(v));
      } catch (IllegalArgumentException e) {
        throw badQuery("node", v, "not host:port");
      }
    }
    v = q.get("states");
    if (v != null && !v.isEmpty()) {
      Set<ContainerMigrationState> states = EnumSet.noneOf(ContainerMigrationState.class);
      for (String s : v.split(",")) {
        if (!s.trim().isEmpty()) {
          try {
            states.add(ContainerMigrationState.valueOf(s.trim().toUpperCase(Locale.ROOT)));
          } catch (IllegalArgumentException e) {
            throw badQuery("states", v, "'" + s.trim() + "' is not one of "
                + Arrays.toString(ContainerMigrationState.values()));
          }
        }
      }
      r.setStates(states);
    }
    v = q.get("limit");
    if (v != null && !v.isEmpty()) {
      try {
        int limit = Integer.parseInt(v);
        if (limit <= 0) {
          throw new NumberFormatException();
        }
        r.setLimit(limit);
      } catch (NumberFormatException e) {
        throw badQuery("limit", v, "not a positive number");
      }
    }
    return r;
  }

  private static ContainerMigrationException badQuery(String name, String value, String why) {
    return invalid("Bad query parameter " + name + "='" + value + "': " + why + ".");
  }

  private static ContainerMigrationException invalid(String message) {
    return new ContainerMigrationException(Reason.INVALID_REQUEST, message);
  }

  private static String text(JsonNode json, String field, String fallback) {
    JsonNode v = json.get(field);
    return v == null || v.isNull() ? fallback : v.asText();
  }

  /** The query string's parameters (not the body: it is ours to read, as JSON). */
  static Map<String, String> query(HttpServletRequest req)
      throws UnsupportedEncodingException {
    Map<String, String> params = new HashMap<>();
    String qs = req.getQueryString();
    if (qs != null) {
      for (String pair : qs.split("&")) {
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), "UTF-8");
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), "UTF-8");
        if (!params.containsKey(k)) {
          params.put(k, v);
        }
      }
    }
    return params;
  }

  private static String readBody(HttpServletRequest req) throws IOException,
      ContainerMigrationException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    try (InputStream in = req.getInputStream()) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        out.write(buffer, 0, n);
        if (out.size() > MAX_BODY) {
          throw invalid("The request body is larger than " + MAX_BODY + " bytes.");
        }
      }
    }
    return new String(out.toByteArray(), StandardCharsets.UTF_8);
  }

  private static void send(HttpServletResponse resp, int status, Object json)
      throws IOException {
    byte[] bytes = MigrationJson.MAPPER.writeValueAsBytes(json);
    resp.setStatus(status);
    resp.setContentType(JSON);
    resp.setContentLength(bytes.length);
    resp.getOutputStream().write(bytes);
    resp.getOutputStream().flush();
  }
}
