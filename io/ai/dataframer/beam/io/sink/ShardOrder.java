package ai.dataframer.beam.io.sink;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.Row;

/**
 * Where a row goes and in which order it is written, from the row alone, so the same rows give the
 * same files whatever order they arrive in and on any runner.
 *
 * <p>With a sort field, an INT64 value v goes to shard floorMod(v, numShards) (sample indexes
 * spread evenly) and a STRING to floorMod(String.hashCode, numShards), which the Java language
 * fixes; rows are written in ascending order of the field, nulls first. Ties, and every row without
 * a sort field, are ordered by the row's encoded bytes, and the shard is then chosen from a hash of
 * those bytes.
 */
final class ShardOrder implements Serializable {
  /**
   * Stands for "this shard exists" in a shard's group, so an empty shard still gets its file. An
   * encoded row is never empty (it starts with its field count), so {@link #sorted} can tell and
   * skip it.
   */
  static final byte[] SHARD_MARKER = new byte[0];

  private static final Comparator<Entry> ORDER = ShardOrder::compare;

  private final RowCoder coder;
  private final int numShards;
  private final String sortField;

  private ShardOrder(Schema schema, int numShards, String sortField) {
    this.coder = RowCoder.of(schema);
    this.numShards = numShards;
    this.sortField = sortField;
  }

  /** Checks the sort field (may be null) against the schema, naming the method when it is wrong. */
  static ShardOrder of(Schema schema, int numShards, String sortField) {
    if (sortField != null) {
      if (!schema.hasField(sortField)) {
        throw new IllegalArgumentException(
            "withSortField(\""
                + sortField
                + "\"): no such field; the rows have "
                + schema.getFieldNames());
      }
      Schema.TypeName type = schema.getField(sortField).getType().getTypeName();
      if (type != Schema.TypeName.INT64 && type != Schema.TypeName.STRING) {
        throw new IllegalArgumentException(
            "withSortField(\""
                + sortField
                + "\"): field is "
                + type
                + ", expected INT64 or STRING");
      }
    }
    return new ShardOrder(schema, numShards, sortField);
  }

  byte[] encode(Row row) {
    try {
      return CoderUtils.encodeToByteArray(coder, row);
    } catch (CoderException e) {
      throw new IllegalArgumentException("row does not match the sink's schema: " + row, e);
    }
  }

  int shardOf(Row row, byte[] encoded) {
    Comparable<?> value = sortValue(row);
    if (value instanceof Long) {
      return (int) Math.floorMod((Long) value, (long) numShards);
    }
    if (value instanceof String) {
      return Math.floorMod(value.hashCode(), numShards);
    }
    return sortField == null ? Math.floorMod(Arrays.hashCode(encoded), numShards) : 0;
  }

  /**
   * Decodes a shard's rows, in one pass, and puts them in write order; shard markers are skipped.
   */
  List<Row> sorted(Iterable<byte[]> encodedRows) {
    List<Entry> entries = new ArrayList<>();
    for (byte[] encoded : encodedRows) {
      if (encoded.length == 0) {
        continue;
      }
      Row row = decode(encoded);
      entries.add(new Entry(sortValue(row), encoded, row));
    }
    entries.sort(ORDER);
    List<Row> rows = new ArrayList<>(entries.size());
    for (Entry entry : entries) {
      rows.add(entry.row());
    }
    return rows;
  }

  private Row decode(byte[] encoded) {
    try {
      return CoderUtils.decodeFromByteArray(coder, encoded);
    } catch (CoderException e) {
      throw new IllegalStateException("cannot decode a row this sink encoded itself", e);
    }
  }

  @SuppressWarnings("rawtypes")
  private Comparable sortValue(Row row) {
    return sortField == null ? null : (Comparable) row.getValue(sortField);
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static int compare(Entry a, Entry b) {
    if (a.sortValue() != b.sortValue()) {
      if (a.sortValue() == null) {
        return -1;
      }
      if (b.sortValue() == null) {
        return 1;
      }
      int bySortValue = a.sortValue().compareTo(b.sortValue());
      if (bySortValue != 0) {
        return bySortValue;
      }
    }
    return Arrays.compareUnsigned(a.encoded(), b.encoded());
  }

  @SuppressWarnings("rawtypes")
  private record Entry(Comparable sortValue, byte[] encoded, Row row) {}
}
