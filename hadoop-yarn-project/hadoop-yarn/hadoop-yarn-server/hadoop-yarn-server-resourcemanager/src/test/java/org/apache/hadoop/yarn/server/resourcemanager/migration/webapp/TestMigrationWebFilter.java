/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration.webapp;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.metrics2.lib.DefaultMetricsSystem;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.ResourceRequest;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.resourcemanager.MockAM;
import org.apache.hadoop.yarn.server.resourcemanager.MockNM;
import org.apache.hadoop.yarn.server.resourcemanager.MockRM;
import org.apache.hadoop.yarn.server.resourcemanager.migration.MigrationManager;
import org.apache.hadoop.yarn.server.resourcemanager.migration.MigrationResourceManager;
import org.apache.hadoop.yarn.server.resourcemanager.migration.channel.UnavailableNodeMigrationChannel;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMApp;
import org.apache.hadoop.yarn.server.resourcemanager.rmcontainer.RMContainerState;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.ResourceScheduler;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.capacity.CapacityScheduler;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/**
 * The REST endpoints on a real RM web server: the RM is the only web app in this JVM (a
 * MockRM with its web app enabled, prepared by exactly the code MigrationResourceManager
 * runs: {@code prepareConfiguration} and {@code attachTo}), simple HTTP authentication
 * ({@code ?user.name=}), ACLs on, no node channel (migrations roll back).
 */
public class TestMigrationWebFilter {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(180);

  private static final int GB = 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static MockRM rm;
  private static MigrationManager manager;
  private static MockNM nm1;
  private static MockNM nm2;
  private static ContainerId running;
  private static String base;

  /** Status and parsed body of one HTTP exchange. */
  static final class Reply {
    final int status;
    final JsonNode body;
    final String text;

    Reply(int status, String text) throws IOException {
      this.status = status;
      this.text = text;
      this.body = text.isEmpty() ? null : JSON.readTree(text);
    }

    String error() {
      return body.get("RemoteException").get("message").asText();
    }
  }

  @BeforeClass
  public static void startRM() throws Exception {
    DefaultMetricsSystem.setMiniClusterMode(true);
    YarnConfiguration conf = new YarnConfiguration();
    conf.setClass(YarnConfiguration.RM_SCHEDULER, CapacityScheduler.class,
        ResourceScheduler.class);
    conf.setBoolean("mockrm.webapp.enabled", true);
    // 3.1.0 does not write an ephemeral web port back into the configuration: pick one.
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    conf.set(YarnConfiguration.RM_WEBAPP_ADDRESS, "127.0.0.1:" + port);
    conf.set(MigrationConfiguration.RM_MIGRATION_ADDRESS, "127.0.0.1:0");
    // No NodeManager agents here: a channel that fails every step, so an accepted
    // migration rolls back and its report shows why.
    conf.set(MigrationConfiguration.RM_MIGRATION_NODE_CHANNEL_CLASS,
        UnavailableNodeMigrationChannel.class.getName());
    conf.setBoolean(YarnConfiguration.YARN_ACL_ENABLE, true);
    conf.set(YarnConfiguration.YARN_ADMIN_ACL, "admin");
    conf.set("yarn.scheduler.capacity.root.acl_submit_applications", "*");
    conf.set("yarn.scheduler.capacity.root.acl_administer_queue", " ");
    conf.set("yarn.scheduler.capacity.root.default.acl_administer_queue", " ");
    conf.set("hadoop.http.filter.initializers",
        "org.apache.hadoop.security.AuthenticationFilterInitializer");
    conf.set("hadoop.http.authentication.type", "simple");
    conf.setBoolean("hadoop.http.authentication.simple.anonymous.allowed", false);
    final MigrationManager[] holder = new MigrationManager[1];
    rm = new MockRM(conf) {
      @Override
      protected void serviceInit(Configuration c) throws Exception {
        MigrationResourceManager.prepareConfiguration(c, this);
        super.serviceInit(c);
      }

      @Override
      protected void createAndInitActiveServices(boolean fromActive) {
        super.createAndInitActiveServices(fromActive);
        holder[0] = MigrationResourceManager.attachTo(activeServices, new MigrationManager(
            getRMContext(), getApplicationACLsManager(), getQueueACLsManager()));
      }
    };
    rm.start();
    manager = holder[0];
    base = "http://127.0.0.1:" + port;

    nm1 = rm.registerNode("127.0.0.1:1234", 8 * GB);
    nm2 = rm.registerNode("127.0.0.1:2345", 8 * GB);
    RMApp app = rm.submitApp(GB, "app", "alice");
    MockAM am = MockRM.launchAndRegisterAM(app, rm, nm1);
    am.allocate("127.0.0.1", GB, 1, new ArrayList<ContainerId>());
    List<Container> granted = new ArrayList<>();
    for (int i = 0; i < 50 && granted.isEmpty(); i++) {
      nm1.nodeHeartbeat(true);
      rm.drainEvents();
      granted.addAll(am.allocate(new ArrayList<ResourceRequest>(),
          new ArrayList<ContainerId>()).getAllocatedContainers());
      Thread.sleep(20);
    }
    running = granted.get(0).getId();
    nm1.nodeHeartbeat(am.getApplicationAttemptId(), running.getContainerId(),
        ContainerState.RUNNING);
    assertTrue(rm.waitForState(nm1, running, RMContainerState.RUNNING));
  }

  @AfterClass
  public static void stopRM() {
    if (rm != null) {
      rm.stop();
    }
  }

  private static Reply call(String method, String pathAndQuery, String body)
      throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL(base + pathAndQuery).openConnection();
    c.setRequestMethod(method);
    c.setRequestProperty("Accept", "application/json");
    if (body != null) {
      c.setDoOutput(true);
      c.setRequestProperty("Content-Type", "application/json");
      try (OutputStream out = c.getOutputStream()) {
        out.write(body.getBytes(StandardCharsets.UTF_8));
      }
    }
    int status = c.getResponseCode();
    InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    if (in != null) {
      try (InputStream i = in) {
        byte[] buffer = new byte[4096];
        int n;
        while ((n = i.read(buffer)) > 0) {
          bytes.write(buffer, 0, n);
        }
      }
    }
    return new Reply(status, new String(bytes.toByteArray(), StandardCharsets.UTF_8));
  }

  private static String migratePath(ContainerId id, String user) {
    return "/ws/v1/cluster/containers/" + id + "/migrate?user.name=" + user;
  }

  @Test
  public void givenTheRM_whenAskedForClusterInfo_thenRMWebServicesStillAnswers()
      throws Exception {
    Reply r = call("GET", "/ws/v1/cluster/info?user.name=alice", null);
    assertEquals(r.text, 200, r.status);
    assertTrue(r.text, r.body.has("clusterInfo"));
  }

  @Test
  public void givenABadNode_whenPut_then400WithTheExactMessage() throws Exception {
    Reply r = call("PUT", migratePath(running, "alice"), "{\"node\":\"bad-node\"}");
    assertEquals(r.text, 400, r.status);
    assertEquals("Migration of " + running + " rejected: target node 'bad-node' is not"
        + " host:port. Name the target node as host:port.", r.error());
    assertEquals("ContainerMigrationException",
        r.body.get("RemoteException").get("exception").asText());
    assertEquals("org.apache.hadoop.yarn.api.migration.ContainerMigrationException",
        r.body.get("RemoteException").get("javaClassName").asText());
  }

  @Test
  public void givenATcpMode_whenPut_thenAnUnknownOneIs400AndESTABLISHEDIsTaken()
      throws Exception {
    Reply bad = call("PUT", migratePath(running, "alice"),
        "{\"node\":\"127.0.0.1:2345\",\"tcpMode\":\"keep\"}");
    assertEquals(bad.text, 400, bad.status);
    assertEquals("Migration of " + running + " rejected: tcpMode 'keep' is unknown. Use one"
        + " of [AUTO, CLOSE, ESTABLISHED].", bad.error());
    // ESTABLISHED passes the RM (the source NM refuses a tree without an address of its
    // own): what stops this request is its node, which the cluster does not have
    Reply established = call("PUT", migratePath(running, "alice") + "&tcpMode=established",
        "{\"node\":\"127.0.0.1:9\"}");
    assertEquals(established.text, 404, established.status);
    assertTrue(established.error(), established.error().contains("node 127.0.0.1:9 is not a"
        + " node of this cluster"));
    assertFalse(established.error(), established.error().contains("ESTABLISHED"));
  }

  @Test
  public void givenNearPaths_whenPut_thenCheckedAtTheEdgeAndLookedUpAsTheCaller()
      throws Exception {
    Reply relative = call("PUT", migratePath(running, "alice"), "{\"near\":[\"data/in\"]}");
    assertEquals(relative.text, 400, relative.status);
    assertEquals("Migration of " + running + " rejected: 'data/in' is not an absolute path."
        + " Name absolute paths of its data, or a node.", relative.error());
    Reply withNode = call("PUT", migratePath(running, "alice"),
        "{\"node\":\"127.0.0.1:2345\",\"near\":\"/x\"}");
    assertEquals(withNode.text, 400, withNode.status);
    assertTrue(withNode.error(), withNode.error().contains("a migration naming its target"
        + " node takes no data paths (a named node wins)"));
    // the RM's default file system here is its local one: read as the RM's own user, it
    // would tell alice which of the RM host's files exist and how large they are
    java.io.File f = java.io.File.createTempFile("near", ".bin");
    try {
      java.nio.file.Files.write(f.toPath(), new byte[] {1, 2, 3});
      for (String path : new String[] {f.getPath(), "file://" + f.getPath(), "/no/such/data"}) {
        Reply local = call("PUT", migratePath(running, "alice"), "{\"near\":\"" + path
            + "\"}");
        assertEquals(local.text, 403, local.status);
        assertTrue(local.error(), local.error().contains("alice may not read the data paths: "
            + path + " is on the ResourceManager's local file system, which is read as the"
            + " ResourceManager's own user, not as alice"));
        assertFalse(local.error(), local.error().contains("bytes"));
      }
    } finally {
      assertTrue(f.delete());
    }
  }

  @Test
  public void givenAnUnknownContainer_whenPut_then404() throws Exception {
    ContainerId unknown = ContainerId.newContainerId(running.getApplicationAttemptId(), 999);
    Reply r = call("PUT", migratePath(unknown, "alice") + "&node=127.0.0.1:2345", null);
    assertEquals(r.text, 404, r.status);
    assertEquals("Migration of " + unknown + " to node 127.0.0.1:2345 rejected: the"
        + " ResourceManager knows no live container " + unknown + ". Check the id, e.g."
        + " with 'yarn container -list <application attempt id>'.", r.error());
  }

  @Test
  public void givenAUserWithoutModifyApp_whenPut_then403() throws Exception {
    Reply r = call("PUT", migratePath(running, "eve"), "{\"node\":\"127.0.0.1:2345\"}");
    assertEquals(r.text, 403, r.status);
    assertTrue(r.error(), r.error().contains("user eve is neither the owner"));
  }

  @Test
  public void givenNoAuthenticatedUser_whenPut_thenTheAuthFilterRefuses() throws Exception {
    Reply r = call("PUT", "/ws/v1/cluster/containers/" + running + "/migrate",
        "{\"node\":\"127.0.0.1:2345\"}");
    assertEquals(r.text, 401, r.status);
  }

  @Test
  public void givenAValidRequest_whenPut_then202_andTheMigrationRollsBackWithoutAChannel()
      throws Exception {
    Reply r = call("PUT", migratePath(running, "alice"), "{\"node\":\"127.0.0.1:2345\"}");
    assertEquals(r.text, 202, r.status);
    JsonNode m = r.body.get("migration");
    String id = m.get("migrationId").asText();
    assertTrue(id, id.startsWith("migration_"));
    assertEquals(running.toString(), m.get("containerId").asText());
    assertEquals("127.0.0.1:2345", m.get("targetNode").asText());
    assertEquals("127.0.0.1:1234", m.get("sourceNode").asText());
    assertEquals("alice", m.get("user").asText());
    assertEquals("the default TCP mode", "AUTO", m.get("tcpMode").asText());
    assertTrue(m.get("state").asText(), m.get("state").asText().matches(
        "NEW|ALLOCATING|CHECKPOINTING|ROLLING_BACK|FAILED"));
    assertTrue(m.get("submitTime").asLong() > 0);

    JsonNode done = null;
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      Reply one = call("GET", "/ws/v1/cluster/migrations/" + id + "?user.name=alice", null);
      assertEquals(one.text, 200, one.status);
      done = one.body.get("migration");
      if ("FAILED".equals(done.get("state").asText())) {
        break;
      }
      Thread.sleep(50);
    }
    assertEquals(done.toString(), "FAILED", done.get("state").asText());
    assertTrue(done.toString(), done.get("diagnostics").asText()
        .contains("no NodeMigrationChannel is configured on the ResourceManager"));
    assertTrue(done.get("finishTime").asLong() >= done.get("submitTime").asLong());
    assertEquals("FAILED", done.get("phases").get(done.get("phases").size() - 1)
        .get("state").asText());

    Reply list = call("GET", "/ws/v1/cluster/migrations?user.name=alice&containerId="
        + running + "&states=failed", null);
    assertEquals(list.text, 200, list.status);
    JsonNode all = list.body.get("migrations").get("migration");
    assertTrue(list.text, all.size() >= 1);
    assertEquals(id, all.get(0).get("migrationId").asText());
    Reply hidden = call("GET", "/ws/v1/cluster/migrations?user.name=eve", null);
    assertEquals(0, hidden.body.get("migrations").get("migration").size());
    Reply forbidden = call("GET", "/ws/v1/cluster/migrations/" + id + "?user.name=eve",
        null);
    assertEquals(forbidden.text, 403, forbidden.status);
  }

  @Test
  public void givenBadQueries_whenGet_then400And404() throws Exception {
    Reply r = call("GET", "/ws/v1/cluster/migrations?user.name=alice&states=SLEEPING", null);
    assertEquals(r.text, 400, r.status);
    assertTrue(r.error(), r.error().startsWith(
        "Bad query parameter states='SLEEPING': 'SLEEPING' is not one of"));
    r = call("GET", "/ws/v1/cluster/migrations/migration_1_9999?user.name=alice", null);
    assertEquals(r.text, 404, r.status);
    r = call("DELETE", "/ws/v1/cluster/migrations/migration_1_9999?user.name=alice", null);
    assertEquals(r.text, 405, r.status);
  }
}
