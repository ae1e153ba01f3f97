package ai.dataframer.beam.pipelines.cli;

import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Builds Beam's registry of pipeline options on a second thread while the main thread parses the
 * command line and checks the request. The registry validates every options interface on the class
 * path the first time any options are made (about a second on 2 cores, a fifth of a small job); a
 * job needs it only after its checks, so most of that second overlaps them. A job that never makes
 * options (--help, spec list) ends with the thread still running: it is a daemon.
 */
final class StartupWarmer {
  static void start() {
    Thread thread = new Thread(StartupWarmer::buildOptionsRegistry, "dataframer-options-registry");
    thread.setDaemon(true);
    thread.start();
  }

  private static void buildOptionsRegistry() {
    try {
      PipelineOptionsFactory.create();
    } catch (RuntimeException | LinkageError failure) {
      // The job's own first options make the same call and report the failure where it matters.
    }
  }

  private StartupWarmer() {}
}
