package ai.dataframer.beam.pipelines;

import static org.apache.parquet.schema.LogicalTypeAnnotation.decimalType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.timestampType;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.DOUBLE;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.testing.ParquetFiles;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Types;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Parquet seeds through the CLI and the embedded engine to Parquet output: declared decimal sizes
 * survive, and values at the limits of their types neither break the spec nor overflow.
 */
public class ParquetSeedEndToEndTest {
  private static final int ROWS = 60;
  private static final int SAMPLES = 100;

  /**
   * How far from a limit a drawn long may land: the seed's spread (ROWS * 1000), widened by the
   * extrapolation margin; a wrap past the limit would land about 2^64 away.
   */
  private static final long NEAR = 2L * ROWS * 1_000L;

  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  @Test
  public void aDecimal25Of2SeedGivesDecimal25Of2Output() throws IOException {
    MessageType schema =
        new MessageType(
            "seed",
            Types.required(INT64).named("id"),
            Types.required(FIXED_LEN_BYTE_ARRAY).length(11).as(decimalType(2, 25)).named("amount"));
    Path seed =
        seed(
            "decimals.parquet",
            schema,
            (i, g) ->
                g.append("id", (long) i)
                    .append(
                        "amount",
                        fixed(
                            new BigDecimal("12345678901234567890.00")
                                .add(BigDecimal.valueOf(i * 1_234_567L, 2)),
                            11)));
    Path out = generate(seed);

    List<Path> files = ParquetFiles.files(out, "records");
    LogicalTypeAnnotation annotation;
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(files.get(0)))) {
      annotation =
          reader
              .getFooter()
              .getFileMetaData()
              .getSchema()
              .getType("amount")
              .getLogicalTypeAnnotation();
    }
    assertEquals(decimalType(2, 25), annotation);
    List<Map<String, Object>> rows = ParquetFiles.read(out, "records");
    assertThat(rows, hasSize(SAMPLES));
    for (Map<String, Object> row : rows) {
      Object amount = row.get("amount");
      if (amount != null) {
        // The reader decodes the DECIMAL(25, 2) bytes with the file's logical type.
        BigDecimal value = (BigDecimal) amount;
        assertEquals(2, value.scale());
        assertThat(value.precision(), lessThanOrEqualTo(25));
      }
    }
  }

  @Test
  public void valuesAtTheLimitsOfTheirTypesGenerateWithinThem() throws IOException {
    MessageType schema =
        new MessageType(
            "seed",
            Types.required(INT64).named("near_max"),
            Types.required(INT64).named("near_min"),
            Types.required(INT32).named("int_max"),
            Types.required(DOUBLE).named("huge"),
            Types.required(INT64)
                .as(timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS))
                .named("at"));
    long firstMillis = Instant.parse("0001-01-01T00:00:00Z").toEpochMilli();
    long lastMillis = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
    Path seed =
        seed(
            "limits.parquet",
            schema,
            (i, g) ->
                g.append("near_max", Long.MAX_VALUE - i * 1_000L)
                    .append("near_min", Long.MIN_VALUE + i * 1_000L)
                    .append("int_max", Integer.MAX_VALUE - i)
                    .append("huge", i % 2 == 0 ? Double.MAX_VALUE / (1 + i) : -Double.MAX_VALUE)
                    .append("at", i % 2 == 0 ? firstMillis + i : lastMillis - i));
    Path out = generate(seed);

    List<Map<String, Object>> rows = ParquetFiles.read(out, "records");
    assertThat(rows, hasSize(SAMPLES));
    for (Map<String, Object> row : rows) {
      if (row.get("near_max") != null) {
        assertThat((Long) row.get("near_max"), greaterThanOrEqualTo(Long.MAX_VALUE - NEAR));
      }
      if (row.get("near_min") != null) {
        assertThat((Long) row.get("near_min"), lessThanOrEqualTo(Long.MIN_VALUE + NEAR));
      }
      if (row.get("int_max") != null) {
        assertThat(
            (Integer) row.get("int_max"), greaterThanOrEqualTo(Integer.MAX_VALUE - 2 * ROWS));
      }
      if (row.get("huge") != null) {
        assertTrue("finite: " + row.get("huge"), Double.isFinite((Double) row.get("huge")));
      }
      if (row.get("at") != null) {
        long at = ((Instant) row.get("at")).toEpochMilli();
        assertTrue(
            "within the seed's years: " + row.get("at"), at >= firstMillis && at <= lastMillis);
      }
    }
  }

  private static Path generate(Path seed) throws IOException {
    Path out = TMP.newFolder().toPath().resolve("out");
    CliRunner.succeed(
        "generate",
        "--dataset",
        seed.toString(),
        "--samples",
        String.valueOf(SAMPLES),
        "--output",
        "parquet:" + out,
        "--random-seed",
        "1",
        "--store",
        TMP.newFolder().toPath().toString());
    return out;
  }

  private static Path seed(String name, MessageType schema, BiConsumer<Integer, Group> row)
      throws IOException {
    Path file = TMP.newFolder().toPath().resolve(name);
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(schema).build()) {
      for (int i = 0; i < ROWS; i++) {
        Group group = groups.newGroup();
        row.accept(i, group);
        writer.write(group);
      }
    }
    return file;
  }

  private static Binary fixed(BigDecimal value, int length) {
    byte[] unscaled = value.unscaledValue().toByteArray();
    byte[] out = new byte[length];
    Arrays.fill(out, value.signum() < 0 ? (byte) 0xff : 0);
    System.arraycopy(unscaled, 0, out, length - unscaled.length, unscaled.length);
    return Binary.fromConstantByteArray(out);
  }
}
