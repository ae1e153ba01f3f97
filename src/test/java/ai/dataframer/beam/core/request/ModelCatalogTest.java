package ai.dataframer.beam.core.request;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Optional;
import org.junit.Test;

public class ModelCatalogTest {

  @Test
  public void runModelsAreTheSeedPageEnumInOrder() {
    assertEquals(24, ModelCatalog.runModels().size());
    assertEquals("anthropic/claude-opus-4-6", ModelCatalog.runModels().get(0));
    assertEquals("deepseek-ai/DeepSeek-R1-0528-tput", ModelCatalog.runModels().get(11));
    assertEquals("databricks/databricks-gpt-5-4-thinking", ModelCatalog.runModels().get(23));
  }

  @Test
  public void specModelsAreTheSeedPageEnumInOrder() {
    assertEquals(14, ModelCatalog.specModels().size());
    assertEquals("anthropic/claude-opus-4-6-thinking", ModelCatalog.specModels().get(0));
    assertEquals("openai/gpt-5.4-thinking", ModelCatalog.specModels().get(3));
    assertEquals("databricks/databricks-claude-haiku-4-5", ModelCatalog.specModels().get(4));
  }

  @Test
  public void ourAdditionsAreAcceptedInEveryModelField() {
    for (String id :
        new String[] {"embedded", "openai-compatible/llama3", "openai-compatible/qwen/Qwen3-8B"}) {
      assertTrue(id, ModelCatalog.isKnownRunModel(id));
      assertTrue(id, ModelCatalog.isKnownSpecModel(id));
    }
    assertFalse(ModelCatalog.isKnownRunModel("openai-compatible/"));
    assertFalse(ModelCatalog.isKnownRunModel(null));
  }

  @Test
  public void runOnlyModelsAreNotSpecModels() {
    assertTrue(ModelCatalog.isKnownRunModel("anthropic/claude-sonnet-4-6"));
    assertFalse(ModelCatalog.isKnownSpecModel("anthropic/claude-sonnet-4-6"));
  }

  @Test
  public void idsOutsideTheEnumAreUnknown() {
    // The API page's own examples use this id; the enum is the contract.
    assertFalse(ModelCatalog.isKnownRunModel("anthropic/claude-sonnet-4-5"));
    assertFalse(ModelCatalog.isKnownSpecModel("anthropic/claude-sonnet-4-5-thinking"));
  }

  @Test
  public void thinkingSuffixAndBaseModel() {
    assertTrue(ModelCatalog.isThinking("gemini/gemini-3.1-pro-preview-thinking"));
    assertFalse(ModelCatalog.isThinking("gemini/gemini-3.1-pro-preview"));
    assertEquals(
        "gemini/gemini-3.1-pro-preview",
        ModelCatalog.baseModel("gemini/gemini-3.1-pro-preview-thinking"));
    assertEquals("openai/gpt-5.4", ModelCatalog.baseModel("openai/gpt-5.4"));
  }

  @Test
  public void databricksAndEmbedded() {
    assertTrue(ModelCatalog.isDatabricks("databricks/databricks-gpt-5-4"));
    assertFalse(ModelCatalog.isDatabricks("openai/gpt-5.4"));
    assertTrue(ModelCatalog.isEmbedded("embedded"));
    assertFalse(ModelCatalog.isEmbedded("openai-compatible/embedded"));
  }

  @Test
  public void keyVariablesFollowDesignSection7() {
    assertEquals(
        Optional.of("ANTHROPIC_API_KEY"),
        ModelCatalog.requiredKeyVariable("anthropic/claude-haiku-4-5"));
    assertEquals(
        Optional.of("OPENAI_API_KEY"), ModelCatalog.requiredKeyVariable("openai/gpt-5.4-thinking"));
    assertEquals(
        Optional.of("TOGETHER_API_KEY"), ModelCatalog.requiredKeyVariable("openai/gpt-oss-120b"));
    assertEquals(
        Optional.of("TOGETHER_API_KEY"),
        ModelCatalog.requiredKeyVariable("deepseek-ai/DeepSeek-V3.1"));
    assertEquals(
        Optional.of("TOGETHER_API_KEY"),
        ModelCatalog.requiredKeyVariable("moonshotai/Kimi-K2-Instruct"));
    assertEquals(
        Optional.of("GEMINI_API_KEY"),
        ModelCatalog.requiredKeyVariable("gemini/gemini-3.1-pro-preview"));
    assertEquals(
        Optional.empty(),
        ModelCatalog.requiredKeyVariable("databricks/databricks-claude-opus-4-6"));
    assertEquals(Optional.empty(), ModelCatalog.requiredKeyVariable("openai-compatible/llama3"));
    assertEquals(Optional.empty(), ModelCatalog.requiredKeyVariable("embedded"));
    assertEquals(
        ModelProvider.TOGETHER, ModelCatalog.provider("deepseek-ai/DeepSeek-R1-0528-tput"));
    assertEquals(
        ModelProvider.DATABRICKS, ModelCatalog.provider("databricks/databricks-gpt-5-4-thinking"));
  }

  @Test
  public void unknownModelHasNoProvider() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ModelCatalog.requiredKeyVariable("openai/gpt-4o"));
    assertThat(e.getMessage(), containsString("'openai/gpt-4o' is not a known model"));
  }

  @Test
  public void unknownModelMessageListsEveryValidId() {
    String message = ModelCatalog.unknownRunModelMessage("generation_model", "x");
    assertThat(
        message,
        containsString(
            "generation_model 'x' is not a known model; expected one of: "
                + "anthropic/claude-opus-4-6, anthropic/claude-opus-4-6-thinking, "));
    for (String id : ModelCatalog.runModels()) {
      assertThat(message, containsString(id));
    }
    assertThat(
        message,
        endsWith(", databricks/databricks-gpt-5-4-thinking, embedded, openai-compatible/<model>"));
  }
}
