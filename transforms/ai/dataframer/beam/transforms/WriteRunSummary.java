package ai.dataframer.beam.transforms;

import ai.dataframer.beam.core.run.RunStats;
import ai.dataframer.beam.io.store.StoreFiles;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Impulse;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Sums a run's partial totals and writes its {@link RunSummary} once every sink has finished (the
 * written-file list is a side input, so the summary cannot run before the files exist).
 */
final class WriteRunSummary extends PTransform<PCollection<RunStats>, PDone> {
  private final String file;
  private final PCollectionView<SeedTally> tally;
  private final PCollection<String> writtenFiles;
  private final PCollection<Row> sampleFailures;

  WriteRunSummary(
      String file,
      PCollectionView<SeedTally> tally,
      PCollection<String> writtenFiles,
      PCollection<Row> sampleFailures) {
    this.file = file;
    this.tally = tally;
    this.writtenFiles = writtenFiles;
    this.sampleFailures = sampleFailures;
  }

  @Override
  public PDone expand(PCollection<RunStats> stats) {
    // Partial totals from the workers, not a pass over the samples: every consumer of the samples
    // is another copy of them on runners that materialize a collection per consumer.
    PCollectionView<RunStats> totals =
        stats.apply("SumStats", Combine.globally(RunStats::sum).asSingletonView());
    PCollectionView<List<String>> files = writtenFiles.apply("FilesView", View.asList());
    PCollectionView<List<String>> reasons =
        sampleFailures
            .apply(
                "FailureReasons",
                MapElements.into(TypeDescriptors.strings())
                    .via(row -> row.getString("stage") + ": " + row.getString("reason")))
            .apply("FirstFailureReasons", new FirstReasons(SeedTally.MAX_REASONS));
    stats
        .getPipeline()
        .apply("SummaryImpulse", Impulse.create())
        .apply(
            "WriteSummaryFile",
            ParDo.of(new WriteFn(file, totals, tally, files, reasons))
                .withSideInputs(totals, tally, files, reasons));
    return PDone.in(stats.getPipeline());
  }

  private static final class WriteFn extends DoFn<byte[], Void> {
    private final String file;
    private final PCollectionView<RunStats> totals;
    private final PCollectionView<SeedTally> tally;
    private final PCollectionView<List<String>> files;
    private final PCollectionView<List<String>> reasons;

    WriteFn(
        String file,
        PCollectionView<RunStats> totals,
        PCollectionView<SeedTally> tally,
        PCollectionView<List<String>> files,
        PCollectionView<List<String>> reasons) {
      this.file = file;
      this.totals = totals;
      this.tally = tally;
      this.files = files;
      this.reasons = reasons;
    }

    @ProcessElement
    public void process(ProcessContext context) {
      List<String> written = new ArrayList<>(context.sideInput(files));
      written.sort(null);
      RunStats total = context.sideInput(totals);
      RunSummary summary =
          new RunSummary(
              total.samplesCompleted(),
              total.samplesFailed(),
              total.costUsd(),
              total.tokenUsage(),
              written,
              context.sideInput(tally),
              context.sideInput(reasons));
      StoreFiles.writeAtomically(FileSystems.matchNewResource(file, false), summary.toJson());
    }
  }
}
