package ai.dataframer.beam.transforms;

import ai.dataframer.beam.core.engine.SeedKeyPositions;
import ai.dataframer.beam.core.generate.CostBudget;
import ai.dataframer.beam.core.generate.GenerationSettings;
import ai.dataframer.beam.core.generate.LlmSampleGenerator;
import ai.dataframer.beam.core.generate.SampleGenerator;
import ai.dataframer.beam.core.generate.SampleResult;
import ai.dataframer.beam.core.llm.LlmClient;
import ai.dataframer.beam.core.llm.PriceTable;
import ai.dataframer.beam.core.llm.UsageLedger;
import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.record.FingerprintSet;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.io.llm.LlmClients;
import ai.dataframer.beam.io.llm.LlmSettings;
import ai.dataframer.beam.io.llm.StepMetrics;
import ai.dataframer.beam.io.llm.http.HttpTransport;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The LLM path: each worker builds the model client stack from the settings (keys never leave them
 * but to build headers) and one generator per DoFn instance. The transport and the cost budget
 * ({@link CostBudget#shared}) are per JVM, shared by every instance, as a worker's connections and
 * spending are.
 */
final class LlmGenerators implements GeneratorFactory {
  private final GenerationSettings settings;
  private final LlmSettings clients;
  private final Double maxCostUsd;
  private final String budgetKey;

  /**
   * @param budgetKey identifies the run's budget within a worker, so runs sharing a JVM (tests, a
   *     long-lived Flink task manager) never spend from each other's
   */
  LlmGenerators(
      GenerationSettings settings, LlmSettings clients, Double maxCostUsd, String budgetKey) {
    this.settings = settings;
    this.clients = clients;
    this.maxCostUsd = maxCostUsd;
    this.budgetKey = budgetKey;
  }

  @Override
  public SampleGenerator create(
      Spec spec,
      List<Map<String, Object>> seeds,
      FingerprintSet fingerprints,
      SeedKeyPositions seedKeys,
      Runnable onCopyRedraw) {
    PriceTable prices = LlmClients.prices(clients);
    StepMetrics metrics = new StepMetrics();
    LlmClient client =
        LlmClients.create(clients, Shared.transport(clients), UsageLedger.jvm(), metrics);
    CostBudget budget = maxCostUsd == null ? null : CostBudget.shared(budgetKey, maxCostUsd);
    return new StepBound(
        new LlmSampleGenerator(spec, seeds, settings, client, prices, budget, seedKeys), metrics);
  }

  /**
   * Binds the client stack's counters to the step on the step's own thread: a sample's later calls,
   * and the samples started when others finish, run on the threads that finished the calls before
   * them, where Beam finds no step (it would log a warning and drop the counts).
   */
  private record StepBound(SampleGenerator generator, StepMetrics metrics)
      implements SampleGenerator {
    @Override
    public void onStepThread() {
      metrics.bindCurrentStep();
    }

    @Override
    public CompletableFuture<SampleResult> generate(SamplePlan plan) {
      return generator.generate(plan);
    }

    @Override
    public void close() {
      generator.close();
    }
  }

  /** The HTTP transports the DoFn instances of one worker JVM share, one per pair of timeouts. */
  static final class Shared {
    private static final Map<List<java.time.Duration>, HttpTransport> TRANSPORTS =
        new java.util.HashMap<>();

    private Shared() {}

    /** Runs with other timeouts (in one test JVM, or one task manager) get their own transport. */
    static synchronized HttpTransport transport(LlmSettings settings) {
      return TRANSPORTS.computeIfAbsent(
          List.of(settings.connectTimeout(), settings.callTimeout()),
          timeouts ->
              HttpTransport.create(
                  timeouts.get(0), timeouts.get(1), HttpTransport.DEFAULT_THREADS));
    }
  }
}
