package ai.dataframer.beam.io.llm;

import org.apache.beam.sdk.metrics.MetricName;
import org.apache.beam.sdk.metrics.MetricsContainer;
import org.apache.beam.sdk.metrics.MetricsEnvironment;

/**
 * The Beam counters of the step a client stack works for, whichever thread makes or finishes a
 * call.
 *
 * <p>Beam finds a step's metrics through a thread-local the runner sets while it processes a
 * bundle. A sample's first model call is made on that thread, but each later call is made by the
 * thread that finished the call before (an HTTP, timer or cache I/O thread), where the lookup finds
 * no step: Beam then logs a warning with a stack trace and the counts are lost. So the step binds
 * its metrics here, on its own thread, before it starts work ({@link #bindCurrentStep}), and every
 * count of the stack goes to those cells: the ones {@code Metrics.counter(NAMESPACE, name)} reports
 * to. A DoFn instance works on one bundle at a time and waits for its calls before the bundle ends,
 * so the bound step is the one the calls work for. Unbound (outside a pipeline), counting does
 * nothing.
 */
public final class StepMetrics {
  /** The namespace of every model-client counter. */
  public static final String NAMESPACE = "dataframer.llm";

  private volatile MetricsContainer container;

  /** Counts nothing until {@link #bindCurrentStep} is called on a step's thread. */
  public StepMetrics() {}

  /**
   * Counts into the metrics of the step running on this thread: call it on the step's thread (in
   * {@code @ProcessElement}) before starting the work whose calls are counted.
   */
  public void bindCurrentStep() {
    container = MetricsEnvironment.getCurrentContainer();
  }

  void inc(String name, long amount) {
    MetricsContainer bound = container;
    if (bound != null && amount != 0) {
      bound.getCounter(MetricName.named(NAMESPACE, name)).inc(amount);
    }
  }
}
