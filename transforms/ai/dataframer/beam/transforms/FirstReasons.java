package ai.dataframer.beam.transforms;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * The first few distinct reasons, in sorted order, as a view: what a message shows of thousands of
 * failures that often share one cause (a rejected key, an unreachable provider).
 */
final class FirstReasons extends PTransform<PCollection<String>, PCollectionView<List<String>>> {
  private final int limit;

  FirstReasons(int limit) {
    this.limit = limit;
  }

  @Override
  public PCollectionView<List<String>> expand(PCollection<String> reasons) {
    return reasons.apply(Combine.globally(new KeepFirst(limit))).apply(View.asSingleton());
  }

  /** A bounded sorted set: merging keeps the smallest {@code limit} distinct strings. */
  static final class KeepFirst extends Combine.CombineFn<String, TreeSet<String>, List<String>> {
    private final int limit;

    KeepFirst(int limit) {
      this.limit = limit;
    }

    @Override
    public TreeSet<String> createAccumulator() {
      return new TreeSet<>();
    }

    @Override
    public TreeSet<String> addInput(TreeSet<String> kept, String reason) {
      kept.add(reason);
      if (kept.size() > limit) {
        kept.pollLast();
      }
      return kept;
    }

    @Override
    public TreeSet<String> mergeAccumulators(Iterable<TreeSet<String>> accumulators) {
      TreeSet<String> merged = createAccumulator();
      for (TreeSet<String> kept : accumulators) {
        for (String reason : kept) {
          addInput(merged, reason);
        }
      }
      return merged;
    }

    @Override
    public List<String> extractOutput(TreeSet<String> kept) {
      return new ArrayList<>(kept);
    }
  }
}
