package ai.dataframer.beam.transforms;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.transforms.Combine;

/**
 * The first few distinct reasons, in natural order (line 6 before line 16): what a message shows of
 * thousands of failures that often share one cause (a rejected key, an unreachable provider). Kept
 * by the combines that tally a seed ({@link SeedCheck}) and summarize a run ({@link
 * WriteRunSummary}).
 */
final class FirstReasons {
  private FirstReasons() {}

  /** A bounded sorted map from a natural-order key to the reason. */
  static final class KeepFirst
      extends Combine.CombineFn<String, TreeMap<String, String>, List<String>> {
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private final int limit;

    KeepFirst(int limit) {
      this.limit = limit;
    }

    /** The reason with every run of digits left-padded, so numbers sort by value. */
    static String naturalKey(String reason) {
      Matcher digits = DIGITS.matcher(reason);
      StringBuilder key = new StringBuilder();
      while (digits.find()) {
        String number = digits.group();
        digits.appendReplacement(key, "0".repeat(Math.max(0, 19 - number.length())) + number);
      }
      digits.appendTail(key);
      return key.toString();
    }

    @Override
    public TreeMap<String, String> createAccumulator() {
      return new TreeMap<>();
    }

    @Override
    public TreeMap<String, String> addInput(TreeMap<String, String> kept, String reason) {
      kept.put(naturalKey(reason), reason);
      if (kept.size() > limit) {
        kept.pollLastEntry();
      }
      return kept;
    }

    @Override
    public TreeMap<String, String> mergeAccumulators(
        Iterable<TreeMap<String, String>> accumulators) {
      TreeMap<String, String> merged = createAccumulator();
      for (TreeMap<String, String> kept : accumulators) {
        for (String reason : kept.values()) {
          addInput(merged, reason);
        }
      }
      return merged;
    }

    @Override
    public List<String> extractOutput(TreeMap<String, String> kept) {
      return new ArrayList<>(kept.values());
    }
  }
}
