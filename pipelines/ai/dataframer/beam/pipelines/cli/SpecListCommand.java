package ai.dataframer.beam.pipelines.cli;

import ai.dataframer.beam.io.store.Listing;
import ai.dataframer.beam.io.store.NotInStoreException;
import ai.dataframer.beam.io.store.SpecRecord;
import ai.dataframer.beam.io.store.SpecStore;
import ai.dataframer.beam.io.store.SpecVersion;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dataframer spec list}: every spec in the store; an unreadable one is a line naming its
 * file and does not hide the others.
 */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "List the specs in the store: id, name, status, latest SUCCEEDED version, versions,"
          + " created_at, dataset.",
      "An unreadable spec is reported with its file; the others are still listed."
    })
public final class SpecListCommand implements Callable<Integer> {
  @Mixin JobOptions job = new JobOptions();

  @Option(names = "--json", description = "Print {\"specs\": [...], \"problems\": [...]} as JSON.")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec commandSpec;

  @Override
  public Integer call() {
    StoreViews.useFileSystemsFor(job.store());
    SpecStore store = SpecStore.at(job.store());
    Listing<SpecRecord> listing = store.list();
    List<SpecRecord> records = new ArrayList<>();
    List<List<SpecVersion>> versions = new ArrayList<>();
    List<String> problems = new ArrayList<>(listing.problems());
    for (SpecRecord record : listing.items()) {
      try {
        versions.add(store.versions(record.id()));
        records.add(record);
      } catch (NotInStoreException deletedMeanwhile) {
        // Gone between the listing and this look: it is no longer in the store.
      } catch (RuntimeException e) {
        problems.add("spec '" + record.name() + "' (id " + record.id() + "): " + e.getMessage());
      }
    }
    PrintWriter out = commandSpec.commandLine().getOut();
    if (json) {
      ObjectNode root = StoreViews.JSON.createObjectNode();
      root.put("store", job.store());
      ArrayNode specs = root.putArray("specs");
      for (int i = 0; i < records.size(); i++) {
        specs.add(StoreViews.spec(records.get(i), versions.get(i)));
      }
      root.set("problems", StoreViews.JSON.valueToTree(problems));
      StoreViews.printJson(out, root);
      return 0;
    }
    if (records.isEmpty() && problems.isEmpty()) {
      out.println("no specs in " + job.store());
    } else {
      List<List<String>> rows = new ArrayList<>();
      for (int i = 0; i < records.size(); i++) {
        SpecRecord record = records.get(i);
        rows.add(
            List.of(
                record.id(),
                record.name(),
                record.status().toString(),
                record.latestVersion() == 0 ? "-" : String.valueOf(record.latestVersion()),
                StoreViews.versionCounts(versions.get(i)),
                record.createdAt(),
                StoreViews.orDash(record.dataset())));
      }
      out.print(
          StoreViews.table(
              List.of("ID", "NAME", "STATUS", "LATEST", "VERSIONS", "CREATED_AT", "DATASET"),
              rows));
      for (String problem : problems) {
        out.println("unreadable: " + problem);
      }
    }
    out.flush();
    return 0;
  }
}
