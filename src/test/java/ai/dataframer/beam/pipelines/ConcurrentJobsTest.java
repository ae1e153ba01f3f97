package ai.dataframer.beam.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.spec.SpecStatus;
import ai.dataframer.beam.io.store.SpecRecord;
import ai.dataframer.beam.io.store.SpecStore;
import ai.dataframer.beam.pipelines.cli.DataFramerCli;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Two scheduled jobs on one spec name at the same time leave a store that needs no repair. */
public class ConcurrentJobsTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void twoGenerateJobsOnOneNameGetTwoVersions() throws Exception {
    Path store = tmp.getRoot().toPath().resolve("store");
    Process first = start(store, "a");
    Process second = start(store, "b");
    int firstExit = await(first);
    int secondExit = await(second);

    assertEquals("both jobs succeed: " + firstExit + ", " + secondExit, 0, firstExit + secondExit);
    SpecStore specs = SpecStore.at(store.toString());
    SpecRecord spec = specs.find("shared");
    assertEquals(SpecStatus.SUCCEEDED, spec.status());
    List<Integer> versions = new ArrayList<>();
    specs.versions("shared").forEach(version -> versions.add(version.version()));
    assertThat(versions, containsInAnyOrder(1, 2));
    CliRunner.succeed(
        "run",
        "--spec",
        "shared",
        "--samples",
        "20",
        "--output",
        "parquet:" + tmp.getRoot().toPath().resolve("c"),
        "--store",
        store.toString());
  }

  private Process start(Path store, String output) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(DataFramerCli.class.getName());
    command.addAll(
        List.of(
            "generate",
            "--dataset",
            "examples/orders/orders.csv",
            "--name",
            "shared",
            "--samples",
            "100",
            "--random-seed",
            "3",
            "--output",
            "parquet:" + tmp.getRoot().toPath().resolve(output),
            "--store",
            store.toString()));
    File log = tmp.newFile();
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    logs.add(log.toPath());
    return process;
  }

  private final List<Path> logs = new ArrayList<>();

  private int await(Process process) throws Exception {
    assertTrue("ends within 5 minutes", process.waitFor(5, TimeUnit.MINUTES));
    if (process.exitValue() != 0) {
      for (Path log : logs) {
        System.err.println(Files.readString(log));
      }
    }
    return process.exitValue();
  }
}
