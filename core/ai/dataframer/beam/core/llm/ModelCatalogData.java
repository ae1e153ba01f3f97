package ai.dataframer.beam.core.llm;

import ai.dataframer.beam.core.request.ModelCatalog;
import ai.dataframer.beam.core.request.ModelProvider;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The model catalog as data (docs/ARCHITECTURE.md section 7): for each model id, who serves it
 * under which name, what it can do (thinking style, structured-output limits, max output tokens,
 * context window, tools, prompt caching) and its standard and batch prices. Routing ({@link
 * #route}) and pricing ({@link #prices}) both read it, so a model is described in one place.
 *
 * <p>The bundled catalog is the classpath resource {@value #RESOURCE}, keyed by base ids (a {@code
 * -thinking} id is its base model with thinking on). {@link #withOverrides} merges a user's file of
 * the same shape over it, field by field, so a model id the provider retired is re-pointed by
 * configuration: {@code {"models": {"deepseek-ai/DeepSeek-V3.1": {"provider_model": "..."}}}}. The
 * ids requests accept stay the hosted API's enums ({@link ModelCatalog}); an override may change
 * any of them and describe {@code openai-compatible/<model>} ids, not add new ones.
 *
 * <p>Immutable and serializable: loaded at launch, it travels to workers with the model settings.
 */
public final class ModelCatalogData implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The bundled catalog's classpath resource, next to this class. */
  public static final String RESOURCE = "model-catalog.json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> TOP_FIELDS = List.of("version", "models");
  private static final List<String> ENTRY_FIELDS =
      List.of(
          "provider",
          "provider_model",
          "thinking",
          "structured_output_limits",
          "max_output_tokens",
          "context_window",
          "tools",
          "prompt_caching",
          "price",
          "batch_price",
          "notes");
  private static final List<String> PRICE_FIELDS =
      List.of("input", "output", "cache_read", "cache_write");

  private static final ModelCatalogData BUNDLED = loadBundled();

  private final String version;
  private final Map<String, CatalogEntry> models;

  private ModelCatalogData(String version, Map<String, CatalogEntry> models) {
    this.version = version;
    this.models = Map.copyOf(models);
  }

  /** The catalog shipped in the jar. */
  public static ModelCatalogData bundled() {
    return BUNDLED;
  }

  /**
   * The catalog's version: the bundled file's, followed by {@code +} and each override's ({@code
   * version} field, or the file name when it has none).
   */
  public String version() {
    return version;
  }

  /** The models by base id, as the catalog lists them. */
  public Map<String, CatalogEntry> models() {
    return models;
  }

  /**
   * The entry a model id uses: its own, its base model's for a {@code -thinking} id, or for an
   * {@code openai-compatible/<model>} id without one, a free entry naming {@code <model>}.
   */
  public Optional<CatalogEntry> entry(String modelId) {
    if (modelId == null) {
      return Optional.empty();
    }
    CatalogEntry exact = models.get(modelId);
    if (exact != null) {
      return Optional.of(exact);
    }
    if (ModelCatalog.isOpenAiCompatible(modelId)) {
      return Optional.of(selfHosted(modelId));
    }
    return Optional.ofNullable(models.get(ModelCatalog.baseModel(modelId)));
  }

  /**
   * The route of a model id.
   *
   * @throws IllegalArgumentException naming the id and listing the valid ones when requests do not
   *     accept it; when it is {@code embedded}, which no client serves; or when it is a {@code
   *     -thinking} id of a model the catalog says does not think
   */
  public ModelRoute route(String modelId) {
    if (!ModelCatalog.isKnownRunModel(modelId) && !ModelCatalog.isKnownSpecModel(modelId)) {
      throw new IllegalArgumentException(ModelCatalog.unknownRunModelMessage("model", modelId));
    }
    if (ModelCatalog.isEmbedded(modelId)) {
      throw new IllegalArgumentException(
          "model '" + modelId + "' is the embedded engine, which needs no model client");
    }
    CatalogEntry entry =
        entry(modelId)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "model '" + modelId + "' has no entry in model catalog " + version));
    boolean thinking =
        !ModelCatalog.isOpenAiCompatible(modelId)
            && !models.containsKey(modelId)
            && ModelCatalog.isThinking(modelId);
    if (thinking && entry.thinking() == CatalogEntry.ThinkingStyle.NONE) {
      throw new IllegalArgumentException(
          "model '"
              + modelId
              + "' asks for thinking, but model catalog "
              + version
              + " says "
              + ModelCatalog.baseModel(modelId)
              + " (served as "
              + entry.providerModel()
              + ") does not think");
    }
    return new ModelRoute(
        modelId,
        entry.provider(),
        entry.providerModel(),
        thinking,
        new ModelRoute.Capabilities(
            entry.thinking(),
            entry.structuredOutputLimits(),
            entry.maxOutputTokens(),
            entry.contextWindow(),
            entry.tools(),
            entry.promptCaching()));
  }

  /** The catalog's prices: standard, and batch where an entry has one. */
  public PriceTable prices() {
    Map<String, PriceTable.Price> standard = new LinkedHashMap<>();
    Map<String, PriceTable.Price> batch = new LinkedHashMap<>();
    models.forEach(
        (id, entry) -> {
          standard.put(id, entry.price());
          if (entry.batchPrice() != null) {
            batch.put(id, entry.batchPrice());
          }
        });
    return PriceTable.of(standard, batch);
  }

  /**
   * What is wrong with thinking {@code thinkingBudget} tokens on {@code modelId}, or empty when
   * nothing is (or the id does not think). A thinking call asks for the answer's limit plus the
   * budget as its output limit (the encoders' {@code max_tokens}), and a provider refuses more than
   * the model's max output tokens with a 400, so the budget may be at most the model's max output
   * minus {@code answerTokens}.
   *
   * @param field the request field, for the message
   * @param answerTokens the most tokens an answer of the stage may take, thinking excluded
   */
  public Optional<String> thinkingBudgetProblem(
      String field, String modelId, int thinkingBudget, int answerTokens) {
    ModelRoute route;
    try {
      route = route(modelId);
    } catch (IllegalArgumentException embeddedOrUnknown) {
      return Optional.empty(); // reported by request validation; embedded does not think
    }
    if (!route.thinking()) {
      return Optional.empty();
    }
    long limit = (long) route.capabilities().maxOutputTokens() - answerTokens;
    if (thinkingBudget <= limit) {
      return Optional.empty();
    }
    return Optional.of(
        field
            + " must be <= "
            + Math.max(0, limit)
            + " for "
            + modelId
            + " (max output "
            + route.capabilities().maxOutputTokens()
            + " tokens in model catalog "
            + version
            + ", minus up to "
            + answerTokens
            + " for the answer), but was "
            + thinkingBudget);
  }

  /**
   * This catalog with the entries of {@code json} merged over it, field by field ({@code price} and
   * {@code batch_price} rate by rate).
   *
   * @param source the file the JSON came from, for messages
   * @throws IllegalArgumentException naming the file, the model id and the field when the JSON is
   *     not a catalog, a field is unknown or a value is not what the field takes
   */
  public ModelCatalogData withOverrides(String json, String source) {
    JsonNode root = parse(json, source);
    String overrideVersion = root.has("version") ? text(source, null, root, "version") : source;
    Map<String, CatalogEntry> merged = new LinkedHashMap<>(models);
    Iterator<Map.Entry<String, JsonNode>> entries = root.get("models").fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> model = entries.next();
      String id = model.getKey();
      CatalogEntry current = merged.get(id);
      if (current == null) {
        if (!ModelCatalog.isOpenAiCompatible(id)
            && !ModelCatalog.isKnownRunModel(id)
            && !ModelCatalog.isKnownSpecModel(id)) {
          throw new IllegalArgumentException(
              "model catalog "
                  + source
                  + ": model '"
                  + id
                  + "' is not an id requests accept; an override re-points the hosted API's ids"
                  + " and describes openai-compatible/<model> ids, it cannot add new ones");
        }
        if (ModelCatalog.isEmbedded(id)) {
          throw new IllegalArgumentException(
              "model catalog " + source + ": model 'embedded' is the embedded engine, not a model");
        }
        if (!ModelCatalog.isOpenAiCompatible(id) && ModelCatalog.isThinking(id)) {
          throw new IllegalArgumentException(
              "model catalog "
                  + source
                  + ": model '"
                  + id
                  + "' is a -thinking id; describe its base model '"
                  + ModelCatalog.baseModel(id)
                  + "' instead");
        }
        current = ModelCatalog.isOpenAiCompatible(id) ? selfHosted(id) : null;
      }
      merged.put(id, entry(source, id, model.getValue(), current));
    }
    return new ModelCatalogData(version + "+" + overrideVersion, merged);
  }

  /** An {@code openai-compatible/<model>} id the catalog does not describe: free, no thinking. */
  private static CatalogEntry selfHosted(String modelId) {
    return new CatalogEntry(
        ModelProvider.OPENAI_COMPATIBLE,
        modelId.substring(ModelCatalog.OPENAI_COMPATIBLE_PREFIX.length()),
        CatalogEntry.ThinkingStyle.NONE,
        ModelProvider.OPENAI_COMPATIBLE,
        Integer.MAX_VALUE,
        Integer.MAX_VALUE,
        true,
        ModelRoute.PromptCaching.NONE,
        PriceTable.Price.FREE,
        null);
  }

  private static ModelCatalogData loadBundled() {
    try (InputStream in = ModelCatalogData.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "the bundled model catalog " + RESOURCE + " is missing from the classpath");
      }
      String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      JsonNode root = parse(json, RESOURCE);
      String version = text(RESOURCE, null, root, "version");
      Map<String, CatalogEntry> models = new LinkedHashMap<>();
      root.get("models")
          .fields()
          .forEachRemaining(
              model ->
                  models.put(
                      model.getKey(), entry(RESOURCE, model.getKey(), model.getValue(), null)));
      return new ModelCatalogData(version, models);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled model catalog " + RESOURCE, e);
    }
  }

  private static JsonNode parse(String json, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(json == null ? "" : json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "model catalog " + source + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject() || !root.path("models").isObject()) {
      throw new IllegalArgumentException(
          "model catalog "
              + source
              + " must be a JSON object with \"models\": an object of model id to its entry");
    }
    root.fieldNames()
        .forEachRemaining(
            field -> {
              if (!TOP_FIELDS.contains(field)) {
                throw new IllegalArgumentException(
                    "model catalog "
                        + source
                        + " has unknown field '"
                        + field
                        + "'; expected "
                        + String.join(", ", TOP_FIELDS));
              }
            });
    return root;
  }

  /** The entry {@code node} describes, its missing fields taken from {@code base} when given. */
  private static CatalogEntry entry(String source, String id, JsonNode node, CatalogEntry base) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(
          where(source, id, null) + " must be an object with " + String.join(", ", ENTRY_FIELDS));
    }
    node.fieldNames()
        .forEachRemaining(
            field -> {
              if (!ENTRY_FIELDS.contains(field)) {
                throw new IllegalArgumentException(
                    where(source, id, null)
                        + " has unknown field '"
                        + field
                        + "'; expected "
                        + String.join(", ", ENTRY_FIELDS));
              }
            });
    if (base == null) {
      for (String field : ENTRY_FIELDS) {
        if (!field.equals("batch_price") && !field.equals("notes") && !node.has(field)) {
          throw new IllegalArgumentException(
              where(source, id, field) + " is missing: a new model needs every field but notes");
        }
      }
    }
    if (node.has("notes")) {
      text(source, id, node, "notes");
    }
    try {
      return new CatalogEntry(
          node.has("provider") ? provider(source, id, node, "provider") : base.provider(),
          node.has("provider_model")
              ? text(source, id, node, "provider_model")
              : base.providerModel(),
          node.has("thinking")
              ? choice(source, id, node, "thinking", CatalogEntry.ThinkingStyle.class)
              : base.thinking(),
          node.has("structured_output_limits")
              ? provider(source, id, node, "structured_output_limits")
              : base.structuredOutputLimits(),
          node.has("max_output_tokens")
              ? count(source, id, node, "max_output_tokens")
              : base.maxOutputTokens(),
          node.has("context_window")
              ? count(source, id, node, "context_window")
              : base.contextWindow(),
          node.has("tools") ? flag(source, id, node, "tools") : base.tools(),
          node.has("prompt_caching")
              ? choice(source, id, node, "prompt_caching", ModelRoute.PromptCaching.class)
              : base.promptCaching(),
          price(source, id, node, "price", base == null ? null : base.price()),
          price(source, id, node, "batch_price", base == null ? null : base.batchPrice()));
    } catch (IllegalArgumentException e) {
      if (e.getMessage().startsWith("model catalog ")) {
        throw e;
      }
      throw new IllegalArgumentException(where(source, id, null) + ": " + e.getMessage(), e);
    }
  }

  private static PriceTable.Price price(
      String source, String id, JsonNode node, String field, PriceTable.Price current) {
    JsonNode value = node.get(field);
    if (value == null) {
      return current;
    }
    if (!value.isObject()) {
      throw new IllegalArgumentException(
          where(source, id, field)
              + " must be an object with "
              + String.join(", ", PRICE_FIELDS)
              + " in USD per million tokens, but was "
              + value);
    }
    value
        .fieldNames()
        .forEachRemaining(
            rate -> {
              if (!PRICE_FIELDS.contains(rate)) {
                throw new IllegalArgumentException(
                    where(source, id, field + "." + rate)
                        + " is unknown; expected "
                        + String.join(", ", PRICE_FIELDS));
              }
            });
    double[] rates = new double[PRICE_FIELDS.size()];
    for (int i = 0; i < rates.length; i++) {
      String rate = PRICE_FIELDS.get(i);
      JsonNode given = value.get(rate);
      if (given == null) {
        if (current == null) {
          throw new IllegalArgumentException(
              where(source, id, field + "." + rate)
                  + " is missing: the model has no "
                  + field
                  + " to keep it from");
        }
        rates[i] =
            new double[] {
                  current.input(), current.output(), current.cacheRead(), current.cacheWrite()
                }
                [i];
      } else if (!given.isNumber()
          || !(given.asDouble() >= 0)
          || Double.isInfinite(given.asDouble())) {
        throw new IllegalArgumentException(
            where(source, id, field + "." + rate)
                + " must be a number >= 0 (USD per million tokens), but was "
                + given);
      } else {
        rates[i] = given.asDouble();
      }
    }
    return new PriceTable.Price(rates[0], rates[1], rates[2], rates[3]);
  }

  private static ModelProvider provider(String source, String id, JsonNode node, String field) {
    String name = text(source, id, node, field);
    String constant = name.toUpperCase(Locale.ROOT).replace('-', '_');
    for (ModelProvider provider : ModelProvider.values()) {
      if (provider != ModelProvider.EMBEDDED && provider.name().equals(constant)) {
        return provider;
      }
    }
    throw new IllegalArgumentException(
        where(source, id, field)
            + " must be one of anthropic, openai, together, gemini, databricks,"
            + " openai-compatible, but was \""
            + name
            + "\"");
  }

  private static <E extends Enum<E>> E choice(
      String source, String id, JsonNode node, String field, Class<E> type) {
    String name = text(source, id, node, field);
    for (E constant : type.getEnumConstants()) {
      if (constant.name().toLowerCase(Locale.ROOT).equals(name)) {
        return constant;
      }
    }
    StringBuilder expected = new StringBuilder();
    for (E constant : type.getEnumConstants()) {
      expected.append(expected.length() == 0 ? "" : ", ");
      expected.append(constant.name().toLowerCase(Locale.ROOT));
    }
    throw new IllegalArgumentException(
        where(source, id, field) + " must be one of " + expected + ", but was \"" + name + "\"");
  }

  private static String text(String source, String id, JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException(
          where(source, id, field) + " must be a non-blank string, but was " + value);
    }
    return value.asText();
  }

  private static int count(String source, String id, JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 1) {
      throw new IllegalArgumentException(
          where(source, id, field) + " must be a whole number of tokens >= 1, but was " + value);
    }
    return value.asInt();
  }

  private static boolean flag(String source, String id, JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (!value.isBoolean()) {
      throw new IllegalArgumentException(
          where(source, id, field) + " must be true or false, but was " + value);
    }
    return value.asBoolean();
  }

  private static String where(String source, String id, String field) {
    return "model catalog "
        + source
        + (id == null ? "" : ": model '" + id + "'")
        + (field == null ? "" : " field '" + field + "'");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ModelCatalogData that
        && version.equals(that.version)
        && models.equals(that.models);
  }

  @Override
  public int hashCode() {
    return models.hashCode();
  }

  @Override
  public String toString() {
    return "ModelCatalogData[" + version + ", " + models.size() + " models]";
  }
}
