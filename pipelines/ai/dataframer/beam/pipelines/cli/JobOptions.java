package ai.dataframer.beam.pipelines.cli;

import picocli.CommandLine.Option;

/**
 * Options every job shares: where specs and runs are kept. The Beam options passed through are each
 * command's own {@code @Unmatched} field, since picocli collects unmatched arguments only on the
 * command itself, not on its mixins.
 */
public final class JobOptions {
  @Option(
      names = "--store",
      defaultValue = "./dataframer-store",
      description =
          "Spec and run store: a directory on any Beam filesystem (default: ${DEFAULT-VALUE}).")
  String store;

  public String store() {
    return store;
  }
}
