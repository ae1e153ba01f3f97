package ai.dataframer.beam.core.eval;

import static org.junit.Assert.assertEquals;

import ai.dataframer.beam.core.eval.KeyCheck.KeyColumn;
import ai.dataframer.beam.core.spec.FieldKey;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.RecordField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class KeyCheckTest {
  @Test
  public void countsRepeatedAndCopiedValuesAndSkipsNulls() {
    List<Map<String, Object>> seed = column("order_id", "A-1", "A-2", "A-3", "B-4");
    List<Map<String, Object>> synthetic =
        column("order_id", "B-1", "B-2", "B-1", "A-2", null, "A-2");
    // Five values; B-1 and A-2 each come back once: 2 duplicates; A-2 twice from the seed.
    assertEquals(
        new KeyColumn("order_id", "spec key", 5, 2, 2, 0, null),
        KeyCheck.check("order_id", "spec key", seed, synthetic));
  }

  @Test
  public void numbersCompareByValueWhateverTheirJavaClass() {
    List<Map<String, Object>> seed = column("customer_id", 7, 8);
    List<Map<String, Object>> synthetic = column("customer_id", 7L, 7.0, 9L);
    assertEquals(
        new KeyColumn("customer_id", "unique in the seed", 3, 1, 2, 0, null),
        KeyCheck.check("customer_id", "unique in the seed", seed, synthetic));
  }

  @Test
  public void stringKeysKeepTheSeedsCharactersAndLengths() {
    List<Map<String, Object>> seed = column("device", "dev-3fa9", "dev-0b1c", "dev-77e2");
    // Within the seed's alphabet and length; a letter past f; too short; too long.
    List<Map<String, Object>> synthetic =
        column("device", "dev-a9c3", "dev-3fz9", "dev-3f", "dev-3fa90", null);
    assertEquals(
        new KeyColumn("device", "spec key", 4, 0, 0, 3, "dev-3fz9"),
        KeyCheck.check("device", "spec key", seed, synthetic));
  }

  @Test
  public void keysAreTheSpecKeysThenStringsAndIntegersUniqueInTheSeed() {
    List<RecordField> fields =
        List.of(
            field("order_id", FieldType.STRING)
                .withKey(new FieldKey("ORD-{seq:6}", 100L)), // repeats, but the spec says key
            field("customer_id", FieldType.LONG),
            field("email", FieldType.STRING),
            field("city", FieldType.STRING),
            field("note", FieldType.STRING),
            field("amount", FieldType.DOUBLE),
            field("few", FieldType.INT));
    List<Map<String, Object>> seed = new ArrayList<>();
    for (int i = 0; i < KeyCheck.MIN_SEED_VALUES_FOR_UNIQUE; i++) {
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("order_id", "ORD-" + (i % 3));
      record.put("customer_id", 1000L + i);
      record.put("email", i == 4 ? null : "user" + i + "@example.com");
      record.put("city", "city " + (i % 19));
      record.put("note", "a unique note number " + i);
      record.put("amount", 10.0 + i);
      record.put("few", i < 5 ? i : null);
      seed.add(record);
    }
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("order_id", "spec key");
    expected.put("customer_id", "unique in the seed");
    // 19 distinct non-null emails: too few to call the column unique by design.
    assertEquals(expected, KeyCheck.keyColumns(fields, seed));

    seed.get(4).put("email", "user4@example.com");
    expected.put("email", "unique in the seed");
    assertEquals(expected, KeyCheck.keyColumns(fields, seed));
  }

  private static RecordField field(String name, FieldType type) {
    return new RecordField(name, type, null, 0, List.of(), null, null);
  }

  private static List<Map<String, Object>> column(String name, Object... values) {
    List<Map<String, Object>> records = new ArrayList<>();
    for (Object value : Arrays.asList(values)) {
      Map<String, Object> record = new HashMap<>();
      record.put(name, value);
      records.add(record);
    }
    return records;
  }
}
