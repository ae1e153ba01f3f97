package ai.dataframer.beam.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.run.RunManifest;
import ai.dataframer.beam.core.run.RunStatus;
import ai.dataframer.beam.io.store.RunStore;
import ai.dataframer.beam.io.store.SpecStore;
import ai.dataframer.beam.testing.FakeProviderServer;
import ai.dataframer.beam.testing.FakeWire;
import ai.dataframer.beam.testing.ScriptedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The run lifecycle through the command line: honest statuses and exit codes, one record per run,
 * pre-checks before any output changes, and the spec versions a job claims.
 */
public class RunLifecycleTest {
  private static final String EXAMPLE = "examples/orders/orders.csv";

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private String[] generate(Path store, Path output, int samples, String... more) {
    return CliRunner.concat(EndToEndTest.generateArgs(store, output, 7, samples), more);
  }

  @Test
  public void aRunThatCompletesNoSampleFailsWithExitCode3() throws IOException {
    Path seed = tmp.getRoot().toPath().resolve("one.csv");
    Files.writeString(seed, "id,city,amount\n1,Paris,10.5\n");
    Path store = tmp.getRoot().toPath().resolve("store");
    String[] args = {
      "generate",
      "--dataset",
      seed.toString(),
      "--samples",
      "20",
      "--output",
      "parquet:" + tmp.getRoot().toPath().resolve("out"),
      "--store",
      store.toString()
    };

    CliRunner.Outcome outcome = CliRunner.run(args);

    assertEquals(outcome.errors(), JobFailedException.EXIT_INCOMPLETE, outcome.exitCode());
    assertThat(outcome.errors(), containsString("0 of 20 samples completed"));
    RunManifest manifest = EndToEndTest.onlyManifest(store);
    assertEquals(RunStatus.FAILED, manifest.status());
    assertThat(manifest.errorMessage(), containsString("0 of 20 samples completed"));
    assertEquals(1, manifest.seedRowsRead());
    assertTrue(
        "nothing under the output's normal names",
        !Files.exists(tmp.getRoot().toPath().resolve("out/records-00000-of-00001.parquet")));
  }

  @Test
  public void aRunWhoseProviderIsUnreachableFails() throws IOException {
    Path store = LlmRunEndToEndTest.storeTicketSpec(tmp.getRoot().toPath(), "tickets");
    CliRunner.Outcome outcome =
        anthropicRun(
            store,
            "fake-key",
            "http://127.0.0.1:9",
            "--llm-max-attempts",
            "1",
            "--llm-timeout-seconds",
            "2");

    assertEquals(outcome.errors(), JobFailedException.EXIT_INCOMPLETE, outcome.exitCode());
    assertThat(outcome.errors(), containsString("0 of 5 samples completed"));
    assertEquals(RunStatus.FAILED, EndToEndTest.onlyManifest(store).status());
  }

  @Test
  public void aRunWithARejectedKeyFailsAndSaysWhy() throws Exception {
    Path store = LlmRunEndToEndTest.storeTicketSpec(tmp.getRoot().toPath(), "tickets");
    try (FakeProviderServer fake =
        new FakeProviderServer()
            .requireKey(FakeWire.ANTHROPIC, "the-right-key")
            .respondWith(new ScriptedModel("tone", "body"))
            .start()) {
      CliRunner.Outcome outcome = anthropicRun(store, "a-wrong-key", fake.anthropicBaseUrl());

      assertEquals(outcome.errors(), JobFailedException.EXIT_INCOMPLETE, outcome.exitCode());
      assertThat(outcome.errors(), containsString("401"));
      assertThat(outcome.errors(), not(containsString("a-wrong-key")));
    }
  }

  /** A five-sample run of the stored ticket spec with an Anthropic model at {@code baseUrl}. */
  private CliRunner.Outcome anthropicRun(Path store, String key, String baseUrl, String... more) {
    String[] run = {
      "run",
      "--spec",
      "tickets",
      "--samples",
      "5",
      "--random-seed",
      "1",
      "--generation-model",
      "anthropic/claude-haiku-4-5",
      "--anthropic-api-key",
      key,
      "--anthropic-base-url",
      baseUrl,
      "--output",
      "jsonl:" + tmp.getRoot().toPath().resolve("out"),
      "--store",
      store.toString()
    };
    return CliRunner.run(CliRunner.concat(run, more));
  }

  @Test
  public void twoRunsOfTheSameRequestGetTwoRecordsAndTheSameBytes() throws IOException {
    Path store = tmp.getRoot().toPath().resolve("store");
    Path first = tmp.getRoot().toPath().resolve("first");
    Path second = tmp.getRoot().toPath().resolve("second");
    CliRunner.succeed(generate(store, first, 50, "--name", "orders"));
    String[] run = {
      "run",
      "--spec",
      "orders",
      "--samples",
      "50",
      "--random-seed",
      "7",
      "--store",
      store.toString(),
      "--output"
    };
    CliRunner.succeed(CliRunner.concat(run, "parquet:" + first));
    CliRunner.succeed(CliRunner.concat(run, "parquet:" + second));
    CliRunner.succeed(CliRunner.concat(run, "parquet:" + second));

    List<RunManifest> runs = RunStore.at(store.toString()).list(null).items();
    assertThat(runs, hasSize(4));
    assertEquals(
        "the two runs of version 1 share a generation key",
        runs.get(0).generationKey(),
        runs.get(1).generationKey());
    assertNotEquals(runs.get(0).id(), runs.get(1).id());
    assertSameFiles(files(first), files(second));
    assertThat(CliRunner.run("run", "list", "--store", store.toString()).exitCode(), is0());
  }

  private static org.hamcrest.Matcher<Integer> is0() {
    return org.hamcrest.Matchers.is(0);
  }

  @Test
  public void aSeedInsideTheOutputIsRefusedBeforeAnythingIsDeleted() throws IOException {
    Path output = tmp.newFolder("lake").toPath();
    Path seed = output.resolve("orders.csv");
    Files.copy(Path.of(EXAMPLE), seed);
    Path store = tmp.getRoot().toPath().resolve("store");

    CliRunner.Outcome outcome =
        CliRunner.run(
            "generate",
            "--dataset",
            seed.toString(),
            "--samples",
            "10",
            "--output",
            "parquet:" + output,
            "--store",
            store.toString());

    assertEquals(JobFailedException.EXIT_FAILED, outcome.exitCode());
    assertThat(outcome.errors(), containsString(seed.toString()));
    assertArrayEquals(Files.readAllBytes(Path.of(EXAMPLE)), Files.readAllBytes(seed));
    assertTrue("no spec was created", !Files.exists(store.resolve("specs")));
  }

  @Test
  public void night31StopsAtTheVersionCapBeforeTheOutputChanges() throws IOException {
    Path store = tmp.getRoot().toPath().resolve("store");
    Path output = tmp.getRoot().toPath().resolve("out");
    CliRunner.succeed(generate(store, output, 20, "--name", "nightly"));
    SpecStore specs = SpecStore.at(store.toString());
    for (int night = 2; night <= SpecStore.MAX_VERSIONS; night++) {
      specs.update("nightly", specs.readVersion("nightly", null));
    }
    Map<String, byte[]> before = files(output);

    CliRunner.Outcome outcome = CliRunner.run(generate(store, output, 20, "--name", "nightly"));

    assertEquals(JobFailedException.EXIT_FAILED, outcome.exitCode());
    assertThat(outcome.errors(), containsString("30 versions"));
    assertSameFiles(before, files(output));
    assertThat("no run was recorded", RunStore.at(store.toString()).list(null).items(), hasSize(1));
  }

  @Test
  public void aNewVersionNeedsTheSameColumns() throws IOException {
    Path store = tmp.getRoot().toPath().resolve("store");
    Path teamA = tmp.newFolder("teamA").toPath().resolve("data.csv");
    Path teamB = tmp.newFolder("teamB").toPath().resolve("data.csv");
    Files.copy(Path.of(EXAMPLE), teamA);
    Files.writeString(teamB, "id,city\n1,Paris\n2,Rome\n3,Oslo\n");
    String out = "parquet:" + tmp.getRoot().toPath().resolve("out");
    CliRunner.succeed(
        "generate",
        "--dataset",
        teamA.toString(),
        "--samples",
        "10",
        "--output",
        out,
        "--store",
        store.toString());

    CliRunner.Outcome outcome =
        CliRunner.run(
            "generate",
            "--dataset",
            teamB.toString(),
            "--samples",
            "10",
            "--output",
            out,
            "--store",
            store.toString());

    assertEquals(JobFailedException.EXIT_FAILED, outcome.exitCode());
    assertThat(outcome.errors(), containsString("--name"));
    assertThat(outcome.errors(), containsString("new column city"));
    assertEquals(
        "the stored dataset is absolute",
        teamA.toAbsolutePath().toString(),
        SpecStore.at(store.toString()).find("data").dataset());
  }

  @Test
  public void aSeedReadTooBadlyFailsBeforeGeneration() throws IOException {
    Path seed = tmp.getRoot().toPath().resolve("bad.jsonl");
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      lines.append(
          i % 10 == 5 ? "not json\n" : "{\"id\": " + i + ", \"city\": \"c" + i % 3 + "\"}\n");
    }
    Files.writeString(seed, lines);
    Path store = tmp.getRoot().toPath().resolve("store");

    CliRunner.Outcome outcome =
        CliRunner.run(
            "generate",
            "--dataset",
            seed.toString(),
            "--samples",
            "10",
            "--output",
            "parquet:" + tmp.getRoot().toPath().resolve("out"),
            "--store",
            store.toString());

    assertEquals(JobFailedException.EXIT_FAILED, outcome.exitCode());
    assertThat(outcome.errors(), containsString("5 of 50 seed rows"));
    assertThat(outcome.errors(), containsString("bad.jsonl line 6: not valid JSON"));
    assertEquals(RunStatus.FAILED, EndToEndTest.onlyManifest(store).status());

    CliRunner.succeed(
        "generate",
        "--dataset",
        seed.toString(),
        "--samples",
        "10",
        "--output",
        "parquet:" + tmp.getRoot().toPath().resolve("out"),
        "--store",
        store.toString(),
        "--max-seed-reject-fraction",
        "0.2");
  }

  @Test
  public void aRunWhoseSeedHasOtherColumnsIsRefusedBeforeItIsRecorded() throws IOException {
    Path store = tmp.getRoot().toPath().resolve("store");
    CliRunner.succeed(
        "spec", "create", "--name", "orders", "--dataset", EXAMPLE, "--store", store.toString());
    Path other = tmp.getRoot().toPath().resolve("other.csv");
    Files.writeString(other, "id,city\n1,Paris\n2,Rome\n");

    CliRunner.Outcome outcome =
        CliRunner.run(
            "run",
            "--spec",
            "orders",
            "--dataset",
            other.toString(),
            "--samples",
            "10",
            "--output",
            "parquet:" + tmp.getRoot().toPath().resolve("out"),
            "--store",
            store.toString());

    assertEquals(JobFailedException.EXIT_FAILED, outcome.exitCode());
    assertThat(outcome.errors(), containsString("has columns [city, id]"));
    assertThat("no run recorded", RunStore.at(store.toString()).list(null).items(), hasSize(0));
  }

  /** The data files of a folder ({@link EndToEndTest#dataFiles}), by name, with their bytes. */
  static Map<String, byte[]> files(Path folder) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    for (Path path : EndToEndTest.dataFiles(folder)) {
      if (Files.isRegularFile(path)) {
        files.put(path.getFileName().toString(), Files.readAllBytes(path));
      }
    }
    return files;
  }

  /** The same file names with the same bytes. */
  static void assertSameFiles(Map<String, byte[]> expected, Map<String, byte[]> actual) {
    assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(actual.keySet()));
    expected.forEach((name, bytes) -> assertArrayEquals(name, bytes, actual.get(name)));
  }
}
