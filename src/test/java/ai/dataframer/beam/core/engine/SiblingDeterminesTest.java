package ai.dataframer.beam.core.engine;

import static ai.dataframer.beam.core.engine.EngineFixtures.plan;
import static ai.dataframer.beam.core.engine.EngineFixtures.values;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.junit.Assert.assertEquals;

import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.spec.Constraint;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyVariation;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * One column determines two planned properties (a product determines its brand and its category):
 * the product drawn must have both, not only the first rule's.
 */
public class SiblingDeterminesTest {
  /** product -> (brand, category); every brand sells two categories, each through one product. */
  private static final List<String[]> PRODUCTS =
      List.of(
          new String[] {"Trail Boot", "Trailhead", "sports"},
          new String[] {"Trail Lamp", "Trailhead", "home"},
          new String[] {"Soft Throw", "Solace", "home"},
          new String[] {"Soft Mat", "Solace", "sports"},
          new String[] {"Grey Pen", "Greywell", "office"},
          new String[] {"Grey Mug", "Greywell", "home"});

  private static List<Map<String, Object>> seeds() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      String[] product = PRODUCTS.get(i % PRODUCTS.size());
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("product", product[0]);
      row.put("brand", product[1]);
      row.put("category", product[2]);
      rows.add(row);
    }
    return rows;
  }

  @Test
  public void aProductKeepsBothPlannedProperties() {
    List<RecordField> fields =
        List.of(
            new RecordField("product", FieldType.STRING, null, 0, List.of(), null, null),
            new RecordField("brand", FieldType.STRING, "brand", 0, List.of(), null, null),
            new RecordField("category", FieldType.STRING, "category", 0, List.of(), null, null));
    List<PropertyVariation> properties =
        List.of(
            new PropertyVariation("brand", List.of("Trailhead", "Solace", "Greywell"), null, null),
            new PropertyVariation("category", List.of("sports", "home", "office"), null, null));
    Spec spec =
        new Spec(
            "products",
            "",
            properties,
            fields,
            List.of(
                new Constraint.Determines("product", "brand"),
                new Constraint.Determines("product", "category")));
    EmbeddedEngine engine = new EmbeddedEngine(spec, seeds(), fingerprint -> false);
    ConstraintFilter filter = new ConstraintFilter(spec, seeds());
    int index = 0;
    for (String[] product : PRODUCTS) {
      for (int i = 0; i < 50; i++) {
        SamplePlan plan = plan(index++, values("brand", product[1], "category", product[2]));
        Map<String, Object> record = engine.draft(plan, 1);
        assertThat(record.toString(), filter.check(plan, record), empty());
        assertEquals(product[0], record.get("product"));
      }
    }
  }
}
