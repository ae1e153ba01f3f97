package ai.dataframer.beam.core.llm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.llm.PriceTable.Price;
import ai.dataframer.beam.core.request.ModelCatalog;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class PriceTableTest {
  private static final double EXACT = 1e-9;
  private final PriceTable table = PriceTable.defaults();

  @Test
  public void everyCatalogModelHasAPrice() {
    List<String> ids = new ArrayList<>(ModelCatalog.runModels());
    ids.addAll(ModelCatalog.specModels());
    for (String id : ids) {
      Price price = table.price(id);
      assertTrue(id + " " + price, price.input() > 0 && price.output() > price.input());
      assertTrue(id + " " + price, price.cacheRead() > 0 && price.cacheRead() <= price.input());
      assertTrue(id + " " + price, price.cacheWrite() >= price.input());
    }
  }

  @Test
  public void thinkingVariantsPriceLikeTheirBaseModel() {
    for (String id : ModelCatalog.runModels()) {
      if (ModelCatalog.isThinking(id)) {
        assertEquals(id, table.price(ModelCatalog.baseModel(id)), table.price(id));
      }
    }
  }

  @Test
  public void databricksEndpointsPriceLikeTheModelTheyServe() {
    assertEquals(
        table.price("anthropic/claude-opus-4-6"),
        table.price("databricks/databricks-claude-opus-4-6-thinking"));
    assertEquals(
        table.price("anthropic/claude-haiku-4-5"),
        table.price("databricks/databricks-claude-haiku-4-5"));
    assertEquals(
        table.price("gemini/gemini-3.1-pro-preview"),
        table.price("databricks/databricks-gemini-3-1-pro"));
    assertEquals(
        table.price("openai/gpt-5.4"), table.price("databricks/databricks-gpt-5-4-thinking"));
  }

  @Test
  public void anthropicCacheWritesCostAQuarterMoreAndReadsATenth() {
    assertEquals(new Price(5, 25, 0.5, 6.25), table.price("anthropic/claude-opus-4-6"));
    assertEquals(new Price(3, 15, 0.3, 3.75), table.price("anthropic/claude-sonnet-4-6"));
    assertEquals(new Price(1, 5, 0.1, 1.25), table.price("anthropic/claude-haiku-4-5"));
  }

  @Test
  public void costAddsEachKindOfTokenAtItsRate() {
    String sonnet = "anthropic/claude-sonnet-4-6";
    assertEquals(3.00, table.cost(sonnet, new Usage(1_000_000, 0, 0, 0, 0)), EXACT);
    assertEquals(30.00, table.cost(sonnet, new Usage(0, 2_000_000, 0, 0, 0)), EXACT);
    assertEquals(0.30, table.cost(sonnet, new Usage(0, 0, 1_000_000, 0, 0)), EXACT);
    assertEquals(3.75, table.cost(sonnet, new Usage(0, 0, 0, 1_000_000, 0)), EXACT);
    // 1,200 in, 800 out (300 of them thinking, billed once as output), 10,000 read, 2,000 written.
    double expected = (1200 * 3.0 + 800 * 15.0 + 10_000 * 0.3 + 2000 * 3.75) / 1_000_000;
    assertEquals(expected, table.cost(sonnet, new Usage(1200, 800, 10_000, 2000, 300)), EXACT);
    assertEquals(0, table.cost(sonnet, Usage.NONE), 0);
  }

  @Test
  public void gptCachedInputIsATenthAndTogetherHasNoCacheDiscount() {
    assertEquals(new Price(2.5, 15, 0.25, 2.5), table.price("openai/gpt-5.4-thinking"));
    assertEquals(new Price(0.15, 0.6, 0.15, 0.15), table.price("openai/gpt-oss-120b"));
  }

  @Test
  public void theEmbeddedEngineAndSelfHostedModelsAreFree() {
    assertEquals(Price.FREE, table.price("embedded"));
    assertEquals(Price.FREE, table.price("openai-compatible/llama-3.3-70b"));
    assertEquals(Price.FREE, table.price("openai-compatible/qwen-thinking"));
    assertEquals(0, table.cost("embedded", new Usage(1000, 1000, 0, 0, 0)), 0);
  }

  @Test
  public void anUnknownModelIsAnErrorNamingIt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> table.cost("anthropic/claude-sonnet-4-5", Usage.NONE));
    assertThat(e.getMessage(), containsString("'anthropic/claude-sonnet-4-5'"));
    assertEquals(java.util.Optional.empty(), table.find("mistral/large"));
  }

  @Test
  public void overridesMergePerModelAndPerField() {
    PriceTable custom =
        table.withOverrides(
            """
        {"anthropic/claude-sonnet-4-6": {"input": 2.0},
         "openai-compatible/llama-3.3-70b": {"input": 0.1, "output": 0.2},
         "mistral/large": {"input": 2, "output": 6, "cache_read": 0.2}}""");
    assertEquals(new Price(2.0, 15, 0.3, 3.75), custom.price("anthropic/claude-sonnet-4-6"));
    // Thinking and Databricks ids follow their override too.
    assertEquals(
        new Price(2.0, 15, 0.3, 3.75), custom.price("anthropic/claude-sonnet-4-6-thinking"));
    assertEquals(new Price(0.1, 0.2, 0, 0), custom.price("openai-compatible/llama-3.3-70b"));
    assertEquals(Price.FREE, custom.price("openai-compatible/other"));
    assertEquals(new Price(2, 6, 0.2, 2), custom.price("mistral/large"));
    // Untouched models and the defaults keep their prices.
    assertEquals(table.price("openai/gpt-5.4"), custom.price("openai/gpt-5.4"));
    assertEquals(new Price(3, 15, 0.3, 3.75), table.price("anthropic/claude-sonnet-4-6"));
  }

  @Test
  public void aThinkingVariantCanBePricedOnItsOwn() {
    PriceTable custom = table.withOverrides("{\"openai/gpt-5.4-thinking\": {\"output\": 20}}");
    assertEquals(20, custom.price("openai/gpt-5.4-thinking").output(), 0);
    assertEquals(15, custom.price("openai/gpt-5.4").output(), 0);
  }

  @Test
  public void badOverridesNameTheModelAndField() {
    assertOverrideError(
        "{\"openai/gpt-5.4\": {\"input\": \"cheap\"}}", "'openai/gpt-5.4'", "'input'", "\"cheap\"");
    assertOverrideError("{\"openai/gpt-5.4\": {\"output\": -1}}", "'openai/gpt-5.4'", "'output'");
    assertOverrideError("{\"openai/gpt-5.4\": {\"inptu\": 1}}", "unknown field 'inptu'");
    assertOverrideError("{\"openai/gpt-5.4\": 2.5}", "'openai/gpt-5.4'", "must be an object");
    assertOverrideError("{\"mistral/large\": {\"input\": 2}}", "'mistral/large'", "'output'");
    assertOverrideError("[1, 2]", "must be a JSON object");
    assertOverrideError("", "must be a JSON object");
    assertOverrideError("{\"openai/gpt-5.4\": {\"input\": 1,}}", "not valid JSON");
  }

  private void assertOverrideError(String json, String... fragments) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> table.withOverrides(json));
    for (String fragment : fragments) {
      assertThat(json, e.getMessage(), allOf(containsString(fragment)));
    }
  }

  @Test
  public void pricesMustBeFiniteAndNotNegative() {
    assertThrows(IllegalArgumentException.class, () -> new Price(-1, 1, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new Price(1, Double.NaN, 1, 1));
    assertThrows(
        IllegalArgumentException.class, () -> new Price(1, 1, Double.POSITIVE_INFINITY, 1));
  }
}
