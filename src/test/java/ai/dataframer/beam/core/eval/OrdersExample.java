package ai.dataframer.beam.core.eval;

import ai.dataframer.beam.core.spec.FieldType;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads the bundled example seed examples/orders/orders.csv into typed records; empty cells are
 * null.
 */
public final class OrdersExample {
  public static final Path CSV = Path.of("examples", "orders", "orders.csv");
  public static final Map<String, FieldType> TYPES = types();

  private OrdersExample() {}

  public static List<Map<String, Object>> read() throws IOException {
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build();
    try (Reader in = Files.newBufferedReader(CSV, StandardCharsets.UTF_8);
        CSVParser parser = format.parse(in)) {
      if (!parser.getHeaderNames().equals(List.copyOf(TYPES.keySet()))) {
        throw new IllegalStateException(
            CSV + ": header " + parser.getHeaderNames() + ", expected " + TYPES.keySet());
      }
      List<Map<String, Object>> records = new ArrayList<>();
      for (CSVRecord row : parser) {
        Map<String, Object> record = new LinkedHashMap<>();
        TYPES.forEach((name, type) -> record.put(name, parse(row, name, type)));
        records.add(record);
      }
      return records;
    }
  }

  private static Object parse(CSVRecord row, String name, FieldType type) {
    String text = row.get(name);
    if (text.isEmpty()) {
      return null;
    }
    try {
      switch (type) {
        case INT:
          return Integer.valueOf(text);
        case DOUBLE:
          return Double.valueOf(text);
        case DATE:
          return LocalDate.parse(text);
        case BOOLEAN:
          if (!text.equals("true") && !text.equals("false")) {
            throw new IllegalArgumentException("not true or false");
          }
          return Boolean.valueOf(text);
        case STRING:
          return text;
        default:
          throw new IllegalStateException("the example has no " + type + " column");
      }
    } catch (RuntimeException e) {
      // The header is line 1 and no cell spans lines, so data record n sits on line n + 1.
      throw new IllegalStateException(
          CSV
              + " line "
              + (row.getRecordNumber() + 1)
              + ", column '"
              + name
              + "': cannot read '"
              + text
              + "' as "
              + type
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static Map<String, FieldType> types() {
    Map<String, FieldType> types = new LinkedHashMap<>();
    types.put("order_id", FieldType.STRING);
    types.put("order_date", FieldType.DATE);
    types.put("region", FieldType.STRING);
    types.put("channel", FieldType.STRING);
    types.put("product_category", FieldType.STRING);
    types.put("quantity", FieldType.INT);
    types.put("unit_price", FieldType.DOUBLE);
    types.put("discount_pct", FieldType.DOUBLE);
    types.put("express_shipping", FieldType.BOOLEAN);
    types.put("delivery_days", FieldType.INT);
    types.put("customer_rating", FieldType.INT);
    types.put("review", FieldType.STRING);
    return Collections.unmodifiableMap(types);
  }
}
