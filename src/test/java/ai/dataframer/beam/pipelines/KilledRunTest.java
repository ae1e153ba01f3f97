package ai.dataframer.beam.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.run.RunManifest;
import ai.dataframer.beam.core.run.RunStatus;
import ai.dataframer.beam.io.store.RunStore;
import ai.dataframer.beam.pipelines.cli.DataFramerCli;
import ai.dataframer.beam.testing.ParquetFiles;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A nightly refresh killed while it writes (kill -9, SIGTERM) leaves last night's output whole and
 * readable, its own record ended, and the next run completes with the same bytes.
 */
public class KilledRunTest {
  private static final int SAMPLES = 200_000;

  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  private static Path store;
  private static Path output;
  private static Map<String, byte[]> lastNight;

  @BeforeClass
  public static void lastNightsRunSucceeded() throws IOException {
    store = TMP.getRoot().toPath().resolve("store");
    output = TMP.getRoot().toPath().resolve("lake");
    CliRunner.succeed(
        "spec",
        "create",
        "--name",
        "orders",
        "--dataset",
        "examples/orders/orders.csv",
        "--store",
        store.toString());
    CliRunner.succeed(runArgs());
    lastNight = RunLifecycleTest.files(output);
    assertEquals(
        List.of("failures-00000-of-00001.parquet", "records-00000-of-00001.parquet"),
        new ArrayList<>(lastNight.keySet()));
  }

  private static String[] runArgs() {
    return new String[] {
      "run",
      "--spec",
      "orders",
      "--samples",
      String.valueOf(SAMPLES),
      "--allow-large-runs",
      "--random-seed",
      "11",
      "--output",
      "parquet:" + output,
      "--store",
      store.toString()
    };
  }

  /** What the last run started printed, stdout and stderr. */
  private static File console;

  @Test
  public void killMinus9WhileWritingLosesNothing() throws Exception {
    Process run = startWhileWriting();
    run.destroyForcibly();
    assertTrue(run.waitFor(1, TimeUnit.MINUTES));

    assertLastNightIsIntact();
    // The next command that reads the record sees the job is gone and ends it.
    RunManifest killed = newestRun();
    assertThat(killed.status(), oneOf(RunStatus.FAILED, RunStatus.CANCELED));
    rerunGivesTheSameBytes();
  }

  @Test
  public void sigtermWhileWritingCancelsTheRun() throws Exception {
    Process run = startWhileWriting();
    run.destroy(); // SIGTERM
    assertTrue(run.waitFor(1, TimeUnit.MINUTES));

    assertThat(run.exitValue(), is(143));
    assertLastNightIsIntact();
    assertEquals(RunStatus.CANCELED, newestRun().status());
    String printed = Files.readString(console.toPath());
    assertEquals("the end is said once: " + printed, 1, printed.split("CANCELED", -1).length - 1);
    rerunGivesTheSameBytes();
  }

  /** Starts tonight's run in its own JVM and returns once it is writing its records. */
  private static Process startWhileWriting() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx2g");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(DataFramerCli.class.getName());
    command.addAll(List.of(runArgs()));
    File log = TMP.newFile();
    console = log;
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    Path staging = output.resolve(".dataframer-staging");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (System.nanoTime() < deadline) {
      if (writing(staging)) {
        return process;
      }
      if (!process.isAlive()) {
        throw new AssertionError(
            "the run ended before it wrote: " + Files.readString(log.toPath()));
      }
      Thread.sleep(5);
    }
    process.destroyForcibly();
    throw new AssertionError("the run did not start writing in 5 minutes");
  }

  /** True once a staged records file (whole or being written) exists. */
  private static boolean writing(Path staging) throws IOException {
    if (!Files.isDirectory(staging)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(staging)) {
      return files.anyMatch(path -> path.getFileName().toString().contains("records-"));
    }
  }

  private static void assertLastNightIsIntact() throws IOException {
    RunLifecycleTest.assertSameFiles(lastNight, RunLifecycleTest.files(output));
    assertEquals(SAMPLES, ParquetFiles.read(output, "records").size());
  }

  private static RunManifest newestRun() {
    return RunStore.at(store.toString()).list(null).items().get(0);
  }

  private static void rerunGivesTheSameBytes() throws IOException {
    CliRunner.succeed(runArgs());
    RunLifecycleTest.assertSameFiles(lastNight, RunLifecycleTest.files(output));
  }
}
