/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.resourcemanager.migration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.hadoop.criu.BoundedRun;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/**
 * The RM side's packages depend one way: the top package (the MigrationManager) may use
 * every sub-package, no sub-package names the top package, and the sub-packages form no
 * circle. Read from this module's sources.
 */
public class TestMigrationPackages {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  private static final String TOP = "org.apache.hadoop.yarn.server.resourcemanager.migration";
  private static final Pattern USE = Pattern.compile(Pattern.quote(TOP)
      + "\\.([A-Za-z][A-Za-z0-9_]*)");

  @Test
  public void givenTheSources_whenDependenciesRead_thenNoSubPackageUsesTheTopOrACircle()
      throws IOException {
    File root = new File("src/main/java/" + TOP.replace('.', '/'));
    assertTrue("sources at " + root.getAbsolutePath(), root.isDirectory());
    Map<String, Set<String>> uses = new TreeMap<>();
    List<String> backwards = new ArrayList<>();
    File[] subs = root.listFiles(File::isDirectory);
    for (File sub : subs == null ? new File[0] : subs) {
      Set<String> to = new TreeSet<>();
      File[] files = sub.listFiles((d, n) -> n.endsWith(".java"));
      for (File f : files == null ? new File[0] : files) {
        Matcher m = USE.matcher(new String(Files.readAllBytes(f.toPath()),
            StandardCharsets.UTF_8));
        while (m.find()) {
          String name = m.group(1);
          if (Character.isUpperCase(name.charAt(0))) {
            backwards.add(sub.getName() + "/" + f.getName() + " uses " + name);
          } else if (!name.equals(sub.getName())) {
            to.add(name);
          }
        }
      }
      uses.put(sub.getName(), to);
    }
    assertTrue("sub-packages found: " + uses, uses.size() >= 8);
    assertEquals("sub-packages naming the top package", new ArrayList<String>(), backwards);
    for (String start : uses.keySet()) {
      assertEquals("a circle through " + start + " in " + uses, null,
          circle(start, start, uses, new ArrayList<String>()));
    }
  }

  /** @return a path from {@code at} back to {@code start}, or null */
  private static List<String> circle(String start, String at, Map<String, Set<String>> uses,
      List<String> path) {
    Set<String> next = uses.get(at);
    for (String n : next == null ? new TreeSet<String>() : next) {
      if (path.contains(n)) {
        continue;
      }
      List<String> p = new ArrayList<>(path);
      p.add(n);
      if (n.equals(start)) {
        return p;
      }
      List<String> found = circle(start, n, uses, p);
      if (found != null) {
        return found;
      }
    }
    return null;
  }
}
