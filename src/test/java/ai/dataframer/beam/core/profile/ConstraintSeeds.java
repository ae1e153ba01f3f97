package ai.dataframer.beam.core.profile;

import ai.dataframer.beam.core.spec.FieldType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seed orders with known rules: closed_at after opened_at (whole seconds), max_temp >= min_temp
 * (sometimes equal), total = subtotal + tax + shipping at cents, a city determines its country; and
 * rules that almost hold, broken in exactly one row, which must not be learned: returned_at >=
 * shipped_at, fees = fee_a + fee_b (off by 0.05 once), and store -> depot (one store once with a
 * second depot).
 */
public final class ConstraintSeeds {
  public static final List<String> CITIES =
      List.of(
          "Paris", "Lyon", "Nice", "Berlin", "Munich", "Hamburg", "Madrid", "Seville", "Rome",
          "Milan", "Turin", "Naples");
  public static final List<String> COUNTRIES =
      List.of(
          "France", "France", "France", "Germany", "Germany", "Germany", "Spain", "Spain", "Italy",
          "Italy", "Italy", "Italy");
  private static final List<String> STORES = List.of("S1", "S2", "S3", "S4", "S5", "S6");
  private static final List<String> DEPOTS = List.of("north", "north", "south", "south", "east");
  private static final BigDecimal[] SHIPPING = {
    new BigDecimal("0.00"), new BigDecimal("4.99"), new BigDecimal("9.99")
  };
  private static final long START = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond();
  private static final long YEAR_SECONDS = 366L * 86_400;

  private ConstraintSeeds() {}

  public static Map<String, FieldType> columns() {
    Map<String, FieldType> columns = new LinkedHashMap<>();
    columns.put("order_id", FieldType.STRING);
    columns.put("city", FieldType.STRING);
    columns.put("country", FieldType.STRING);
    columns.put("opened_at", FieldType.TIMESTAMP);
    columns.put("closed_at", FieldType.TIMESTAMP);
    columns.put("min_temp", FieldType.DOUBLE);
    columns.put("max_temp", FieldType.DOUBLE);
    columns.put("subtotal", FieldType.DECIMAL);
    columns.put("tax", FieldType.DECIMAL);
    columns.put("shipping", FieldType.DECIMAL);
    columns.put("total", FieldType.DECIMAL);
    columns.put("quantity", FieldType.INT);
    columns.put("shipped_at", FieldType.DATE);
    columns.put("returned_at", FieldType.DATE);
    columns.put("fee_a", FieldType.DOUBLE);
    columns.put("fee_b", FieldType.DOUBLE);
    columns.put("fees", FieldType.DOUBLE);
    columns.put("store", FieldType.STRING);
    columns.put("depot", FieldType.STRING);
    return columns;
  }

  public static List<Map<String, Object>> records(int count, long randomSeed) {
    SplittableRandom random = new SplittableRandom(randomSeed);
    List<Map<String, Object>> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      boolean breakRules = i == count / 2;
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("order_id", String.format("O-%06d", i));
      int city = random.nextInt(CITIES.size());
      record.put("city", CITIES.get(city));
      record.put("country", COUNTRIES.get(city));
      long opened = START + random.nextLong(YEAR_SECONDS);
      record.put("opened_at", Instant.ofEpochSecond(opened));
      record.put("closed_at", Instant.ofEpochSecond(opened + 3600 + random.nextLong(240 * 3600)));
      double low = Math.round((random.nextDouble() * 30 - 5) * 10) / 10.0;
      double spread = random.nextInt(4) == 0 ? 0 : Math.round(random.nextDouble() * 150) / 10.0;
      record.put("min_temp", low);
      record.put("max_temp", Math.round((low + spread) * 10) / 10.0);
      BigDecimal subtotal = BigDecimal.valueOf(1000 + random.nextInt(49_000), 2);
      BigDecimal tax = subtotal.multiply(new BigDecimal("0.08")).setScale(2, RoundingMode.HALF_UP);
      BigDecimal shipping = SHIPPING[random.nextInt(SHIPPING.length)];
      record.put("subtotal", subtotal);
      record.put("tax", tax);
      record.put("shipping", shipping);
      record.put("total", subtotal.add(tax).add(shipping));
      record.put("quantity", 1 + random.nextInt(5));
      long shipped = 19_723 + random.nextInt(360);
      record.put("shipped_at", java.time.LocalDate.ofEpochDay(shipped));
      record.put(
          "returned_at",
          random.nextInt(10) < 3 && !breakRules
              ? null
              : java.time.LocalDate.ofEpochDay(shipped + (breakRules ? -1 : random.nextInt(30))));
      double feeA = Math.round(random.nextDouble() * 2000) / 100.0;
      double feeB = Math.round(random.nextDouble() * 500) / 100.0;
      record.put("fee_a", feeA);
      record.put("fee_b", feeB);
      record.put("fees", Math.round((feeA + feeB + (breakRules ? 0.05 : 0)) * 100) / 100.0);
      int store = breakRules ? 0 : random.nextInt(STORES.size());
      record.put("store", STORES.get(store));
      record.put("depot", breakRules && store == 0 ? "west" : DEPOTS.get(store % DEPOTS.size()));
      records.add(record);
    }
    return records;
  }
}
