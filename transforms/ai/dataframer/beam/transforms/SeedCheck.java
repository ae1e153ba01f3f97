package ai.dataframer.beam.transforms;

import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.io.seed.SeedReadResult;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Impulse;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Tallies the seed read and holds the run's spec back until the tally is known: every plan and
 * sample derives from the checked spec, so a seed read too badly fails the job before anything is
 * generated or any model is called.
 */
final class SeedCheck {
  private SeedCheck() {}

  /**
   * The seed's tally as a singleton view. Each count is combined straight into its view (5
   * primitive steps) rather than counted and then viewed (15): on the Direct runner every step
   * costs each bundle and each turn of the scheduler (docs/ARCHITECTURE.md, "Small jobs").
   */
  static PCollectionView<SeedTally> tally(SeedReadResult seeds) {
    PCollectionView<Long> accepted =
        seeds
            .getRows()
            .apply("CountSeedRows", Combine.globally(Count.<Row>combineFn()).asSingletonView());
    PCollectionView<Long> rejected =
        seeds
            .getFailures()
            .apply("CountSeedRejects", Combine.globally(Count.<Row>combineFn()).asSingletonView());
    PCollectionView<List<String>> reasons =
        seeds
            .getFailures()
            .apply(
                "SeedRejectReasons",
                MapElements.into(TypeDescriptors.strings()).via(SeedCheck::reason))
            .setCoder(StringUtf8Coder.of())
            .apply("FirstReasons", new FirstReasons(SeedTally.MAX_REASONS));
    return seeds
        .getPipeline()
        .apply("SeedTallyImpulse", Impulse.create())
        .apply(
            "SeedTally",
            ParDo.of(new TallyFn(accepted, rejected, reasons))
                .withSideInputs(accepted, rejected, reasons))
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

  private static final class TallyFn extends DoFn<byte[], SeedTally> {
    private final PCollectionView<Long> accepted;
    private final PCollectionView<Long> rejected;
    private final PCollectionView<List<String>> reasons;

    TallyFn(
        PCollectionView<Long> accepted,
        PCollectionView<Long> rejected,
        PCollectionView<List<String>> reasons) {
      this.accepted = accepted;
      this.rejected = rejected;
      this.reasons = reasons;
    }

    @ProcessElement
    public void process(ProcessContext context) {
      long rejectedRows = context.sideInput(rejected);
      List<String> first = new ArrayList<>(context.sideInput(reasons));
      context.output(
          new SeedTally(context.sideInput(accepted) + rejectedRows, rejectedRows, first));
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
