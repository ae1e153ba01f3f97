package ai.dataframer.beam.transforms;

import ai.dataframer.beam.core.run.RunStats;
import ai.dataframer.beam.io.store.StoreFiles;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Sums a run's partial totals and writes its {@link RunSummary} once every sink has finished: the
 * partial totals, the written files and the failure reasons are the inputs of one combine, whose
 * single output exists only when all three are complete, so the summary cannot run before the files
 * exist. Not side inputs of a step over one element: the Direct runner retries such an element on
 * every turn of its scheduler until the side inputs are ready (80 bundles of a 1,000-sample run;
 * docs/ARCHITECTURE.md, "Small jobs").
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
    Coder<Part> partCoder = SerializableCoder.of(Part.class);
    TypeDescriptor<Part> part = TypeDescriptor.of(Part.class);
    PCollection<Part> totals =
        stats.apply("StatsParts", MapElements.into(part).via(Part::stats)).setCoder(partCoder);
    PCollection<Part> files =
        writtenFiles.apply("FileParts", MapElements.into(part).via(Part::file)).setCoder(partCoder);
    PCollection<Part> reasons =
        sampleFailures
            .apply(
                "FailureReasons",
                MapElements.into(part)
                    .via(
                        row ->
                            Part.reason(row.getString("stage") + ": " + row.getString("reason"))))
            .setCoder(partCoder);
    PCollectionList.of(totals)
        .and(files)
        .and(reasons)
        .apply("AllParts", Flatten.pCollections())
        .apply("Summarize", CombineWithIdentity.of(new SummarizeFn(), Part.NONE))
        .setCoder(SerializableCoder.of(Summarized.class))
        .apply("WriteSummaryFile", ParDo.of(new WriteFn(file, tally)).withSideInputs(tally));
    return PDone.in(stats.getPipeline());
  }

  /** One input of the summary: a partial total, a written file or a failure reason; or none. */
  static final class Part implements Serializable {
    static final Part NONE = new Part(null, null, null);

    final @Nullable RunStats stats;
    final @Nullable String file;
    final @Nullable String reason;

    private Part(@Nullable RunStats stats, @Nullable String file, @Nullable String reason) {
      this.stats = stats;
      this.file = file;
      this.reason = reason;
    }

    static Part stats(RunStats stats) {
      return new Part(stats, null, null);
    }

    static Part file(String file) {
      return new Part(null, file, null);
    }

    static Part reason(String reason) {
      return new Part(null, null, reason);
    }
  }

  /** The run's totals, its written files and its first failure reasons, gathered so far. */
  static final class Summarized implements Serializable {
    RunStats totals = RunStats.ZERO;
    final List<String> files = new ArrayList<>();
    TreeMap<String, String> reasons = new TreeMap<>();
  }

  static final class SummarizeFn extends Combine.CombineFn<Part, Summarized, Summarized> {
    private final FirstReasons.KeepFirst firstReasons =
        new FirstReasons.KeepFirst(SeedTally.MAX_REASONS);

    @Override
    public Summarized createAccumulator() {
      return new Summarized();
    }

    @Override
    public Summarized addInput(Summarized summarized, Part part) {
      if (part.stats != null) {
        summarized.totals = summarized.totals.plus(part.stats);
      }
      if (part.file != null) {
        summarized.files.add(part.file);
      }
      if (part.reason != null) {
        summarized.reasons = firstReasons.addInput(summarized.reasons, part.reason);
      }
      return summarized;
    }

    @Override
    public Summarized mergeAccumulators(Iterable<Summarized> accumulators) {
      Summarized merged = createAccumulator();
      for (Summarized summarized : accumulators) {
        merged.totals = merged.totals.plus(summarized.totals);
        merged.files.addAll(summarized.files);
        merged.reasons =
            firstReasons.mergeAccumulators(List.of(merged.reasons, summarized.reasons));
      }
      return merged;
    }

    @Override
    public Summarized extractOutput(Summarized summarized) {
      summarized.files.sort(null);
      return summarized;
    }

    @Override
    public Coder<Summarized> getAccumulatorCoder(CoderRegistry registry, Coder<Part> inputCoder) {
      return SerializableCoder.of(Summarized.class);
    }
  }

  private static final class WriteFn extends DoFn<Summarized, Void> {
    private final String file;
    private final PCollectionView<SeedTally> tally;

    WriteFn(String file, PCollectionView<SeedTally> tally) {
      this.file = file;
      this.tally = tally;
    }

    @ProcessElement
    public void process(ProcessContext context) {
      Summarized summarized = context.element();
      RunStats total = summarized.totals;
      RunSummary summary =
          new RunSummary(
              total.samplesCompleted(),
              total.samplesFailed(),
              total.costUsd(),
              total.tokenUsage(),
              summarized.files,
              context.sideInput(tally),
              firstReasons(summarized));
      StoreFiles.writeAtomically(FileSystems.matchNewResource(file, false), summary.toJson());
    }

    private static List<String> firstReasons(Summarized summarized) {
      return new ArrayList<>(summarized.reasons.values());
    }
  }
}
