package ai.dataframer.beam.io.sink;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.junit.Test;

/** Shard choice and write order without a pipeline. */
public class ShardOrderTest {
  private static final Schema SCHEMA =
      Schema.builder().addNullableStringField("name").addInt32Field("n").build();

  @Test
  public void stringSortFieldOrdersNullsFirstThenTextThenBytes() {
    ShardOrder order = ShardOrder.of(SCHEMA, 1, "name");
    List<Row> rows = List.of(row("b", 2), row(null, 9), row("a", 7), row("b", 1), row(null, 3));

    assertEquals(
        List.of(row(null, 3), row(null, 9), row("a", 7), row("b", 1), row("b", 2)),
        order.sorted(encode(order, rows)));
  }

  @Test
  public void stringShardIsItsJavaHashModuloShards() {
    ShardOrder order = ShardOrder.of(SCHEMA, 7, "name");
    Row row = row("sample-42", 0);
    assertEquals(Math.floorMod("sample-42".hashCode(), 7), order.shardOf(row, order.encode(row)));
    Row noName = row(null, 0);
    assertEquals(0, order.shardOf(noName, order.encode(noName)));
  }

  @Test
  public void withoutSortFieldShardAndOrderDependOnlyOnTheRow() {
    ShardOrder order = ShardOrder.of(SCHEMA, 5, null);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      rows.add(row("r" + (i % 3), i));
    }
    List<Row> reversed = new ArrayList<>(rows);
    java.util.Collections.reverse(reversed);

    assertEquals(order.sorted(encode(order, rows)), order.sorted(encode(order, reversed)));
    for (Row row : rows) {
      assertEquals(
          ShardOrder.of(SCHEMA, 5, null).shardOf(row, order.encode(row)),
          order.shardOf(row, order.encode(row)));
    }
    assertEquals(
        "every shard is used by 20 distinct rows over 5 shards",
        5,
        rows.stream().map(r -> order.shardOf(r, order.encode(r))).distinct().count());
  }

  private static List<byte[]> encode(ShardOrder order, List<Row> rows) {
    return rows.stream().map(order::encode).collect(Collectors.toList());
  }

  private static Row row(String name, int n) {
    return Row.withSchema(SCHEMA).addValues(name, n).build();
  }
}
