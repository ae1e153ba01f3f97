package ai.dataframer.beam.pipelines.cli;

import ai.dataframer.beam.io.store.CorruptRecordException;
import ai.dataframer.beam.io.store.SpecStore;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dataframer spec delete NAME|ID}: removes the spec and all its versions. */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    description = {
      "Delete a spec and all its versions; its name can then be used again.",
      "Refused while a job is creating a version of it. Runs of the spec are kept.",
      "A spec whose spec.json is unreadable can be deleted too."
    })
public final class SpecDeleteCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME|ID", description = "Spec name or id.")
  String spec;

  @Option(names = "--json", description = "Print what was deleted as JSON.")
  boolean json;

  @Mixin JobOptions job = new JobOptions();

  @CommandLine.Spec CommandLine.Model.CommandSpec commandSpec;

  @Override
  public Integer call() {
    StoreViews.useFileSystemsFor(job.store());
    SpecStore store = SpecStore.at(job.store());
    String id;
    String name;
    int versions;
    try {
      var record = store.find(spec);
      id = record.id();
      name = record.name();
      versions = store.versions(id).size();
    } catch (CorruptRecordException unreadable) {
      id = null;
      name = spec;
      versions = -1;
    }
    store.delete(spec);
    PrintWriter out = commandSpec.commandLine().getOut();
    if (json) {
      ObjectNode node = StoreViews.JSON.createObjectNode();
      node.put("deleted", true);
      node.put("id", id);
      node.put("name", name);
      if (versions >= 0) {
        node.put("versions", versions);
      }
      StoreViews.printJson(out, node);
    } else {
      out.println(
          "deleted spec '"
              + name
              + "'"
              + (id == null ? " (its spec.json was unreadable)" : " (id " + id + ")")
              + (versions >= 0 ? ", " + versions + " version" + (versions == 1 ? "" : "s") : ""));
      out.flush();
    }
    return 0;
  }
}
