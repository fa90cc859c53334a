/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.network;

import java.io.File;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.criu.CriuCommandResult;
import org.apache.hadoop.criu.ProcessCriuCommandRunner;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.apache.hadoop.yarn.server.api.migration.MigrationContract;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's containers with an address of their own
 * ({@link MigrationContract#NETWORK_ENV}{@code =}{@value MigrationContract#NETWORK_OWN}):
 * the block of addresses it gives out
 * ({@link MigrationConfiguration#NM_MIGRATION_NETWORK_ADDRESSES}), the network namespace
 * and veth pair of each container it launches, and the host ends of those it restored.
 *
 * <p>A launched container's namespace is {@code /run/netns/yarn-net-<containerId>}
 * ({@code ip netns}): {@code eth0} inside, with the address and the prefix of the bridge's
 * own address (no default route: the container reaches the cluster subnet); the host end {@link #hostVeth} joins the bridge. A restored container's namespace is made by
 * CRIU from the images, its host end named and bridged by {@link #restoreExternal}.
 *
 * <p>An address given out stays taken while its container runs here, and, once it moved
 * away, until its application has finished on this node (the container may run on
 * elsewhere with it).
 */
public class ContainerNetworks {

  private static final Logger LOG = LoggerFactory.getLogger(ContainerNetworks.class);

  /** Where {@code ip netns} keeps named network namespaces. */
  public static final String NETNS_DIR = "/run/netns";
  /** Prefix of the network namespaces of this node's launched containers. */
  public static final String NETNS_PREFIX = "yarn-net-";
  private static final long IP_TIMEOUT_MS = 10_000L;
  /** An IPv4 address in {@code ip -o -4 addr show}'s output. */
  private static final java.util.regex.Pattern SHOWN_IPV4 =
      java.util.regex.Pattern.compile("inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/");

  /**
   * Runs {@code ip} with arguments and returns what it printed; throws naming the command
   * and its output.
   */
  public interface Ip {
    String run(List<String> args) throws IOException;
  }

  private final String bridge;
  private final AddressBlock block;
  private final AddressBlock subnet;
  private final String bridgeAddress;
  private final Ip ip;
  /** address -&gt; container id, for every address given out and not yet free. */
  private final Map<String, String> taken = new HashMap<>();
  /** container id -&gt; its address, while the container runs here. */
  private final Map<String, OwnAddress> running = new HashMap<>();

  /**
   * @param bridge the bridge's name; @param block the addresses to give out;
   * @param bridgeAddress the bridge's own IPv4 address and @param subnet its subnet
   */
  public ContainerNetworks(String bridge, AddressBlock block, String bridgeAddress,
      AddressBlock subnet, Ip ip) {
    if (!subnet.contains(block)) {
      throw new IllegalArgumentException(MigrationConfiguration.NM_MIGRATION_NETWORK_ADDRESSES
          + " " + block + " is not inside the subnet " + subnet + " of the bridge " + bridge);
    }
    if (block.contains(bridgeAddress)) {
      throw new IllegalArgumentException(MigrationConfiguration.NM_MIGRATION_NETWORK_ADDRESSES
          + " " + block + " holds the bridge's own address " + bridgeAddress);
    }
    this.bridge = bridge;
    this.block = block;
    this.subnet = subnet;
    this.bridgeAddress = bridgeAddress;
    this.ip = ip;
  }

  /**
   * This node's networks as configured, or null when
   * {@link MigrationConfiguration#NM_MIGRATION_NETWORK_BRIDGE} is empty (no container gets
   * an address of its own here).
   *
   * @throws IOException naming the key and what is wrong (no such bridge, no address on
   *     it, a block outside its subnet)
   */
  public static ContainerNetworks of(Configuration conf) throws IOException {
    String bridge = conf.getTrimmed(MigrationConfiguration.NM_MIGRATION_NETWORK_BRIDGE,
        MigrationConfiguration.DEFAULT_NM_MIGRATION_NETWORK_BRIDGE);
    if (bridge.isEmpty()) {
      return null;
    }
    String blockText = conf.getTrimmed(MigrationConfiguration.NM_MIGRATION_NETWORK_ADDRESSES,
        MigrationConfiguration.DEFAULT_NM_MIGRATION_NETWORK_ADDRESSES);
    try {
      AddressBlock block = AddressBlock.parse(blockText);
      NetworkInterface nif = NetworkInterface.getByName(bridge);
      if (nif == null) {
        throw new IllegalArgumentException("this node has no interface " + bridge);
      }
      for (InterfaceAddress a : nif.getInterfaceAddresses()) {
        if (a.getAddress() instanceof Inet4Address) {
          String own = a.getAddress().getHostAddress();
          AddressBlock subnet = AddressBlock.of(own, a.getNetworkPrefixLength());
          ContainerNetworks n = new ContainerNetworks(bridge, block, own, subnet,
              new ProcessIp());
          LOG.info("Containers asking for an address of their own get one of {} on bridge"
              + " {} ({} on {})", block, bridge, own, subnet);
          return n;
        }
      }
      throw new IllegalArgumentException("the interface " + bridge + " has no IPv4 address");
    } catch (IllegalArgumentException | SocketException e) {
      throw new IOException("Cannot give containers addresses of their own ("
          + MigrationConfiguration.NM_MIGRATION_NETWORK_BRIDGE + "=" + bridge + ", "
          + MigrationConfiguration.NM_MIGRATION_NETWORK_ADDRESSES + "=" + blockText + "): "
          + e.getMessage() + ". Fix the keys or empty the bridge key", e);
    }
  }

  /** The host end of a container's veth pair on this node: 15 characters at most. */
  public static String hostVeth(String containerId) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(
          containerId.getBytes(StandardCharsets.UTF_8));
      StringBuilder sb = new StringBuilder("ym");
      for (int i = 0; sb.length() < 15; i++) {
        sb.append(String.format("%02x", d[i] & 255));
      }
      return sb.substring(0, 15);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The named network namespace of a container this node launched. */
  public static String netnsName(String containerId) {
    return NETNS_PREFIX + MigrationContract.checkId("container id", containerId);
  }

  /** The path the launcher enters ({@code nsenter --net=<path>}). */
  public static String netnsPath(String containerId) {
    return NETNS_DIR + "/" + netnsName(containerId);
  }

  /**
   * Gives a container launched here an address of its own: a free address of the block,
   * its network namespace and veth pair.
   *
   * @param applicationRunsHere whether an application (by id) still runs on this node:
   *     an address whose container moved away is free again once it does not
   * @throws IOException naming the container and why (block exhausted, ip failed)
   */
  public synchronized OwnAddress create(String containerId, Predicate<String> applicationRunsHere)
      throws IOException {
    freeFinished(applicationRunsHere);
    String address = null;
    for (String a : block.hostAddresses(subnet)) {
      if (!taken.containsKey(a)) {
        address = a;
        break;
      }
    }
    if (address == null) {
      throw new IOException("no free address in " + block + " ("
          + MigrationConfiguration.NM_MIGRATION_NETWORK_ADDRESSES + "): " + taken.size()
          + " are taken by running or moved containers of running applications."
          + " Give this node a larger block");
    }
    OwnAddress own = new OwnAddress(address, subnet.getPrefixLength(),
        hostVeth(containerId), bridge);
    String ns = netnsName(containerId);
    try {
      ip.run(Arrays.asList("netns", "add", ns));
      ip.run(Arrays.asList("link", "add", own.getHostVeth(), "type", "veth", "peer", "name",
          OwnAddress.CONTAINER_INTERFACE, "netns", ns));
      ip.run(Arrays.asList("link", "set", own.getHostVeth(), "master", bridge, "up"));
      ip.run(Arrays.asList("-n", ns, "link", "set", "lo", "up"));
      ip.run(Arrays.asList("-n", ns, "addr", "add", own.cidr(), "dev",
          OwnAddress.CONTAINER_INTERFACE));
      ip.run(Arrays.asList("-n", ns, "link", "set", OwnAddress.CONTAINER_INTERFACE, "up"));
    } catch (IOException e) {
      deleteQuietly(netnsDelete(ns));
      throw new IOException("cannot give container " + containerId + " the address "
          + own.cidr() + ": " + e.getMessage(), e);
    }
    taken.put(address, containerId);
    running.put(containerId, own);
    LOG.info("Container {} has the address {} of its own (namespace {})", containerId, own,
        ns);
    return own;
  }

  /**
   * At start: the namespaces an earlier run of this NodeManager made for its containers
   * ({@value #NETNS_PREFIX}<containerId>). One with processes in it keeps its address
   * taken (its container runs on, orphaned); the others are deleted with their veth pair.
   * Nothing else is touched.
   */
  public synchronized void recoverLeftovers() {
    String list;
    try {
      list = ip.run(Arrays.asList("netns", "list"));
    } catch (IOException e) {
      LOG.warn("Cannot list network namespaces left by an earlier run: {}", e.getMessage());
      return;
    }
    for (String line : list.split("\n")) {
      String name = line.trim().split("\\s+")[0];
      if (!name.startsWith(NETNS_PREFIX)) {
        continue;
      }
      String containerId = name.substring(NETNS_PREFIX.length());
      if (!MigrationContract.isSafeId(containerId)) {
        continue;
      }
      try {
        if (ip.run(Arrays.asList("netns", "pids", name)).trim().isEmpty()) {
          deleteQuietly(linkDelete(hostVeth(containerId)));
          deleteQuietly(netnsDelete(name));
          LOG.info("Deleted the network namespace {} an earlier run left", name);
          continue;
        }
        String shown = ip.run(Arrays.asList("-n", name, "-o", "-4", "addr", "show", "dev",
            OwnAddress.CONTAINER_INTERFACE));
        java.util.regex.Matcher m = SHOWN_IPV4.matcher(shown);
        if (m.find() && block.contains(m.group(1))) {
          taken.put(m.group(1), containerId);
          LOG.warn("Container {} of an earlier run still runs in {} with {}: its address"
              + " stays taken", containerId, name, m.group(1));
        }
      } catch (IOException | IllegalArgumentException e) {
        LOG.warn("Cannot tell whether {} is still in use: {}", name, e.getMessage());
      }
    }
  }

  /**
   * Records a container restored here with its address (its namespace is CRIU's); its host
   * end is {@link #hostVeth} of this container.
   */
  public synchronized OwnAddress adopt(String containerId, String cidr) {
    OwnAddress own = OwnAddress.parse(cidr, hostVeth(containerId), bridge);
    if (!subnet.contains(own.getAddress())) {
      throw new IllegalArgumentException("the container's address " + own.cidr()
          + " is not on this node's cluster network " + subnet + " (bridge " + bridge + ")");
    }
    running.put(containerId, own);
    return own;
  }

  /** The container's address of its own while it runs here, or null. */
  public synchronized OwnAddress of(String containerId) {
    return running.get(containerId);
  }

  /**
   * The container has ended here (or moved away: {@code movedAway}): its veth pair and
   * namespace are deleted; its address is free again unless it moved away (it goes on
   * elsewhere) or it was not given out here.
   *
   * <p>The pair goes explicitly: a tree killed after its move leaves its connections to
   * the kernel, which holds the namespace (and would keep the pair) while it retries their
   * FINs -- on a link that left the bridge at the freeze, so they reach no peer.
   */
  public synchronized void ended(String containerId, boolean movedAway) {
    OwnAddress own = running.remove(containerId);
    if (own == null) {
      return;
    }
    deleteQuietly(linkDelete(own.getHostVeth()));
    if (containerId.equals(taken.get(own.getAddress()))) {
      deleteQuietly(netnsDelete(netnsName(containerId)));
      if (!movedAway) {
        taken.remove(own.getAddress());
      }
    }
  }

  private void freeFinished(Predicate<String> applicationRunsHere) {
    taken.entrySet().removeIf(e -> !running.containsKey(e.getValue())
        && !applicationRunsHere.test(applicationOf(e.getValue())));
  }

  private static String applicationOf(String containerId) {
    return org.apache.hadoop.yarn.api.records.ContainerId.fromString(containerId)
        .getApplicationAttemptId().getApplicationId().toString();
  }

  /**
   * CRIU's {@code --external} for a restore of a tree with an address of its own into the
   * container {@code containerId} here: its {@code eth0}'s peer is named
   * {@link #hostVeth} and joins the bridge.
   */
  public String restoreExternal(String containerId) {
    return "veth[" + OwnAddress.CONTAINER_INTERFACE + "]:" + hostVeth(containerId) + "@"
        + bridge;
  }

  /** The bridge's own address: a restored tree announces itself by sending it a datagram. */
  public String getBridgeAddress() {
    return bridgeAddress;
  }

  /**
   * Cuts a container's link to the cluster network (its host end leaves the bridge), or
   * joins it again. While a tree with an address of its own is frozen for a move, nothing
   * reaches its sockets on this node: no byte the target will not have is acknowledged
   * here. The veth pair stays up, so the routes CRIU dumps are those of a live link.
   */
  public static void setBridged(OwnAddress own, boolean bridged) throws IOException {
    if (own.getBridge() == null) {
      throw new IOException("the bridge of " + own + " is not known here");
    }
    new ProcessIp().run(bridged
        ? Arrays.asList("link", "set", "dev", own.getHostVeth(), "master", own.getBridge())
        : Arrays.asList("link", "set", "dev", own.getHostVeth(), "nomaster"));
  }

  /**
   * Deletes a moved container's veth pair on its source before its frozen tree is killed,
   * so the sockets the kill closes send nothing. Leaving the bridge is not enough: the
   * host answers the tree on the detached link for its own addresses (Linux's weak host
   * model: ARP and IP for a local address on any interface), so the FIN of a connection
   * to a peer on this host (a DataNode of an HDFS pipeline) reached it and broke the
   * connection the tree keeps on the target. Idempotent (a pair gone already is fine).
   */
  public static void cut(OwnAddress own) throws IOException {
    try {
      new ProcessIp().run(linkDelete(own.getHostVeth()));
    } catch (IOException e) {
      if (new File("/sys/class/net/" + own.getHostVeth()).exists()) {
        throw e;
      }
    }
  }

  private static List<String> linkDelete(String link) {
    return Arrays.asList("link", "delete", "dev", link);
  }

  private static List<String> netnsDelete(String ns) {
    return Arrays.asList("netns", "delete", ns);
  }

  private void deleteQuietly(List<String> args) {
    try {
      ip.run(args);
    } catch (IOException e) {
      LOG.debug("not deleted (gone already?): {}", e.getMessage());
    }
  }

  /** {@code ip} as a process, bounded, its output drained (ProcessCriuCommandRunner). */
  static final class ProcessIp implements Ip {
    @Override
    public String run(List<String> args) throws IOException {
      List<String> cmd = new ArrayList<>();
      cmd.add("ip");
      cmd.addAll(args);
      CriuCommandResult r = new ProcessCriuCommandRunner().run(cmd, IP_TIMEOUT_MS);
      if (r.isTimedOut()) {
        throw new IOException(String.join(" ", cmd) + " did not end within "
            + IP_TIMEOUT_MS + " ms");
      }
      if (!r.isSuccess()) {
        throw new IOException(String.join(" ", cmd) + " failed (" + r.getExitCode() + "): "
            + (r.getStderr() + r.getStdout()).trim());
      }
      return r.getStdout();
    }
  }
}
