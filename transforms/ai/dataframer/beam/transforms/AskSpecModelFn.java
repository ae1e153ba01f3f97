package ai.dataframer.beam.transforms;

import ai.dataframer.beam.core.llm.LlmClient;
import ai.dataframer.beam.core.llm.UsageLedger;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.core.specgen.AnalystSettings;
import ai.dataframer.beam.core.specgen.SeedMaterial;
import ai.dataframer.beam.core.specgen.SpecAnalysis;
import ai.dataframer.beam.core.specgen.SpecAnalyst;
import ai.dataframer.beam.io.llm.LlmClients;
import ai.dataframer.beam.io.llm.LlmSettings;
import ai.dataframer.beam.io.llm.StepMetrics;
import ai.dataframer.beam.io.llm.http.HttpTransport;
import java.util.concurrent.CompletionException;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the spec generation model for the spec of one {@link SeedMaterial} with the {@link
 * SpecAnalyst}. The client stack ({@link LlmClients}: limits, retries, metering into the JVM's
 * ledger, cache) is made in {@code @Setup} from serializable settings and closed in
 * {@code @Teardown}. A spec that cannot be created throws the analyst's {@code
 * SpecGenerationException}, which fails the job with its reason.
 */
final class AskSpecModelFn extends DoFn<SeedMaterial, Spec> {
  private static final Logger LOG = LoggerFactory.getLogger(AskSpecModelFn.class);
  private static final Counter SPECS_CREATED =
      Metrics.counter(AskSpecModelFn.class, "specsCreated");
  private static final Counter SPEC_MODEL_CALLS =
      Metrics.counter(AskSpecModelFn.class, "specModelCalls");
  private static final Counter ANSWERS_REJECTED =
      Metrics.counter(AskSpecModelFn.class, "specAnswersRejected");
  private static final Counter ANSWER_REPAIRS =
      Metrics.counter(AskSpecModelFn.class, "specAnswerRepairs");

  /** Answers to handle at once: one spec per job, so a couple of threads are plenty. */
  private static final int TRANSPORT_THREADS = 2;

  private final AnalystSettings settings;
  private final LlmSettings llm;
  private transient HttpTransport transport;
  private transient StepMetrics metrics;
  private transient LlmClient client;
  private transient SpecAnalyst analyst;

  AskSpecModelFn(AnalystSettings settings, LlmSettings llm) {
    this.settings = settings;
    this.llm = llm;
  }

  @Setup
  public void setup() {
    transport = HttpTransport.create(llm.connectTimeout(), llm.callTimeout(), TRANSPORT_THREADS);
    metrics = new StepMetrics();
    client = LlmClients.create(llm, transport, UsageLedger.jvm(), metrics);
    analyst = new SpecAnalyst(client, settings);
  }

  @ProcessElement
  public void process(@Element SeedMaterial material, OutputReceiver<Spec> out) {
    // The analyst's later calls start on the threads that finish earlier ones: count them here.
    metrics.bindCurrentStep();
    SpecAnalysis analysis;
    try {
      analysis = analyst.analyse(material).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
    SPECS_CREATED.inc();
    SPEC_MODEL_CALLS.inc(analysis.calls());
    ANSWERS_REJECTED.inc(analysis.rejectedAnswers().size());
    ANSWER_REPAIRS.inc(analysis.repairs().size());
    LOG.info(
        "spec from {}: {} properties, {} calls, {} input and {} output tokens, ${}; repairs: {}",
        analysis.modelId(),
        analysis.spec().properties().size(),
        analysis.calls(),
        analysis.usage().totalInputTokens(),
        analysis.usage().outputTokens(),
        String.format("%.4f", analysis.costUsd(LlmClients.prices(llm))),
        analysis.repairs().isEmpty() ? "none" : String.join("; ", analysis.repairs()));
    out.output(analysis.spec());
  }

  @Teardown
  public void teardown() {
    if (client != null) {
      client.close();
    }
    if (transport != null) {
      transport.close();
    }
  }
}
