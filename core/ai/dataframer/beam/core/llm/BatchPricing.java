package ai.dataframer.beam.core.llm;

import ai.dataframer.beam.core.request.ModelProvider;
import java.util.Map;

/**
 * The one place batch prices come from: a batch-served answer ({@link ChatResponse#batchServed()})
 * costs its list price times its provider's batch multiplier, both in the client metering and in
 * each sample's cost. OpenAI, Anthropic and Gemini bill batches at 50% of the online price (their
 * pricing and batch pages); Together's batch page says "up to 50% off" serverless rates, so its
 * entry is the best case, kept for when its route batches (it stays online for now). When the price
 * catalog carries batch prices, this is the place to read them from.
 */
public final class BatchPricing {
  static final Map<ModelProvider, Double> MULTIPLIERS =
      Map.of(
          ModelProvider.OPENAI, 0.5,
          ModelProvider.ANTHROPIC, 0.5,
          ModelProvider.GEMINI, 0.5,
          ModelProvider.TOGETHER, 0.5);

  private BatchPricing() {}

  /** What {@code response} costs at {@code prices}: its list price, or the batch price. */
  public static double cost(PriceTable prices, ChatResponse response) {
    return prices.cost(response.modelId(), response.usage()) * multiplier(response);
  }

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
