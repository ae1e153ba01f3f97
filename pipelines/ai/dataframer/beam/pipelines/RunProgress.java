package ai.dataframer.beam.pipelines;

import ai.dataframer.beam.transforms.GenerateSamples;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.joda.time.Duration;

/**
 * A progress bar for a running job on the console: samples done of N, rate, ETA and cost so far,
 * read from the pipeline's metrics while it runs. Runners that report metrics only at the end
 * (Flink in local mode) show the bar complete when the job is.
 */
final class RunProgress {
  private static final Duration POLL = Duration.millis(500);
  private static final String NAMESPACE = GenerateSamples.class.getName();

  private RunProgress() {}

  /** Waits for {@code result}, drawing the bar on {@code console}; returns the final state. */
  static PipelineResult.State follow(PipelineResult result, long samples, PrintStream console) {
    try (ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName("samples")
            .setInitialMax(samples)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(500)
            .setConsumer(new ConsoleProgressBarConsumer(console))
            .showSpeed()
            .build()) {
      PipelineResult.State state = result.waitUntilFinish(POLL);
      while (state == null || !state.isTerminal()) {
        show(bar, result);
        state = result.waitUntilFinish(POLL);
      }
      show(bar, result);
      return state;
    }
  }

  private static void show(ProgressBar bar, PipelineResult result) {
    long done;
    long costMicroUsd;
    try {
      done = counter(result, "samples_accepted") + counter(result, "samples_rejected");
      costMicroUsd = counter(result, "cost_micro_usd");
    } catch (UnsupportedOperationException | IllegalStateException notYet) {
      return; // some runners report metrics only once the job is done
    }
    bar.stepTo(done);
    bar.setExtraMessage(String.format(Locale.ROOT, "cost $%.4f", costMicroUsd / 1e6));
  }

  /** Attempted rather than committed: committed values may lag until a bundle commits. */
  private static long counter(PipelineResult result, String name) {
    MetricQueryResults metrics =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(NAMESPACE, name))
                    .build());
    long total = 0;
    for (MetricResult<Long> counter : metrics.getCounters()) {
      Long attempted = counter.getAttempted();
      total += attempted == null ? 0 : attempted;
    }
    return total;
  }
}
