package ai.dataframer.beam.io.seed;

import static org.apache.parquet.schema.LogicalTypeAnnotation.dateType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.decimalType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.enumType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.float16Type;
import static org.apache.parquet.schema.LogicalTypeAnnotation.intType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.jsonType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.stringType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.timeType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.timestampType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.uuidType;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BOOLEAN;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.DOUBLE;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.FLOAT;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT96;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Writes the parquet-* files of the seed corpus (src/test/resources/seed-corpus), which are
 * committed, so tests never regenerate them. Run {@code main} with the corpus folder to rewrite
 * them after changing a case.
 *
 * <p>Parquet's example Group writer writes any physical and logical type, page version, dictionary
 * setting and page checksums. Codecs come from {@link ParquetCorpusCodecs}, this class's own
 * compressors (Parquet's factory looks them up by Hadoop class names that are not on Maven Central
 * for LZO, BROTLI and Hadoop-framed LZ4; BROTLI is written as stored meta-blocks, as Maven Central
 * has no pure-Java Brotli encoder). Three files cannot be written by parquet-java and are made by
 * editing a written file: the corrupt page (bytes flipped inside a data page that has a checksum),
 * the unknown logical type (the footer's UUID union member renumbered to field 20, which no
 * released format version defines) and the encrypted file (its PAR1 magic made PARE).
 */
public final class ParquetCorpusWriter {
  private ParquetCorpusWriter() {}

  private static Path dir;

  public static void main(String[] args) throws IOException {
    dir = Paths.get(args.length > 0 ? args[0] : "src/test/resources/seed-corpus");
    decimals();
    logicalTypes();
    codecsAndPages();
    refusals();
  }

  private static void decimals() throws IOException {
    write(
        "parquet-decimal-int32",
        schema(
            Types.required(INT32).as(decimalType(2, 9)).named("price"),
            Types.required(INT64).as(decimalType(4, 18)).named("rate")),
        rows(
            g -> g.append("price", 123456789).append("rate", 123456789012345678L),
            g -> g.append("price", -1).append("rate", -1L),
            g -> g.append("price", 0).append("rate", 5L)));
    write(
        "parquet-decimal-25-2",
        schema(
            Types.required(FIXED_LEN_BYTE_ARRAY).length(11).as(decimalType(2, 25)).named("amount")),
        rows(
            g -> g.append("amount", fixed(new BigDecimal("12345678901234567890123.45"), 11)),
            g -> g.append("amount", fixed(new BigDecimal("-0.01"), 11)),
            g -> g.append("amount", fixed(new BigDecimal("42.00"), 11))));
    write(
        "parquet-decimal-binary-20",
        schema(
            Types.required(BINARY).as(decimalType(4, 20)).named("big"),
            Types.required(FIXED_LEN_BYTE_ARRAY).length(9).as(decimalType(0, 20)).named("id")),
        rows(
            g ->
                g.append("big", bytes(new BigDecimal("1234567890123456.7891")))
                    .append("id", fixed(new BigDecimal("98765432109876543210"), 9)),
            g ->
                g.append("big", bytes(new BigDecimal("-0.0001")))
                    .append("id", fixed(BigDecimal.ONE, 9))));
  }

  private static void logicalTypes() throws IOException {
    write(
        "parquet-float16",
        schema(Types.required(FIXED_LEN_BYTE_ARRAY).length(2).as(float16Type()).named("half")),
        rows(
            g -> g.append("half", half(0x3e00)), // 1.5
            g -> g.append("half", half(0xc000)), // -2.0
            g -> g.append("half", half(0x7bff)))); // 65504, the largest half
    write(
        "parquet-date-time",
        schema(
            Types.required(INT32).as(dateType()).named("day"),
            Types.required(INT32)
                .as(timeType(true, LogicalTypeAnnotation.TimeUnit.MILLIS))
                .named("t_ms"),
            Types.required(INT64)
                .as(timeType(true, LogicalTypeAnnotation.TimeUnit.MICROS))
                .named("t_us"),
            Types.required(INT64)
                .as(timeType(false, LogicalTypeAnnotation.TimeUnit.NANOS))
                .named("t_ns")),
        rows(
            g ->
                g.append("day", 19_723) // 2024-01-01
                    .append("t_ms", 45_296_789) // 12:34:56.789
                    .append("t_us", 45_296_789_012L)
                    .append("t_ns", 45_296_789_012_345L),
            g ->
                g.append("day", -1)
                    .append("t_ms", 0)
                    .append("t_us", 86_399_999_999L)
                    .append("t_ns", 1L)));
    write(
        "parquet-timestamps",
        schema(
            Types.required(INT64)
                .as(timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS))
                .named("ts_ms"),
            Types.required(INT64)
                .as(timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS))
                .named("ts_us"),
            Types.required(INT64)
                .as(timestampType(true, LogicalTypeAnnotation.TimeUnit.NANOS))
                .named("ts_ns"),
            Types.required(INT64)
                .as(timestampType(false, LogicalTypeAnnotation.TimeUnit.MICROS))
                .named("local_us"),
            Types.required(INT96).named("legacy")),
        rows(
            g ->
                g.append("ts_ms", 1_704_067_200_123L) // 2024-01-01T00:00:00.123Z
                    .append("ts_us", 1_704_067_200_123_456L)
                    .append("ts_ns", 1_704_067_200_123_456_789L)
                    .append("local_us", 1_704_067_200_000_000L)
                    .append(
                        "legacy", int96(2_460_311, 3_723_004_000_000L)), // 2024-01-01T01:02:03.004
            g ->
                g.append("ts_ms", -1L)
                    .append("ts_us", 0L)
                    .append("ts_ns", 0L)
                    .append("local_us", -86_400_000_000L)
                    .append("legacy", int96(2_440_588, 0L))));
    write(
        "parquet-text-types",
        schema(
            Types.required(BINARY).as(stringType()).named("name"),
            Types.required(BINARY).as(enumType()).named("status"),
            Types.required(BINARY).as(jsonType()).named("attrs"),
            Types.required(FIXED_LEN_BYTE_ARRAY).length(16).as(uuidType()).named("id")),
        rows(
            g ->
                g.append("name", "Zoë")
                    .append("status", "ACTIVE")
                    .append("attrs", "{\"a\": 1}")
                    .append("id", uuid(0x123e4567e89b12d3L, 0xa456426614174000L)),
            g ->
                g.append("name", "")
                    .append("status", "CLOSED")
                    .append("attrs", "[]")
                    .append("id", uuid(0, 1))));
    write(
        "parquet-unsigned",
        schema(
            Types.required(INT32).as(intType(8, false)).named("u8"),
            Types.required(INT32).as(intType(16, false)).named("u16"),
            Types.required(INT32).as(intType(32, false)).named("u32"),
            Types.required(INT64).as(intType(64, false)).named("u64"),
            Types.required(INT32).as(intType(8, true)).named("i8")),
        rows(
            g ->
                g.append("u8", 255)
                    .append("u16", 65535)
                    .append("u32", -1)
                    .append("u64", -1L)
                    .append("i8", -128),
            g ->
                g.append("u8", 0)
                    .append("u16", 0)
                    .append("u32", 7)
                    .append("u64", 7L)
                    .append("i8", 127)));
    write(
        "parquet-plain-binary",
        schema(Types.required(BINARY).named("raw")),
        rows(
            g -> g.append("raw", Binary.fromString("plain text")),
            g -> g.append("raw", Binary.fromConstantByteArray(new byte[] {(byte) 0xff, 0x00})),
            g -> g.append("raw", Binary.fromString("more text"))));
    write(
        "parquet-interval",
        schema(
            Types.required(FIXED_LEN_BYTE_ARRAY)
                .length(12)
                .as(LogicalTypeAnnotation.IntervalLogicalTypeAnnotation.getInstance())
                .named("wait")),
        rows(
            g -> g.append("wait", interval(1, 2, 3_004)),
            g -> g.append("wait", interval(0, 0, 0))));
    // One optional column of each readable type; the second and third rows are null throughout.
    MessageType nullable =
        schema(
            Types.optional(BOOLEAN).named("b"),
            Types.optional(INT32).named("i"),
            Types.optional(INT64).named("l"),
            Types.optional(FLOAT).named("f"),
            Types.optional(DOUBLE).named("d"),
            Types.optional(INT32).as(decimalType(2, 9)).named("dec"),
            Types.optional(BINARY).as(stringType()).named("s"),
            Types.optional(INT32).as(dateType()).named("day"),
            Types.optional(INT64)
                .as(timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS))
                .named("ts"),
            Types.optional(INT96).named("legacy"),
            Types.optional(FIXED_LEN_BYTE_ARRAY).length(2).as(float16Type()).named("half"),
            Types.optional(FIXED_LEN_BYTE_ARRAY).length(16).as(uuidType()).named("id"),
            Types.optional(INT32)
                .as(timeType(true, LogicalTypeAnnotation.TimeUnit.MILLIS))
                .named("t"),
            Types.optional(INT64).as(intType(64, false)).named("u64"),
            Types.optional(FIXED_LEN_BYTE_ARRAY).length(11).as(decimalType(2, 25)).named("wide"),
            Types.optional(BINARY).as(enumType()).named("status"),
            Types.optional(BINARY).named("raw"),
            Types.optional(FIXED_LEN_BYTE_ARRAY)
                .length(12)
                .as(LogicalTypeAnnotation.IntervalLogicalTypeAnnotation.getInstance())
                .named("wait"));
    write(
        "parquet-nulls",
        nullable,
        rows(
            g ->
                g.append("b", true)
                    .append("i", 1)
                    .append("l", 2L)
                    .append("f", 3.5f)
                    .append("d", 4.25)
                    .append("dec", 123)
                    .append("s", "x")
                    .append("day", 1)
                    .append("ts", 1_000L)
                    .append("legacy", int96(2_440_588, 1_000_000L))
                    .append("half", half(0x3c00))
                    .append("id", uuid(1, 2))
                    .append("t", 1_000)
                    .append("u64", -2L)
                    .append("wide", fixed(new BigDecimal("-7.50"), 11))
                    .append("status", "OPEN")
                    .append("raw", Binary.fromString("bytes"))
                    .append("wait", interval(0, 1, 0)),
            g -> {},
            g -> {}));
  }

  private static void codecsAndPages() throws IOException {
    for (CompressionCodecName codec :
        List.of(
            CompressionCodecName.UNCOMPRESSED,
            CompressionCodecName.SNAPPY,
            CompressionCodecName.GZIP,
            CompressionCodecName.LZO,
            CompressionCodecName.BROTLI,
            CompressionCodecName.LZ4,
            CompressionCodecName.ZSTD,
            CompressionCodecName.LZ4_RAW)) {
      write(
          "parquet-codec-" + codec.name().toLowerCase().replace("_", ""),
          plainSchema(),
          plainRows(),
          codec,
          WriterVersion.PARQUET_1_0,
          false);
    }
    write(
        "parquet-page-v1",
        plainSchema(),
        plainRows(),
        CompressionCodecName.SNAPPY,
        WriterVersion.PARQUET_1_0,
        false);
    write(
        "parquet-page-v2",
        plainSchema(),
        plainRows(),
        CompressionCodecName.ZSTD,
        WriterVersion.PARQUET_2_0,
        false);
    write(
        "parquet-dictionary",
        plainSchema(),
        plainRows(),
        CompressionCodecName.SNAPPY,
        WriterVersion.PARQUET_1_0,
        true);
  }

  private static MessageType plainSchema() {
    return schema(
        Types.required(INT64).named("id"),
        Types.required(BINARY).as(stringType()).named("city"),
        Types.required(DOUBLE).named("score"));
  }

  /** 200 rows with three cities, repeated enough that pages are dictionary-encoded when allowed. */
  private static List<Consumer<Group>> plainRows() {
    Consumer<Group>[] rows = newRows(200);
    String[] cities = {"Oslo", "Lima", "Pune"};
    for (int i = 0; i < rows.length; i++) {
      int n = i;
      rows[i] =
          g -> g.append("id", (long) n).append("city", cities[n % 3]).append("score", n / 4.0);
    }
    return Arrays.asList(rows);
  }

  private static void refusals() throws IOException {
    write(
        "parquet-nested",
        schema(
            Types.required(INT64).named("id"),
            Types.optionalList().optionalElement(INT32).named("tags")),
        rows(g -> g.append("id", 1L)));
    write(
        "parquet-bson",
        schema(Types.required(BINARY).as(LogicalTypeAnnotation.bsonType()).named("doc")),
        rows(g -> g.append("doc", Binary.fromConstantByteArray(new byte[] {5, 0, 0, 0, 0}))));
    write(
        "parquet-geometry",
        schema(
            Types.required(BINARY)
                .as(LogicalTypeAnnotation.geometryType("OGC:CRS84"))
                .named("shape")),
        rows(
            g ->
                g.append(
                    "shape",
                    // WKB POINT(1 2), little-endian
                    Binary.fromConstantByteArray(
                        ByteBuffer.allocate(21)
                            .order(ByteOrder.LITTLE_ENDIAN)
                            .put((byte) 1)
                            .putInt(1)
                            .putDouble(1)
                            .putDouble(2)
                            .array()))));
    Path unknown =
        write(
            "parquet-unknown-logical",
            schema(
                Types.required(INT64).named("id"),
                Types.required(FIXED_LEN_BYTE_ARRAY).length(16).as(uuidType()).named("shape")),
            rows(g -> g.append("id", 1L).append("shape", uuid(1, 2))));
    renumberUuid(unknown);
    Path corrupt =
        write(
            "parquet-corrupt-page",
            plainSchema(),
            plainRows(),
            CompressionCodecName.UNCOMPRESSED,
            WriterVersion.PARQUET_1_0,
            false);
    flipInsideLastPage(corrupt, "score");
    // An encrypted-footer file starts and ends with PARE; only the magic matters to the refusal.
    Path encrypted =
        write(
            "parquet-encrypted",
            plainSchema(),
            plainRows(),
            CompressionCodecName.SNAPPY,
            WriterVersion.PARQUET_1_0,
            false);
    byte[] bytes = Files.readAllBytes(encrypted);
    bytes[3] = 'E';
    bytes[bytes.length - 1] = 'E';
    Files.write(encrypted, bytes);
  }

  /**
   * In the footer (Thrift compact protocol) the UUID column's logical type is the union member
   * UUIDType, field 14, written as the one-byte header 0xEC; it becomes the long-form header 0x0C
   * plus field id 20 (zigzag varint 0x28). The footer grows by a byte and its length is rewritten.
   */
  private static void renumberUuid(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int footerLength =
        ByteBuffer.wrap(bytes, bytes.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    int footerStart = bytes.length - 8 - footerLength;
    byte[] footer = Arrays.copyOfRange(bytes, footerStart, bytes.length - 8);
    byte[] name = "shape".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    int at = indexOf(footer, name, 0) + name.length;
    int union = indexOf(footer, new byte[] {(byte) 0xEC, 0, 0}, at);
    if (union < 0 || union - at > 8) {
      throw new IllegalStateException("UUID logical type not found after the column name");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(bytes, 0, footerStart);
    out.write(footer, 0, union);
    out.write(new byte[] {0x0C, 0x28});
    out.write(footer, union + 1, footer.length - union - 1);
    out.write(
        ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(footerLength + 1).array());
    out.write("PAR1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    Files.write(file, out.toByteArray());
  }

  /** Flips three bytes just before the end of a column's chunk: inside its last data page. */
  private static void flipInsideLastPage(Path file, String column) throws IOException {
    long end;
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
      ColumnChunkMetaData chunk =
          reader.getRowGroups().get(0).getColumns().stream()
              .filter(c -> c.getPath().toDotString().equals(column))
              .findFirst()
              .orElseThrow();
      end = chunk.getStartingPos() + chunk.getTotalSize();
    }
    byte[] bytes = Files.readAllBytes(file);
    for (int i = 1; i <= 3; i++) {
      bytes[(int) end - 4 * i] ^= 0x5A;
    }
    Files.write(file, bytes);
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static Path write(String name, MessageType schema, List<Consumer<Group>> rows)
      throws IOException {
    return write(name, schema, rows, CompressionCodecName.SNAPPY, WriterVersion.PARQUET_1_0, true);
  }

  private static Path write(
      String name,
      MessageType schema,
      List<Consumer<Group>> rows,
      CompressionCodecName codec,
      WriterVersion version,
      boolean dictionary)
      throws IOException {
    Path file = dir.resolve(name + ".parquet");
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(new LocalOutputFile(file))
            .withType(schema)
            .withCodecFactory(new ParquetCorpusCodecs())
            .withCompressionCodec(codec)
            .withWriterVersion(version)
            .withDictionaryEncoding(dictionary)
            .withPageWriteChecksumEnabled(true)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .build()) {
      for (Consumer<Group> row : rows) {
        Group group = groups.newGroup();
        row.accept(group);
        writer.write(group);
      }
    }
    return file;
  }

  private static MessageType schema(Type... fields) {
    return new MessageType("seed", fields);
  }

  @SafeVarargs
  private static List<Consumer<Group>> rows(Consumer<Group>... rows) {
    return Arrays.asList(rows);
  }

  @SuppressWarnings("unchecked")
  private static Consumer<Group>[] newRows(int n) {
    return new Consumer[n];
  }

  private static Binary fixed(BigDecimal value, int length) {
    byte[] unscaled = value.unscaledValue().toByteArray();
    byte[] out = new byte[length];
    Arrays.fill(out, value.signum() < 0 ? (byte) 0xff : 0);
    System.arraycopy(unscaled, 0, out, length - unscaled.length, unscaled.length);
    return Binary.fromConstantByteArray(out);
  }

  private static Binary bytes(BigDecimal value) {
    return Binary.fromConstantByteArray(value.unscaledValue().toByteArray());
  }

  private static Binary half(int bits) {
    return Binary.fromConstantByteArray(new byte[] {(byte) bits, (byte) (bits >>> 8)});
  }

  private static Binary uuid(long high, long low) {
    return Binary.fromConstantByteArray(ByteBuffer.allocate(16).putLong(high).putLong(low).array());
  }

  private static Binary int96(int julianDay, long nanosOfDay) {
    return Binary.fromConstantByteArray(
        ByteBuffer.allocate(12)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putLong(nanosOfDay)
            .putInt(julianDay)
            .array());
  }

  private static Binary interval(int months, int days, int millis) {
    return Binary.fromConstantByteArray(
        ByteBuffer.allocate(12)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putInt(months)
            .putInt(days)
            .putInt(millis)
            .array());
  }
}
