package ai.dataframer.beam.pipelines.cli;

import ai.dataframer.beam.core.run.RunManifest;
import ai.dataframer.beam.io.store.CorruptRecordException;
import ai.dataframer.beam.io.store.Listing;
import ai.dataframer.beam.io.store.NotInStoreException;
import ai.dataframer.beam.io.store.RunStore;
import ai.dataframer.beam.io.store.SpecRecord;
import ai.dataframer.beam.io.store.SpecStore;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dataframer run list}: the runs in the store, newest first. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "List runs, newest first: id, spec, version, status, samples completed/failed of N, cost,"
          + " created_at.",
      "An unreadable manifest is reported with its file; the others are still listed."
    })
public final class RunListCommand implements Callable<Integer> {
  @Option(
      names = {"--spec", "--spec-id"},
      paramLabel = "NAME|ID",
      description = "Only the runs of this spec (also of a deleted one, by name or id).")
  String spec;

  @Option(names = "--json", description = "Print {\"runs\": [...], \"problems\": [...]} as JSON.")
  boolean json;

  @Mixin JobOptions job = new JobOptions();

  @CommandLine.Spec CommandLine.Model.CommandSpec commandSpec;

  @Override
  public Integer call() throws JacksonException {
    StoreViews.useFileSystemsFor(job.store());
    Map<String, String> names = new HashMap<>();
    SpecStore specs = SpecStore.at(job.store());
    for (SpecRecord record : specs.list().items()) {
      names.put(record.id(), record.name());
    }
    Listing<RunManifest> listing = RunStore.at(job.store()).list(null);
    List<RunManifest> runs = listing.items();
    if (spec != null) {
      Set<String> ids = specIds(specs, spec);
      runs = runs.stream().filter(run -> ids.contains(run.specId())).toList();
    }
    PrintWriter out = commandSpec.commandLine().getOut();
    if (json) {
      ObjectNode root = StoreViews.JSON.createObjectNode();
      root.put("store", job.store());
      ArrayNode array = root.putArray("runs");
      for (RunManifest run : runs) {
        array.add(StoreViews.JSON.readTree(run.toJson()));
      }
      root.set("problems", StoreViews.JSON.valueToTree(listing.problems()));
      StoreViews.printJson(out, root);
      return 0;
    }
    if (runs.isEmpty() && listing.problems().isEmpty()) {
      out.println(
          "no runs" + (spec == null ? "" : " of spec '" + spec + "'") + " in " + job.store());
    } else {
      List<List<String>> rows = new ArrayList<>();
      for (RunManifest run : runs) {
        rows.add(
            List.of(
                run.id(),
                names.getOrDefault(run.specId(), run.specId()),
                String.valueOf(run.specVersion()),
                run.status().toString(),
                run.samplesCompleted() + "/" + run.samplesFailed() + " of " + run.numberOfSamples(),
                StoreViews.usd(run.totalCost()),
                run.createdAt()));
      }
      out.print(
          StoreViews.table(
              List.of("ID", "SPEC", "VERSION", "STATUS", "COMPLETED/FAILED", "COST", "CREATED_AT"),
              rows));
      for (String problem : listing.problems()) {
        out.println("unreadable: " + problem);
      }
    }
    out.flush();
    return 0;
  }

  /** The ids runs of {@code spec} carry: its id, or the id its name implies if it is gone. */
  private static Set<String> specIds(SpecStore specs, String spec) {
    try {
      return Set.of(specs.find(spec).id());
    } catch (NotInStoreException | CorruptRecordException notReadable) {
      return Set.of(spec, SpecStore.idForName(spec));
    }
  }
}
