package ai.dataframer.beam.pipelines;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code dataframer} command line: spec creation, runs, and both in one job. */
@Command(
    name = "dataframer",
    mixinStandardHelpOptions = true,
    version = "dataframer-beam 0.1.0",
    description = "DataFramer synthetic data on Apache Beam.")
public final class DataFramerCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec commandSpec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new DataFramerCli()).execute(args));
  }

  @Override
  public void run() {
    commandSpec.commandLine().usage(System.out);
  }
}
