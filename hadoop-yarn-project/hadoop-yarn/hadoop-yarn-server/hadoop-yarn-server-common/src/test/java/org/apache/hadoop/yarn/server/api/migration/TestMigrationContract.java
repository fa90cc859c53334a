/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.api.migration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.hadoop.criu.BoundedRun;
import org.apache.hadoop.yarn.conf.MigrationConfiguration;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TestRule;

/**
 * What the RM, the NMs and the launch scripts agree on is defined once: the main sources of
 * every module (Java and shell, comments aside) spell the exit status, the environment
 * names and the id pattern only in {@link MigrationContract}; CRIU's action script, which
 * receives no argument, only reads its two environment names.
 */
public class TestMigrationContract {

  @ClassRule
  public static final TestRule BOUND = BoundedRun.classBound(60);

  private static final String CONTRACT = "MigrationContract.java";
  private static final String ACTION_SCRIPT = "restore-action.sh";

  @Test
  public void givenMainSources_whenSearched_thenTheContractIsSpelledOnlyInItsClass()
      throws IOException {
    List<Path> sources = mainSources();
    assertTrue("main sources found: " + sources.size(), sources.size() > 100);
    assertTrue("the launch scripts are among them", sources.stream()
        .anyMatch(p -> p.endsWith(ACTION_SCRIPT)));

    assertOnlyIn(sources, Pattern.compile("\\b" + MigrationContract.EXIT_MIGRATED + "\\b"),
        CONTRACT);
    assertOnlyIn(sources, Pattern.compile(Pattern.quote(MigrationContract.RESTORE_ENV)),
        CONTRACT);
    for (String actionEnv : Arrays.asList(MigrationContract.RESTORED_MARKER_ENV,
        MigrationContract.TEMP_PATHS_ENV)) {
      assertOnlyIn(sources, Pattern.compile(Pattern.quote(actionEnv)), CONTRACT,
          ACTION_SCRIPT);
    }
    assertOnlyIn(sources, Pattern.compile(Pattern.quote("[A-Za-z0-9][A-Za-z0-9_.-]")),
        CONTRACT);
    // "<Step> of <container> (migration <id>, node <node>) failed: <cause>" is written
    // by MigrationFailure alone
    assertOnlyIn(sources, Pattern.compile("\\) failed: \""), "MigrationFailure.java");
    assertOnlyIn(sources, Pattern.compile("\" \\(migration \" \\+.*failed"),
        "MigrationFailure.java");
    // "Migration of <container> ... rejected: <cause>. <advice>." by MigrationRejection alone
    assertOnlyIn(sources, Pattern.compile("rejected: \""), "MigrationRejection.java");
  }

  @Test
  public void givenIds_whenChecked_thenOnlyTheSafeShapePasses() {
    for (String good : Arrays.asList("migration_1700000000000_0001",
        "container_e17_1700000000000_0001_01_000002", "m-1", "a.b")) {
      assertTrue(good, MigrationContract.isSafeId(good));
      assertEquals(good, MigrationContract.checkId("id", good));
    }
    char[] long129 = new char[129];
    Arrays.fill(long129, 'a');
    for (String bad : Arrays.asList(null, "", ".", "..", "../x", "a/b", ".hidden", "_x",
        "a b", "a\nb", "a$(id)", new String(long129))) {
      assertFalse(String.valueOf(bad), MigrationContract.isSafeId(bad));
      try {
        MigrationContract.checkId("migration id", bad);
        fail("accepted " + bad);
      } catch (IllegalArgumentException e) {
        assertTrue(e.getMessage(), e.getMessage().startsWith("Invalid migration id: "));
      }
    }
  }

  /**
   * Every key of {@link MigrationConfiguration} is read by a main class other than the one
   * that defines it, and every migration key the docs name is one of them: a key documented
   * but read by nothing is a defect.
   */
  @Test
  public void givenConfigurationKeys_whenSearched_thenEachIsReadAndEachDocumentedOneExists()
      throws Exception {
    List<Path> sources = mainSources();
    StringBuilder readers = new StringBuilder();
    for (Path f : sources) {
      if (!f.endsWith("MigrationConfiguration.java")) {
        readers.append(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
      }
    }
    java.util.Set<String> keys = new java.util.TreeSet<>();
    List<String> unread = new ArrayList<>();
    for (java.lang.reflect.Field f : MigrationConfiguration.class.getFields()) {
      if (f.getType() != String.class || f.getName().startsWith("DEFAULT_")
          || f.getName().endsWith("_PREFIX")) {
        continue;
      }
      String value = (String) f.get(null);
      if (!value.startsWith("yarn.") && !value.startsWith("security.")) {
        continue;
      }
      keys.add(value);
      if (!Pattern.compile("\\b" + f.getName() + "\\b").matcher(readers).find()) {
        unread.add(f.getName() + " (" + value + ")");
      }
    }
    assertTrue("keys found: " + keys, keys.size() > 20);
    assertEquals("keys read by no main class: " + unread, 0, unread.size());

    List<String> unknown = new ArrayList<>();
    Pattern documented = Pattern.compile(
        "yarn\\.(?:nodemanager|resourcemanager)\\.migration\\.[a-z][a-z0-9.-]*[a-z0-9]");
    for (Path doc : docs()) {
      java.util.regex.Matcher m = documented.matcher(new String(Files.readAllBytes(doc),
          StandardCharsets.UTF_8));
      while (m.find()) {
        if (!keys.contains(m.group())) {
          unknown.add(doc.getFileName() + ": " + m.group());
        }
      }
    }
    assertEquals("documented keys that no code defines: " + unknown, 0, unknown.size());
  }

  /**
   * README.md, BUILDING.txt, docs/*.md, the sample yarn-site.xml and the pseudo cluster's
   * script.
   */
  private static List<Path> docs() throws IOException {
    Path root = repositoryRoot().toPath();
    List<Path> docs = new ArrayList<>(Arrays.asList(root.resolve("README.md"),
        root.resolve("BUILDING.txt"),
        root.resolve("hadoop-yarn-project/hadoop-yarn/conf/yarn-site.xml"),
        root.resolve("dev-support/bin/pseudo-cluster")));
    try (Stream<Path> md = Files.list(root.resolve("docs"))) {
      md.filter(p -> p.toString().endsWith(".md")).forEach(docs::add);
    }
    for (Path d : docs) {
      assertTrue("no " + d, Files.isRegularFile(d));
    }
    return docs;
  }

  /** Lines (comments aside) matching {@code p} are only in files named {@code allowed}. */
  private static void assertOnlyIn(List<Path> sources, Pattern p, String... allowed)
      throws IOException {
    List<String> found = new ArrayList<>();
    for (Path f : sources) {
      List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        String code = withoutComment(lines.get(i), f.toString().endsWith(".sh"));
        if (p.matcher(code).find()
            && !Arrays.asList(allowed).contains(f.getFileName().toString())) {
          found.add(f + ":" + (i + 1) + ": " + lines.get(i).trim());
        }
      }
    }
    assertEquals(p + " spelled outside " + Arrays.toString(allowed) + ": " + found, 0,
        found.size());
  }

  private static String withoutComment(String line, boolean shell) {
    String t = line.trim();
    if (shell) {
      return t.startsWith("#") ? "" : t;
    }
    if (t.startsWith("*") || t.startsWith("/*") || t.startsWith("//")) {
      return "";
    }
    int c = t.indexOf("//");
    return c >= 0 ? t.substring(0, c) : t;
  }

  private static File repositoryRoot() {
    File root = new File(System.getProperty("user.dir")).getAbsoluteFile();
    while (root != null && !new File(root, "dev-support").isDirectory()) {
      root = root.getParentFile();
    }
    assertTrue("the repository root above " + System.getProperty("user.dir"), root != null);
    return root;
  }

  /** Every module's src/main Java and shell files. */
  private static List<Path> mainSources() throws IOException {
    try (Stream<Path> all = Files.walk(repositoryRoot().toPath())) {
      return all.filter(p -> p.toString().contains("/src/main/"))
          .filter(p -> !p.toString().contains("/target/"))
          .filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".sh"))
          .collect(Collectors.toList());
    }
  }
}
