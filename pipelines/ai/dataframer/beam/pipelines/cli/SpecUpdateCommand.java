package ai.dataframer.beam.pipelines.cli;

import ai.dataframer.beam.core.spec.SpecDocument;
import ai.dataframer.beam.core.spec.SpecYaml;
import ai.dataframer.beam.io.store.SpecRecord;
import ai.dataframer.beam.io.store.SpecStore;
import ai.dataframer.beam.io.store.StoreFiles;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.io.FileSystems;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dataframer spec update NAME|ID --file spec.yaml}: an edited spec as a new version. The
 * usual edit is {@code spec show NAME > spec.yaml}, change it, update.
 */
@Command(
    name = "update",
    mixinStandardHelpOptions = true,
    description = {
      "Store an edited spec YAML as the spec's next version, after validating it.",
      "A metadata block in the file (as spec show prints) is checked to be this spec's and"
          + " otherwise ignored; the store writes its own."
    })
public final class SpecUpdateCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME|ID", description = "Spec name or id.")
  String spec;

  @Option(
      names = "--file",
      required = true,
      paramLabel = "FILE",
      description = "The spec YAML (any Beam filesystem path).")
  String file;

  @Option(names = "--json", description = "Print the spec and its versions as JSON.")
  boolean json;

  @Mixin JobOptions job = new JobOptions();

  @CommandLine.Spec CommandLine.Model.CommandSpec commandSpec;

  @Override
  public Integer call() {
    StoreViews.useFileSystemsFor(job.store(), file);
    SpecStore store = SpecStore.at(job.store());
    SpecRecord record = store.find(spec);
    SpecDocument document =
        SpecYaml.parse(StoreFiles.read(FileSystems.matchNewResource(file, false)), file);
    if (document.metadata() != null
        && document.metadata().id() != null
        && !document.metadata().id().equals(record.id())) {
      throw new IllegalArgumentException(
          file
              + " is version "
              + document.metadata().version()
              + " of spec '"
              + document.metadata().name()
              + "', not of '"
              + record.name()
              + "'; remove its metadata block to store it under '"
              + record.name()
              + "'");
    }
    int version = store.update(record.id(), document.spec());
    PrintWriter out = commandSpec.commandLine().getOut();
    if (json) {
      ObjectNode node = StoreViews.spec(store.find(record.id()), store.versions(record.id()));
      node.put("version", version);
      StoreViews.printJson(out, node);
    } else {
      out.printf(
          "spec '%s' (id %s) version %d SUCCEEDED: %s/specs/%s/v%d.yaml%n",
          record.name(), record.id(), version, job.store(), record.id(), version);
      out.flush();
    }
    return 0;
  }
}
