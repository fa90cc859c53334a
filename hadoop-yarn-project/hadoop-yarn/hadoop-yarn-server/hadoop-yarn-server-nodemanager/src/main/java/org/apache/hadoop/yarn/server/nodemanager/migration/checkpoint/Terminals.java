/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.server.nodemanager.migration.checkpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pseudo-terminals a tree holds, by index: a slave it holds ({@code /dev/pts/N}) and a
 * master ({@code /dev/ptmx}, its index read from the fd's {@code tty-index}). CRIU restores
 * each pair at the same index N, which must then be free on the target host (a terminal
 * there, e.g. someone's ssh session, holding N fails the restore); the source asks the
 * target before the freeze.
 */
public final class Terminals {

  private static final Pattern SLAVE = Pattern.compile("/dev/pts/(\\d+)");
  private static final Pattern TTY_INDEX = Pattern.compile("(?m)^tty-index:\\s*(\\d+)\\s*$");

  private Terminals() {
  }

  /** The indexes of the pseudo-terminals the tree holds, ascending, each once. */
  public static List<Integer> indexesOf(TreeFds tree) {
    TreeSet<Integer> out = new TreeSet<>();
    for (TreeFds.Entry e : tree.all()) {
      if (e.getFd() == null) {
        continue;
      }
      Matcher m = SLAVE.matcher(e.getTarget());
      if (m.matches()) {
        out.add(Integer.parseInt(m.group(1)));
      } else if (e.getTarget().equals("/dev/ptmx") || e.getTarget().equals("/dev/pts/ptmx")) {
        Integer index = masterIndex(e.procFdInfo());
        if (index != null) {
          out.add(index);
        }
      }
    }
    return new ArrayList<>(out);
  }

  /** The device paths of the indexes, as messages name them. */
  public static List<String> names(List<Integer> indexes) {
    List<String> out = new ArrayList<>();
    for (int i : indexes) {
      out.add("/dev/pts/" + i);
    }
    return out;
  }

  private static Integer masterIndex(Path fdInfo) {
    try {
      Matcher m = TTY_INDEX.matcher(new String(Files.readAllBytes(fdInfo),
          StandardCharsets.US_ASCII));
      return m.find() ? Integer.valueOf(m.group(1)) : null;
    } catch (IOException | NumberFormatException e) {
      return null; // closed meanwhile
    }
  }
}
