package ai.dataframer.beam.pipelines;

import ai.dataframer.beam.core.request.SpecCreate;
import ai.dataframer.beam.io.store.SpecRecord;
import ai.dataframer.beam.io.store.SpecStore;
import ai.dataframer.beam.io.store.StoreConflictException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The store steps spec-creating jobs share: the name claim and the seed-columns check. */
final class SpecJobs {
  private SpecJobs() {}

  /**
   * Creates the spec, or joins the one a concurrent job created under the same name a moment ago
   * (after checking it learned from the same columns).
   */
  static SpecRecord createOrJoin(
      SpecStore specs, SpecCreate request, SeedSource seed, Map<String, String> columns) {
    try {
      return specs.create(
          request.name(),
          seed.dataset(),
          request.description(),
          request.toRuntimeParams(),
          columns);
    } catch (StoreConflictException taken) {
      SpecRecord existing = specs.find(request.name());
      requireSameColumns(existing, columns);
      return existing;
    }
  }

  /**
   * A new version of an existing spec must come from a seed with the same columns, or the name is
   * being reused for other data: stop, and say what differs.
   */
  static void requireSameColumns(SpecRecord spec, Map<String, String> columns) {
    Map<String, String> known = spec.columns();
    if (Objects.equals(known, columns)) {
      return;
    }
    throw new StoreConflictException(
        "spec '"
            + spec.name()
            + "' was learned from "
            + describe(spec.dataset(), known)
            + ", but this seed has "
            + describe(null, columns)
            + difference(known, columns)
            + "; pass --name to create a separate spec, or a seed with the same columns to add a"
            + " version");
  }

  private static String describe(String dataset, Map<String, String> columns) {
    String what =
        columns == null ? "no columns (documents or no seed)" : columns.size() + " columns";
    return dataset == null ? what : dataset + " (" + what + ")";
  }

  private static String difference(Map<String, String> known, Map<String, String> seen) {
    if (known == null || seen == null) {
      return "";
    }
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> column : known.entrySet()) {
      String type = seen.get(column.getKey());
      if (type == null) {
        problems.add("missing " + column.getKey());
      } else if (!type.equals(column.getValue())) {
        problems.add(column.getKey() + " is " + type + ", was " + column.getValue());
      }
    }
    for (String name : seen.keySet()) {
      if (!known.containsKey(name)) {
        problems.add("new column " + name);
      }
    }
    if (problems.isEmpty()) {
      problems.add("the same columns in another order");
    }
    return " (" + String.join(", ", problems) + ")";
  }
}
