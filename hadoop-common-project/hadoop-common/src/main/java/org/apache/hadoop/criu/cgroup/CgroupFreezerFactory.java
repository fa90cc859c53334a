/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.criu.cgroup;

import java.io.IOException;
import java.nio.file.Path;

/** Creates freezer cgroups under one root directory. */
public interface CgroupFreezerFactory {

  /** The directory new cgroups are created in. */
  Path root();

  /**
   * Creates (mkdir) the cgroup {@code root()/name}; an existing one is reused.
   *
   * @param name relative name, may contain '/', never ".."
   */
  CgroupFreezer create(String name) throws IOException;

  /** A handle on an existing cgroup {@code root()/name}, e.g. one CRIU recreated. */
  CgroupFreezer open(String name) throws IOException;
}
