package ai.dataframer.beam.core.spec;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.List;
import org.junit.Test;

/** Keys, granularity and constraints in spec YAML: written, read back, and checked. */
public class SpecYamlDetailsTest {
  private static final String YAML =
      String.join(
          "\n",
          "spec:",
          "  description: orders",
          "  data_property_variations:",
          "    - property_name: region",
          "      property_values: [north, south]",
          "  record_fields:",
          "    - {name: order_id, type: string, key: {format: 'ORD-{seq:6}', start: 1001}}",
          "    - {name: customer_id, type: long, key: {format: '{[1-9]}{digits:7}'}}",
          "    - {name: token, type: string, key: {format: '{uuid:4}'}}",
          "    - {name: region, type: string, property: region}",
          "    - {name: city, type: string}",
          "    - {name: country, type: string}",
          "    - {name: subtotal, type: double, decimals: 2}",
          "    - {name: tax, type: double, decimals: 2}",
          "    - {name: total, type: decimal, scale: 2, precision: 10}",
          "    - {name: opened_at, type: timestamp, unit: second}",
          "    - {name: closed_at, type: timestamp, unit: second}",
          "  constraints:",
          "    - {kind: order, left: closed_at, op: '>=', right: opened_at}",
          "    - {kind: sum, total: total, parts: [subtotal, tax], tolerance: 0.01}",
          "    - {kind: determines, from: city, to: country}",
          "");

  @Test
  public void detailsReadAndRoundTrip() {
    Spec spec = SpecYaml.parse(YAML, "t.yaml").spec();
    RecordField orderId = spec.recordField("order_id").orElseThrow();
    assertEquals(new FieldKey("ORD-{seq:6}", 1001L), orderId.key());
    assertEquals(Integer.valueOf(2), spec.recordField("subtotal").orElseThrow().decimals());
    assertEquals(Integer.valueOf(10), spec.recordField("total").orElseThrow().precision());
    assertEquals(TimestampUnit.SECOND, spec.recordField("opened_at").orElseThrow().unit());
    assertEquals(
        List.of(
            new Constraint.Order("closed_at", ">=", "opened_at"),
            new Constraint.Sum("total", List.of("subtotal", "tax"), 0.01),
            new Constraint.Determines("city", "country")),
        spec.constraints());

    String written = SpecYaml.write(spec);
    assertEquals(spec, SpecYaml.parse(written, "again.yaml").spec());
    assertEquals("writing is stable", written, SpecYaml.write(SpecYaml.parse(written, "x").spec()));
  }

  @Test
  public void badDetailsAreNamed() {
    String bad =
        YAML.replace("ORD-{seq:6}', start: 1001", "ORD-{seq:6}'")
            .replace("'{[1-9]}{digits:7}'", "'C-{digits:7}'")
            .replace("'{uuid:4}'", "'{guid}'")
            .replace(
                "type: double, decimals: 2}\n    - {name: tax",
                "type: int, decimals: 2}\n    - {name: tax")
            .replace("precision: 10", "precision: 1")
            .replace("unit: second}\n    - {name: closed", "unit: fortnight}\n    - {name: closed")
            .replace("op: '>='", "op: '=>'")
            .replace("parts: [subtotal, tax]", "parts: [subtotal, city]")
            .replace("to: country", "to: nowhere");
    List<String> problems =
        assertThrows(SpecValidationException.class, () -> SpecYaml.parse(bad, "t.yaml")).problems();
    String all = String.join("\n", problems);
    assertThat(all, containsString("unit: unknown timestamp unit 'fortnight'"));
    // Structural problems stop before the semantic rules; fix the unit and see the rest.
    List<String> rest =
        assertThrows(
                SpecValidationException.class,
                () -> SpecYaml.parse(bad.replace("fortnight", "second"), "t.yaml"))
            .problems();
    assertThat(rest, hasItem(containsString("'order_id': key.format has {seq}, so key.start")));
    assertThat(rest, hasItem(containsString("'customer_id': key.format 'C-{digits:7}' makes")));
    assertThat(rest, hasItem(containsString("'token': key.format: key format '{guid}'")));
    assertThat(rest, hasItem(containsString("'subtotal': decimals applies only to float")));
    assertThat(rest, hasItem(containsString("'total': scale 2 is larger than precision 1")));
    assertThat(rest, hasItem(containsString("constraint #1 (order): op is '=>'")));
    assertThat(rest, hasItem(containsString("constraint #2 (sum): 'city' is string")));
    assertThat(rest, hasItem(containsString("constraint #3 (determines): 'nowhere' is not")));
  }

  @Test
  public void keyFormatsParse() {
    KeyFormat format = KeyFormat.parse("{{x}}-{[1-9]}{digits:3}-{seq:4}");
    assertEquals(
        List.of(
            new KeyFormat.Literal("{x}-"),
            new KeyFormat.Chars("123456789", 1),
            new KeyFormat.Chars("0123456789", 3),
            new KeyFormat.Literal("-"),
            new KeyFormat.Sequence(4)),
        format.segments());
    assertEquals(java.math.BigInteger.valueOf(9000), format.randomSpace());
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> KeyFormat.parse("ORD-1")).getMessage(),
        containsString("no segment in braces"));
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> KeyFormat.parse("A{digits:3"))
            .getMessage(),
        containsString("unclosed '{' at position 2"));
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> KeyFormat.parse("{seq}{seq}"))
            .getMessage(),
        containsString("at most one"));
  }
}
