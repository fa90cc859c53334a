/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.migration.e2e;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.util.Collections;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.ipc.RPC;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.ResourceOption;
import org.apache.hadoop.yarn.client.ClientRMProxy;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.server.api.ResourceManagerAdministrationProtocol;
import org.apache.hadoop.yarn.server.api.protocolrecords.UpdateNodeResourceRequest;

/**
 * The RM's admin protocol, called from the test JVM: what {@code yarn rmadmin
 * -updateNodeResource} sends, without a JVM of its own per call (the tests set node
 * resources dozens of times a run to place an AM and its workers; each {@code yarn rmadmin}
 * took 1.5-2.5 s on 2 cores). Test set-up only: what a test asserts still goes through the
 * distribution's CLI and REST, as a user's would.
 */
final class RmAdmin implements Closeable {

  private final ResourceManagerAdministrationProtocol proxy;

  /** @param confDir the client configuration of the cluster (its HADOOP_CONF_DIR) */
  RmAdmin(File confDir) throws IOException {
    YarnConfiguration conf = new YarnConfiguration();
    for (String f : new String[] {"core-site.xml", "yarn-site.xml"}) {
      File file = new File(confDir, f);
      if (file.isFile()) {
        conf.addResource(new Path(file.toURI()));
      }
    }
    // a cluster that is gone fails the call at once instead of retrying for minutes
    conf.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_MAX_WAIT_MS, 20_000);
    conf.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_RETRY_INTERVAL_MS, 1_000);
    proxy = ClientRMProxy.createRMProxy(conf, ResourceManagerAdministrationProtocol.class);
  }

  /** As {@code yarn rmadmin -updateNodeResource <node> <mb> <vcores>}. */
  void updateNodeResource(String node, int mb, int vcores) throws IOException, YarnException {
    proxy.updateNodeResource(UpdateNodeResourceRequest.newInstance(Collections.singletonMap(
        NodeId.fromString(node), ResourceOption.newInstance(Resource.newInstance(mb, vcores),
            ResourceOption.OVER_COMMIT_TIMEOUT_MILLIS_DEFAULT))));
  }

  @Override
  public void close() {
    RPC.stopProxy(proxy);
  }
}
