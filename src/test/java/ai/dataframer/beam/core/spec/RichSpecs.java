package ai.dataframer.beam.core.spec;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Specs used by several tests: one exercising every feature of the model, one minimal. */
final class RichSpecs {
  private RichSpecs() {}

  static Map<String, Double> dist(Object... valueThenPercent) {
    Map<String, Double> distribution = new LinkedHashMap<>();
    for (int i = 0; i < valueThenPercent.length; i += 2) {
      distribution.put(
          (String) valueThenPercent[i], ((Number) valueThenPercent[i + 1]).doubleValue());
    }
    return distribution;
  }

  static PropertyVariation property(String name, List<String> values, Map<String, Double> base) {
    return new PropertyVariation(name, values, base, null);
  }

  static PropertyVariation property(
      String name,
      List<String> values,
      Map<String, Double> base,
      String parent,
      Map<String, Map<String, Double>> byParentValue) {
    return new PropertyVariation(
        name, values, base, new ConditionalDistribution(parent, byParentValue));
  }

  static RecordField field(String name, FieldType type) {
    return new RecordField(name, type, null, 0, List.of(), null, null);
  }

  static RecordField bound(String name, FieldType type, String property) {
    return new RecordField(name, type, property, 0, List.of(), null, null);
  }

  /**
   * Every feature: conditionals, bound ordered fields with ranges and nulls, dates, timestamps,
   * decimals.
   */
  static Spec rich() {
    Map<String, Map<String, Double>> priorityByProduct = new LinkedHashMap<>();
    priorityByProduct.put("laptop", dist("low", 60, "high", 40));
    priorityByProduct.put("phone", dist("low", 80, "high", 20));
    priorityByProduct.put("headphones", dist("low", 90, "high", 10));
    Map<String, Map<String, Double>> quarterByPriority = new LinkedHashMap<>();
    quarterByPriority.put(
        "low", dist("2024-01-01..2024-03-31", 25, "2024-04-01..2024-06-30", 75, "null", 0));
    quarterByPriority.put(
        "high", dist("2024-01-01..2024-03-31", 50, "2024-04-01..2024-06-30", 40, "null", 10));
    long day = LocalDate.parse("2024-01-01").toEpochDay();
    long millis = Instant.parse("2024-01-01T08:30:00Z").toEpochMilli();
    return new Spec(
        "Customer support tickets: a shop's \"hardest\" cases",
        "Each ticket has a subject, a body of 40-200 words,\na priority and a product.\n",
        List.of(
            property(
                "product",
                List.of("laptop", "phone", "headphones"),
                dist("laptop", 50, "phone", 30, "headphones", 20)),
            property(
                "priority",
                List.of("low", "high"),
                dist("low", 70, "high", 30),
                "product",
                priorityByProduct),
            property(
                "opened",
                List.of("2024-01-01..2024-03-31", "2024-04-01..2024-06-30", "null"),
                dist("2024-01-01..2024-03-31", 40, "2024-04-01..2024-06-30", 55, "null", 5),
                "priority",
                quarterByPriority),
            property("units", List.of("1", "2", "3..10"), dist("1", 60, "2", 25, "3..10", 15)),
            property(
                "odd values",
                List.of("true", "1.50", "yes", "a: b", "#hash", "~"),
                dist("true", 10, "1.50", 10, "yes", 20, "a: b", 20, "#hash", 20, "~", 20))),
        List.of(
            bound("product", FieldType.STRING, "product"),
            bound("priority", FieldType.STRING, "priority"),
            new RecordField(
                "opened_on",
                FieldType.DATE,
                "opened",
                0,
                List.of((double) day, day + 31.0, day + 90.0, day + 181.0),
                null,
                null),
            new RecordField(
                "units", FieldType.INT, "units", 0, List.of(1.0, 1.0, 2.0, 4.0, 10.0), null, null),
            new RecordField(
                "price",
                FieldType.DECIMAL,
                null,
                2.5,
                List.of(9.5, 19.0, 42.0, 120.0, 999.99),
                null,
                2),
            new RecordField(
                "last_update",
                FieldType.TIMESTAMP,
                null,
                10,
                List.of((double) millis, millis + 3_600_000.0, millis + 86_400_123.0),
                null,
                null),
            new RecordField(
                "rating", FieldType.DOUBLE, null, 0, List.of(1.0, 3.25, 5.0), null, null),
            field("escalated", FieldType.BOOLEAN),
            new RecordField(
                "body", FieldType.STRING, null, 0, List.of(), new TextProfile(12, 61, 210), null)));
  }

  static SpecMetadata metadata() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("spec_generation_model_name", "embedded");
    params.put("generate_distributions", true);
    params.put("max_rows", 1000);
    params.put("objectives", List.of("a", "b"));
    params.put("description", null);
    return new SpecMetadata(
        "6f1c2a",
        "support-tickets",
        2,
        SpecStatus.SUCCEEDED,
        "seeds/tickets.csv",
        "2024-05-01T10:15:30Z",
        null,
        params);
  }
}
