package ai.dataframer.beam.core.eval;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.Test;

public class DuplicatesTest {
  private static final String[] WORDS = {
    "delivery",
    "parcel",
    "screen",
    "battery",
    "refund",
    "late",
    "broken",
    "support",
    "invoice",
    "order",
    "colour",
    "size",
    "cable",
    "charger",
    "box",
    "photo",
    "warranty",
    "store",
    "price",
    "quality"
  };

  private static Map<String, Object> review(int id, String text) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("id", id);
    record.put("review", text);
    return record;
  }

  private static String words(SplittableRandom random, int count) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < count; i++) {
      out.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
    }
    return out.toString();
  }

  @Test
  public void exactAndNearRepeatsAreCountedOnceEachAndDistinctTextsNot() {
    SplittableRandom random = new SplittableRandom(1);
    List<Map<String, Object>> samples = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      samples.add(review(i, words(random, 40)));
    }
    // Samples 200-209 copy samples 0-9 whole; 210-219 repeat samples 10-19 with one word changed
    // in forty (Jaccard of their 3-shingles about 0.86).
    for (int i = 0; i < 10; i++) {
      samples.add(new LinkedHashMap<>(samples.get(i)));
    }
    for (int i = 10; i < 20; i++) {
      String[] words = ((String) samples.get(i).get("review")).split(" ");
      words[20] = "unmistakable";
      samples.add(review(200 + i, String.join(" ", words)));
    }
    Duplicates.Report report = Duplicates.of(samples, List.of("review"));
    assertEquals(220, report.samples());
    assertEquals(10, report.exactDuplicates());
    assertEquals(10, report.nearDuplicates());
    assertEquals(10 / 220.0, report.nearDuplicateShare(), 1e-12);
    assertThat(report.examples(), hasItem(startsWith("sample 200 equals sample 0")));
    assertThat(report.examples(), hasItem(startsWith("sample 210 nearly repeats sample 10")));
  }

  @Test
  public void theSignatureEstimatesJaccardSimilarity() {
    SplittableRandom random = new SplittableRandom(2);
    Set<Integer> a = new HashSet<>();
    Set<Integer> b = new HashSet<>();
    // 600 shared, 200 only in a, 200 only in b: Jaccard 600 / 1000.
    for (int i = 0; i < 1000; i++) {
      int shingle = random.nextInt();
      if (i < 800) {
        a.add(shingle);
      }
      if (i < 600 || i >= 800) {
        b.add(shingle);
      }
    }
    double estimate = Duplicates.estimate(Duplicates.signature(a), Duplicates.signature(b));
    // 128 hash functions: standard error sqrt(0.6 * 0.4 / 128) = 0.043.
    assertEquals(0.6, estimate, 0.13);
  }

  @Test
  public void withoutTextFieldsOnlyExactDuplicatesCount() {
    List<Map<String, Object>> samples =
        List.of(review(1, "same words here"), review(1, "same words here"), review(2, "x"));
    Duplicates.Report report = Duplicates.of(samples, List.of());
    assertEquals(1, report.exactDuplicates());
    assertEquals(0, report.nearDuplicates());
  }
}
