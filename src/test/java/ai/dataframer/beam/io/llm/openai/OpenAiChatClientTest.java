package ai.dataframer.beam.io.llm.openai;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import ai.dataframer.beam.core.llm.ChatMessage;
import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.ContentPart;
import ai.dataframer.beam.core.llm.JsonOutput;
import ai.dataframer.beam.core.llm.LlmException;
import ai.dataframer.beam.core.llm.Secret;
import ai.dataframer.beam.core.llm.StopReason;
import ai.dataframer.beam.core.llm.ToolSpec;
import ai.dataframer.beam.core.llm.Usage;
import ai.dataframer.beam.io.llm.http.HttpTransport;
import ai.dataframer.beam.io.llm.http.ProviderEndpoint;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * OpenAiChatClient against a fake server on loopback: exact requests, parsed answers, typed errors.
 */
public class OpenAiChatClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "fake-proj-DISTINCTIVE-456";

  private static final String OPENAI_ANSWER =
      "{\"id\":\"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT\","
          + "\"object\":\"chat.completion\",\"created\":1741569952,\"model\":\"gpt-5.4-2026-03-05\","
          + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello there\","
          + "\"refusal\":null,\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
          + "\"usage\":{\"prompt_tokens\":2006,\"completion_tokens\":300,\"total_tokens\":2306,"
          + "\"prompt_tokens_details\":{\"cached_tokens\":1920,\"audio_tokens\":0},"
          + "\"completion_tokens_details\":{\"reasoning_tokens\":192,\"audio_tokens\":0,"
          + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}},"
          + "\"service_tier\":\"default\",\"system_fingerprint\":null}";

  private static final String TOOL_CALL_ANSWER =
      "{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion\","
          + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
          + "\"tool_calls\":[{\"id\":\"call_abc\",\"type\":\"function\",\"function\":{\"name\":\"lookup\","
          + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}},{\"id\":\"call_def\",\"type\":\"function\","
          + "\"function\":{\"name\":\"lookup\",\"arguments\":\"{\\\"city\\\":\\\"Rome\\\"}\"}}],"
          + "\"refusal\":null},\"finish_reason\":\"tool_calls\"}],"
          + "\"usage\":{\"prompt_tokens\":50,\"completion_tokens\":20,\"total_tokens\":70}}";

  private MockWebServer server;
  private HttpTransport transport;

  @Before
  public void startServer() throws Exception {
    server = new MockWebServer();
    server.start();
    transport = HttpTransport.create(Duration.ofSeconds(2), Duration.ofSeconds(10), 2);
  }

  @After
  public void stopServer() throws Exception {
    transport.close();
    server.shutdown();
  }

  private String baseUrl() {
    String url = server.url("/v1").toString();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private OpenAiChatClient openAi() {
    return OpenAiChatClient.openAi(transport, new ProviderEndpoint(baseUrl(), Secret.of(KEY)));
  }

  private OpenAiChatClient together() {
    return OpenAiChatClient.together(transport, new ProviderEndpoint(baseUrl(), Secret.of(KEY)));
  }

  private OpenAiChatClient keylessCompatible() {
    return OpenAiChatClient.compatible(transport, new ProviderEndpoint(baseUrl(), null));
  }

  private void answer(String body) {
    server.enqueue(new MockResponse().setHeader("Content-Type", "application/json").setBody(body));
  }

  private RecordedRequest taken() throws InterruptedException {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    if (request == null) {
      fail("the client sent no request");
    }
    return request;
  }

  private static JsonNode bodyOf(RecordedRequest request) throws Exception {
    return JSON.readTree(request.getBody().readUtf8());
  }

  private static LlmException failure(CompletableFuture<?> future) {
    try {
      future.join();
    } catch (CompletionException e) {
      assertThat(e.getCause(), instanceOf(LlmException.class));
      return (LlmException) e.getCause();
    }
    throw new AssertionError("the call succeeded but should have failed");
  }

  @Test
  public void openAiRequestHasPathKeyDeveloperMessageAndCompletionTokenLimit() throws Exception {
    answer(OPENAI_ANSWER);
    ChatRequest request =
        ChatRequest.builder("openai/gpt-5.4")
            .system("You write synthetic rows.")
            .user("Write one row.")
            .maxOutputTokens(700)
            .build();

    openAi().chat(request).join();

    RecordedRequest sent = taken();
    assertEquals("POST", sent.getMethod());
    assertEquals("/v1/chat/completions", sent.getPath());
    assertEquals("Bearer " + KEY, sent.getHeader("Authorization"));
    assertThat(sent.getHeader("Content-Type"), containsString("application/json"));
    JsonNode body = bodyOf(sent);
    assertEquals("gpt-5.4", body.path("model").asText());
    assertEquals(700, body.path("max_completion_tokens").asInt());
    assertFalse("OpenAI takes max_completion_tokens, not max_tokens", body.has("max_tokens"));
    assertEquals("none", body.path("reasoning_effort").asText());
    JsonNode messages = body.path("messages");
    assertEquals(2, messages.size());
    assertEquals("developer", messages.get(0).path("role").asText());
    assertEquals("You write synthetic rows.", messages.get(0).path("content").asText());
    assertEquals("user", messages.get(1).path("role").asText());
    assertEquals("Write one row.", messages.get(1).path("content").asText());
    assertFalse(body.has("tools"));
    assertFalse(body.has("response_format"));
  }

  @Test
  public void thinkingBudgetsBecomeReasoningEffortsAndRaiseTheTokenLimit() throws Exception {
    int[] budgets = {1024, 8192, 32768};
    String[] efforts = {"low", "medium", "high"};
    for (int i = 0; i < budgets.length; i++) {
      answer(OPENAI_ANSWER);
      ChatRequest request =
          ChatRequest.builder("openai/gpt-5.4-thinking")
              .user("Think.")
              .maxOutputTokens(1000)
              .thinkingBudget(budgets[i])
              .temperature(0.4)
              .build();

      openAi().chat(request).join();

      JsonNode body = bodyOf(taken());
      assertEquals("gpt-5.4", body.path("model").asText());
      assertEquals("budget " + budgets[i], efforts[i], body.path("reasoning_effort").asText());
      assertEquals(
          "max_completion_tokens counts reasoning, so the budget is added",
          1000 + budgets[i],
          body.path("max_completion_tokens").asInt());
      assertFalse("a reasoning GPT-5.4 refuses temperature", body.has("temperature"));
    }
  }

  @Test
  public void temperatureGoesToGpt54OnlyWithoutReasoning() throws Exception {
    answer(OPENAI_ANSWER);
    openAi().chat(ChatRequest.builder("openai/gpt-5.4").user("x").temperature(0.3).build()).join();
    JsonNode plain = bodyOf(taken());
    assertEquals("none", plain.path("reasoning_effort").asText());
    assertEquals(0.3, plain.path("temperature").asDouble(), 0.0);

    answer(OPENAI_ANSWER);
    openAi()
        .chat(ChatRequest.builder("openai/gpt-5.4-thinking").user("x").temperature(0.3).build())
        .join();
    JsonNode thinking = bodyOf(taken());
    assertEquals("medium", thinking.path("reasoning_effort").asText());
    assertFalse(thinking.has("temperature"));
  }

  @Test
  public void togetherRequestUsesSystemRoleMaxTokensAndTemperature() throws Exception {
    answer(OPENAI_ANSWER);
    ChatRequest request =
        ChatRequest.builder("deepseek-ai/DeepSeek-V3.1")
            .system("Be terse.")
            .user("Hi")
            .maxOutputTokens(512)
            .temperature(0.7)
            .build();

    together().chat(request).join();

    RecordedRequest sent = taken();
    assertEquals("/v1/chat/completions", sent.getPath());
    assertEquals("Bearer " + KEY, sent.getHeader("Authorization"));
    JsonNode body = bodyOf(sent);
    assertEquals("deepseek-ai/DeepSeek-V3.1", body.path("model").asText());
    assertEquals(512, body.path("max_tokens").asInt());
    assertFalse(body.has("max_completion_tokens"));
    assertEquals(0.7, body.path("temperature").asDouble(), 0.0);
    assertFalse(body.has("reasoning_effort"));
    assertEquals("system", body.path("messages").get(0).path("role").asText());
  }

  @Test
  public void keylessCompatibleServerGetsNoAuthorization() throws Exception {
    answer(OPENAI_ANSWER);
    ChatRequest request =
        ChatRequest.builder("openai-compatible/llama3.1:8b").user("Hi").maxOutputTokens(64).build();

    ChatResponse response = keylessCompatible().chat(request).join();

    RecordedRequest sent = taken();
    assertNull("no key, no Authorization header", sent.getHeader("Authorization"));
    JsonNode body = bodyOf(sent);
    assertEquals("llama3.1:8b", body.path("model").asText());
    assertEquals(64, body.path("max_tokens").asInt());
    assertEquals("Hello there", response.text());
  }

  @Test
  public void jsonOutputWithSchemaIsStrictJsonSchema() throws Exception {
    answer(OPENAI_ANSWER);
    String schema =
        "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},"
            + "\"required\":[\"name\"],\"additionalProperties\":false}";
    ChatRequest request =
        ChatRequest.builder("openai/gpt-5.4")
            .user("A name.")
            .jsonOutput(JsonOutput.withSchema("person_row", schema))
            .build();

    openAi().chat(request).join();

    JsonNode format = bodyOf(taken()).path("response_format");
    assertEquals("json_schema", format.path("type").asText());
    assertEquals("person_row", format.path("json_schema").path("name").asText());
    assertTrue(format.path("json_schema").path("strict").asBoolean());
    assertEquals(JSON.readTree(schema), format.path("json_schema").path("schema"));
  }

  @Test
  public void jsonOutputWithoutSchemaIsJsonObject() throws Exception {
    answer(OPENAI_ANSWER);
    together()
        .chat(
            ChatRequest.builder("moonshotai/Kimi-K2-Instruct")
                .user("JSON please.")
                .jsonOutput(JsonOutput.anyObject())
                .build())
        .join();

    JsonNode format = bodyOf(taken()).path("response_format");
    assertEquals("json_object", format.path("type").asText());
    assertFalse(format.has("json_schema"));
  }

  @Test
  public void toolsAndAToolResultTurnAreSentInTheFormatsShape() throws Exception {
    answer(OPENAI_ANSWER);
    String parameters = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}";
    ChatMessage calls =
        new ChatMessage(
            ChatMessage.Role.ASSISTANT,
            List.of(
                new ContentPart.Text("Looking up."),
                new ContentPart.ToolCall("call_abc", "lookup", "{\"city\":\"Paris\"}"),
                new ContentPart.ToolCall("call_def", "lookup", "{\"city\":\"Rome\"}")));
    ChatMessage results =
        new ChatMessage(
            ChatMessage.Role.USER,
            List.of(
                new ContentPart.ToolResult("call_abc", "lookup", "2.1M people", false),
                new ContentPart.ToolResult("call_def", "lookup", "city not found", true)));
    ChatRequest request =
        ChatRequest.builder("openai/gpt-5.4")
            .user("Populations?")
            .tool(new ToolSpec("lookup", "Looks a city up", parameters))
            .message(calls)
            .message(results)
            .build();

    openAi().chat(request).join();

    JsonNode body = bodyOf(taken());
    JsonNode tool = body.path("tools").get(0);
    assertEquals("function", tool.path("type").asText());
    assertEquals("lookup", tool.path("function").path("name").asText());
    assertEquals("Looks a city up", tool.path("function").path("description").asText());
    assertEquals(JSON.readTree(parameters), tool.path("function").path("parameters"));

    JsonNode messages = body.path("messages");
    assertEquals(4, messages.size());
    JsonNode assistant = messages.get(1);
    assertEquals("assistant", assistant.path("role").asText());
    assertEquals("Looking up.", assistant.path("content").asText());
    JsonNode firstCall = assistant.path("tool_calls").get(0);
    assertEquals("call_abc", firstCall.path("id").asText());
    assertEquals("function", firstCall.path("type").asText());
    assertEquals("lookup", firstCall.path("function").path("name").asText());
    assertTrue("arguments are JSON text", firstCall.path("function").path("arguments").isTextual());
    assertEquals("{\"city\":\"Paris\"}", firstCall.path("function").path("arguments").asText());
    assertEquals("call_def", assistant.path("tool_calls").get(1).path("id").asText());

    assertEquals("tool", messages.get(2).path("role").asText());
    assertEquals("call_abc", messages.get(2).path("tool_call_id").asText());
    assertEquals("2.1M people", messages.get(2).path("content").asText());
    assertEquals("tool", messages.get(3).path("role").asText());
    assertEquals("call_def", messages.get(3).path("tool_call_id").asText());
    assertEquals("Error: city not found", messages.get(3).path("content").asText());
  }

  @Test
  public void assistantToolCallsWithoutTextHaveNullContent() throws Exception {
    answer(OPENAI_ANSWER);
    ChatMessage calls =
        new ChatMessage(
            ChatMessage.Role.ASSISTANT,
            List.of(new ContentPart.ToolCall("call_1", "lookup", "{}")));
    ChatMessage results =
        new ChatMessage(
            ChatMessage.Role.USER,
            List.of(
                new ContentPart.ToolResult("call_1", "lookup", "ok", false),
                new ContentPart.Text("Go on.")));
    together()
        .chat(
            ChatRequest.builder("openai/gpt-oss-120b")
                .user("Start")
                .message(calls)
                .message(results)
                .build())
        .join();

    JsonNode messages = bodyOf(taken()).path("messages");
    assertTrue(messages.get(1).path("content").isNull());
    assertEquals("tool", messages.get(2).path("role").asText());
    assertEquals("user", messages.get(3).path("role").asText());
    assertEquals("Go on.", messages.get(3).path("content").asText());
  }

  @Test
  public void parsesTextStopReasonAndCachedAndReasoningUsage() {
    answer(OPENAI_ANSWER);
    ChatResponse response =
        openAi().chat(ChatRequest.builder("openai/gpt-5.4").user("Hi").build()).join();

    assertEquals("openai/gpt-5.4", response.modelId());
    assertEquals("Hello there", response.text());
    assertTrue(response.toolCalls().isEmpty());
    assertEquals(StopReason.END_TURN, response.stopReason());
    assertEquals("stop", response.rawStopReason());
    assertEquals(new Usage(2006 - 1920, 300, 1920, 0, 192), response.usage());
  }

  @Test
  public void parsesToolCalls() {
    answer(TOOL_CALL_ANSWER);
    ChatResponse response =
        openAi().chat(ChatRequest.builder("openai/gpt-5.4").user("Hi").build()).join();

    assertEquals("", response.text());
    assertEquals(StopReason.TOOL_USE, response.stopReason());
    assertEquals(
        List.of(
            new ContentPart.ToolCall("call_abc", "lookup", "{\"city\":\"Paris\"}"),
            new ContentPart.ToolCall("call_def", "lookup", "{\"city\":\"Rome\"}")),
        response.toolCalls());
    assertEquals("missing details count as 0", new Usage(50, 20, 0, 0, 0), response.usage());
  }

  @Test
  public void mapsLengthAndContentFilterAndNullDetails() {
    answer(
        "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"cut\"},"
            + "\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,"
            + "\"prompt_tokens_details\":null,\"completion_tokens_details\":null}}");
    ChatResponse cut =
        together().chat(ChatRequest.builder("openai/gpt-oss-120b").user("x").build()).join();
    assertEquals(StopReason.MAX_TOKENS, cut.stopReason());
    assertEquals(new Usage(10, 5, 0, 0, 0), cut.usage());

    answer(
        "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null},"
            + "\"finish_reason\":\"content_filter\"}]}");
    ChatResponse filtered =
        together().chat(ChatRequest.builder("openai/gpt-oss-120b").user("x").build()).join();
    assertEquals(StopReason.REFUSED, filtered.stopReason());
    assertEquals("content_filter", filtered.rawStopReason());
    assertEquals(Usage.NONE, filtered.usage());
  }

  @Test
  public void errorStatusesAreTyped() {
    Object[][] cases = {
      {400, LlmException.BadRequest.class, false},
      {401, LlmException.Unauthorized.class, false},
      {403, LlmException.Forbidden.class, false},
      {404, LlmException.NotFound.class, false},
      {429, LlmException.RateLimited.class, true},
      {500, LlmException.ServerError.class, true},
      {529, LlmException.ServerError.class, true},
    };
    for (Object[] c : cases) {
      int status = (Integer) c[0];
      server.enqueue(
          new MockResponse()
              .setResponseCode(status)
              .setBody("{\"error\":{\"message\":\"status " + status + "\",\"type\":\"x\"}}"));
      LlmException error =
          failure(openAi().chat(ChatRequest.builder("openai/gpt-5.4").user("x").build()));
      assertThat("status " + status, error, instanceOf((Class<?>) c[1]));
      assertEquals(status, error.status());
      assertEquals("status " + status, c[2], error.isTransient());
      assertEquals("openai", error.provider());
      assertThat(error.getMessage(), containsString("status " + status));
    }
  }

  @Test
  public void rateLimitCarriesRetryAfterInSecondsOrMilliseconds() {
    server.enqueue(
        new MockResponse()
            .setResponseCode(429)
            .setHeader("retry-after", "2")
            .setBody("{\"error\":{\"message\":\"slow down\"}}"));
    LlmException seconds =
        failure(together().chat(ChatRequest.builder("openai/gpt-oss-120b").user("x").build()));
    assertThat(seconds, instanceOf(LlmException.RateLimited.class));
    assertEquals(Duration.ofSeconds(2), seconds.retryAfter().orElseThrow());

    server.enqueue(
        new MockResponse()
            .setResponseCode(429)
            .setHeader("retry-after-ms", "1500")
            .setBody("{\"error\":{\"message\":\"slow down\"}}"));
    LlmException millis =
        failure(openAi().chat(ChatRequest.builder("openai/gpt-5.4").user("x").build()));
    assertEquals(Duration.ofMillis(1500), millis.retryAfter().orElseThrow());
  }

  @Test
  public void malformedSuccessBodiesAreInvalidResponses() {
    String[] bodies = {
      "{\"choices\":[{\"message\":",
      "[]",
      "{\"choices\":[]}",
      "{\"choices\":[{\"finish_reason\":\"stop\"}]}",
      "{\"choices\":[{\"message\":{\"content\":42}}]}",
      "{\"choices\":[{\"message\":{\"tool_calls\":[{\"id\":\"c\",\"function\":{}}]}}]}",
    };
    for (String body : bodies) {
      answer(body);
      LlmException error =
          failure(openAi().chat(ChatRequest.builder("openai/gpt-5.4").user("x").build()));
      assertThat(body, error, instanceOf(LlmException.InvalidResponse.class));
      assertEquals(200, error.status());
      assertFalse(error.isTransient());
    }
  }

  @Test
  public void noAnswerInTimeIsATimeout() throws Exception {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    try (HttpTransport quick =
        HttpTransport.create(Duration.ofSeconds(2), Duration.ofMillis(500), 1)) {
      OpenAiChatClient client =
          OpenAiChatClient.openAi(quick, new ProviderEndpoint(baseUrl(), Secret.of(KEY)));
      LlmException error =
          failure(client.chat(ChatRequest.builder("openai/gpt-5.4").user("x").build()));
      assertThat(error, instanceOf(LlmException.Timeout.class));
      assertTrue(error.isTransient());
    }
  }

  @Test
  public void theKeyAppearsInNoErrorOrToStringEvenWhenTheServerEchoesIt() throws Exception {
    String echo = "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + ".\"}}";
    for (int status : new int[] {401, 400, 500}) {
      server.enqueue(new MockResponse().setResponseCode(status).setBody(echo));
    }
    server.enqueue(new MockResponse().setBody("not json, key " + KEY));
    OpenAiChatClient client = openAi();
    for (int i = 0; i < 4; i++) {
      LlmException error =
          failure(client.chat(ChatRequest.builder("openai/gpt-5.4").user("x").build()));
      assertEquals("the key was sent", "Bearer " + KEY, taken().getHeader("Authorization"));
      assertThat(error.getMessage(), not(containsString(KEY)));
      assertThat(error.toString(), not(containsString(KEY)));
      assertThat(error.bodyExcerpt(), not(containsString(KEY)));
      assertThat(
          "the echo is still there, redacted", error.bodyExcerpt(), containsString("<redacted>"));
    }
    assertThat(client.toString(), not(containsString(KEY)));
  }

  @Test
  public void aModelOfAnotherProviderFailsBeforeSending() {
    CompletableFuture<ChatResponse> call =
        openAi().chat(ChatRequest.builder("deepseek-ai/DeepSeek-V3.1").user("x").build());
    try {
      call.join();
      fail("an OpenAI client must not send a Together model");
    } catch (CompletionException e) {
      assertThat(e.getCause(), instanceOf(IllegalArgumentException.class));
      assertThat(e.getCause().getMessage(), containsString("TOGETHER"));
    }
    assertEquals(0, server.getRequestCount());
  }

  @Test(expected = IllegalArgumentException.class)
  public void openAiNeedsAKey() {
    OpenAiChatClient.openAi(transport, new ProviderEndpoint(baseUrl(), null));
  }
}
