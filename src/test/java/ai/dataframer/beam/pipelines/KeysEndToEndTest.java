package ai.dataframer.beam.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.testing.ParquetFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Keys through the CLI, the Direct runner and the embedded engine: a seed of more rows than the
 * engine learns from (10,000), whose key columns come out unique, in the seed's format, and never
 * equal to any seed row's value, including the rows the engine never saw.
 */
public class KeysEndToEndTest {
  private static final int SEED_ROWS = 12_000;
  private static final int SAMPLES = 6_000;

  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  private static final List<String> ORDER_IDS = new ArrayList<>();
  private static final List<String> CODES = new ArrayList<>();
  private static String specYaml;
  private static List<Map<String, Object>> records;

  @BeforeClass
  public static void generate() throws IOException {
    SplittableRandom random = new SplittableRandom(21);
    Set<String> codes = new HashSet<>();
    // Codes fill 12,000 of 260,000 values: keys that avoided only the 10,000 rows the engine
    // learns from would hit one of the other 2,000 about 46 times in 6,000 samples.
    while (codes.size() < SEED_ROWS) {
      codes.add(
          (char) ('A' + random.nextInt(26))
              + String.format(Locale.ROOT, "%04d", random.nextInt(10_000)));
    }
    CODES.addAll(codes);
    Collections.shuffle(CODES, new Random(3));
    StringBuilder csv = new StringBuilder("order_id,code,line_id,channel,amount\n");
    for (int i = 0; i < SEED_ROWS; i++) {
      String orderId = String.format(Locale.ROOT, "ORD-%06d", 1 + i);
      int lineId = 1 + i;
      ORDER_IDS.add(orderId);
      csv.append(orderId)
          .append(',')
          .append(CODES.get(i))
          .append(',')
          .append(lineId)
          .append(',')
          .append(i % 3 == 0 ? "web" : i % 3 == 1 ? "store" : "mobile")
          .append(',')
          .append(String.format(Locale.ROOT, "%.2f", 5 + random.nextDouble() * 200))
          .append('\n');
    }
    Path seed = TMP.newFolder().toPath().resolve("orders.csv");
    Files.writeString(seed, csv, StandardCharsets.UTF_8);
    Path store = TMP.newFolder().toPath();
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
        "5",
        "--store",
        store.toString());
    try (Stream<Path> files = Files.walk(store)) {
      Path spec = files.filter(f -> f.toString().endsWith(".yaml")).findFirst().orElseThrow();
      specYaml = Files.readString(spec);
    }
    records = ParquetFiles.read(out, "records");
  }

  @Test
  public void theSpecRecordsTheLearnedKeys() {
    assertThat(specYaml, containsString("format: \"ORD-{seq:6}\"\n        start: 12001"));
    assertThat(specYaml, containsString("format: \"{upper}{digits:4}\"\n"));
    assertThat(specYaml, containsString("format: \"{seq}\"\n        start: 12001"));
  }

  @Test
  public void everyKeyIsUniqueAndNoneIsASeedValue() {
    assertThat(records, hasSize(SAMPLES));
    assertKeys("order_id", Pattern.compile("ORD-[0-9]{6}"), new HashSet<>(ORDER_IDS));
    assertKeys("code", Pattern.compile("[A-Z][0-9]{4}"), new HashSet<>(CODES));
    Set<Object> lineIds = new HashSet<>();
    for (Map<String, Object> record : records) {
      long lineId = (Long) record.get("line_id");
      assertTrue("line_id " + lineId + " continues past the seed", lineId > SEED_ROWS);
      assertTrue("line_id " + lineId + " repeated", lineIds.add(lineId));
    }
  }

  private static void assertKeys(String column, Pattern shape, Set<String> seed) {
    Set<String> seen = new HashSet<>();
    int copied = 0;
    for (Map<String, Object> record : records) {
      String value = (String) record.get(column);
      assertTrue(column + " " + value + " has the seed's shape", shape.matcher(value).matches());
      assertTrue(column + " " + value + " repeated", seen.add(value));
      copied += seed.contains(value) ? 1 : 0;
    }
    assertEquals(column + " values copied from the seed", 0, copied);
  }
}
