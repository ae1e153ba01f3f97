package ai.dataframer.beam.core.engine;

import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.plan.Seeds;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyVariation;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.core.spec.TextProfile;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A hand-written order spec and seed rows in which laptops and phones differ in quantity and words.
 */
final class EngineFixtures {
  static final List<String> LAPTOP_WORDS =
      List.of("laptop", "screen", "keyboard", "battery", "hinge", "charger", "fan", "lid");
  static final List<String> PHONE_WORDS =
      List.of("phone", "camera", "signal", "speaker", "sim", "case", "notch", "button");
  static final TextProfile BODY_PROFILE = new TextProfile(5, 12, 30);

  private EngineFixtures() {}

  static Spec spec() {
    List<PropertyVariation> properties =
        List.of(
            property("product", "laptop", "phone"),
            property("price_band", "0..100", "100..500", "500..2000"),
            property("stars", "1", "2", "3", "4", "5"),
            property("rating_band", "1..3", "3..5"),
            property("period", "2024-01-01..2024-07-01", "2024-07-01..2025-01-01", "null"),
            property("fee", "0", "4.5"));
    List<RecordField> fields =
        List.of(
            field("order_id", FieldType.STRING, null, 0, List.of(), null, null),
            field("product", FieldType.STRING, "product", 0, List.of(), null, null),
            field(
                "price",
                FieldType.DOUBLE,
                "price_band",
                0,
                List.of(0.0, 50.0, 100.0, 200.0, 400.0, 1000.0, 2000.0),
                null,
                null),
            field("stars", FieldType.INT, "stars", 0, List.of(), null, null),
            field(
                "rating",
                FieldType.INT,
                "rating_band",
                0,
                List.of(1.0, 2.0, 3.0, 4.0, 5.0),
                null,
                null),
            field(
                "created",
                FieldType.DATE,
                "period",
                0,
                List.of(
                    (double) LocalDate.parse("2024-01-01").toEpochDay(),
                    (double) LocalDate.parse("2024-12-31").toEpochDay()),
                null,
                null),
            field("fee", FieldType.DECIMAL, "fee", 0, List.of(), null, 2),
            field(
                "qty", FieldType.INT, null, 0, List.of(1.0, 1.0, 2.0, 5.0, 8.0, 10.0), null, null),
            field("discount", FieldType.DECIMAL, null, 30, List.of(0.0, 5.0, 10.0, 20.0), null, 2),
            field("gift", FieldType.BOOLEAN, null, 0, List.of(), null, null),
            field("channel", FieldType.STRING, null, 0, List.of(), null, null),
            field("body", FieldType.STRING, null, 0, List.of(), BODY_PROFILE, null));
    return new Spec("orders", "one order per record", properties, fields);
  }

  static PropertyVariation property(String name, String... values) {
    return new PropertyVariation(name, List.of(values), Map.of(), null);
  }

  static RecordField field(
      String name,
      FieldType type,
      String property,
      double nullablePercent,
      List<Double> quantiles,
      TextProfile text,
      Integer scale) {
    return new RecordField(name, type, property, nullablePercent, quantiles, text, scale);
  }

  /**
   * 200 seed rows: laptops order 1-2 items and talk about laptop parts, phones 8-10 and phone
   * parts.
   */
  static List<Map<String, Object>> seeds() {
    SplittableRandom random = new SplittableRandom(7);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      boolean laptop = i % 2 == 0;
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("order_id", String.format("ORD-%05d", random.nextInt(100_000)));
      row.put("product", laptop ? "laptop" : "phone");
      row.put("price", laptop ? 500 + random.nextDouble() * 1500 : random.nextDouble() * 500);
      row.put("stars", 1 + random.nextInt(5));
      row.put("rating", 1 + random.nextInt(5));
      row.put("created", LocalDate.parse("2024-01-01").plusDays(random.nextInt(366)));
      row.put("fee", random.nextBoolean() ? new BigDecimal("0.00") : new BigDecimal("4.50"));
      row.put("qty", laptop ? 1 + random.nextInt(2) : 8 + random.nextInt(3));
      row.put(
          "discount", random.nextInt(10) < 3 ? null : BigDecimal.valueOf(random.nextInt(2000), 2));
      row.put("gift", random.nextBoolean());
      row.put("channel", random.nextBoolean() ? "web" : "store");
      row.put(
          "body", sentences(laptop ? LAPTOP_WORDS : PHONE_WORDS, 5 + random.nextInt(26), random));
      rows.add(row);
    }
    return rows;
  }

  /** {@code words} words from the vocabulary, in capitalised sentences of 5-9 words. */
  static String sentences(List<String> vocabulary, int words, SplittableRandom random) {
    StringBuilder text = new StringBuilder();
    int inSentence = 0;
    int sentenceLength = 5 + random.nextInt(5);
    for (int i = 0; i < words; i++) {
      String word = vocabulary.get(random.nextInt(vocabulary.size()));
      if (inSentence == 0) {
        word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
      }
      inSentence++;
      boolean last = i == words - 1 || inSentence == sentenceLength;
      text.append(i == 0 ? "" : " ").append(word).append(last ? "." : "");
      if (last) {
        inSentence = 0;
        sentenceLength = 5 + random.nextInt(5);
      }
    }
    return text.toString();
  }

  static SamplePlan plan(long index, Map<String, String> values) {
    return new SamplePlan(
        "run-1",
        index,
        "sample-" + index,
        new LinkedHashMap<>(values),
        List.of(),
        Seeds.derive(42, index, "sample"));
  }

  static Map<String, String> values(String... pairs) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      values.put(pairs[i], pairs[i + 1]);
    }
    return values;
  }

  static Map<String, String> laptopValues() {
    return values(
        "product",
        "laptop",
        "price_band",
        "500..2000",
        "stars",
        "4",
        "rating_band",
        "1..3",
        "period",
        "2024-01-01..2024-07-01",
        "fee",
        "4.5");
  }

  static Map<String, String> phoneValues() {
    return values(
        "product",
        "phone",
        "price_band",
        "100..500",
        "stars",
        "2",
        "rating_band",
        "3..5",
        "period",
        "null",
        "fee",
        "0");
  }
}
