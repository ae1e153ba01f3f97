package ai.dataframer.beam.core.engine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.eval.Fidelity;
import ai.dataframer.beam.core.eval.FidelityReport;
import ai.dataframer.beam.core.plan.Planner;
import ai.dataframer.beam.core.plan.RunSettings;
import ai.dataframer.beam.core.plan.SeedShufflingLevel;
import ai.dataframer.beam.core.profile.InferenceSettings;
import ai.dataframer.beam.core.profile.SpecInference;
import ai.dataframer.beam.core.record.FingerprintSet;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.Spec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.Test;

/**
 * Strings that are neither free text nor keys come out by kind: names as seed words in seed-like
 * combinations, codes in the characters the seed uses at each position.
 */
public class StringKindsTest {
  private static final List<String> ADJECTIVES =
      List.of(
          "Classic", "Deluxe", "Compact", "Rustic", "Modern", "Vintage", "Sleek", "Sturdy",
          "Premium", "Folding", "Outdoor", "Cozy");
  private static final List<String> MATERIALS =
      List.of("Oak", "Steel", "Walnut", "Bamboo", "Leather", "Glass", "Velvet", "Marble");
  private static final List<String> NOUNS =
      List.of(
          "Chair", "Table", "Desk", "Lamp", "Shelf", "Bench", "Stool", "Sofa", "Cabinet", "Bed");

  private static Map<String, FieldType> columns() {
    Map<String, FieldType> columns = new LinkedHashMap<>();
    columns.put("room", FieldType.STRING);
    columns.put("product", FieldType.STRING);
    columns.put("sku", FieldType.STRING);
    columns.put("token", FieldType.STRING);
    return columns;
  }

  /**
   * 1,000 orders of about 300 distinct product names of two or three words (rooms favour their own
   * names), each name ordered two to six times but for ten ordered once; SKUs are 8 hex digits and
   * tokens version-4 UUIDs, all distinct.
   */
  private static List<Map<String, Object>> orders() {
    SplittableRandom random = new SplittableRandom(17);
    Set<String> names = new HashSet<>();
    List<String> distinct = new ArrayList<>();
    while (distinct.size() < 300) {
      String name =
          pick(ADJECTIVES, random)
              + (random.nextInt(3) == 0 ? "" : " " + pick(MATERIALS, random))
              + " "
              + pick(NOUNS, random);
      if (names.add(name)) {
        distinct.add(name);
      }
    }
    List<String> column = new ArrayList<>();
    for (int i = 0; column.size() < 1000; i++) {
      int copies = i < 10 ? 1 : 2 + random.nextInt(5);
      for (int c = 0; c < copies && column.size() < 1000; c++) {
        column.add(distinct.get(i % distinct.size()));
      }
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < column.size(); i++) {
      String product = column.get(i);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put(
          "room",
          List.of("kitchen", "bedroom", "office").get(Math.floorMod(product.hashCode(), 3)));
      row.put("product", product);
      row.put("sku", String.format("%08x", random.nextInt()));
      row.put("token", uuid4(random));
      rows.add(row);
    }
    return rows;
  }

  @Test
  public void namesThatRepeatKeepTheirDistributionInSeedWords() {
    List<Map<String, Object>> seeds = orders();
    Spec spec = SpecInference.fromRecords(columns(), seeds, InferenceSettings.defaults());
    assertNull(spec.recordField("product").orElseThrow().property());
    assertNull("names are not free text", spec.recordField("product").orElseThrow().text());
    List<Map<String, Object>> generated = generate(spec, seeds, 60_000);
    Set<String> vocabulary = new HashSet<>();
    vocabulary.addAll(ADJECTIVES);
    vocabulary.addAll(MATERIALS);
    vocabulary.addAll(NOUNS);
    for (Map<String, Object> record : generated) {
      String product = (String) record.get("product");
      for (String word : product.split(" ")) {
        assertTrue(product, vocabulary.contains(word));
      }
    }
    FidelityReport report =
        Fidelity.defaults()
            .withMaxCategories(1000)
            .evaluate(Map.of("product", FieldType.STRING), seeds, generated);
    double shape = report.columnShapes().get(0).score();
    assertThat("1 - total variation over product names", shape, greaterThanOrEqualTo(0.95));
  }

  @Test
  public void mostlyUniqueNamesBecomeNewNamesOfSeedWordsAsLongAsTheSeedsNames() {
    SplittableRandom random = new SplittableRandom(5);
    List<Map<String, Object>> seeds = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      String name =
          pick(ADJECTIVES, random) + " " + pick(MATERIALS, random) + " " + pick(NOUNS, random);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("product", i % 3 == 0 ? name + " Set" : name);
      // A second column, so that a replayed name does not make the record a copy of a seed row.
      row.put("price", random.nextInt(100_000) / 100.0);
      seeds.add(row);
    }
    Set<Object> seedNames = new HashSet<>();
    seeds.forEach(row -> seedNames.add(row.get("product")));
    Map<String, Integer> counts = new HashMap<>();
    seeds.forEach(row -> counts.merge((String) row.get("product"), 1, Integer::sum));
    double repeatedShare =
        seeds.stream().filter(row -> counts.get((String) row.get("product")) > 1).count() / 600.0;
    Map<String, FieldType> pricedProducts = new LinkedHashMap<>();
    pricedProducts.put("product", FieldType.STRING);
    pricedProducts.put("price", FieldType.DOUBLE);
    Spec spec = SpecInference.fromRecords(pricedProducts, seeds, InferenceSettings.defaults());
    List<Map<String, Object>> generated = generate(spec, seeds, 5000);
    int seedValues = 0;
    for (Map<String, Object> record : generated) {
      String product = (String) record.get("product");
      String[] words = product.split(" ");
      assertThat(product, words.length, allOf(greaterThanOrEqualTo(3), lessThanOrEqualTo(4)));
      assertTrue(product, ADJECTIVES.contains(words[0]) && NOUNS.contains(words[2]));
      seedValues += seedNames.contains(product) ? 1 : 0;
    }
    double seedShare = seedValues / 5000.0;
    assertEquals("seed names only as often as seed names repeat", repeatedShare, seedShare, 0.03);
    assertThat(seedShare, lessThan(0.5));
  }

  @Test
  public void codesKeepTheCharactersOfEachPositionAndAreNew() {
    List<Map<String, Object>> seeds = orders();
    Spec spec = SpecInference.fromRecords(columns(), seeds, InferenceSettings.defaults());
    Set<Object> seedSkus = new HashSet<>();
    seeds.forEach(row -> seedSkus.add(row.get("sku")));
    int n = 3000;
    for (Map<String, Object> record : generate(spec, seeds, n)) {
      String sku = (String) record.get("sku");
      assertTrue(sku, sku.matches("[0-9a-f]{8}"));
      assertFalse(sku, seedSkus.contains(sku));
      String token = (String) record.get("token");
      assertTrue(
          token,
          token.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
    }
  }

  @Test
  public void kindsAreWordsForNamesAndCharactersForCodes() {
    assertEquals(
        StringColumn.Kind.WORDS,
        StringColumn.kindOf(List.of("O'Brien & Sons", "Acme Widget 3000", "St. Louis", "Zoë")));
    assertEquals(
        StringColumn.Kind.CHARACTERS,
        StringColumn.kindOf(List.of("a3f9c2d1", "jane.doe@example.com", "(555) 123-4567")));
    assertEquals(StringColumn.Kind.CHARACTERS, StringColumn.kindOf(List.of("https://x.org/a")));
  }

  private static List<Map<String, Object>> generate(
      Spec spec, List<Map<String, Object>> seeds, int n) {
    EmbeddedEngine engine = new EmbeddedEngine(spec, seeds, FingerprintSet.ofRecords(seeds));
    Planner planner = new Planner(spec);
    RunSettings settings = new RunSettings("run-strings", 9, 0, SeedShufflingLevel.NONE, 0);
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(engine.draft(planner.plan(settings, i), 1));
    }
    assertThat(out.size(), greaterThan(0));
    return out;
  }

  private static String uuid4(SplittableRandom random) {
    String hex = String.format("%016x%016x", random.nextLong(), random.nextLong());
    return hex.substring(0, 8)
        + "-"
        + hex.substring(8, 12)
        + "-4"
        + hex.substring(13, 16)
        + "-"
        + "89ab".charAt(random.nextInt(4))
        + hex.substring(17, 20)
        + "-"
        + hex.substring(20, 32);
  }

  private static String pick(List<String> words, SplittableRandom random) {
    return words.get(random.nextInt(words.size()));
  }
}
