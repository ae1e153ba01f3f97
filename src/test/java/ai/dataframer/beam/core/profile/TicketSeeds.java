package ai.dataframer.beam.core.profile;

import ai.dataframer.beam.core.spec.FieldType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seed records with known structure: priority depends on product, price depends strongly on
 * product, channel, score and created are independent of everything, id is unique, body is free
 * text.
 */
public final class TicketSeeds {
  public static final List<String> PRODUCTS = List.of("laptop", "phone", "headphones");
  public static final double[] PRODUCT_SHARES = {0.5, 0.3, 0.2};

  /** P(priority = low | product), in PRODUCTS order. */
  public static final double[] LOW_PRIORITY_GIVEN_PRODUCT = {0.6, 0.8, 0.9};

  private static final String[] WORDS = {
    "screen", "battery", "broken", "please", "help", "order", "late", "refund", "the", "my", "is",
    "not", "working", "since", "update", "charger"
  };

  private TicketSeeds() {}

  public static Map<String, FieldType> columns() {
    Map<String, FieldType> columns = new LinkedHashMap<>();
    columns.put("product", FieldType.STRING);
    columns.put("priority", FieldType.STRING);
    columns.put("channel", FieldType.STRING);
    columns.put("price", FieldType.DOUBLE);
    columns.put("score", FieldType.INT);
    columns.put("id", FieldType.STRING);
    columns.put("body", FieldType.STRING);
    columns.put("created", FieldType.DATE);
    columns.put("vip", FieldType.BOOLEAN);
    return columns;
  }

  public static List<Map<String, Object>> records(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Map<String, Object>> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int product = pick(random, PRODUCT_SHARES);
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("product", PRODUCTS.get(product));
      record.put(
          "priority", random.nextDouble() < LOW_PRIORITY_GIVEN_PRODUCT[product] ? "low" : "high");
      record.put("channel", random.nextBoolean() ? "email" : "chat");
      double[][] priceRanges = {{800, 1500}, {300, 900}, {20, 200}};
      double price =
          priceRanges[product][0]
              + random.nextDouble() * (priceRanges[product][1] - priceRanges[product][0]);
      record.put("price", Math.round(price * 100) / 100.0);
      record.put("score", random.nextInt(101));
      record.put("id", String.format("T-%06d", i));
      record.put("body", body(random));
      record.put("created", LocalDate.of(2024, 1, 1).plusDays(random.nextInt(366)));
      record.put("vip", random.nextInt(10) == 0 ? null : random.nextInt(4) == 0);
      records.add(record);
    }
    return records;
  }

  private static String body(SplittableRandom random) {
    int words = 5 + random.nextInt(36);
    StringBuilder text = new StringBuilder();
    for (int w = 0; w < words; w++) {
      text.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
    }
    return text.toString();
  }

  private static int pick(SplittableRandom random, double[] shares) {
    double u = random.nextDouble();
    for (int k = 0; k < shares.length - 1; k++) {
      u -= shares[k];
      if (u < 0) {
        return k;
      }
    }
    return shares.length - 1;
  }
}
