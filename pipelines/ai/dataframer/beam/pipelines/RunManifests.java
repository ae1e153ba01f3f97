package ai.dataframer.beam.pipelines;

import ai.dataframer.beam.core.run.RunManifest;
import java.util.Locale;

/** The run object as the console shows it. */
final class RunManifests {
  private RunManifests() {}

  /** One line of counts, the seed's, then where everything went. */
  static String describe(RunManifest manifest, String storeRoot) {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            "run %s %s: %d of %d samples completed, %d failed, cost $%.4f, seed %d%n",
            manifest.id(),
            manifest.status(),
            manifest.samplesCompleted(),
            manifest.numberOfSamples(),
            manifest.samplesFailed(),
            manifest.totalCost(),
            manifest.seed()));
    text.append(
        String.format(
            Locale.ROOT, "  spec %s version %d%n", manifest.specId(), manifest.specVersion()));
    text.append(
        String.format(
            Locale.ROOT,
            "  seed rows: %d read, %d learned from, %d rejected%n",
            manifest.seedRowsRead(),
            manifest.seedRowsRead() - manifest.seedRowsRejected(),
            manifest.seedRowsRejected()));
    for (String reason : manifest.seedRejectReasons()) {
      text.append("    rejected ").append(reason).append(System.lineSeparator());
    }
    for (String file : manifest.generatedFiles()) {
      text.append("  wrote ").append(file).append(System.lineSeparator());
    }
    text.append("  manifest ")
        .append(storeRoot)
        .append("/runs/")
        .append(manifest.id())
        .append("/manifest.json");
    return text.toString();
  }
}
