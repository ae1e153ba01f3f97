package ai.dataframer.beam.io.seed;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import ai.dataframer.beam.io.record.FailureRows;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.Row;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;

/**
 * The seed corpus: bad and unusual seed files under {@code src/test/resources/seed-corpus}, each
 * with a {@code <case>.expect.yaml} beside it saying what reading it must give. A case is either
 * read (row and failure counts, column types, values that must be there, distinct counts) or
 * refused (the message names the file and says what was expected). No message, and no failure
 * reason, may show a Java exception class name or a raw "Cannot invoke" text.
 *
 * <p>Expectation keys: {@code seed} (path relative to the corpus folder), {@code read_with} (reader
 * options, see {@link #configure}: {@code csv_delimiter}, {@code encoding}), {@code expect} ({@code
 * rows} or {@code refused}), {@code rows}, {@code failures}, {@code types} (column -> type as
 * {@link SeedTypes#describe} spells it), {@code contains} (rows, each a map of column -> value as
 * {@link #text} spells it, that must be among the rows read), {@code distinct} (column -> number of
 * distinct values), {@code message} (substrings the refusal message, or every failure reason, must
 * contain).
 */
@RunWith(Parameterized.class)
public class SeedCorpusTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String SUFFIX = ".expect.yaml";

  /** A Java exception or error class name, simple or qualified: what a user must never see. */
  private static final Pattern JAVA_NAME =
      Pattern.compile("\\b[A-Za-z_$][\\w$]*(Exception|Error)\\b|Cannot invoke|\\bjava\\.[a-z]+\\.");

  /** Rows and failures the pipeline collected, per case run; keyed by a per-run id. */
  private static final Map<String, ConcurrentLinkedQueue<Row>> ROWS = new ConcurrentHashMap<>();

  private static final Map<String, ConcurrentLinkedQueue<Row>> FAILURES = new ConcurrentHashMap<>();

  @Parameterized.Parameter(0)
  public String name;

  @Parameterized.Parameter(1)
  public Path expectFile;

  @Parameterized.Parameters(name = "{0}")
  public static List<Object[]> cases() throws IOException, URISyntaxException {
    Path corpus = corpus();
    List<Object[]> cases = new ArrayList<>();
    try (Stream<Path> files = Files.list(corpus)) {
      files
          .filter(file -> file.getFileName().toString().endsWith(SUFFIX))
          .sorted()
          .forEach(
              file -> {
                String fileName = file.getFileName().toString();
                cases.add(
                    new Object[] {
                      fileName.substring(0, fileName.length() - SUFFIX.length()), file
                    });
              });
    }
    return cases;
  }

  @Test
  public void readsOrRefusesAsExpected() throws Exception {
    JsonNode expect = YAML.readTree(expectFile.toFile());
    String seed = corpus().resolve(required(expect, "seed").asText()).toString();
    String outcome = required(expect, "expect").asText();
    String run = UUID.randomUUID().toString();
    ROWS.put(run, new ConcurrentLinkedQueue<>());
    FAILURES.put(run, new ConcurrentLinkedQueue<>());
    Schema schema;
    try {
      schema = read(seed, expect.path("read_with"), run);
    } catch (RuntimeException refused) {
      String message = userMessage(refused);
      assertEquals(name + " was refused: " + message, "refused", outcome);
      checkMessage(message, expect, fileNameOf(seed));
      return;
    } finally {
      ROWS.remove(run).forEach(row -> collectedRows.add(row));
      FAILURES.remove(run).forEach(row -> collectedFailures.add(row));
    }
    assertEquals(name + " was read, but should have been refused", "rows", outcome);
    checkRead(expect, schema);
  }

  private final List<Row> collectedRows = new ArrayList<>();
  private final List<Row> collectedFailures = new ArrayList<>();

  /** Reads the seed in a Direct-runner pipeline; rows and failures land in the queues of run. */
  private Schema read(String seed, JsonNode options, String run) {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    PTransform<PBegin, SeedReadResult> reader = configure(seed, options);
    SeedReadResult result = pipeline.apply("ReadSeed", reader);
    result.getRows().apply("CollectRows", ParDo.of(new Collect(run, true)));
    result.getFailures().apply("CollectFailures", ParDo.of(new Collect(run, false)));
    pipeline.run().waitUntilFinish();
    return result.getRows().getSchema();
  }

  /** The reader for a seed with the case's {@code read_with} options. */
  private static PTransform<PBegin, SeedReadResult> configure(String seed, JsonNode options) {
    if (options.isMissingNode() || options.isEmpty()) {
      return SeedIO.readAny(seed);
    }
    SeedIO.Read read = SeedIO.read(seed);
    for (Iterator<Map.Entry<String, JsonNode>> it = options.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> option = it.next();
      String value = option.getValue().asText();
      switch (option.getKey()) {
        case "csv_delimiter":
          read = read.withCsvDelimiter(value.equals("\\t") ? '\t' : value.charAt(0));
          break;
        case "encoding":
          read = read.withEncoding(java.nio.charset.Charset.forName(value));
          break;
        default:
          throw new IllegalArgumentException("unknown read_with option " + option.getKey());
      }
    }
    return read;
  }

  private void checkRead(JsonNode expect, Schema schema) {
    List<Row> failures = collectedFailures;
    if (expect.has("rows")) {
      assertEquals(name + ": rows read", expect.get("rows").asLong(), collectedRows.size());
    }
    assertEquals(
        name + ": failures " + reasons(failures),
        expect.path("failures").asLong(0),
        failures.size());
    for (Row failure : failures) {
      String reason = failure.getString("reason");
      assertNotNull(failure.getString("source"));
      assertThat(name + ": failure location", failure.getString("location"), not(""));
      assertNoJavaNames(reason);
      for (JsonNode part : expect.path("message")) {
        assertThat(name + ": failure reason", reason, containsString(part.asText()));
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = expect.path("types").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> type = it.next();
      assertTrue(name + ": no column " + type.getKey(), schema.hasField(type.getKey()));
      assertEquals(
          name + ": type of " + type.getKey(),
          type.getValue().asText(),
          SeedTypes.describe(schema.getField(type.getKey())));
    }
    for (JsonNode wanted : expect.path("contains")) {
      boolean found =
          collectedRows.stream()
              .anyMatch(
                  row -> {
                    for (Iterator<Map.Entry<String, JsonNode>> it = wanted.fields();
                        it.hasNext(); ) {
                      Map.Entry<String, JsonNode> cell = it.next();
                      String want = cell.getValue().isNull() ? null : cell.getValue().asText();
                      String have = text(row.getValue(cell.getKey()));
                      if (want == null ? have != null : !want.equals(have)) {
                        return false;
                      }
                    }
                    return true;
                  });
      assertTrue(name + ": no row " + wanted + " among " + sample(collectedRows), found);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = expect.path("distinct").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> column = it.next();
      Set<String> values = new HashSet<>();
      collectedRows.forEach(row -> values.add(text(row.getValue(column.getKey()))));
      assertEquals(
          name + ": distinct values of " + column.getKey(),
          column.getValue().asLong(),
          values.size());
    }
  }

  private void checkMessage(String message, JsonNode expect, String fileName) {
    assertThat(name + ": the refusal names the file", message, containsString(fileName));
    assertNoJavaNames(message);
    assertTrue(name + ": a refusal case lists what its message says", expect.has("message"));
    for (JsonNode part : expect.get("message")) {
      assertThat(name + ": refusal message", message, containsString(part.asText()));
    }
  }

  private void assertNoJavaNames(String text) {
    assertTrue(name + ": message shows Java internals: " + text, !JAVA_NAME.matcher(text).find());
  }

  /** The message a user sees: what the CLI prints (the pipeline's wrapping removed). */
  private static String userMessage(Throwable error) {
    Throwable shown = error;
    while (shown instanceof Pipeline.PipelineExecutionException && shown.getCause() != null) {
      shown = shown.getCause();
    }
    return shown.getMessage() == null ? shown.toString() : shown.getMessage();
  }

  /** How expectations spell a value: plain decimals, ISO dates and instants, text as is. */
  static String text(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof BigDecimal) {
      return ((BigDecimal) value).toPlainString();
    }
    if (value instanceof org.joda.time.ReadableInstant) {
      return java.time.Instant.ofEpochMilli(((org.joda.time.ReadableInstant) value).getMillis())
          .toString();
    }
    return value.toString();
  }

  private static String fileNameOf(String seed) {
    return new File(seed).getName();
  }

  private static String reasons(List<Row> failures) {
    return failures.stream()
        .limit(5)
        .map(row -> FailureRows.fromRow(row).location() + ": " + row.getString("reason"))
        .collect(Collectors.toList())
        .toString();
  }

  private static String sample(List<Row> rows) {
    return rows.stream().limit(5).map(Row::toString).collect(Collectors.toList()).toString();
  }

  private static JsonNode required(JsonNode expect, String key) {
    if (!expect.has(key)) {
      fail("expectation lacks '" + key + "'");
    }
    return expect.get(key);
  }

  private static Path corpus() throws URISyntaxException {
    return Paths.get(SeedCorpusTest.class.getResource("/seed-corpus").toURI());
  }

  /** Sends every element to the case's queue; static queues because DoFns are serialized. */
  private static final class Collect extends DoFn<Row, Void> implements Serializable {
    private final String run;
    private final boolean rows;

    Collect(String run, boolean rows) {
      this.run = run;
      this.rows = rows;
    }

    @ProcessElement
    public void process(@Element Row row) {
      (rows ? ROWS : FAILURES).get(run).add(row);
    }
  }
}
