package ai.dataframer.beam.transforms;

import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.io.seed.SeedReadResult;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Tallies the seed read and holds the run's spec back until the tally is known: every plan and
 * sample derives from the checked spec, so a seed read too badly fails the job before anything is
 * generated or any model is called.
 */
final class SeedCheck {
  private SeedCheck() {}

  /**
   * The seed's tally as a singleton view: the accepted rows' count and each rejected row's reason
   * are the inputs of one combine, whose single output exists once the seed is read. Not side
   * inputs of a step over one element, which the Direct runner retries on every turn of its
   * scheduler until they are ready (docs/ARCHITECTURE.md, "Small jobs").
   */
  static PCollectionView<SeedTally> tally(SeedReadResult seeds) {
    Coder<TallyPart> partCoder = SerializableCoder.of(TallyPart.class);
    TypeDescriptor<TallyPart> part = TypeDescriptor.of(TallyPart.class);
    PCollection<TallyPart> accepted =
        seeds
            .getRows()
            .apply("CountSeedRows", Combine.globally(Count.<Row>combineFn()).withoutDefaults())
            .apply("AcceptedPart", MapElements.into(part).via(TallyPart::accepted))
            .setCoder(partCoder);
    PCollection<TallyPart> rejected =
        seeds
            .getFailures()
            .apply(
                "RejectedParts",
                MapElements.into(part).via(failure -> TallyPart.rejected(reason(failure))))
            .setCoder(partCoder);
    return PCollectionList.of(accepted)
        .and(rejected)
        .apply("AllParts", Flatten.pCollections())
        .apply("SeedTally", CombineWithIdentity.of(new TallyFn(), TallyPart.NONE))
        .setCoder(SerializableCoder.of(SeedTally.class))
        .apply("SeedTallyView", View.asSingleton());
  }

  /** The spec, passed on only once the seed's tally allows the run. */
  static PCollection<Spec> gate(
      PCollection<Spec> spec, PCollectionView<SeedTally> tally, double maxRejectFraction) {
    return spec.apply(
            "CheckSeedRejects",
            ParDo.of(new GateFn(tally, maxRejectFraction)).withSideInputs(tally))
        .setCoder(spec.getCoder());
  }

  /** "file line 6: reason", as a failure row gives them, without saying the line twice. */
  static String reason(Row failure) {
    String source = failure.getString("source");
    String location = failure.getString("location");
    String reason = failure.getString("reason");
    String separator = ": ";
    if (location != null && reason.startsWith(location + ", ")) {
      // "line 9, column 'day': ..." already says where in the file: "s.csv line 9, column ..."
      separator = ", ";
    }
    if (location != null && reason.startsWith(location + separator)) {
      reason = reason.substring(location.length() + 2);
    }
    String where = (source == null ? "" : source) + (location == null ? "" : " " + location);
    return where.isBlank() ? reason : where.strip() + separator + reason;
  }

  /** Accepted rows counted, or one rejected row with its reason; or nothing. */
  static final class TallyPart implements Serializable {
    static final TallyPart NONE = new TallyPart(0, 0, null);

    final long accepted;
    final long rejected;
    final @Nullable String reason;

    private TallyPart(long accepted, long rejected, @Nullable String reason) {
      this.accepted = accepted;
      this.rejected = rejected;
      this.reason = reason;
    }

    static TallyPart accepted(long rows) {
      return new TallyPart(rows, 0, null);
    }

    static TallyPart rejected(String reason) {
      return new TallyPart(0, 1, reason);
    }
  }

  /** Counts accepted and rejected rows and keeps the first reasons. */
  static final class TallyFn extends Combine.CombineFn<TallyPart, TallyFn.Counts, SeedTally> {
    private final FirstReasons.KeepFirst firstReasons =
        new FirstReasons.KeepFirst(SeedTally.MAX_REASONS);

    static final class Counts implements Serializable {
      long accepted;
      long rejected;
      TreeMap<String, String> reasons = new TreeMap<>();
    }

    @Override
    public Counts createAccumulator() {
      return new Counts();
    }

    @Override
    public Counts addInput(Counts counts, TallyPart part) {
      counts.accepted += part.accepted;
      counts.rejected += part.rejected;
      if (part.reason != null) {
        counts.reasons = firstReasons.addInput(counts.reasons, part.reason);
      }
      return counts;
    }

    @Override
    public Counts mergeAccumulators(Iterable<Counts> accumulators) {
      Counts merged = createAccumulator();
      for (Counts counts : accumulators) {
        merged.accepted += counts.accepted;
        merged.rejected += counts.rejected;
        merged.reasons = firstReasons.mergeAccumulators(List.of(merged.reasons, counts.reasons));
      }
      return merged;
    }

    @Override
    public SeedTally extractOutput(Counts counts) {
      return new SeedTally(
          counts.accepted + counts.rejected,
          counts.rejected,
          new ArrayList<>(counts.reasons.values()));
    }

    @Override
    public Coder<Counts> getAccumulatorCoder(CoderRegistry registry, Coder<TallyPart> inputCoder) {
      return SerializableCoder.of(Counts.class);
    }
  }

  private static final class GateFn extends DoFn<Spec, Spec> {
    private final PCollectionView<SeedTally> tally;
    private final double maxRejectFraction;

    GateFn(PCollectionView<SeedTally> tally, double maxRejectFraction) {
      this.tally = tally;
      this.maxRejectFraction = maxRejectFraction;
    }

    @ProcessElement
    public void process(@Element Spec spec, OutputReceiver<Spec> out, ProcessContext context) {
      String refusal = context.sideInput(tally).refusal(maxRejectFraction);
      if (refusal != null) {
        throw new SeedRejectedException(refusal);
      }
      out.output(spec);
    }
  }

  /** A seed read too badly to generate from. */
  static final class SeedRejectedException extends IllegalStateException implements Serializable {
    SeedRejectedException(String message) {
      super(message);
    }
  }
}
