package ai.dataframer.beam.core.llm;

import ai.dataframer.beam.core.request.ModelCatalog;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prices of the catalog's models in USD per million tokens, and the cost of a call's usage.
 *
 * <p>The prices are the model catalog's ({@link ModelCatalogData}, docs/ARCHITECTURE.md section 7):
 * each entry's standard list price and, where the provider has a batch API, its batch price ({@link
 * #batchCost}). {@code -thinking} ids price like their base model (thinking is billed as output
 * tokens). {@code embedded} and {@code openai-compatible/*} (self-hosted) cost nothing unless
 * overridden; any other id without a price is an error naming it, because a silent zero would
 * under-report a run's cost.
 *
 * <p>{@link #withOverrides} (the {@code --price-table} file) is an overlay on the catalog's
 * standard prices: a JSON object of model id to {@code {"input", "output", "cache_read",
 * "cache_write"}}, merged per model and per field. Batch prices change only through the catalog.
 * Immutable.
 */
public final class PriceTable implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final double PER_MILLION = 1_000_000d;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> FIELDS =
      List.of("input", "output", "cache_read", "cache_write");

  /**
   * USD per million tokens of each kind.
   *
   * @param input prompt tokens billed at the normal rate
   * @param output generated tokens, thinking included
   * @param cacheRead prompt tokens read from the provider's prompt cache
   * @param cacheWrite prompt tokens written to it
   */
  public record Price(double input, double output, double cacheRead, double cacheWrite)
      implements Serializable {
    public static final Price FREE = new Price(0, 0, 0, 0);

    public Price {
      for (double rate : new double[] {input, output, cacheRead, cacheWrite}) {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
          throw new IllegalArgumentException(
              "prices must be finite and >= 0, but were "
                  + input
                  + " input, "
                  + output
                  + " output, "
                  + cacheRead
                  + " cache read, "
                  + cacheWrite
                  + " cache write");
        }
      }
    }

    /** USD for {@code usage}; reasoning tokens are part of the output tokens, not billed twice. */
    public double cost(Usage usage) {
      return (usage.inputTokens() * input
              + usage.outputTokens() * output
              + usage.cacheReadTokens() * cacheRead
              + usage.cacheWriteTokens() * cacheWrite)
          / PER_MILLION;
    }
  }

  private final Map<String, Price> prices;
  private final Map<String, Price> batchPrices;

  private PriceTable(Map<String, Price> prices, Map<String, Price> batchPrices) {
    this.prices = Map.copyOf(prices);
    this.batchPrices = Map.copyOf(batchPrices);
  }

  /**
   * A table of {@code prices} and {@code batchPrices} by model id (base ids; {@code -thinking} ids
   * find their base model's).
   */
  public static PriceTable of(Map<String, Price> prices, Map<String, Price> batchPrices) {
    return new PriceTable(prices, batchPrices);
  }

  /** The bundled catalog's prices ({@link ModelCatalogData#bundled()}). */
  public static PriceTable defaults() {
    return ModelCatalogData.bundled().prices();
  }

  /** The price of {@code modelId}, or empty when it has none and is not free. */
  public Optional<Price> find(String modelId) {
    if (modelId == null) {
      return Optional.empty();
    }
    Price exact = prices.get(modelId);
    if (exact != null) {
      return Optional.of(exact);
    }
    if (ModelCatalog.isEmbedded(modelId) || ModelCatalog.isOpenAiCompatible(modelId)) {
      return Optional.of(Price.FREE);
    }
    return Optional.ofNullable(prices.get(ModelCatalog.baseModel(modelId)));
  }

  /**
   * USD that {@code response} to a call of {@code modelId} costs: at the batch price when a
   * provider batch served it ({@link ChatResponse#batchServed()}, docs/ARCHITECTURE.md section 7,
   * "Batch mode"), else at the standard price. The client metering and each sample's cost both bill
   * through here, so the two agree.
   */
  public double cost(String modelId, ChatResponse response) {
    return response.batchServed()
        ? batchCost(modelId, response.usage())
        : cost(modelId, response.usage());
  }

  /**
   * The batch price of {@code modelId}: the catalog's {@code batch_price} (OpenAI, Anthropic and
   * Gemini bill their batch APIs at 50% of standard), free where the standard price is, or empty
   * when the model has no batch price.
   */
  public Optional<Price> findBatch(String modelId) {
    if (modelId == null) {
      return Optional.empty();
    }
    if (ModelCatalog.isEmbedded(modelId)
        || (ModelCatalog.isOpenAiCompatible(modelId) && !prices.containsKey(modelId))) {
      return Optional.of(Price.FREE);
    }
    Price exact = batchPrices.get(modelId);
    return exact != null
        ? Optional.of(exact)
        : Optional.ofNullable(batchPrices.get(ModelCatalog.baseModel(modelId)));
  }

  /**
   * USD that {@code usage} of {@code modelId} costs through the provider's batch API.
   *
   * @throws IllegalArgumentException naming the model when the catalog has no batch price for it
   */
  public double batchCost(String modelId, Usage usage) {
    return findBatch(modelId)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no batch price for model '"
                        + modelId
                        + "'; add a \"batch_price\" to its entry with --model-catalog"))
        .cost(usage);
  }

  /**
   * The price of {@code modelId}.
   *
   * @throws IllegalArgumentException naming the model when it has no price and is not free
   */
  public Price price(String modelId) {
    return find(modelId)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no price for model '"
                        + modelId
                        + "'; add one with a price override (model id to "
                        + "{\"input\", \"output\", \"cache_read\", \"cache_write\"} in USD per million tokens)"));
  }

  /** USD that {@code usage} of {@code modelId} costs. */
  public double cost(String modelId, Usage usage) {
    return price(modelId).cost(usage);
  }

  /** This table with {@code modelId} at {@code price}, replacing what it had. */
  public PriceTable with(String modelId, Price price) {
    if (modelId == null || modelId.isBlank() || price == null) {
      throw new IllegalArgumentException("a price override needs a model id and a price");
    }
    Map<String, Price> merged = new LinkedHashMap<>(prices);
    merged.put(modelId, price);
    return new PriceTable(merged, batchPrices);
  }

  /**
   * This table with prices from {@code json}: an object of model id to an object with any of {@code
   * input}, {@code output}, {@code cache_read}, {@code cache_write} (USD per million tokens).
   * Fields left out keep the model's current price; a model without one needs {@code input} and
   * {@code output}, and its cache rates default to the input rate.
   *
   * @throws IllegalArgumentException naming the model and field when the JSON is not of that shape
   */
  public PriceTable withOverrides(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json == null ? "" : json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "price overrides are not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(
          "price overrides must be a JSON object of model id to prices, but were "
              + (root == null || root.isMissingNode() ? "empty" : root.getNodeType()));
    }
    Map<String, Price> merged = new LinkedHashMap<>(prices);
    Iterator<Map.Entry<String, JsonNode>> models = root.fields();
    while (models.hasNext()) {
      Map.Entry<String, JsonNode> entry = models.next();
      merged.put(entry.getKey(), override(entry.getKey(), entry.getValue()));
    }
    return new PriceTable(merged, batchPrices);
  }

  private Price override(String modelId, JsonNode node) {
    if (modelId.isBlank()) {
      throw new IllegalArgumentException("price overrides: a model id must not be blank");
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException(
          "price override '"
              + modelId
              + "' must be an object with "
              + String.join(", ", FIELDS)
              + ", but was "
              + node);
    }
    node.fieldNames()
        .forEachRemaining(
            field -> {
              if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException(
                    "price override '"
                        + modelId
                        + "' has unknown field '"
                        + field
                        + "'; expected "
                        + String.join(", ", FIELDS));
              }
            });
    Optional<Price> current = find(modelId);
    Double input = rate(modelId, node, "input");
    Double output = rate(modelId, node, "output");
    if (current.isEmpty() && (input == null || output == null)) {
      throw new IllegalArgumentException(
          "price override '"
              + modelId
              + "' needs 'input' and "
              + "'output': the model has no price to keep the missing ones from");
    }
    Price base = current.orElse(null);
    double in = input != null ? input : base.input();
    double out = output != null ? output : base.output();
    Double cacheRead = rate(modelId, node, "cache_read");
    Double cacheWrite = rate(modelId, node, "cache_write");
    return new Price(
        in,
        out,
        cacheRead != null ? cacheRead : base == null ? in : base.cacheRead(),
        cacheWrite != null ? cacheWrite : base == null ? in : base.cacheWrite());
  }

  private static Double rate(String modelId, JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null) {
      return null;
    }
    if (!value.isNumber() || !(value.asDouble() >= 0) || Double.isInfinite(value.asDouble())) {
      throw new IllegalArgumentException(
          "price override '"
              + modelId
              + "' field '"
              + field
              + "' must be a number >= 0 (USD per million tokens), but was "
              + value);
    }
    return value.asDouble();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PriceTable that
        && prices.equals(that.prices)
        && batchPrices.equals(that.batchPrices);
  }

  @Override
  public int hashCode() {
    return prices.hashCode();
  }

  @Override
  public String toString() {
    return "PriceTable" + prices + ", batch " + batchPrices;
  }
}
