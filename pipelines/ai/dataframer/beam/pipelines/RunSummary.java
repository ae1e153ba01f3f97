package ai.dataframer.beam.pipelines;

import ai.dataframer.beam.io.record.MetadataColumns;
import ai.dataframer.beam.io.store.RunStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Counts what a run produced and writes it as {@code summary.json} in the run's store folder, once every sink
 * has finished (the written-file lists are side inputs, so the summary cannot run before them). The
 * driver turns it into the run manifest.
 */
final class RunSummary extends PTransform<PBegin, PDone> {
  static final String FILE_NAME = "summary.json";

  private final PCollection<Row> samples;
  private final PCollection<Row> sampleFailures;
  private final PCollection<Row> seedFailures;
  private final PCollection<String> writtenFiles;
  private final RunStore store;
  private final String runId;

  RunSummary(
      PCollection<Row> samples,
      PCollection<Row> sampleFailures,
      PCollection<Row> seedFailures,
      PCollection<String> writtenFiles,
      RunStore store,
      String runId) {
    this.samples = samples;
    this.sampleFailures = sampleFailures;
    this.seedFailures = seedFailures;
    this.writtenFiles = writtenFiles;
    this.store = store;
    this.runId = runId;
  }

  @Override
  public PDone expand(PBegin input) {
    PCollectionView<Long> completed =
        samples.apply("CountSamples", Count.globally()).apply("CompletedView", View.asSingleton());
    PCollectionView<Long> failed =
        sampleFailures
            .apply("CountSampleFailures", Count.globally())
            .apply("FailedView", View.asSingleton());
    PCollectionView<Long> rejectedSeedRows =
        seedFailures
            .apply("CountSeedFailures", Count.globally())
            .apply("RejectedSeedRowsView", View.asSingleton());
    PCollectionView<Double> cost =
        samples
            .apply(
                "SampleCost",
                MapElements.into(TypeDescriptors.doubles())
                    .via(row -> row.getDouble(MetadataColumns.COST_USD)))
            .apply("TotalCost", Sum.doublesGlobally())
            .apply("CostView", View.asSingleton());
    PCollectionView<List<String>> files = writtenFiles.apply("FilesView", View.asList());
    input
        .apply("RunId", Create.of(runId))
        .apply(
            "WriteSummary",
            ParDo.of(new WriteSummaryFn(store, completed, failed, rejectedSeedRows, cost, files))
                .withSideInputs(completed, failed, rejectedSeedRows, cost, files));
    return PDone.in(input.getPipeline());
  }

  /** Writes the summary into the run's folder of the store. */
  private static final class WriteSummaryFn extends DoFn<String, Void> {
    private static final ObjectMapper JSON =
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final RunStore store;
    private final PCollectionView<Long> completed;
    private final PCollectionView<Long> failed;
    private final PCollectionView<Long> rejectedSeedRows;
    private final PCollectionView<Double> cost;
    private final PCollectionView<List<String>> files;

    WriteSummaryFn(
        RunStore store,
        PCollectionView<Long> completed,
        PCollectionView<Long> failed,
        PCollectionView<Long> rejectedSeedRows,
        PCollectionView<Double> cost,
        PCollectionView<List<String>> files) {
      this.store = store;
      this.completed = completed;
      this.failed = failed;
      this.rejectedSeedRows = rejectedSeedRows;
      this.cost = cost;
      this.files = files;
    }

    @ProcessElement
    public void process(@Element String runId, ProcessContext context) throws IOException {
      List<String> generated = new ArrayList<>(context.sideInput(files));
      generated.sort(null);
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("samples_completed", context.sideInput(completed));
      summary.put("samples_failed", context.sideInput(failed));
      summary.put("seed_rows_rejected", context.sideInput(rejectedSeedRows));
      summary.put("total_cost", context.sideInput(cost));
      summary.put("generated_files", generated);
      store.writeRunFile(runId, FILE_NAME, JSON.writeValueAsString(summary));
    }
  }
}
