package ai.dataframer.beam.io.llm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.instanceOf;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.LlmClient;
import ai.dataframer.beam.core.llm.LlmException;
import ai.dataframer.beam.core.llm.Secret;
import ai.dataframer.beam.core.llm.UsageLedger;
import ai.dataframer.beam.core.request.ModelProvider;
import ai.dataframer.beam.io.llm.http.HttpTransport;
import ai.dataframer.beam.testing.FakeCall;
import ai.dataframer.beam.testing.FakeProviderServer;
import ai.dataframer.beam.testing.FakeReply;
import ai.dataframer.beam.testing.FakeWire;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The whole client stack, every provider, against the fake provider server on loopback. */
public class LlmClientsTest {
  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  private FakeProviderServer fake;
  private HttpTransport transport;
  private UsageLedger ledger;

  @Before
  public void start() throws Exception {
    fake =
        new FakeProviderServer()
            .respondWith(call -> FakeReply.text(call.wire() + " answers " + call.lastUserText()))
            .requireKey(FakeWire.ANTHROPIC, "anthropic-key")
            .requireKey(FakeWire.OPENAI, "openai-key")
            .requireKey(FakeWire.GEMINI, "gemini-key")
            .withDatabricksPrincipal("principal", "principal-secret")
            .start();
    transport = HttpTransport.create(Duration.ofSeconds(2), Duration.ofSeconds(5), 4);
    ledger = new UsageLedger();
  }

  @After
  public void stop() throws Exception {
    transport.close();
    fake.close();
  }

  /**
   * Settings pointing every provider at the fake, as the environment variables of the docs would.
   */
  private LlmSettings settings() {
    return LlmSettings.fromEnvironment(
            Map.of(
                "ANTHROPIC_API_KEY",
                "anthropic-key",
                "ANTHROPIC_BASE_URL",
                fake.anthropicBaseUrl(),
                "OPENAI_API_KEY",
                "openai-key",
                "OPENAI_BASE_URL",
                fake.openAiBaseUrl(),
                "TOGETHER_API_KEY",
                "openai-key",
                "TOGETHER_BASE_URL",
                fake.openAiBaseUrl(),
                "GEMINI_API_KEY",
                "gemini-key",
                "GEMINI_BASE_URL",
                fake.geminiBaseUrl(),
                "OPENAI_COMPATIBLE_BASE_URL",
                fake.openAiBaseUrl(),
                "OPENAI_COMPATIBLE_API_KEY",
                "openai-key"))
        .withDatabricks(
            new LlmSettings.Databricks(
                fake.databricksApiBase(), "principal", Secret.of("principal-secret")))
        .withMaxAttempts(3);
  }

  private ChatResponse ask(LlmClient client, String model, String question) {
    return client
        .chat(ChatRequest.builder(model).user(question).maxOutputTokens(200).build())
        .join();
  }

  @Test
  public void everyProviderAnswersThroughOneClient() {
    LlmClient client = LlmClients.create(settings(), transport, ledger);
    Map<String, FakeWire> models =
        Map.of(
            "anthropic/claude-sonnet-4-6-thinking", FakeWire.ANTHROPIC,
            "openai/gpt-5.4", FakeWire.OPENAI,
            "deepseek-ai/DeepSeek-V3.1", FakeWire.OPENAI,
            "openai-compatible/llama-3.1-8b", FakeWire.OPENAI,
            "gemini/gemini-3.1-pro-preview", FakeWire.GEMINI,
            "databricks/databricks-claude-sonnet-4-6", FakeWire.DATABRICKS);

    for (Map.Entry<String, FakeWire> model : models.entrySet()) {
      ChatResponse response = ask(client, model.getKey(), "hi");
      assertEquals(model.getValue() + " answers hi", response.text());
      assertEquals(model.getKey(), response.modelId());
      assertThat(model.getKey(), response.usage().inputTokens(), greaterThan(0L));
    }
    assertEquals(models.size(), fake.callCount());
    assertEquals("one Databricks token", 1, fake.tokenRequests());
    assertEquals(models.size(), ledger.overall().calls());
    assertThat("priced calls cost something", ledger.overall().costUsd(), greaterThan(0.0));

    FakeCall together =
        fake.calls().stream()
            .filter(c -> c.model().equals("deepseek-ai/DeepSeek-V3.1"))
            .findFirst()
            .orElseThrow();
    assertEquals("Bearer openai-key", together.headers().get("authorization"));
    FakeCall anthropic =
        fake.calls().stream().filter(c -> c.wire() == FakeWire.ANTHROPIC).findFirst().orElseThrow();
    // Sonnet 4.6 thinks adaptively (docs/ARCHITECTURE.md section 7): an effort, not a budget.
    assertEquals("adaptive", anthropic.json().path("thinking").path("type").asText());
    assertEquals("low", anthropic.json().path("output_config").path("effort").asText());
  }

  @Test
  public void transientFailuresAreRetriedAndPermanentOnesAreNot() {
    LlmClient client = LlmClients.create(settings(), transport, ledger);
    fake.thenFail(FakeReply.Error.of(503), FakeReply.Error.of(529));
    assertEquals("OPENAI answers again", ask(client, "openai/gpt-5.4", "again").text());
    assertEquals(3, fake.callCount());

    fake.thenFail(FakeReply.Error.of(400));
    CompletionException rejected =
        org.junit.Assert.assertThrows(
            CompletionException.class, () -> ask(client, "openai/gpt-5.4", "bad"));
    assertThat(rejected.getCause(), instanceOf(LlmException.BadRequest.class));
    assertEquals("a 400 is not retried", 4, fake.callCount());
  }

  @Test
  public void theCacheAnswersARepeatedCallWithoutTheProvider() {
    LlmClient client =
        LlmClients.create(
            settings().withCacheDirectory(folder.getRoot().getPath()), transport, ledger);

    ask(client, "gemini/gemini-3.1-pro-preview", "same question");
    ask(client, "gemini/gemini-3.1-pro-preview", "same question");
    assertEquals(1, fake.callCount());
    ask(client, "gemini/gemini-3.1-pro-preview", "another question");
    assertEquals(2, fake.callCount());
    assertEquals("cache hits are not paid calls", 2, ledger.overall().calls());
  }

  @Test
  public void missingConfigurationIsNamedBeforeAnyCall() {
    LlmSettings none = LlmSettings.fromEnvironment(Map.of());
    assertEquals(
        List.of(
            "generation_model anthropic/claude-haiku-4-5 needs ANTHROPIC_API_KEY,"
                + " which is not set"),
        LlmClients.missingConfiguration("generation_model", "anthropic/claude-haiku-4-5", none));
    assertThat(
        LlmClients.missingConfiguration("revision_model", "openai-compatible/qwen", none).get(0),
        containsString("OPENAI_COMPATIBLE_BASE_URL"));
    assertThat(
        LlmClients.missingConfiguration("generation_model", "databricks/databricks-gpt-5-4", none)
            .get(0),
        containsString("databricks_client_id"));
    assertTrue(LlmClients.missingConfiguration("generation_model", "embedded", none).isEmpty());
    assertTrue(
        LlmClients.missingConfiguration(
                "generation_model",
                "openai/gpt-5.4",
                none.withKey(ModelProvider.OPENAI, Secret.of("k")))
            .isEmpty());

    LlmClient client = LlmClients.create(none, transport, ledger);
    CompletionException refused =
        org.junit.Assert.assertThrows(
            CompletionException.class, () -> ask(client, "gemini/gemini-3.1-pro-preview", "x"));
    assertThat(refused.getCause().getMessage(), containsString("GEMINI_API_KEY"));
    assertEquals(0, fake.callCount());
  }

  @Test
  public void baseUrlsComeFromTheSdkVariablesAndOptionsOverrideThem() {
    LlmSettings settings =
        LlmSettings.fromEnvironment(Map.of("OPENAI_BASE_URL", "http://proxy:1/v1"));
    assertEquals("http://proxy:1/v1", settings.baseUrl(ModelProvider.OPENAI).orElseThrow());
    assertEquals(
        "https://api.anthropic.com", settings.baseUrl(ModelProvider.ANTHROPIC).orElseThrow());
    assertEquals(
        "http://gateway:2",
        settings
            .withBaseUrl(ModelProvider.ANTHROPIC, "http://gateway:2")
            .baseUrl(ModelProvider.ANTHROPIC)
            .orElseThrow());
    IllegalArgumentException bad =
        org.junit.Assert.assertThrows(
            IllegalArgumentException.class,
            () -> settings.withBaseUrl(ModelProvider.GEMINI, "ftp://x"));
    assertThat(bad.getMessage(), containsString("ftp://x"));
  }
}
