package ai.dataframer.beam.io.llm;

import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.ModelRoute;
import ai.dataframer.beam.core.request.ModelProvider;
import java.util.Map;

/**
 * The one place batch prices come from: a batch-served answer costs its list price times its
 * provider's batch multiplier. OpenAI, Anthropic and Gemini bill batches at 50% of the online price
 * (their pricing and batch pages); Together's batch page says "up to 50% off" serverless rates, so
 * its entry is the best case, kept for when its route batches (it stays online for now). When the
 * price catalog carries batch prices, this is the place to read them from.
 */
public final class BatchPricing {
  static final Map<ModelProvider, Double> MULTIPLIERS =
      Map.of(
          ModelProvider.OPENAI, 0.5,
          ModelProvider.ANTHROPIC, 0.5,
          ModelProvider.GEMINI, 0.5,
          ModelProvider.TOGETHER, 0.5);

  private BatchPricing() {}

  /** What share of the list price {@code response} costs: 1 unless a batch served it. */
  public static double multiplier(ChatResponse response) {
    if (!response.batchServed()) {
      return 1.0;
    }
    ModelProvider provider = ModelRoute.of(response.modelId()).provider();
    Double multiplier = MULTIPLIERS.get(provider);
    if (multiplier == null) {
      throw new IllegalStateException(
          "a batch answered " + response.modelId() + " but " + provider + " has no batch price");
    }
    return multiplier;
  }
}
