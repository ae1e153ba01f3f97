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
 * List prices of the catalog's models in USD per million tokens, and the cost of a call's usage.
 *
 * <p>{@code -thinking} ids price like their base model (thinking is billed as output tokens), and
 * Databricks endpoints like the model they serve. {@code embedded} and {@code openai-compatible/*}
 * (self-hosted) cost nothing unless overridden; any other id without a price is an error naming it,
 * because a silent zero would under-report a run's cost.
 *
 * <p>The bundled prices are the providers' standard (non-batch, short-context) list prices;
 * contracts, batch discounts and long-context surcharges differ, so {@link #withOverrides} takes a
 * JSON object of model id to {@code {"input", "output", "cache_read", "cache_write"}}, merged per
 * model and per field. Immutable.
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

    /** Anthropic's rule: cache writes cost 1.25 times the input rate, cache reads 0.1 times. */
    static Price anthropic(double input, double output) {
      // Divided, not multiplied by 0.1, so the rate is the published one (3 / 10 == 0.3 exactly).
      return new Price(input, output, input / 10, input * 1.25);
    }

    /** A provider without prompt caching: any cached tokens it did report bill as input. */
    static Price uncached(double input, double output) {
      return new Price(input, output, input, input);
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

  /** Databricks serving endpoints and the catalog model each one serves. */
  private static final Map<String, String> DATABRICKS_UNDERLYING =
      Map.of(
          "databricks/databricks-claude-haiku-4-5", "anthropic/claude-haiku-4-5",
          "databricks/databricks-claude-opus-4-6", "anthropic/claude-opus-4-6",
          "databricks/databricks-claude-sonnet-4-6", "anthropic/claude-sonnet-4-6",
          "databricks/databricks-gemini-3-1-pro", "gemini/gemini-3.1-pro-preview",
          "databricks/databricks-gpt-5-4", "openai/gpt-5.4");

  private static final PriceTable DEFAULTS = new PriceTable(bundledPrices());

  private final Map<String, Price> prices;

  private PriceTable(Map<String, Price> prices) {
    this.prices = Map.copyOf(prices);
  }

  /** The bundled list prices (dates and sources in {@link #bundledPrices()}). */
  public static PriceTable defaults() {
    return DEFAULTS;
  }

  /*
   * Every price below was looked up on 2026-12-01 in stored copies of the pages named; where a page
   * carries its own "as of" date it is given. USD per million tokens: input / output / cache read /
   * cache write.
   */
  private static Map<String, Price> bundledPrices() {
    Map<String, Price> p = new LinkedHashMap<>();
    // Anthropic, platform.claude.com/docs/en/about-claude/pricing (Opus 4.6 row: $5 input, $6.25
    // 5-minute cache write, $0.50 cache hit, $25 output) and the models/{opus-4-6, sonnet-4-6,
    // haiku-4-5}/overview pages ($5/$25, $3/$15, $1/$5). Cache writes are the 5-minute rate, 1.25x
    // input; cache reads 0.1x input.
    p.put("anthropic/claude-opus-4-6", Price.anthropic(5.00, 25.00));
    p.put("anthropic/claude-sonnet-4-6", Price.anthropic(3.00, 15.00));
    p.put("anthropic/claude-haiku-4-5", Price.anthropic(1.00, 5.00));
    // Gemini 3.1 Pro preview, prompts up to 200k tokens: $2 input, $12 output (thinking billed as
    // output), per Google's pricing page as summarised by blog.laozhang.ai (rechecked 2026-03-28)
    // and
    // cloudprice.net; cached input $0.20 (cloudprice.net, airouter listing). Implicit caching has
    // no
    // write fee, so written tokens bill as input; the hourly storage fee of explicit caches and the
    // $4/$18 rate above 200k are not modelled.
    p.put("gemini/gemini-3.1-pro-preview", new Price(2.00, 12.00, 0.20, 2.00));
    // OpenAI GPT-5.4, context under 270k: $2.50 input, $0.25 cached input, $15 output, from
    // OpenAI's
    // pricing page as quoted by benchlm.ai (2026-04-13) and morphllm.com ("as of June 2026").
    // OpenAI
    // charges nothing extra to write its automatic cache: written tokens bill as input.
    p.put("openai/gpt-5.4", new Price(2.50, 15.00, 0.25, 2.50));
    // Together AI serverless, no prompt caching. gpt-oss-120b $0.15/$0.60 and Kimi-K2-Instruct
    // $1.00/$3.00: models.dev's Together table (mastra.ai/models/providers/togetherai), output
    // rates
    // matching EdenAI's provider price list. DeepSeek-V3.1 $0.60/$1.70: tera.gw's listing of the
    // same
    // id and EdenAI's Together output rate. DeepSeek-R1-0528-tput: output $2.19 from EdenAI's
    // Together
    // price list; no published input rate was found, so input is DeepSeek's own list price for R1
    // ($0.55, api-docs.deepseek.com), the closest published predecessor.
    p.put("openai/gpt-oss-120b", Price.uncached(0.15, 0.60));
    p.put("deepseek-ai/DeepSeek-V3.1", Price.uncached(0.60, 1.70));
    p.put("moonshotai/Kimi-K2-Instruct", Price.uncached(1.00, 3.00));
    p.put("deepseek-ai/DeepSeek-R1-0528-tput", Price.uncached(0.55, 2.19));
    return p;
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
    String base = ModelCatalog.baseModel(modelId);
    Price ofBase = prices.get(base);
    if (ofBase != null) {
      return Optional.of(ofBase);
    }
    String underlying = DATABRICKS_UNDERLYING.get(base);
    return underlying == null ? Optional.empty() : find(underlying);
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
    return new PriceTable(merged);
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
    return new PriceTable(merged);
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
    return other instanceof PriceTable that && prices.equals(that.prices);
  }

  @Override
  public int hashCode() {
    return prices.hashCode();
  }

  @Override
  public String toString() {
    return "PriceTable" + prices;
  }
}
