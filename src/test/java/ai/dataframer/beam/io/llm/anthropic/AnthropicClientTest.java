package ai.dataframer.beam.io.llm.anthropic;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

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
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/** The Anthropic client against a fake Messages API on loopback: exact requests, parsed answers. */
public class AnthropicClientTest {
  private static final String KEY = "fake-ant-test-DISTINCTIVE-123";
  private static final String SONNET = "anthropic/claude-sonnet-4-6";
  private static final String SONNET_THINKING = "anthropic/claude-sonnet-4-6-thinking";
  private static final String HAIKU_THINKING = "anthropic/claude-haiku-4-5-thinking";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String TEXT_ANSWER =
      """
      {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-6",
       "content":[{"type":"text","text":"ok"}],
       "stop_reason":"end_turn","stop_sequence":null,
       "usage":{"input_tokens":3,"output_tokens":1}}
      """;

  @Rule public final MockWebServer server = new MockWebServer();

  private HttpTransport transport;
  private ProviderEndpoint endpoint;
  private AnthropicClient client;

  @Before
  public void startClient() {
    transport = HttpTransport.create(Duration.ofSeconds(2), Duration.ofSeconds(2), 2);
    endpoint = new ProviderEndpoint(server.url("/").toString(), Secret.of(KEY));
    client = new AnthropicClient(transport, endpoint);
  }

  @After
  public void closeTransport() {
    transport.close();
  }

  // ---- the request ----

  @Test
  public void postsToMessagesWithKeyVersionAndContentType() throws Exception {
    server.enqueue(json(200, TEXT_ANSWER));

    call(ChatRequest.builder(SONNET).user("Hi").build());

    RecordedRequest sent = server.takeRequest(5, TimeUnit.SECONDS);
    assertEquals("POST", sent.getMethod());
    assertEquals("/v1/messages", sent.getPath());
    assertEquals(KEY, sent.getHeader("x-api-key"));
    assertEquals("2023-06-01", sent.getHeader("anthropic-version"));
    assertThat(sent.getHeader("content-type"), startsWith("application/json"));
    assertEquals(1, sent.getHeaders().values("content-type").size());
    assertNull("Anthropic takes x-api-key, not a bearer token", sent.getHeader("authorization"));
  }

  @Test
  public void plainRequestSendsTemperatureAndSystemBlocks() throws Exception {
    server.enqueue(json(200, TEXT_ANSWER));

    call(
        ChatRequest.builder(SONNET)
            .system("Be brief.")
            .user("Hi")
            .maxOutputTokens(500)
            .temperature(0.7)
            .build());

    assertEquals(
        tree(
            """
        {"model":"claude-sonnet-4-6","max_tokens":500,"temperature":0.7,
         "system":[{"type":"text","text":"Be brief."}],
         "messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}]}
        """),
        sentBody());
  }

  @Test
  public void thinkingSendsBudgetOnTopOfMaxTokensAndNoTemperature() throws Exception {
    server.enqueue(json(200, TEXT_ANSWER));

    call(
        ChatRequest.builder(HAIKU_THINKING)
            .user("Think")
            .maxOutputTokens(1000)
            .thinkingBudget(2048)
            .temperature(0.5)
            .build());

    assertEquals(
        tree(
            """
        {"model":"claude-haiku-4-5","max_tokens":3048,
         "thinking":{"type":"enabled","budget_tokens":2048},
         "messages":[{"role":"user","content":[{"type":"text","text":"Think"}]}]}
        """),
        sentBody());
  }

  @Test
  public void thinkingWithoutBudgetUsesTheMinimum() throws Exception {
    server.enqueue(json(200, TEXT_ANSWER));

    call(ChatRequest.builder(HAIKU_THINKING).user("Think").maxOutputTokens(4096).build());

    JsonNode body = sentBody();
    assertEquals(ChatRequest.MIN_THINKING_BUDGET, body.at("/thinking/budget_tokens").asInt());
    assertEquals(4096 + ChatRequest.MIN_THINKING_BUDGET, body.get("max_tokens").asInt());
  }

  @Test
  public void adaptiveModelsThinkAdaptivelyWithTheEffortOfTheBudget() throws Exception {
    server.enqueue(json(200, TEXT_ANSWER));

    call(
        ChatRequest.builder(SONNET_THINKING)
            .user("Think")
            .maxOutputTokens(1000)
            .thinkingBudget(20000)
            .temperature(0.5)
            .build());

    // Sonnet and Opus 4.6 deprecate {type: enabled, budget_tokens}; the catalog marks them
    // adaptive, and the budget picks the effort (ThinkingEffort), still on top of max_tokens.
    assertEquals(
        tree(
            """
        {"model":"claude-sonnet-4-6","max_tokens":21000,
         "thinking":{"type":"adaptive"},
         "output_config":{"effort":"high"},
         "messages":[{"role":"user","content":[{"type":"text","text":"Think"}]}]}
        """),
        sentBody());
  }

  @Test
  public void temperatureAboveAnthropicsRangeIsCappedAtOne() throws Exception {
    server.enqueue(json(200, TEXT_ANSWER));

    call(ChatRequest.builder(SONNET).user("Hi").temperature(1.6).build());

    assertEquals(1.0, sentBody().get("temperature").asDouble(), 0.0);
  }

  @Test
  public void cachePointsBecomeEphemeralCacheControl() throws Exception {
    server.enqueue(json(200, TEXT_ANSWER));

    call(
        ChatRequest.builder(SONNET)
            .cachedSystem("A long stable prompt.")
            .message(
                new ChatMessage(
                    ChatMessage.Role.USER,
                    List.of(
                        new ContentPart.Text("A long stable document.", true),
                        new ContentPart.Text("The question."))))
            .maxOutputTokens(100)
            .build());

    assertEquals(
        tree(
            """
        {"model":"claude-sonnet-4-6","max_tokens":100,
         "system":[{"type":"text","text":"A long stable prompt.",
                    "cache_control":{"type":"ephemeral"}}],
         "messages":[{"role":"user","content":[
           {"type":"text","text":"A long stable document.","cache_control":{"type":"ephemeral"}},
           {"type":"text","text":"The question."}]}]}
        """),
        sentBody());
  }

  @Test
  public void toolsAndAToolResultTurn() throws Exception {
    server.enqueue(json(200, TEXT_ANSWER));
    ToolSpec calculator =
        new ToolSpec(
            "calculator",
            "Evaluates arithmetic.",
            "{\"type\":\"object\",\"properties\":{\"expression\":{\"type\":\"string\"}},"
                + "\"required\":[\"expression\"]}");

    call(
        ChatRequest.builder(SONNET)
            .user("What is 2+2?")
            .tool(calculator)
            .maxOutputTokens(200)
            .message(
                new ChatMessage(
                    ChatMessage.Role.ASSISTANT,
                    List.of(
                        new ContentPart.Text("Let me compute."),
                        new ContentPart.ToolCall(
                            "toolu_01", "calculator", "{\"expression\":\"2+2\"}"))))
            // Text first on purpose: Anthropic wants tool results at the start of the user turn.
            .message(
                new ChatMessage(
                    ChatMessage.Role.USER,
                    List.of(
                        new ContentPart.Text("Go on."),
                        new ContentPart.ToolResult("toolu_01", "calculator", "4", false))))
            .build());

    assertEquals(
        tree(
            """
        {"model":"claude-sonnet-4-6","max_tokens":200,
         "messages":[
           {"role":"user","content":[{"type":"text","text":"What is 2+2?"}]},
           {"role":"assistant","content":[
             {"type":"text","text":"Let me compute."},
             {"type":"tool_use","id":"toolu_01","name":"calculator","input":{"expression":"2+2"}}]},
           {"role":"user","content":[
             {"type":"tool_result","tool_use_id":"toolu_01","content":"4","is_error":false},
             {"type":"text","text":"Go on."}]}],
         "tools":[{"name":"calculator","description":"Evaluates arithmetic.",
                   "input_schema":{"type":"object",
                                   "properties":{"expression":{"type":"string"}},
                                   "required":["expression"]}}]}
        """),
        sentBody());
  }

  @Test
  public void failedToolResultIsSentAsError() throws Exception {
    server.enqueue(json(200, TEXT_ANSWER));

    call(
        ChatRequest.builder(SONNET)
            .user("What is 1/0?")
            .message(
                new ChatMessage(
                    ChatMessage.Role.ASSISTANT,
                    List.of(
                        new ContentPart.ToolCall(
                            "toolu_02", "calculator", "{\"expression\":\"1/0\"}"))))
            .message(
                new ChatMessage(
                    ChatMessage.Role.USER,
                    List.of(
                        new ContentPart.ToolResult(
                            "toolu_02", "calculator", "division by zero", true))))
            .build());

    JsonNode result = sentBody().at("/messages/2/content/0");
    assertEquals("tool_result", result.get("type").asText());
    assertTrue(result.get("is_error").asBoolean());
    assertEquals("division by zero", result.get("content").asText());
  }

  @Test
  public void jsonWithSchemaUsesStructuredOutputs() throws Exception {
    server.enqueue(json(200, TEXT_ANSWER));
    String schema =
        "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},"
            + "\"required\":[\"name\"],\"additionalProperties\":false}";

    call(
        ChatRequest.builder(SONNET_THINKING)
            .system("Extract.")
            .user("Ann, 34")
            .jsonOutput(JsonOutput.withSchema("person", schema))
            .build());

    JsonNode body = sentBody();
    assertEquals(
        tree("{\"type\":\"json_schema\",\"schema\":" + schema + "}"),
        body.at("/output_config/format"));
    assertEquals(
        "a schema needs no instruction",
        tree("[{\"type\":\"text\",\"text\":\"Extract.\"}]"),
        body.get("system"));
    assertNull("a forced tool choice is refused with thinking", body.get("tool_choice"));
    assertNull("the deprecated beta parameter", body.get("output_format"));
  }

  @Test
  public void jsonWithoutSchemaAsksInTheSystemPrompt() throws Exception {
    server.enqueue(json(200, TEXT_ANSWER));

    call(
        ChatRequest.builder(SONNET)
            .cachedSystem("Extract.")
            .user("Ann, 34")
            .jsonOutput(JsonOutput.anyObject())
            .build());

    JsonNode body = sentBody();
    assertEquals(
        tree(
            "[{\"type\":\"text\",\"text\":\"Extract.\","
                + "\"cache_control\":{\"type\":\"ephemeral\"}},"
                + "{\"type\":\"text\",\"text\":"
                + JSON.writeValueAsString(AnthropicRequestEncoder.JSON_INSTRUCTION)
                + "}]"),
        body.get("system"));
    assertNull(body.get("output_config"));
  }

  @Test
  public void modelOfAnotherProviderIsRefusedBeforeAnyCall() {
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> client.chat(ChatRequest.builder("openai/gpt-5.4").user("Hi").build()));

    assertThat(refused.getMessage(), containsString("openai/gpt-5.4"));
    assertEquals(0, server.getRequestCount());
  }

  @Test
  public void toolCallArgumentsThatAreNotJsonAreRefused() {
    ChatRequest request =
        ChatRequest.builder(SONNET)
            .user("Hi")
            .message(
                new ChatMessage(
                    ChatMessage.Role.ASSISTANT,
                    List.of(new ContentPart.ToolCall("toolu_03", "calculator", "{not json"))))
            .message(ChatMessage.user("and?"))
            .build();

    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> client.chat(request));

    assertThat(refused.getMessage(), containsString("toolu_03"));
    assertEquals(0, server.getRequestCount());
  }

  @Test
  public void anEndpointWithoutKeyIsRefused() {
    ProviderEndpoint keyless = new ProviderEndpoint(server.url("/").toString(), null);

    assertThrows(IllegalArgumentException.class, () -> new AnthropicClient(transport, keyless));
  }

  // ---- the answer ----

  @Test
  public void parsesTextUsageAndCacheTokensWithoutThinking() throws Exception {
    server.enqueue(
        json(
            200,
            """
        {"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant",
         "model":"claude-sonnet-4-6",
         "content":[
           {"type":"thinking","thinking":"PRIVATE-REASONING about the answer",
            "signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"},
           {"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIw"},
           {"type":"text","text":"Here is "},
           {"type":"text","text":"the answer."}],
         "stop_reason":"end_turn","stop_sequence":null,
         "usage":{"input_tokens":12,"cache_creation_input_tokens":150,
                  "cache_read_input_tokens":2000,
                  "cache_creation":{"ephemeral_5m_input_tokens":150,"ephemeral_1h_input_tokens":0},
                  "output_tokens":345,"service_tier":"standard"}}
        """));

    ChatResponse response = call(ChatRequest.builder(SONNET_THINKING).user("Hi").build());

    assertEquals("Here is the answer.", response.text());
    assertThat(response.text(), not(containsString("PRIVATE-REASONING")));
    assertEquals(SONNET_THINKING, response.modelId());
    assertEquals(StopReason.END_TURN, response.stopReason());
    assertEquals("end_turn", response.rawStopReason());
    assertTrue(response.toolCalls().isEmpty());
    assertEquals(new Usage(12, 345, 2000, 150, 0), response.usage());
  }

  @Test
  public void parsesToolUse() throws Exception {
    server.enqueue(
        json(
            200,
            """
        {"id":"msg_02","type":"message","role":"assistant","model":"claude-sonnet-4-6",
         "content":[
           {"type":"text","text":"I'll compute it."},
           {"type":"tool_use","id":"toolu_01A09q90qw90lq917835lq9","name":"calculator",
            "input":{"expression":"2+2","precision":2}}],
         "stop_reason":"tool_use","stop_sequence":null,
         "usage":{"input_tokens":400,"output_tokens":60}}
        """));

    ChatResponse response = call(ChatRequest.builder(SONNET).user("What is 2+2?").build());

    assertEquals(StopReason.TOOL_USE, response.stopReason());
    assertEquals("I'll compute it.", response.text());
    assertEquals(1, response.toolCalls().size());
    ContentPart.ToolCall call = response.toolCalls().get(0);
    assertEquals("toolu_01A09q90qw90lq917835lq9", call.id());
    assertEquals("calculator", call.name());
    assertEquals(tree("{\"expression\":\"2+2\",\"precision\":2}"), tree(call.argumentsJson()));
    assertEquals(new Usage(400, 60, 0, 0, 0), response.usage());
  }

  @Test
  public void aThinkingToolLoopSendsTheSignedThinkingBackFirstAndUnchanged() throws Exception {
    String thinking =
        "{\"type\":\"thinking\",\"thinking\":\"I need 2+2.\","
            + "\"signature\":\"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxB\"}";
    String redacted = "{\"type\":\"redacted_thinking\",\"data\":\"EmwKAhgBEgy3va3pzix\"}";
    server.enqueue(
        json(
            200,
            "{\"id\":\"msg_03\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":\"claude-sonnet-4-6\",\"content\":["
                + thinking
                + ","
                + redacted
                + ","
                + "{\"type\":\"tool_use\",\"id\":\"toolu_9\",\"name\":\"calculator\","
                + "\"input\":{\"expression\":\"2+2\"}}],\"stop_reason\":\"tool_use\","
                + "\"usage\":{\"input_tokens\":10,\"output_tokens\":20}}"));
    server.enqueue(
        json(
            200,
            "{\"id\":\"msg_04\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":\"claude-sonnet-4-6\",\"content\":[{\"type\":\"text\",\"text\":\"4\"}],"
                + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":30,\"output_tokens\":2}}"));
    ChatRequest first =
        ChatRequest.builder(SONNET_THINKING)
            .user("What is 2+2?")
            .tool(new ToolSpec("calculator", "adds", "{\"type\":\"object\"}"))
            .build();

    ChatResponse toolUse = call(first);
    assertEquals("", toolUse.text());
    assertEquals(2, toolUse.providerBlocks().size());
    ChatRequest second =
        first
            .withMessage(toolUse.asMessage())
            .withMessage(
                new ChatMessage(
                    ChatMessage.Role.USER,
                    List.of(new ContentPart.ToolResult("toolu_9", "calculator", "4", false))));
    assertEquals("4", call(second).text());

    sentBody();
    JsonNode assistant = sentBody().at("/messages/1");
    assertEquals("assistant", assistant.path("role").asText());
    assertEquals(tree(thinking), assistant.at("/content/0"));
    assertEquals(tree(redacted), assistant.at("/content/1"));
    assertEquals("tool_use", assistant.at("/content/2/type").asText());
  }

  @Test
  public void anotherProvidersBlocksAreNotSent() throws Exception {
    server.enqueue(
        json(
            200,
            "{\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],"
                + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}"));
    ChatMessage assistant =
        new ChatMessage(
            ChatMessage.Role.ASSISTANT,
            List.of(
                new ContentPart.ProviderBlock("GEMINI", "{\"thoughtSignature\":\"abc\"}"),
                new ContentPart.Text("earlier answer")));

    call(ChatRequest.builder(SONNET).user("a").message(assistant).user("b").build());

    JsonNode sent = sentBody().at("/messages/1/content");
    assertEquals(1, sent.size());
    assertEquals("earlier answer", sent.at("/0/text").asText());
  }

  @Test
  public void mapsStopReasonsAndKeepsTheRawOne() throws Exception {
    Map<String, StopReason> expected =
        Map.of(
            "max_tokens", StopReason.MAX_TOKENS,
            "stop_sequence", StopReason.STOP_SEQUENCE,
            "refusal", StopReason.REFUSED,
            "pause_turn", StopReason.OTHER,
            "model_context_window_exceeded", StopReason.OTHER);
    for (Map.Entry<String, StopReason> stop : expected.entrySet()) {
      server.enqueue(
          json(
              200,
              "{\"type\":\"message\",\"content\":[],\"stop_reason\":\""
                  + stop.getKey()
                  + "\",\"usage\":{\"input_tokens\":1,\"output_tokens\":0}}"));

      ChatResponse response = call(ChatRequest.builder(SONNET).user("Hi").build());

      assertEquals(stop.getKey(), stop.getValue(), response.stopReason());
      assertEquals(stop.getKey(), response.rawStopReason());
    }
  }

  // ---- failures ----

  @Test
  public void errorStatusesBecomeTypedExceptions() throws Exception {
    assertError(400, "invalid_request_error", LlmException.BadRequest.class, false);
    assertError(401, "authentication_error", LlmException.Unauthorized.class, false);
    assertError(403, "permission_error", LlmException.Forbidden.class, false);
    assertError(404, "not_found_error", LlmException.NotFound.class, false);
    assertError(429, "rate_limit_error", LlmException.RateLimited.class, true);
    assertError(500, "api_error", LlmException.ServerError.class, true);
    assertError(529, "overloaded_error", LlmException.ServerError.class, true);
  }

  @Test
  public void rateLimitCarriesRetryAfter() throws Exception {
    server.enqueue(
        json(429, errorBody("rate_limit_error", "Number of requests has exceeded"))
            .setHeader("retry-after", "2"));

    LlmException error = failure(ChatRequest.builder(SONNET).user("Hi").build());

    assertThat(error, instanceOf(LlmException.RateLimited.class));
    assertEquals(Duration.ofSeconds(2), error.retryAfter().orElseThrow());
  }

  @Test
  public void malformedJsonIsAnInvalidResponse() throws Exception {
    server.enqueue(json(200, "{\"type\":\"message\",\"content\":[{\"type\":\"text\""));

    LlmException error = failure(ChatRequest.builder(SONNET).user("Hi").build());

    assertThat(error, instanceOf(LlmException.InvalidResponse.class));
    assertEquals(200, error.status());
    assertFalse(error.isTransient());
    assertThat(error.getMessage(), containsString("not valid JSON"));
  }

  @Test
  public void answerWithoutContentIsAnInvalidResponse() throws Exception {
    server.enqueue(json(200, "{\"type\":\"message\",\"stop_reason\":\"end_turn\"}"));
    server.enqueue(json(200, "{\"type\":\"message\",\"content\":\"text\"}"));
    server.enqueue(json(200, "[]"));

    for (int i = 0; i < 3; i++) {
      LlmException error = failure(ChatRequest.builder(SONNET).user("Hi").build());

      assertThat(error, instanceOf(LlmException.InvalidResponse.class));
      assertEquals(200, error.status());
    }
  }

  @Test
  public void noAnswerInTimeIsATimeout() throws Exception {
    try (HttpTransport impatient =
        HttpTransport.create(Duration.ofSeconds(2), Duration.ofMillis(500), 1)) {
      AnthropicClient hurried = new AnthropicClient(impatient, endpoint);
      server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));

      LlmException error = failure(hurried, ChatRequest.builder(SONNET).user("Hi").build());

      assertThat(error, instanceOf(LlmException.Timeout.class));
      assertEquals(0, error.status());
      assertTrue(error.isTransient());
      assertThat(error.getMessage(), not(containsString(KEY)));
    }
  }

  @Test
  public void theKeyAppearsInNoErrorNorToString() throws Exception {
    String echo =
        "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\","
            + "\"message\":\"invalid x-api-key: "
            + KEY
            + "\"}}";
    server.enqueue(json(401, echo));
    server.enqueue(json(500, echo));
    server.enqueue(json(200, KEY + " is not a JSON answer"));
    server.enqueue(json(200, "{\"type\":\"message\",\"note\":\"" + KEY + "\"}"));

    for (int i = 0; i < 4; i++) {
      LlmException error = failure(ChatRequest.builder(SONNET).user("Hi").build());

      assertEquals("the key was sent", KEY, server.takeRequest().getHeader("x-api-key"));
      assertNoKey(error);
      assertThat("the echo is kept, redacted", error.bodyExcerpt(), containsString("<redacted>"));
    }
    assertThat(client.toString(), not(containsString(KEY)));
    assertThat(endpoint.toString(), not(containsString(KEY)));
  }

  // ---- helpers ----

  private void assertError(
      int status, String type, Class<? extends LlmException> kind, boolean isTransient)
      throws Exception {
    server.enqueue(json(status, errorBody(type, "status " + status + " from the fake")));

    LlmException error = failure(ChatRequest.builder(SONNET).user("Hi").build());

    assertThat("HTTP " + status, error, instanceOf(kind));
    assertEquals(status, error.status());
    assertEquals("anthropic", error.provider());
    assertEquals("HTTP " + status, isTransient, error.isTransient());
    assertThat(error.bodyExcerpt(), containsString("status " + status + " from the fake"));
    assertThat(error.getMessage(), containsString(type));
  }

  private static void assertNoKey(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      assertThat(t.toString(), not(containsString(KEY)));
      if (t instanceof LlmException llm) {
        assertThat(llm.bodyExcerpt(), not(containsString(KEY)));
      }
    }
  }

  private static String errorBody(String type, String message) {
    return "{\"type\":\"error\",\"error\":{\"type\":\""
        + type
        + "\",\"message\":\""
        + message
        + "\"},\"request_id\":\"req_011CSHoEeqs5C35K2UUqR7Fy\"}";
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse()
        .setResponseCode(status)
        .setHeader("content-type", "application/json")
        .setBody(body);
  }

  private ChatResponse call(ChatRequest request) throws Exception {
    return client.chat(request).get(10, TimeUnit.SECONDS);
  }

  private LlmException failure(ChatRequest request) throws Exception {
    return failure(client, request);
  }

  private static LlmException failure(AnthropicClient client, ChatRequest request)
      throws Exception {
    try {
      ChatResponse unexpected = client.chat(request).get(10, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + unexpected);
    } catch (ExecutionException e) {
      assertThat(e.getCause(), instanceOf(LlmException.class));
      return (LlmException) e.getCause();
    }
  }

  private JsonNode sentBody() throws Exception {
    RecordedRequest sent = server.takeRequest(5, TimeUnit.SECONDS);
    assertNotNull("no request reached the server", sent);
    return tree(sent.getBody().readUtf8());
  }

  private static JsonNode tree(String json) throws Exception {
    return JSON.readTree(json);
  }
}
