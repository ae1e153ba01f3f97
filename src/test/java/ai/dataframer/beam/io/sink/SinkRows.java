package ai.dataframer.beam.io.sink;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.values.Row;

/** Rows with a column of every supported type, shared by the sink tests. */
final class SinkRows {
  private SinkRows() {}

  static final Schema SCHEMA =
      Schema.builder()
          .addInt64Field("id")
          .addNullableField("flag", Schema.FieldType.BOOLEAN)
          .addNullableField("count", Schema.FieldType.INT32)
          .addNullableField("big", Schema.FieldType.INT64)
          .addNullableField("ratio", Schema.FieldType.FLOAT)
          .addNullableField("score", Schema.FieldType.DOUBLE)
          .addNullableField("price", Schema.FieldType.DECIMAL)
          .addNullableField("note", Schema.FieldType.STRING)
          .addNullableField("day", Schema.FieldType.logicalType(SqlTypes.DATE))
          .addNullableField("at", Schema.FieldType.DATETIME)
          .build();

  static final String TRICKY_NOTE = "says \"hi\", then\nleaves";

  /** Row i: non-null values derived from i, except row 1 which is null in every nullable column. */
  static Row row(long i) {
    if (i == 1) {
      return Row.withSchema(SCHEMA).addValue(i).addValues(nulls(9)).build();
    }
    return Row.withSchema(SCHEMA)
        .addValues(
            i,
            i % 2 == 0,
            (int) i * 10,
            i * 10_000_000_000L,
            i + 0.5f,
            i / 4.0,
            new BigDecimal("1234.56").add(BigDecimal.valueOf(i)),
            i == 2 ? TRICKY_NOTE : "note " + i,
            LocalDate.of(2024, 1, 1).plusDays(i),
            new org.joda.time.Instant(1_700_000_000_123L + i * 1000))
        .build();
  }

  static List<Row> rows(int count) {
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      rows.add(row(i));
    }
    return rows;
  }

  private static Object[] nulls(int count) {
    return new Object[count];
  }
}
