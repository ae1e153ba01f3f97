package ai.dataframer.beam.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.request.ModelDefaults;
import ai.dataframer.beam.testing.FlinkTests;
import ai.dataframer.beam.testing.SparkTests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.junit.rules.TemporaryFolder;

/**
 * A normal run says what it did and nothing else: no library warnings, no stack traces, each notice
 * once. Run through main in a fresh JVM, where the CLI's logging set-up applies as it does for the
 * launcher.
 */
public class QuietCliTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private String generate(String... more) throws Exception {
    return generate(List.of(), Map.of(), more);
  }

  private String generate(List<String> jvmOptions, Map<String, String> environment, String... more)
      throws Exception {
    return CliRunner.outputOfNewJvm(
        jvmOptions,
        environment,
        CliRunner.concat(
            EndToEndTest.generateArgs(
                tmp.newFolder("store").toPath(), tmp.getRoot().toPath().resolve("out"), 42, 200),
            more));
  }

  private static void assertQuiet(String output) {
    assertThat(output, not(containsString("WARNING")));
    assertThat(output, not(containsString("SEVERE")));
    assertThat(output, not(containsString("\tat ")));
    assertEquals(output, 1, output.split(ModelDefaults.EMBEDDED_NOTICE, -1).length - 1);
    assertThat(output, containsString("SUCCEEDED: 200 of 200 samples completed"));
  }

  @Test
  public void anEmbeddedRunOnDirectPrintsNoWarningAndNoStackTrace() throws Exception {
    assertQuiet(generate());
  }

  @Test
  public void anEmbeddedRunNamesTheLlmOptionsItIgnoresOnce() throws Exception {
    String output =
        generate(
            "--skip-outline", "false", "--tools", "calculator", "--revision-types", "consistency");
    String notice =
        "dataframer: the embedded engine ignores revision_types, skip_outline=false, tools: these"
            + " shape LLM stages";
    assertEquals(output, 1, output.split(notice, -1).length - 1);
    assertQuiet(output);
  }

  @Test
  @Category(FlinkTests.class)
  public void anEmbeddedRunOnFlinkLocalPrintsNoWarningAndNoStackTrace() throws Exception {
    assertQuiet(generate("--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2"));
  }

  @Test
  @Category(SparkTests.class)
  public void anEmbeddedRunOnSparkLocalPrintsNoWarningAndNoStackTrace() throws Exception {
    // What scripts/dataframer adds for Spark: the module openings, no web UI, and loopback for a
    // local master.
    Path options = Path.of("scripts", "spark-java-options").toAbsolutePath();
    assertTrue(options + " is missing", Files.isRegularFile(options));
    List<String> jvmOptions = List.of("@" + options, "-Dspark.ui.enabled=false");
    assertQuiet(
        generate(
            jvmOptions,
            Map.of("SPARK_LOCAL_IP", "127.0.0.1"),
            "--runner=SparkRunner",
            "--sparkMaster=local[2]"));
  }
}
