package ai.dataframer.beam.core.eval;

import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyVariation;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ten samples of a spec with two bound properties and one unbound, counted by hand: every region as
 * planned, sample 3's size rewritten to 25 (in no band), tone not analysed without a judge.
 */
public final class ConformanceFixture {
  private ConformanceFixture() {}

  public static final Spec SPEC =
      new Spec(
          "orders",
          "one order",
          List.of(
              new PropertyVariation(
                  "region", List.of("North", "South"), Map.of("North", 60.0, "South", 40.0), null),
              new PropertyVariation("size_band", List.of("0..10", "10..20"), Map.of(), null),
              new PropertyVariation("tone", List.of("formal", "casual"), Map.of(), null)),
          List.of(
              new RecordField("region", FieldType.STRING, "region", 0, List.of(), null, null),
              new RecordField("size", FieldType.DOUBLE, "size_band", 0, List.of(), null, null),
              new RecordField("note", FieldType.STRING, null, 0, List.of(), null, null)));

  /** Sample i: North for i < 6, size band 0..10 for even i; sample 3's size rewritten to 25. */
  public static List<Map<String, String>> assigned() {
    List<Map<String, String>> out = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Map<String, String> values = new LinkedHashMap<>();
      values.put("region", i < 6 ? "North" : "South");
      values.put("size_band", i % 2 == 0 ? "0..10" : "10..20");
      values.put("tone", i < 5 ? "formal" : "casual");
      out.add(values);
    }
    return out;
  }

  public static Map<String, Object> record(int i, Map<String, String> values) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("region", values.get("region"));
    record.put("size", i == 3 ? 25.0 : values.get("size_band").equals("0..10") ? 4.5 : 10.0);
    record.put("note", "n");
    return record;
  }
}
