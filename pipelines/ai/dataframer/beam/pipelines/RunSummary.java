package ai.dataframer.beam.pipelines;

import ai.dataframer.beam.core.run.RunStats;
import ai.dataframer.beam.io.store.RunStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.Row;

/**
 * Counts what a run produced and writes it as {@code summary.json} in the run's store folder, once
 * every sink has finished (the written-file lists are side inputs, so the summary cannot run before
 * them). The driver turns it into the run manifest.
 */
final class RunSummary extends PTransform<PBegin, PDone> {
  static final String FILE_NAME = "summary.json";

  private final PCollection<RunStats> stats;
  private final PCollection<Row> seedFailures;
  private final PCollection<String> writtenFiles;
  private final RunStore store;
  private final String runId;

  RunSummary(
      PCollection<RunStats> stats,
      PCollection<Row> seedFailures,
      PCollection<String> writtenFiles,
      RunStore store,
      String runId) {
    this.stats = stats;
    this.seedFailures = seedFailures;
    this.writtenFiles = writtenFiles;
    this.store = store;
    this.runId = runId;
  }

  @Override
  public PDone expand(PBegin input) {
    // Partial totals from the workers, not a pass over the samples: every consumer of the samples
    // is another copy of them on runners that materialize a collection per consumer.
    PCollectionView<RunStats> totals =
        stats
            .apply("SumStats", Combine.globally(RunStats::sum))
            .apply("StatsView", View.asSingleton());
    PCollectionView<Long> rejectedSeedRows =
        seedFailures
            .apply("CountSeedFailures", Count.globally())
            .apply("RejectedSeedRowsView", View.asSingleton());
    PCollectionView<List<String>> files = writtenFiles.apply("FilesView", View.asList());
    input
        .apply("RunId", Create.of(runId))
        .apply(
            "WriteSummary",
            ParDo.of(new WriteSummaryFn(store, totals, rejectedSeedRows, files))
                .withSideInputs(totals, rejectedSeedRows, files));
    return PDone.in(input.getPipeline());
  }

  /** Writes the summary into the run's folder of the store. */
  private static final class WriteSummaryFn extends DoFn<String, Void> {
    private static final ObjectMapper JSON =
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final RunStore store;
    private final PCollectionView<RunStats> totals;
    private final PCollectionView<Long> rejectedSeedRows;
    private final PCollectionView<List<String>> files;

    WriteSummaryFn(
        RunStore store,
        PCollectionView<RunStats> totals,
        PCollectionView<Long> rejectedSeedRows,
        PCollectionView<List<String>> files) {
      this.store = store;
      this.totals = totals;
      this.rejectedSeedRows = rejectedSeedRows;
      this.files = files;
    }

    @ProcessElement
    public void process(@Element String runId, ProcessContext context) throws IOException {
      List<String> generated = new ArrayList<>(context.sideInput(files));
      generated.sort(null);
      Map<String, Object> summary = new LinkedHashMap<>();
      RunStats total = context.sideInput(totals);
      summary.put("samples_completed", total.samplesCompleted());
      summary.put("samples_failed", total.samplesFailed());
      summary.put("seed_rows_rejected", context.sideInput(rejectedSeedRows));
      summary.put("total_cost", total.costUsd());
      summary.put("token_usage", total.tokenUsage());
      summary.put("generated_files", generated);
      store.writeRunFile(runId, FILE_NAME, JSON.writeValueAsString(summary));
    }
  }
}
