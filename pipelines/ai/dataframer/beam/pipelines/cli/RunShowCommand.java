package ai.dataframer.beam.pipelines.cli;

import ai.dataframer.beam.core.run.RunManifest;
import ai.dataframer.beam.io.store.RunStore;
import ai.dataframer.beam.io.store.SpecStore;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dataframer run show ID}: one run object. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "Show a run: a summary, or with --json its manifest (the run object).")
public final class RunShowCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "ID", description = "Run id.")
  String id;

  @Option(names = "--json", description = "Print the run's manifest.json.")
  boolean json;

  @Mixin JobOptions job = new JobOptions();

  @CommandLine.Spec CommandLine.Model.CommandSpec commandSpec;

  @Override
  public Integer call() {
    StoreViews.useFileSystemsFor(job.store());
    RunManifest run = RunStore.at(job.store()).read(id);
    PrintWriter out = commandSpec.commandLine().getOut();
    if (json) {
      out.println(run.toJson());
    } else {
      out.print(summary(run, specName(run.specId())));
    }
    out.flush();
    return 0;
  }

  private String specName(String specId) {
    try {
      return SpecStore.at(job.store()).find(specId).name();
    } catch (RuntimeException gone) {
      return null; // Deleted or unreadable: the id says enough.
    }
  }

  static String summary(RunManifest run, String specName) {
    StringBuilder text = new StringBuilder("run " + run.id() + "\n");
    line(
        text,
        "spec",
        (specName == null ? run.specId() : specName + " (id " + run.specId() + ")")
            + ", version "
            + run.specVersion());
    line(text, "status", run.status().toString());
    line(
        text,
        "samples",
        run.samplesCompleted()
            + " completed, "
            + run.samplesFailed()
            + " failed of "
            + run.numberOfSamples());
    line(text, "cost", StoreViews.usd(run.totalCost()));
    for (Map.Entry<String, Map<String, Long>> stage : run.tokenUsage().entrySet()) {
      line(
          text,
          "tokens",
          stage.getKey()
              + ": "
              + stage.getValue().entrySet().stream()
                  .map(count -> count.getKey() + " " + count.getValue())
                  .collect(Collectors.joining(", ")));
    }
    line(text, "created", run.createdAt());
    line(text, "completed", StoreViews.orDash(run.completedAt()));
    line(text, "seed", String.valueOf(run.seed()));
    line(text, "output", StoreViews.orDash(run.output()));
    if (run.seedRowsRead() > 0 || run.seedRowsRejected() > 0) {
      line(
          text, "seed rows", run.seedRowsRead() + " read, " + run.seedRowsRejected() + " rejected");
      for (String reason : run.seedRejectReasons()) {
        line(text, "rejected", reason);
      }
    }
    for (String file : run.generatedFiles()) {
      line(text, "file", file);
    }
    if (run.errorMessage() != null) {
      line(text, "error", run.errorMessage());
    }
    if (!run.status().isTerminal() && run.owner() != null) {
      line(text, "running as", run.owner().describe());
    }
    return text.toString();
  }

  private static void line(StringBuilder text, String label, String value) {
    String key = label + ":";
    text.append("  ").append(key).append(" ".repeat(12 - key.length()));
    text.append(value).append('\n');
  }
}
