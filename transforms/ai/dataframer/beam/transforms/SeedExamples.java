package ai.dataframer.beam.transforms;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import ai.dataframer.beam.core.plan.ContentHash;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.BigEndianLongCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Top;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The seed examples a run shows in its prompts: at most {@code maxExamples} seed rows, as a side
 * input.
 *
 * <p>Which rows and in which order depends only on their content: the rows with the smallest 64-bit
 * hash of their encoding, sorted by that hash. Every runner, bundling and input order gives the
 * same list, so the indices in a {@code SamplePlan} mean the same rows everywhere and prompts stay
 * byte-identical across re-runs.
 */
public final class SeedExamples extends PTransform<PCollection<Row>, SeedExamples.Result> {
  private final int maxExamples;

  private SeedExamples(int maxExamples) {
    this.maxExamples = maxExamples;
  }

  public static SeedExamples sample(int maxExamples) {
    checkArgument(maxExamples > 0, "maxExamples must be > 0, but was %s", maxExamples);
    return new SeedExamples(maxExamples);
  }

  @Override
  public Result expand(PCollection<Row> rows) {
    checkArgument(rows.hasSchema(), "SeedExamples needs rows with a schema, but %s has none", rows);
    RowCoder rowCoder = RowCoder.of(rows.getSchema());

    PCollection<List<Row>> examples =
        rows.apply("HashContent", ParDo.of(new HashRowFn(rowCoder)))
            .setCoder(KvCoder.of(BigEndianLongCoder.of(), rowCoder))
            // Top per one key, not Top.of: Spark runs a global Combine's result through
            // parallelize(), which puts the whole list (megabytes of rows) inside a task.
            .apply("OneKey", WithKeys.of(0))
            .setCoder(KvCoder.of(VarIntCoder.of(), KvCoder.of(BigEndianLongCoder.of(), rowCoder)))
            .apply("SmallestHashes", Top.perKey(maxExamples, new SmallerHashFirst(rowCoder)))
            .apply("ListOnly", Values.create())
            .setCoder(ListCoder.of(KvCoder.of(BigEndianLongCoder.of(), rowCoder)))
            .apply(
                "DropHashes",
                MapElements.into(TypeDescriptors.lists(TypeDescriptors.rows()))
                    .via(
                        (List<KV<Long, Row>> hashed) -> hashed.stream().map(KV::getValue).toList()))
            .setCoder(ListCoder.of(rowCoder));
    PCollection<Long> count =
        examples
            .apply(
                "CountExamples",
                MapElements.into(TypeDescriptors.longs())
                    .via((List<Row> list) -> (long) list.size()))
            .setCoder(VarLongCoder.of());
    return new Result(
        rows.getPipeline(),
        // No rows, no key: an empty seed is an empty list, as Top.of would give.
        examples.apply(
            "ExamplesAsSingleton", View.<List<Row>>asSingleton().withDefaultValue(List.of())),
        count.apply("CountAsSingleton", View.<Long>asSingleton().withDefaultValue(0L)));
  }

  /** The example list and its size, both as singleton side inputs. */
  public static final class Result implements POutput {
    private static final TupleTag<List<Row>> EXAMPLES = new TupleTag<>("examples");
    private static final TupleTag<Long> COUNT = new TupleTag<>("count");

    private final Pipeline pipeline;
    private final PCollectionView<List<Row>> examples;
    private final PCollectionView<Long> count;

    private Result(
        Pipeline pipeline, PCollectionView<List<Row>> examples, PCollectionView<Long> count) {
      this.pipeline = pipeline;
      this.examples = examples;
      this.count = count;
    }

    /** The examples, in the order every plan's example indices refer to. */
    public PCollectionView<List<Row>> examples() {
      return examples;
    }

    /** The number of examples, for {@link ExpandRun#withSeedExampleCount}. */
    public PCollectionView<Long> count() {
      return count;
    }

    @Override
    public Pipeline getPipeline() {
      return pipeline;
    }

    @Override
    public Map<TupleTag<?>, PValue> expand() {
      return Map.of(EXAMPLES, examples, COUNT, count);
    }

    @Override
    public void finishSpecifyingOutput(
        String transformName, PInput input, PTransform<?, ?> transform) {}
  }

  /** Keys each row by the hash of its encoding. */
  static final class HashRowFn extends DoFn<Row, KV<Long, Row>> {
    private final RowCoder rowCoder;

    HashRowFn(RowCoder rowCoder) {
      this.rowCoder = rowCoder;
    }

    @ProcessElement
    public void processElement(@Element Row row, OutputReceiver<KV<Long, Row>> out)
        throws CoderException {
      out.output(KV.of(ContentHash.of(CoderUtils.encodeToByteArray(rowCoder, row)), row));
    }
  }

  /**
   * Orders so that {@link Top} keeps the smallest hashes, smallest first. Equal hashes of different
   * rows fall back to their encodings, so even a collision does not make the choice
   * order-dependent.
   */
  static final class SmallerHashFirst implements Comparator<KV<Long, Row>>, Serializable {
    private final RowCoder rowCoder;

    SmallerHashFirst(RowCoder rowCoder) {
      this.rowCoder = rowCoder;
    }

    @Override
    public int compare(KV<Long, Row> a, KV<Long, Row> b) {
      int byHash = Long.compare(b.getKey(), a.getKey());
      if (byHash != 0) {
        return byHash;
      }
      try {
        return Arrays.compareUnsigned(
            CoderUtils.encodeToByteArray(rowCoder, b.getValue()),
            CoderUtils.encodeToByteArray(rowCoder, a.getValue()));
      } catch (CoderException e) {
        throw new IllegalStateException("cannot encode a seed row to compare it", e);
      }
    }
  }
}
