package ai.dataframer.beam.io.llm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.LlmClient;
import ai.dataframer.beam.core.llm.Secret;
import ai.dataframer.beam.core.llm.UsageLedger;
import ai.dataframer.beam.io.llm.http.HttpTransport;
import ai.dataframer.beam.testing.FakeProviderServer;
import ai.dataframer.beam.testing.FakeReply;
import ai.dataframer.beam.testing.FakeWire;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Every provider, driven with distinctive keys and secrets through successes and failures (wrong
 * keys, server errors, malformed answers, a rejected Databricks secret) against a server that
 * quotes back whatever credentials it was sent. Everything a user could see is collected (log
 * records at every level, each exception's full stack trace text with its causes, the toString of
 * settings, clients and responses) and searched for every secret.
 */
public class SecretsTest {
  private static final Map<String, String> KEYS =
      Map.of(
          "ANTHROPIC_API_KEY", "fake-ant-api03-DISTINCTIVE-anthropic-7f3a",
          "OPENAI_API_KEY", "fake-proj-DISTINCTIVE-openai-91c2",
          "TOGETHER_API_KEY", "tgp-DISTINCTIVE-together-55e1",
          "GEMINI_API_KEY", "fake-gem-DISTINCTIVE-gemini-0b6d",
          "OPENAI_COMPATIBLE_API_KEY", "local-DISTINCTIVE-compatible-3d90");
  private static final String DATABRICKS_SECRET = "dose-DISTINCTIVE-databricks-secret-8e4f";
  private static final String WRONG_SECRET = "dose-DISTINCTIVE-wrong-secret-1a2b";
  private static final List<String> MODELS =
      List.of(
          "anthropic/claude-haiku-4-5",
          "openai/gpt-5.4-thinking",
          "moonshotai/Kimi-K2-Instruct",
          "openai-compatible/qwen2.5-7b",
          "gemini/gemini-3.1-pro-preview-thinking",
          "databricks/databricks-gpt-5-4");

  private FakeProviderServer fake;
  private HttpTransport transport;
  private final List<String> seen = new ArrayList<>();
  private final List<LogRecord> logs = new ArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public synchronized void publish(LogRecord record) {
          logs.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private Level rootLevel;

  @Before
  public void start() throws Exception {
    fake =
        new FakeProviderServer()
            .echoingCredentials()
            .requireKey(FakeWire.ANTHROPIC, KEYS.get("ANTHROPIC_API_KEY"))
            .requireKey(FakeWire.GEMINI, KEYS.get("GEMINI_API_KEY"))
            .withDatabricksPrincipal("principal-7", DATABRICKS_SECRET)
            .start();
    transport = HttpTransport.create(Duration.ofSeconds(2), Duration.ofMillis(800), 2);
    Logger root = Logger.getLogger("");
    rootLevel = root.getLevel();
    root.setLevel(Level.ALL);
    root.addHandler(capture);
  }

  @After
  public void stop() throws Exception {
    Logger root = Logger.getLogger("");
    root.removeHandler(capture);
    root.setLevel(rootLevel);
    transport.close();
    fake.close();
  }

  private LlmSettings settings(String databricksSecret) {
    Map<String, String> environment = new java.util.HashMap<>(KEYS);
    environment.put("ANTHROPIC_BASE_URL", fake.anthropicBaseUrl());
    environment.put("OPENAI_BASE_URL", fake.openAiBaseUrl());
    environment.put("TOGETHER_BASE_URL", fake.openAiBaseUrl());
    environment.put("GEMINI_BASE_URL", fake.geminiBaseUrl());
    environment.put("OPENAI_COMPATIBLE_BASE_URL", fake.openAiBaseUrl());
    return LlmSettings.fromEnvironment(environment)
        .withDatabricks(
            new LlmSettings.Databricks(
                fake.databricksApiBase(), "principal-7", Secret.of(databricksSecret)))
        .withMaxAttempts(1);
  }

  /** Calls the model, keeping whatever the caller could see of the outcome. */
  private void call(LlmClient client, String model) {
    ChatRequest request =
        ChatRequest.builder(model)
            .system("You write rows.")
            .user("One row.")
            .maxOutputTokens(100)
            .build();
    seen.add(request.toString());
    try {
      ChatResponse response = client.chat(request).join();
      seen.add(response.toString());
    } catch (RuntimeException e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      seen.add(trace.toString());
    }
  }

  @Test
  public void noKeyOrSecretReachesLogsMessagesOrToString() {
    LlmSettings good = settings(DATABRICKS_SECRET);
    LlmClient client = LlmClients.create(good, transport, new UsageLedger());
    seen.add(good.toString());
    seen.add(client.toString());
    seen.add(good.databricks().orElseThrow().toString());

    for (String model : MODELS) {
      call(client, model); // success
      fake.thenFail(FakeReply.Error.of(500));
      call(client, model); // server error, the body quoting the credentials
      fake.thenFail(new FakeReply.Malformed());
      call(client, model); // malformed answer
      fake.thenFail(FakeReply.Error.rateLimited(3));
      call(client, model); // rate limited
    }
    fake.thenFail(new FakeReply.Hang());
    call(client, "openai/gpt-5.4-thinking"); // timeout

    // Wrong keys (the fake checks Anthropic's and Gemini's) and a rejected Databricks secret.
    Map<String, String> wrong = new java.util.HashMap<>(KEYS);
    wrong.replaceAll((variable, key) -> key.replace("DISTINCTIVE", "DISTINCTIVE-WRONG"));
    LlmSettings bad =
        LlmSettings.fromEnvironment(wrong)
            .withDatabricks(
                new LlmSettings.Databricks(
                    fake.databricksApiBase(), "principal-7", Secret.of(WRONG_SECRET)))
            .withMaxAttempts(1);
    for (ai.dataframer.beam.core.request.ModelProvider provider : bad.keys().keySet()) {
      bad = bad.withBaseUrl(provider, good.baseUrl(provider).orElseThrow());
    }
    LlmClient badClient = LlmClients.create(bad, transport, new UsageLedger());
    seen.add(bad.toString());
    for (String model : MODELS) {
      call(badClient, model);
    }

    assertThat("the fake did quote credentials back", fake.faultsServed(), greaterThan(0L));
    List<LogRecord> logged;
    synchronized (capture) { // background threads may still be logging
      logged = new ArrayList<>(logs);
    }
    for (LogRecord record : logged) {
      seen.add(String.valueOf(record.getMessage()));
      if (record.getParameters() != null) {
        for (Object parameter : record.getParameters()) {
          seen.add(String.valueOf(parameter));
        }
      }
      if (record.getThrown() != null) {
        StringWriter trace = new StringWriter();
        record.getThrown().printStackTrace(new PrintWriter(trace));
        seen.add(trace.toString());
      }
    }
    List<String> secrets = new ArrayList<>(KEYS.values());
    secrets.add(DATABRICKS_SECRET);
    secrets.add(WRONG_SECRET);
    wrong.values().forEach(secrets::add);
    for (int token = 1; token <= fake.tokenRequests(); token++) {
      secrets.add("dapi-fake-token-" + token);
    }
    int failures = 0;
    for (String text : seen) {
      for (String secret : secrets) {
        assertTrue("'" + secret + "' appears in:\n" + text, !text.contains(secret));
      }
      failures += text.contains("Exception") ? 1 : 0;
    }
    assertThat("failure paths were exercised", failures, greaterThan(MODELS.size() * 3));
    assertEquals(
        "every call but the rejected Databricks one reached the server",
        MODELS.size() * 4 + 1 + (MODELS.size() - 1),
        fake.callCount());
  }
}
