package ai.dataframer.beam.pipelines;

import ai.dataframer.beam.transforms.GenerateSamples;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.joda.time.Duration;

/**
 * A progress bar for a running job on the console: samples done of N, rate, ETA and cost so far,
 * read from the pipeline's metrics while it runs, then that the files are being written. Runners
 * that report metrics only at the end (Flink in local mode) show the bar complete when the job is.
 */
final class RunProgress {
  private static final Duration POLL = Duration.millis(500);
  private static final String NAMESPACE = GenerateSamples.class.getName();

  private RunProgress() {}

  /** Waits for {@code result}, drawing the bar on {@code console}; returns the final state. */
  static PipelineResult.State follow(PipelineResult result, long samples, PrintStream console) {
    try (ProgressBar bar = bar(samples, new ConsoleProgressBarConsumer(console))) {
      PipelineResult.State state = result.waitUntilFinish(POLL);
      while (state == null || !state.isTerminal()) {
        show(bar, result);
        state = result.waitUntilFinish(POLL);
      }
      show(bar, result);
      return state;
    }
  }

  /**
   * The bar: done/N, elapsed and ETA; the rate and the cost follow in its message ({@link
   * #status}), since the library's own rate is printed glued to the message ("869.6/scost").
   */
  static ProgressBar bar(long samples, ProgressBarConsumer consumer) {
    return new ProgressBarBuilder()
        .setTaskName("samples")
        .setInitialMax(samples)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(500)
        .setConsumer(consumer)
        .build();
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
    update(bar, done, costMicroUsd);
  }

  static void update(ProgressBar bar, long done, long costMicroUsd) {
    // Message first: the bar's own thread may draw between the two calls, and a line showing the
    // new count must carry its message (at worst the old count shows the new message, once).
    bar.setExtraMessage(status(done, bar.getMax(), bar.getTotalElapsed(), costMicroUsd));
    bar.stepTo(done);
  }

  /**
   * The bar's message: "870 samples/s, cost $0.0000" while samples are generated; once all are
   * counted, the sinks still write their files (seconds, for large runs), and it says so instead.
   */
  static String status(long done, long samples, java.time.Duration elapsed, long costMicroUsd) {
    String cost = String.format(Locale.ROOT, "cost $%.4f", costMicroUsd / 1e6);
    if (done >= samples) {
      // Short enough for an 80-column terminal; the summary that follows has the final cost.
      return "samples done, writing files";
    }
    long millis = elapsed.toMillis();
    String rate = millis > 0 ? String.format(Locale.ROOT, "%.0f", done * 1000.0 / millis) : "0";
    return rate + " samples/s, " + cost;
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
