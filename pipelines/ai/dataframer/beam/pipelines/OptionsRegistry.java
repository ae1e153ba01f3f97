package ai.dataframer.beam.pipelines;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.PipelineOptionsRegistrar;

/**
 * Beam's registry of options interfaces, built without Google Cloud's interfaces for a job that
 * names no Beam option, and completed when one is named.
 *
 * <p>The first options a JVM makes validate every registered interface, each against all those
 * registered before it: about 1.1 s on 2 cores, 0.7 s without the 8 interfaces of Beam's Google
 * Cloud modules (GcpOptions, GcsOptions, BigQueryOptions, PubsubOptions, ...), which are on the
 * class path for the BigQuery sink and gs:// paths. Registration only lets command-line arguments
 * name an interface's properties; {@code options.as(GcsOptions.class)}, which the gs:// file system
 * and the BigQuery sink use, works for an interface not registered. So a job with no Beam argument
 * loses nothing without them, and a job that has one gets the complete registry before its
 * arguments are parsed ({@link #completeFor}), as Beam builds it (docs/ARCHITECTURE.md, "Small
 * jobs").
 */
public final class OptionsRegistry {
  private static final String REGISTRARS =
      "META-INF/services/" + PipelineOptionsRegistrar.class.getName();

  /** The registrars of Beam's Google Cloud modules, which the lean registry leaves out. */
  static final Set<String> GOOGLE_CLOUD_REGISTRARS =
      Set.of(
          "org.apache.beam.sdk.extensions.gcp.options.GcpPipelineOptionsRegistrar",
          "org.apache.beam.sdk.io.gcp.common.GcpIoPipelineOptionsRegistrar");

  /** An interface the lean registry lacks: its presence tells a complete registry. */
  private static final String GCP_OPTIONS = "org.apache.beam.sdk.extensions.gcp.options.GcpOptions";

  private OptionsRegistry() {}

  /**
   * Builds the registry without Google Cloud's interfaces, unless something already built it.
   * Called before anything else in the JVM makes options, on a thread of its own.
   */
  public static void buildLean() {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    // Beam builds the registry once, in PipelineOptionsFactory's static initializer, from the
    // service files the context class loader of the thread that gets there first can see.
    thread.setContextClassLoader(new WithoutGoogleCloudRegistrars(classLoader(previous)));
    try {
      PipelineOptionsFactory.getRegisteredOptions();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /**
   * Makes the registry complete before {@code beamArgs} are parsed, if any is given and the
   * registry is lean: a lean one would refuse {@code --project} as an unknown option.
   */
  static void completeFor(List<String> beamArgs) {
    if (!beamArgs.isEmpty() && !isComplete()) {
      PipelineOptionsFactory.resetCache();
    }
  }

  /** Whether the registry holds Google Cloud's interfaces, as Beam's own build of it does. */
  static boolean isComplete() {
    return PipelineOptionsFactory.getRegisteredOptions().stream()
        .anyMatch(options -> options.getName().equals(GCP_OPTIONS));
  }

  private static ClassLoader classLoader(ClassLoader context) {
    return context != null ? context : OptionsRegistry.class.getClassLoader();
  }

  /**
   * Its parent's classes and resources, but for the registrar service files that list only Google
   * Cloud registrars. A service file merged from several modules (a shaded jar) is kept whole: the
   * registry is then complete, as before.
   */
  static final class WithoutGoogleCloudRegistrars extends ClassLoader {
    WithoutGoogleCloudRegistrars(ClassLoader parent) {
      super(parent);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      Enumeration<URL> resources = super.getResources(name);
      if (!name.equals(REGISTRARS)) {
        return resources;
      }
      List<URL> kept = new ArrayList<>();
      for (URL resource : Collections.list(resources)) {
        if (!GOOGLE_CLOUD_REGISTRARS.containsAll(providers(resource))) {
          kept.add(resource);
        }
      }
      return Collections.enumeration(kept);
    }

    /** The provider class names a service file lists (comments and blank lines left out). */
    private static List<String> providers(URL resource) throws IOException {
      List<String> providers = new ArrayList<>();
      try (InputStream in = resource.openStream()) {
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
          int comment = line.indexOf('#');
          String provider = (comment >= 0 ? line.substring(0, comment) : line).strip();
          if (!provider.isEmpty()) {
            providers.add(provider);
          }
        }
      }
      return providers;
    }
  }
}
