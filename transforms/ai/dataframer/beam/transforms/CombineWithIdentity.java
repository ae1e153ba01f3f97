package ai.dataframer.beam.transforms;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkNotNull;

import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * {@code Combine.globally(fn)} for a function with an identity input (one that changes nothing it
 * is combined with): exactly one output, also for an empty input, without Beam's step that inserts
 * the default of an empty input.
 *
 * <p>That step is a ParDo over one element whose side input is the combined result. The element
 * exists from the start and the result only at the end, and the Direct runner retries a waiting
 * element on every turn of its scheduler: 30 to 80 bundles (each translated to its proto and its
 * DoFn deserialized again) for every such step of a 1,000-sample job (docs/ARCHITECTURE.md, "Small
 * jobs"). Here the identity is one more input of the combine, so the combine never sees an empty
 * input and nothing waits on a side input.
 */
final class CombineWithIdentity<InputT, OutputT>
    extends PTransform<PCollection<InputT>, PCollection<OutputT>> {
  private final CombineFn<InputT, ?, OutputT> fn;
  private final InputT identity;

  private CombineWithIdentity(CombineFn<InputT, ?, OutputT> fn, InputT identity) {
    this.fn = checkNotNull(fn, "fn");
    this.identity = checkNotNull(identity, "identity");
  }

  /** Combines with {@code fn}, given its {@code identity} input (empty counts, no duplicates). */
  static <InputT, OutputT> CombineWithIdentity<InputT, OutputT> of(
      CombineFn<InputT, ?, OutputT> fn, InputT identity) {
    return new CombineWithIdentity<>(fn, identity);
  }

  /**
   * {@code Combine.globally(fn)} for a function whose output is its accumulator (a profile, a table
   * of counts): the input combined without a default, then the partial result merged with the
   * function's empty accumulator as the identity. Exactly one output, the empty accumulator for an
   * empty input, as {@code Combine.globally(fn)} gives.
   */
  static <InputT, AccumT> PTransform<PCollection<InputT>, PCollection<AccumT>> accumulating(
      CombineFn<InputT, AccumT, AccumT> fn, Coder<AccumT> coder) {
    checkNotNull(fn, "fn");
    checkNotNull(coder, "coder");
    return new PTransform<>() {
      @Override
      public PCollection<AccumT> expand(PCollection<InputT> input) {
        return input
            .apply("Partial", Combine.globally(fn).withoutDefaults())
            .setCoder(coder)
            .apply("Merge", of(new MergeOutputs<>(fn, coder), fn.createAccumulator()))
            .setCoder(coder);
      }
    };
  }

  /** Merges outputs of a function whose output is its accumulator, with its own merge. */
  private static final class MergeOutputs<AccumT> extends CombineFn<AccumT, AccumT, AccumT> {
    private final CombineFn<?, AccumT, AccumT> fn;
    private final Coder<AccumT> coder;

    MergeOutputs(CombineFn<?, AccumT, AccumT> fn, Coder<AccumT> coder) {
      this.fn = fn;
      this.coder = coder;
    }

    @Override
    public AccumT createAccumulator() {
      return fn.createAccumulator();
    }

    @Override
    public AccumT addInput(AccumT merged, AccumT output) {
      return fn.mergeAccumulators(List.of(merged, output));
    }

    @Override
    public AccumT mergeAccumulators(Iterable<AccumT> accumulators) {
      return fn.mergeAccumulators(accumulators);
    }

    @Override
    public AccumT extractOutput(AccumT merged) {
      return merged;
    }

    @Override
    public Coder<AccumT> getAccumulatorCoder(CoderRegistry registry, Coder<AccumT> inputCoder) {
      return coder;
    }

    @Override
    public Coder<AccumT> getDefaultOutputCoder(CoderRegistry registry, Coder<AccumT> inputCoder) {
      return coder;
    }
  }

  @Override
  public PCollection<OutputT> expand(PCollection<InputT> input) {
    PCollection<InputT> identityInput =
        input.getPipeline().apply("Identity", Create.of(identity).withCoder(input.getCoder()));
    return PCollectionList.of(input)
        .and(identityInput)
        .apply("WithIdentity", Flatten.pCollections())
        .apply("Combine", Combine.globally(fn).withoutDefaults());
  }
}
