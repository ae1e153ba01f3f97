package ai.dataframer.beam.io.llm;

import org.apache.beam.sdk.metrics.MetricName;
import org.apache.beam.sdk.metrics.MetricsContainer;
import org.apache.beam.sdk.metrics.MetricsEnvironment;

/**
 * Beam counters of the step that made a call, usable from the thread that finishes it.
 *
 * <p>Beam finds a step's metrics through a thread-local set while the runner processes a bundle; a
 * model call completes later on an HTTP or timer thread, where {@code Metrics.counter(...).inc()}
 * would find no step and drop the count. So the container is captured when the call is made (on the
 * step's thread) and the counts go to it directly: the same cells {@code Metrics.counter(NAMESPACE,
 * name)} reports to. Outside a pipeline there is no container and counting does nothing.
 */
final class CallerMetrics {
  /** The namespace of every model-client counter. */
  static final String NAMESPACE = "dataframer.llm";

  private final MetricsContainer container;

  private CallerMetrics(MetricsContainer container) {
    this.container = container;
  }

  /** The metrics of the step running on this thread, if any. */
  static CallerMetrics capture() {
    return new CallerMetrics(MetricsEnvironment.getCurrentContainer());
  }

  void inc(String name, long amount) {
    if (container != null && amount != 0) {
      container.getCounter(MetricName.named(NAMESPACE, name)).inc(amount);
    }
  }
}
