/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.dist;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Keeps the sample etc/hadoop/yarn-site.xml (hadoop-yarn-project/hadoop-yarn/conf) in sync
 * with {@link MigrationConfiguration}: every key of the class is listed there (as a
 * property, or commented out when its default is empty or none), every listed migration
 * key exists, and every value given equals the class's DEFAULT_ constant.
 */
public class TestSampleConfiguration {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  private static final Pattern NAME = Pattern.compile("<name>\\s*([^<\\s]+)\\s*</name>");
  private static final Pattern COMMENT = Pattern.compile("<!--(.*?)-->", Pattern.DOTALL);

  private static File confDir;
  private static String yarnSiteText;
  /** Active (not commented) properties of the sample yarn-site.xml. */
  private static Map<String, String> active;
  /** Keys named inside comments. */
  private static TreeSet<String> commented;
  /** Keys of MigrationConfiguration: value -> field name. */
  private static Map<String, String> keys;

  @BeforeClass
  public static void load() throws Exception {
    String dir = System.getProperty("sample.conf.dir");
    assertTrue("system property sample.conf.dir is not set", dir != null);
    confDir = new File(dir);
    File yarnSite = new File(confDir, "yarn-site.xml");
    yarnSiteText = new String(Files.readAllBytes(yarnSite.toPath()), StandardCharsets.UTF_8);
    active = properties(yarnSite);
    commented = new TreeSet<>();
    Matcher c = COMMENT.matcher(yarnSiteText);
    while (c.find()) {
      Matcher n = NAME.matcher(c.group(1));
      while (n.find()) {
        commented.add(n.group(1));
      }
    }
    keys = new LinkedHashMap<>();
    for (Field f : MigrationConfiguration.class.getFields()) {
      if (isKey(f)) {
        keys.put((String) f.get(null), f.getName());
      }
    }
    assertTrue("no keys found in MigrationConfiguration", keys.size() > 10);
  }

  private static boolean isKey(Field f) {
    int m = f.getModifiers();
    return Modifier.isStatic(m) && Modifier.isFinal(m) && f.getType() == String.class
        && !f.getName().startsWith("DEFAULT_") && !f.getName().endsWith("_PREFIX");
  }

  static Map<String, String> properties(File xml) throws Exception {
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml);
    assertEquals(xml + ": root element", "configuration",
        doc.getDocumentElement().getTagName());
    Map<String, String> props = new LinkedHashMap<>();
    NodeList list = doc.getElementsByTagName("property");
    for (int i = 0; i < list.getLength(); i++) {
      Element p = (Element) list.item(i);
      String name = p.getElementsByTagName("name").item(0).getTextContent().trim();
      NodeList v = p.getElementsByTagName("value");
      String value = v.getLength() == 0 ? null : v.item(0).getTextContent().trim();
      if (props.put(name, value) != null) {
        fail(xml + ": property " + name + " is set twice");
      }
    }
    return props;
  }

  @Test
  public void everyKeyOfTheClassIsInTheSample() {
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, String> k : keys.entrySet()) {
      if (k.getValue().contains("_INTERNAL_")) {
        continue; // set by a daemon for itself, never by a user: not in the sample
      }
      if (!active.containsKey(k.getKey()) && !commented.contains(k.getKey())) {
        missing.add(k.getValue() + " = " + k.getKey());
      }
    }
    assertTrue("keys of MigrationConfiguration missing from the sample yarn-site.xml ("
        + confDir + "); add each with its default and description: " + missing,
        missing.isEmpty());
  }

  @Test
  public void everyMigrationKeyOfTheSampleExists() {
    List<String> unknown = new ArrayList<>();
    TreeSet<String> named = new TreeSet<>(active.keySet());
    named.addAll(commented);
    for (String name : named) {
      boolean migration = name.contains(".migration.") || name.startsWith("security.")
          && name.contains("migration");
      if (migration && !keys.containsKey(name)) {
        unknown.add(name);
      }
    }
    assertTrue("migration keys in the sample yarn-site.xml that MigrationConfiguration "
        + "does not define: " + unknown, unknown.isEmpty());
  }

  @Test
  public void sampleValuesAreTheDefaults() throws Exception {
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, String> k : keys.entrySet()) {
      String value = active.get(k.getKey());
      if (value == null) {
        continue;
      }
      Field def;
      try {
        def = MigrationConfiguration.class.getField("DEFAULT_" + k.getValue());
      } catch (NoSuchFieldException e) {
        wrong.add(k.getKey() + " is set but has no DEFAULT_" + k.getValue()
            + " (comment it out)");
        continue;
      }
      String expected = String.valueOf(def.get(null));
      if (!expected.equals(value)) {
        wrong.add(k.getKey() + " = " + value + ", default " + expected);
      }
    }
    assertTrue("sample values differ from the defaults: " + wrong, wrong.isEmpty());
  }

  /** Only keys without a default (or with an empty one) may be shown commented out. */
  @Test
  public void keysWithADefaultAreSet() throws Exception {
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, String> k : keys.entrySet()) {
      if (active.containsKey(k.getKey())) {
        continue;
      }
      try {
        Object def = MigrationConfiguration.class.getField("DEFAULT_" + k.getValue()).get(null);
        if (!String.valueOf(def).isEmpty()) {
          wrong.add(k.getKey() + " (default " + def + ")");
        }
      } catch (NoSuchFieldException e) {
        // no default: a comment is right
      }
    }
    assertTrue("keys with a default that the sample yarn-site.xml only shows commented "
        + "out; set them to their default: " + wrong, wrong.isEmpty());
  }

  @Test
  public void migrationIsWiredIn() {
    assertEquals("org.apache.hadoop.yarn.server.nodemanager.migration.executor"
        + ".CheckpointableContainerExecutor",
        active.get("yarn.nodemanager.container-executor.class"));
    String aux = active.get("yarn.nodemanager.aux-services");
    assertTrue(aux, aux != null && aux.matches("(.*,)?\\s*container_migration\\s*(,.*)?"));
    assertEquals("org.apache.hadoop.yarn.server.nodemanager.migration.agent"
        + ".MigrationAuxService",
        active.get("yarn.nodemanager.aux-services.container_migration.class"));
    if (aux.matches("(.*,)?\\s*mapreduce_shuffle\\s*(,.*)?")) {
      assertEquals("org.apache.hadoop.mapred.MigratingShuffleHandler",
          active.get("yarn.nodemanager.aux-services.mapreduce_shuffle.class"));
    }
  }

  @Test
  public void otherSampleFilesParse() throws Exception {
    for (String f : new String[] {"core-site.xml", "capacity-scheduler.xml",
        "hdfs-site.xml", "mapred-site.xml"}) {
      properties(new File(confDir, f));
    }
    assertEquals("yarn", properties(new File(confDir, "mapred-site.xml"))
        .get("mapreduce.framework.name"));
    assertEquals("100", properties(new File(confDir, "capacity-scheduler.xml"))
        .get("yarn.scheduler.capacity.root.default.capacity"));
    assertTrue(new File(confDir, "log4j.properties").isFile());
    assertTrue(new File(confDir, "workers").isFile());
  }
}
