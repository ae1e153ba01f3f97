package ai.dataframer.beam.pipelines.cli;

import ai.dataframer.beam.core.spec.SpecStatus;
import ai.dataframer.beam.io.store.SpecRecord;
import ai.dataframer.beam.io.store.SpecStore;
import ai.dataframer.beam.io.store.SpecVersion;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dataframer spec show NAME|ID}: a version's YAML, or the spec and its versions as JSON. */
@Command(
    name = "show",
    description = {
      "Print the YAML of a spec version (default: the latest SUCCEEDED one).",
      "With --json: the spec record, its versions, and the chosen version's YAML (null when the"
          + " spec has no SUCCEEDED version)."
    })
public final class SpecShowCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME|ID", description = "Spec name or id.")
  String spec;

  @Option(names = "--version", description = "Version number (default: latest SUCCEEDED).")
  Integer version;

  // Not mixinStandardHelpOptions: its -V/--version would clash with the spec version above.
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Option(names = "--json", description = "Print the spec and its versions as JSON.")
  boolean json;

  @Mixin JobOptions job = new JobOptions();

  @CommandLine.Spec CommandLine.Model.CommandSpec commandSpec;

  @Override
  public Integer call() {
    StoreViews.useFileSystemsFor(job.store());
    SpecStore store = SpecStore.at(job.store());
    PrintWriter out = commandSpec.commandLine().getOut();
    if (!json) {
      String yaml = store.readVersionYaml(spec, version);
      out.print(yaml.endsWith("\n") ? yaml : yaml + "\n");
      out.flush();
      return 0;
    }
    SpecRecord record = store.find(spec);
    List<SpecVersion> versions = store.versions(record.id());
    ObjectNode node = StoreViews.spec(record, versions);
    boolean readable = version != null || record.status() == SpecStatus.SUCCEEDED;
    node.put("version", version != null ? version : readable ? record.latestVersion() : null);
    node.put("yaml", readable ? store.readVersionYaml(record.id(), version) : null);
    StoreViews.printJson(out, node);
    return 0;
  }
}
