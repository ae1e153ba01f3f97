package ai.dataframer.beam.io.llm;

import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.LlmClient;
import ai.dataframer.beam.core.llm.PriceTable;
import ai.dataframer.beam.core.llm.Usage;
import ai.dataframer.beam.core.llm.UsageLedger;
import java.util.concurrent.CompletableFuture;

/**
 * Counts every call that passes through: Beam counters in namespace {@value StepMetrics#NAMESPACE}
 * ({@code calls}, {@code failures}, {@code input_tokens}, {@code output_tokens}, {@code
 * cache_read_tokens}, {@code cache_write_tokens}, {@code reasoning_tokens}, {@code cost_micro_usd})
 * for the runner's UI and the job's results, and per-model totals with cost in a {@link
 * UsageLedger} the caller reads in the JVM.
 *
 * <p>The price is looked up before the call, so a model without one fails at once instead of being
 * paid for and then not accounted. Cost counters are whole micro-dollars per call (Beam counters
 * are longs); the ledger keeps the exact sum.
 *
 * <p>An answer a provider batch served is billed at its catalog batch price ({@link
 * PriceTable#cost(String, ChatResponse)}).
 *
 * <p>Place it inside {@link CachingClient} to count what the providers were paid for, and outside
 * {@link RetryingClient} to count each logical call once.
 */
public final class MeteredClient implements LlmClient {
  static final String CALLS = "calls";
  static final String FAILURES = "failures";
  static final String INPUT_TOKENS = "input_tokens";
  static final String OUTPUT_TOKENS = "output_tokens";
  static final String CACHE_READ_TOKENS = "cache_read_tokens";
  static final String CACHE_WRITE_TOKENS = "cache_write_tokens";
  static final String REASONING_TOKENS = "reasoning_tokens";
  static final String COST_MICRO_USD = "cost_micro_usd";

  private final LlmClient inner;
  private final PriceTable prices;
  private final UsageLedger ledger;
  private final StepMetrics metrics;

  /** Beam counters go to the step {@code metrics} is bound to; none while it is unbound. */
  public MeteredClient(
      LlmClient inner, PriceTable prices, UsageLedger ledger, StepMetrics metrics) {
    if (inner == null || prices == null || ledger == null || metrics == null) {
      throw new IllegalArgumentException(
          "a metered client needs a client, prices, a ledger and step metrics");
    }
    this.inner = inner;
    this.prices = prices;
    this.ledger = ledger;
    this.metrics = metrics;
  }

  /** Meters into {@code ledger} only: no Beam counters. */
  public MeteredClient(LlmClient inner, PriceTable prices, UsageLedger ledger) {
    this(inner, prices, ledger, new StepMetrics());
  }

  /** Meters into a ledger of its own, read with {@link #ledger()}. */
  public static MeteredClient wrap(LlmClient inner, PriceTable prices) {
    return new MeteredClient(inner, prices, new UsageLedger());
  }

  /** The totals this client has recorded (shared with others when the ledger is). */
  public UsageLedger ledger() {
    return ledger;
  }

  @Override
  public CompletableFuture<ChatResponse> chat(ChatRequest request) {
    PriceTable.Price price;
    try {
      price = prices.price(request.modelId());
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    String modelId = request.modelId();
    return ClientCalls.safely(inner, request)
        .whenComplete(
            (response, error) -> {
              metrics.inc(CALLS, 1);
              if (error != null) {
                metrics.inc(FAILURES, 1);
                ledger.recordFailure(modelId);
                return;
              }
              Usage usage = response.usage();
              double cost =
                  response.batchServed() ? prices.cost(modelId, response) : price.cost(usage);
              metrics.inc(INPUT_TOKENS, usage.inputTokens());
              metrics.inc(OUTPUT_TOKENS, usage.outputTokens());
              metrics.inc(CACHE_READ_TOKENS, usage.cacheReadTokens());
              metrics.inc(CACHE_WRITE_TOKENS, usage.cacheWriteTokens());
              metrics.inc(REASONING_TOKENS, usage.reasoningTokens());
              metrics.inc(COST_MICRO_USD, Math.round(cost * 1_000_000));
              ledger.recordSuccess(modelId, usage, cost);
            });
  }

  @Override
  public void close() {
    inner.close();
  }
}
