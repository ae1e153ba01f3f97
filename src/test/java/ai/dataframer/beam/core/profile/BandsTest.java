package ai.dataframer.beam.core.profile;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyValues;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class BandsTest {
  @Test
  public void integerBinsAreQuantilesWithExclusiveUpperEnds() {
    Bands bands = bandsOf(FieldType.INT, 4, i -> i, 1000);
    assertEquals(List.of("0..250", "250..500", "500..749", "749..999"), bands.labels(0));
    assertEquals(0, bands.binOf(249));
    assertEquals(1, bands.binOf(250));
    assertEquals(3, bands.binOf(999));
  }

  @Test
  public void doubleEdgesAreRoundedToThreeSignificantDigitsOfTheRange() {
    Bands bands = bandsOf(FieldType.DOUBLE, 4, i -> i * 0.0123456, 1001);
    List<String> labels = bands.labels(0);
    assertEquals("0..3.1", labels.get(0));
    assertEquals("9.3..12.4", labels.get(3));
    labels.forEach(label -> PropertyValues.parse(label, FieldType.DOUBLE));
  }

  @Test
  public void widenedLabelsStayAtOrAboveZeroForNonNegativeColumns() {
    Bands bands = bandsOf(FieldType.INT, 4, i -> i, 1000);
    List<String> labels = bands.labels(50);
    assertEquals("0..250", labels.get(0));
    assertEquals("749..1049", labels.get(3));
  }

  @Test
  public void timestampsAreLabelledInIsoFormRoundedToDays() {
    long start = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    Bands bands =
        bandsOf(
            FieldType.TIMESTAMP, 4, i -> Instant.ofEpochMilli(start + i * 3_600_000L), 24 * 120);
    assertEquals("2024-01-01T00:00:00Z..2024-01-31T00:00:00Z", bands.labels(0).get(0));
  }

  @Test
  public void aConstantColumnHasNoBands() {
    assertFalse(Bands.of(profileOf(FieldType.INT, i -> 7, 100), 4).isPresent());
  }

  private static Bands bandsOf(
      FieldType type, int bins, java.util.function.IntFunction<Object> value, int rows) {
    return Bands.of(profileOf(type, value, rows), bins).orElseThrow();
  }

  private static ColumnProfile profileOf(
      FieldType type, java.util.function.IntFunction<Object> value, int rows) {
    TableProfile profile = TableProfile.empty(Map.of("x", type));
    for (int i = 0; i < rows; i++) {
      profile.add(Map.of("x", value.apply(i)));
    }
    return profile.column("x");
  }
}
