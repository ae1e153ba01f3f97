package ai.dataframer.beam.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.extensions.gcp.options.GcpOptions;
import org.apache.beam.sdk.extensions.gcp.options.GcsOptions;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.PipelineOptionsRegistrar;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The lean options registry: built without Google Cloud's interfaces, it still makes a job's
 * options, reaches GCS and BigQuery options through {@code as()}, and is completed before Beam
 * arguments are parsed. The registry is per JVM, so each test builds its own and the complete one
 * is restored after it.
 */
@RunWith(JUnit4.class)
public class OptionsRegistryTest {
  private ClassLoader context;

  @Before
  public void buildLeanRegistry() {
    context = Thread.currentThread().getContextClassLoader();
    // What OptionsRegistry.buildLean does in a fresh JVM, where the registry is built once by
    // PipelineOptionsFactory's static initializer; here it may exist already, so it is rebuilt.
    Thread.currentThread()
        .setContextClassLoader(new OptionsRegistry.WithoutGoogleCloudRegistrars(context));
    try {
      PipelineOptionsFactory.resetCache();
    } finally {
      Thread.currentThread().setContextClassLoader(context);
    }
  }

  @After
  public void restoreCompleteRegistry() {
    PipelineOptionsFactory.resetCache();
  }

  @Test
  public void theLeanRegistryLacksOnlyGoogleCloudRegistrars() {
    List<String> lean = registrars(new OptionsRegistry.WithoutGoogleCloudRegistrars(context));
    List<String> complete = registrars(context);
    for (String registrar : OptionsRegistry.GOOGLE_CLOUD_REGISTRARS) {
      assertThat(complete, hasItem(registrar));
      assertThat(lean, not(hasItem(registrar)));
    }
    List<String> missing = new ArrayList<>(complete);
    missing.removeAll(lean);
    missing.removeAll(OptionsRegistry.GOOGLE_CLOUD_REGISTRARS);
    assertThat(missing, empty());
    assertFalse(OptionsRegistry.isComplete());
    assertThat(PipelineOptionsFactory.getRegisteredOptions(), hasItem(DirectOptions.class));
  }

  @Test
  public void aJobWithoutBeamArgumentsRunsOnTheLeanRegistry() {
    PipelineOptions options = Jobs.options(new String[0]);
    assertFalse("no Beam argument needs the complete registry", OptionsRegistry.isComplete());
    assertEquals(
        Math.max(2, Runtime.getRuntime().availableProcessors()),
        options.as(DirectOptions.class).getTargetParallelism());
    // The gs:// file system and the BigQuery sink reach their options through as(), which needs
    // no registration.
    GcsOptions gcs = options.as(GcsOptions.class);
    gcs.setGcpTempLocation("gs://bucket/temp");
    assertEquals("gs://bucket/temp", options.as(GcpOptions.class).getGcpTempLocation());
    options.as(BigQueryOptions.class).setBigQueryProject("project");
    assertEquals("project", options.as(BigQueryOptions.class).getBigQueryProject());
  }

  @Test
  public void beamArgumentsCompleteTheRegistryBeforeTheyAreParsed() {
    // (Whether a lean registry refuses --project depends on the class path: the Dataflow runner,
    // on the test class path, registers its options, which extend GcpOptions.)
    assertFalse(OptionsRegistry.isComplete());

    PipelineOptions options = Jobs.options(new String[] {"--project=my-project"});

    assertTrue(OptionsRegistry.isComplete());
    assertEquals("my-project", options.as(GcpOptions.class).getProject());
  }

  private static List<String> registrars(ClassLoader loader) {
    List<String> names = new ArrayList<>();
    ServiceLoader.load(PipelineOptionsRegistrar.class, loader).stream()
        .forEach(provider -> names.add(provider.type().getName()));
    return names;
  }
}
