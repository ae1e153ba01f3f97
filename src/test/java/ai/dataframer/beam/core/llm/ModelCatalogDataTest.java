package ai.dataframer.beam.core.llm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.request.ModelCatalog;
import ai.dataframer.beam.core.request.ModelProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class ModelCatalogDataTest {
  private static final ModelCatalogData BUNDLED = ModelCatalogData.bundled();
  private static final Usage USAGE = new Usage(1_000_000, 1_000_000, 0, 0, 0);

  @Test
  public void everyIdTheApiAcceptsHasARouteAndAPrice() {
    List<String> ids = new ArrayList<>(ModelCatalog.runModels());
    ids.addAll(ModelCatalog.specModels());
    for (String id : ids) {
      ModelRoute route = BUNDLED.route(id);
      assertEquals(id, ModelCatalog.isThinking(id), route.thinking());
      assertTrue(id, BUNDLED.prices().find(id).isPresent());
    }
    assertEquals(14, BUNDLED.models().size());
  }

  @Test
  public void routesNameTheProviderModelAndCapabilities() {
    ModelRoute opus = BUNDLED.route("anthropic/claude-opus-4-6-thinking");
    assertEquals(ModelProvider.ANTHROPIC, opus.provider());
    assertEquals("claude-opus-4-6", opus.apiModel());
    assertEquals(CatalogEntry.ThinkingStyle.ADAPTIVE, opus.capabilities().thinkingStyle());
    assertEquals(128_000, opus.capabilities().maxOutputTokens());
    assertEquals(
        CatalogEntry.ThinkingStyle.BUDGET,
        BUNDLED.route("anthropic/claude-haiku-4-5-thinking").capabilities().thinkingStyle());
    ModelRoute endpoint = BUNDLED.route("databricks/databricks-claude-sonnet-4-6");
    assertEquals("databricks-claude-sonnet-4-6", endpoint.apiModel());
    assertEquals(ModelProvider.DATABRICKS, endpoint.capabilities().structuredOutputLimits());
    ModelRoute together = BUNDLED.route("deepseek-ai/DeepSeek-V3.1");
    assertEquals("deepseek-ai/DeepSeek-V3.1", together.apiModel());
    assertEquals(ModelProvider.TOGETHER, together.provider());
    ModelRoute selfHosted = BUNDLED.route("openai-compatible/llama-3.1-8b-thinking");
    assertEquals("llama-3.1-8b-thinking", selfHosted.apiModel());
    assertFalse(selfHosted.thinking());
  }

  @Test
  public void anOverrideRepointsAnIdAndKeepsTheFieldsItLeavesOut() {
    ModelCatalogData catalog =
        BUNDLED.withOverrides(
            "{\"version\": \"ops-1\", \"models\": {\"deepseek-ai/DeepSeek-V3.1\":"
                + " {\"provider_model\": \"deepseek-ai/DeepSeek-V3.2-Exp\","
                + " \"price\": {\"output\": 2.0}}}}",
            "ops.json");

    assertEquals("2026-12-04+ops-1", catalog.version());
    assertEquals(
        "deepseek-ai/DeepSeek-V3.2-Exp", catalog.route("deepseek-ai/DeepSeek-V3.1").apiModel());
    assertEquals(
        new PriceTable.Price(0.60, 2.0, 0.60, 0.60),
        catalog.prices().price("deepseek-ai/DeepSeek-V3.1"));
    assertEquals(
        "deepseek-ai/DeepSeek-V3.1", BUNDLED.route("deepseek-ai/DeepSeek-V3.1").apiModel());
  }

  @Test
  public void anOverrideDescribesASelfHostedModel() {
    ModelCatalogData catalog =
        BUNDLED.withOverrides(
            "{\"models\": {\"openai-compatible/qwen\": {\"max_output_tokens\": 4096,"
                + " \"context_window\": 32768, \"price\": {\"input\": 0.1, \"output\": 0.2}}}}",
            "local.json");

    assertEquals(4096, catalog.route("openai-compatible/qwen").capabilities().maxOutputTokens());
    assertEquals(0.3, catalog.prices().cost("openai-compatible/qwen", USAGE), 1e-9);
    assertEquals(0.0, BUNDLED.prices().cost("openai-compatible/qwen", USAGE), 0);
  }

  @Test
  public void badOverridesNameTheFileTheModelAndTheField() {
    assertThat(
        refused("{\"models\": {\"openai/gpt-5.4\": {\"max_output\": 5}}}"),
        containsString(
            "model catalog ops.json: model 'openai/gpt-5.4' has unknown field 'max_output'"));
    assertThat(
        refused("{\"models\": {\"openai/gpt-5.4\": {\"thinking\": \"deep\"}}}"),
        containsString(
            "model catalog ops.json: model 'openai/gpt-5.4' field 'thinking' must be one of none,"
                + " budget, effort, adaptive, but was \"deep\""));
    assertThat(
        refused("{\"models\": {\"openai/gpt-5.4\": {\"max_output_tokens\": -1}}}"),
        containsString("field 'max_output_tokens' must be a whole number of tokens >= 1"));
    assertThat(
        refused("{\"models\": {\"openai/gpt-5.4\": {\"price\": {\"output\": \"cheap\"}}}}"),
        containsString("field 'price.output' must be a number >= 0"));
    assertThat(
        refused("{\"models\": {\"together/new-model\": {\"provider\": \"together\"}}}"),
        containsString("model 'together/new-model' is not an id requests accept"));
    assertThat(
        refused("{\"models\": {}, \"model\": {}}"),
        containsString("model catalog ops.json has unknown field 'model'"));
    assertThat(
        refused("{\"models\": [}"), containsString("model catalog ops.json is not valid JSON"));
  }

  private static String refused(String json) {
    return assertThrows(
            IllegalArgumentException.class, () -> BUNDLED.withOverrides(json, "ops.json"))
        .getMessage();
  }

  @Test
  public void aThinkingIdOfAModelThatDoesNotThinkIsRefused() {
    ModelCatalogData catalog =
        BUNDLED.withOverrides(
            "{\"models\": {\"openai/gpt-5.4\": {\"thinking\": \"none\"}}}", "ops.json");

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> catalog.route("openai/gpt-5.4-thinking"));
    assertThat(e.getMessage(), containsString("does not think"));
  }

  @Test
  public void thinkingBudgetsAreHeldToMaxOutputMinusTheAnswer() {
    assertEquals(
        "outline_thinking_budget must be <= 59904 for anthropic/claude-sonnet-4-6-thinking"
            + " (max output 64000 tokens in model catalog 2026-12-04, minus up to 4096 for the"
            + " answer), but was 59905",
        BUNDLED
            .thinkingBudgetProblem(
                "outline_thinking_budget", "anthropic/claude-sonnet-4-6-thinking", 59905, 4096)
            .orElseThrow());
    assertTrue(
        BUNDLED
            .thinkingBudgetProblem(
                "outline_thinking_budget", "anthropic/claude-sonnet-4-6-thinking", 59904, 4096)
            .isEmpty());
    // Without -thinking the budget is not used, so it is not checked.
    assertTrue(
        BUNDLED
            .thinkingBudgetProblem("x", "anthropic/claude-sonnet-4-6", 1_000_000, 4096)
            .isEmpty());
  }

  @Test
  public void batchPricesAreHalfOfStandardWhereTheProviderHasABatchApi() {
    PriceTable prices = BUNDLED.prices();
    for (String id :
        List.of(
            "anthropic/claude-opus-4-6-thinking",
            "openai/gpt-5.4",
            "gemini/gemini-3.1-pro-preview")) {
      assertEquals(id, prices.cost(id, USAGE) / 2, prices.batchCost(id, USAGE), 1e-9);
    }
    // Together discounts only the models it lists; gpt-oss-120b is not one of them.
    assertEquals(
        prices.cost("openai/gpt-oss-120b", USAGE),
        prices.batchCost("openai/gpt-oss-120b", USAGE),
        1e-12);
    // Together's Batch API does not run DeepSeek-V3.1: no batch price, so --batch keeps it online.
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> prices.batchCost("deepseek-ai/DeepSeek-V3.1", USAGE));
    assertThat(
        e.getMessage(), containsString("no batch price for model 'deepseek-ai/DeepSeek-V3.1'"));
    // --price-table overlays standard prices only.
    PriceTable overlaid =
        prices.withOverrides("{\"openai/gpt-5.4\": {\"input\": 100, \"output\": 100}}");
    assertEquals(
        prices.batchCost("openai/gpt-5.4", USAGE), overlaid.batchCost("openai/gpt-5.4", USAGE), 0);
  }

  @Test
  public void theCatalogTravelsToWorkersWhole() throws Exception {
    ModelCatalogData catalog =
        BUNDLED.withOverrides(
            "{\"models\": {\"moonshotai/Kimi-K2-Instruct\": {\"provider_model\": \"moonshotai/Kimi-K2.5\"}}}",
            "ops.json");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(catalog);
    }
    ModelCatalogData copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (ModelCatalogData) in.readObject();
    }
    assertEquals(catalog, copy);
    assertEquals("moonshotai/Kimi-K2.5", copy.route("moonshotai/Kimi-K2-Instruct").apiModel());
  }
}
