package ai.dataframer.beam.core.profile;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;

import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyVariation;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.core.spec.TimestampUnit;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The embedded analyst writes each column's grain (decimals, precision, timestamp unit) and its
 * quantiles and band edges in that grain, and tells names and titles from free text.
 */
public class SpecGrainTest {
  private static final List<String> WORDS =
      List.of("Deluxe", "Steel", "Chair", "Oak", "Table", "Compact", "Desk", "Lamp", "Walnut");

  private static Spec spec;

  @BeforeClass
  public static void infer() {
    Map<String, FieldType> columns = new LinkedHashMap<>();
    columns.put("kind", FieldType.STRING);
    columns.put("price", FieldType.DOUBLE);
    columns.put("weight", FieldType.DOUBLE);
    columns.put("ratio", FieldType.DOUBLE);
    columns.put("amount", FieldType.DECIMAL);
    columns.put("placed_at", FieldType.TIMESTAMP);
    columns.put("booked_on", FieldType.TIMESTAMP);
    columns.put("product", FieldType.STRING);
    columns.put("review", FieldType.STRING);
    SplittableRandom random = new SplittableRandom(3);
    Instant start = Instant.parse("2024-01-01T00:00:00Z");
    List<Map<String, Object>> records = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      boolean cheap = i % 2 == 0;
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("kind", cheap ? "cheap" : "dear");
      record.put("price", (cheap ? 100 : 40_000 + random.nextInt(10_000)) / 100.0);
      record.put("weight", (double) (1 + random.nextInt(80)));
      record.put("ratio", (1 + random.nextInt(1000)) / 7.0);
      record.put("amount", BigDecimal.valueOf(random.nextInt(1_000_000), 2));
      record.put("placed_at", start.plusSeconds(random.nextInt(90 * 86_400)));
      record.put("booked_on", start.plusSeconds(86_400L * random.nextInt(300)));
      record.put("product", word(random) + " " + word(random) + " " + word(random));
      record.put(
          "review", word(random) + " works " + word(random) + " well. Good " + word(random) + ".");
      records.add(record);
    }
    spec = SpecInference.fromRecords(columns, records, InferenceSettings.defaults());
  }

  @Test
  public void doublesGetTheirDecimalPlacesAndQuantilesInThem() {
    assertEquals(Integer.valueOf(2), field("price").decimals());
    assertEquals(Integer.valueOf(0), field("weight").decimals());
    assertNull("a computed ratio needs more than 10 places", field("ratio").decimals());
    for (String name : List.of("price", "weight")) {
      int places = field(name).decimals();
      for (double q : field(name).quantiles()) {
        assertThat(name + " quantile " + q, places(q), lessThanOrEqualTo(places));
      }
    }
  }

  @Test
  public void bandEdgesAreNeverFinerThanTheGrain() {
    PropertyVariation band = spec.property("price_band").orElseThrow();
    assertEquals("price_band", field("price").property());
    for (String label : band.values()) {
      for (String end : label.split("\\.\\.")) {
        assertThat(label, places(Double.parseDouble(end)), lessThanOrEqualTo(2));
      }
    }
  }

  @Test
  public void decimalsGetTheirPrecisionAndExtrapolationStaysWithinIt() {
    RecordField amount = field("amount");
    assertEquals(Integer.valueOf(2), amount.scale());
    assertEquals(Integer.valueOf(6), amount.precision());
    List<Double> quantiles = amount.quantiles();
    assertEquals(9999.99, quantiles.get(quantiles.size() - 1), 0);
  }

  @Test
  public void timestampsGetTheirUnitAndQuantilesInIt() {
    assertEquals(TimestampUnit.SECOND, field("placed_at").unit());
    assertEquals(TimestampUnit.DAY, field("booked_on").unit());
    for (String name : List.of("placed_at", "booked_on")) {
      long unit = field(name).unit().millis();
      for (double q : field(name).quantiles()) {
        assertEquals(name + " quantile " + Instant.ofEpochMilli((long) q), 0, (long) q % unit);
      }
    }
    assertNull(field("price").unit());
    assertNull(field("placed_at").decimals());
  }

  @Test
  public void theRequirementsStateTheGrainForModelsWritingRecords() {
    String requirements = spec.requirements();
    assertThat(
        requirements, matchesPattern("(?s).*- weight \\(double\\): [^\n]*, whole numbers\n.*"));
    assertThat(
        requirements, matchesPattern("(?s).*- price \\(double\\): [^\n]*, 2 decimal places\n.*"));
    assertThat(
        requirements, matchesPattern("(?s).*- booked_on \\(timestamp\\): [^\n]*, whole days\n.*"));
    assertThat(requirements, containsString(", at most 6 digits with 2 after the decimal point\n"));
  }

  @Test
  public void namesOfThreeWordsAreNotFreeTextButPunctuatedSentencesAre() {
    assertNull(field("product").text());
    assertNotNull(field("review").text());
  }

  private static int places(double x) {
    return Math.max(0, new BigDecimal(Double.toString(x)).stripTrailingZeros().scale());
  }

  private static String word(SplittableRandom random) {
    return WORDS.get(random.nextInt(WORDS.size()));
  }

  private static RecordField field(String name) {
    return spec.recordField(name).orElseThrow();
  }
}
