package ai.dataframer.beam.pipelines.cli;

import ai.dataframer.beam.pipelines.OptionsRegistry;
import java.util.Arrays;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Builds Beam's registry of pipeline options on a second thread while the main thread parses the
 * command line and checks the request. The registry validates every options interface on the class
 * path the first time any options are made (about a second on 2 cores, a fifth of a small job); a
 * job needs it only after its checks, so most of that second overlaps them. A job that never makes
 * options (--help, spec list) ends with the thread still running: it is a daemon. The registry is
 * built without Google Cloud's interfaces ({@link OptionsRegistry}), a third of its time, unless
 * the command line names a runner (a runner's job passes Beam options, which need them); a job
 * given other Beam options completes the registry before parsing them.
 */
final class StartupWarmer {
  static void start(String[] args) {
    boolean lean = Arrays.stream(args).noneMatch(arg -> arg.startsWith("--runner"));
    Thread thread = new Thread(() -> buildOptionsRegistry(lean), "dataframer-options-registry");
    thread.setDaemon(true);
    thread.start();
  }

  private static void buildOptionsRegistry(boolean lean) {
    try {
      if (lean) {
        OptionsRegistry.buildLean();
      } else {
        PipelineOptionsFactory.getRegisteredOptions();
      }
    } catch (RuntimeException | LinkageError failure) {
      // The job's own first options make the same call and report the failure where it matters.
    }
  }

  private StartupWarmer() {}
}
