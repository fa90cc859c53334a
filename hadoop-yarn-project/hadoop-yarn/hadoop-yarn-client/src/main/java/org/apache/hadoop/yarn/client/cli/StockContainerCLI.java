/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE.txt).
 */
package org.apache.hadoop.yarn.client.cli;

import java.util.function.Supplier;

import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.hadoop.classification.InterfaceAudience.Private;

/**
 * Hadoop 3.1.0's own {@code ApplicationCLI}, run for every {@code yarn container}
 * invocation that is not a migration command. The only change: its usage text (printed for
 * {@code -help} and on every usage error) also lists the migration options, and goes to
 * the CLI's output stream instead of {@code System.out}.
 *
 * <p>{@code ApplicationCLI.printUsage(String, Options)} is package-private; overriding it
 * needs this class in the same runtime package, i.e. loaded by the same class loader as
 * hadoop-yarn-client (true for the {@code yarn} launcher and for tests). Were it not,
 * the stock method would run and print the stock options only.
 */
@Private
class StockContainerCLI extends ApplicationCLI {

  /** Gives the options added to the stock usage text, a fresh set each time. */
  private final Supplier<Options> extraOptions;

  StockContainerCLI(Supplier<Options> extraOptions) {
    this.extraOptions = extraOptions;
  }

  @Override
  void printUsage(String title, Options stockOptions) {
    for (Object option : extraOptions.get().getOptions()) {
      stockOptions.addOption((Option) option);
    }
    ContainerMigrationCLI.printHelp(sysout, title, stockOptions);
  }
}
