package ai.dataframer.beam.io.llm.gemini;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class GeminiClientTest {
  private static final String KEY = "fake-gem-test-DISTINCTIVE-0001";
  private static final String PLAIN = "gemini/gemini-3.1-pro-preview";
  private static final String THINKING = "gemini/gemini-3.1-pro-preview-thinking";
  private static final String PATH = "/v1beta/models/gemini-3.1-pro-preview:generateContent";
  private static final String SIGNATURE = "CiQBcsjafF0lH7pR+/s1gn4T/Kf9uPaOqYx1Sj3jhb6Ww==";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WEATHER_SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
          + "\"required\":[\"city\"],\"additionalProperties\":false}";
  private static final ToolSpec WEATHER =
      new ToolSpec("get_weather", "Current weather for a city", WEATHER_SCHEMA);

  private MockWebServer server;
  private HttpTransport transport;
  private GeminiClient client;

  @Before
  public void setUp() throws Exception {
    server = new MockWebServer();
    server.start();
    transport = HttpTransport.create(Duration.ofSeconds(2), Duration.ofSeconds(2), 2);
    client = new GeminiClient(transport, endpoint());
  }

  @After
  public void tearDown() throws Exception {
    transport.close();
    server.shutdown();
  }

  private ProviderEndpoint endpoint() {
    return new ProviderEndpoint(server.url("/").toString(), Secret.of(KEY));
  }

  // --- the request ---

  @Test
  public void postsToTheModelsPathWithTheKeyInTheHeaderOnly() throws Exception {
    server.enqueue(ok(textAnswer("hi")));
    client.chat(ChatRequest.builder(PLAIN).user("hello").build()).get(5, TimeUnit.SECONDS);

    RecordedRequest sent = server.takeRequest(1, TimeUnit.SECONDS);
    assertEquals("POST", sent.getMethod());
    assertEquals(PATH, sent.getPath());
    assertEquals(KEY, sent.getHeader("x-goog-api-key"));
    assertThat(sent.getHeader("Content-Type"), containsString("application/json"));
    assertThat(sent.getRequestUrl().toString(), not(containsString(KEY)));
    assertEquals(null, sent.getRequestUrl().queryParameter("key"));
    assertThat(sent.getBody().readUtf8(), not(containsString(KEY)));
  }

  @Test
  public void sendsSystemInstructionRolesAndTheLowestThinkingLevelWithoutThinking()
      throws Exception {
    ChatRequest request =
        ChatRequest.builder(PLAIN)
            .cachedSystem("You write CSV rows.")
            .user("first")
            .message(ChatMessage.assistant("a,b"))
            .user("second")
            .maxOutputTokens(500)
            .temperature(0.3)
            .build();
    JsonNode body = send(request);

    assertEquals("You write CSV rows.", body.at("/systemInstruction/parts/0/text").asText());
    JsonNode contents = body.get("contents");
    assertEquals(3, contents.size());
    assertEquals("user", contents.get(0).get("role").asText());
    assertEquals("first", contents.get(0).at("/parts/0/text").asText());
    assertEquals("model", contents.get(1).get("role").asText());
    assertEquals("a,b", contents.get(1).at("/parts/0/text").asText());
    assertEquals("user", contents.get(2).get("role").asText());
    // Gemini 3.1 Pro cannot stop thinking; "low" is the least it takes.
    JsonNode config = body.get("generationConfig");
    assertEquals("low", config.at("/thinkingConfig/thinkingLevel").asText());
    assertFalse(config.get("thinkingConfig").has("thinkingBudget"));
    assertEquals(500 + ChatRequest.MIN_THINKING_BUDGET, config.get("maxOutputTokens").asInt());
    assertEquals(0.3, config.get("temperature").asDouble(), 1e-9);
    assertFalse(config.has("responseMimeType"));
    assertFalse(body.has("tools"));
    assertFalse(body.toString().contains("cache"));
  }

  @Test
  public void thinkingModelMapsTheBudgetToALevelAndLeavesRoomForIt() throws Exception {
    JsonNode byDefault =
        send(ChatRequest.builder(THINKING).user("q").maxOutputTokens(2000).build());
    assertEquals("medium", byDefault.at("/generationConfig/thinkingConfig/thinkingLevel").asText());
    assertEquals(
        2000 + ChatRequest.MIN_THINKING_BUDGET,
        byDefault.at("/generationConfig/maxOutputTokens").asInt());
    assertFalse(byDefault.at("/generationConfig/temperature").isNumber());

    JsonNode large =
        send(
            ChatRequest.builder(THINKING)
                .user("q")
                .maxOutputTokens(2000)
                .thinkingBudget(24_000)
                .build());
    assertEquals("high", large.at("/generationConfig/thinkingConfig/thinkingLevel").asText());
    assertEquals(26_000, large.at("/generationConfig/maxOutputTokens").asInt());
    assertFalse(large.at("/generationConfig/thinkingConfig").has("thinkingBudget"));

    // Headroom stops at the model's output limit but never cuts what the caller asked for.
    JsonNode capped =
        send(
            ChatRequest.builder(THINKING)
                .user("q")
                .maxOutputTokens(60_000)
                .thinkingBudget(32_000)
                .build());
    assertEquals(
        GeminiThinking.OUTPUT_LIMIT, capped.at("/generationConfig/maxOutputTokens").asInt());
    JsonNode over = send(ChatRequest.builder(PLAIN).user("q").maxOutputTokens(70_000).build());
    assertEquals(70_000, over.at("/generationConfig/maxOutputTokens").asInt());
  }

  @Test
  public void asksForJsonWithTheSchemaInResponseJsonSchema() throws Exception {
    JsonNode withSchema =
        send(
            ChatRequest.builder(PLAIN)
                .user("q")
                .jsonOutput(JsonOutput.withSchema("weather", WEATHER_SCHEMA))
                .build());
    JsonNode config = withSchema.get("generationConfig");
    assertEquals("application/json", config.get("responseMimeType").asText());
    assertEquals(JSON.readTree(WEATHER_SCHEMA), config.get("responseJsonSchema"));
    assertFalse(config.has("responseSchema"));

    JsonNode anyObject =
        send(ChatRequest.builder(PLAIN).user("q").jsonOutput(JsonOutput.anyObject()).build());
    assertEquals("application/json", anyObject.at("/generationConfig/responseMimeType").asText());
    assertFalse(anyObject.get("generationConfig").has("responseJsonSchema"));
  }

  @Test
  public void sendsToolsAndAToolTurnWithItsSignatureAndResults() throws Exception {
    ChatRequest request =
        ChatRequest.builder(PLAIN)
            .user("Weather in Paris and Oslo?")
            .message(
                new ChatMessage(
                    ChatMessage.Role.ASSISTANT,
                    List.of(
                        new ContentPart.Text("Checking."),
                        new ContentPart.ToolCall(
                            GeminiCallIds.of(0, SIGNATURE), "get_weather", "{\"city\":\"Paris\"}"),
                        new ContentPart.ToolCall(
                            GeminiCallIds.of(1, null), "get_weather", "{\"city\":\"Oslo\"}"))))
            .message(
                new ChatMessage(
                    ChatMessage.Role.USER,
                    List.of(
                        new ContentPart.ToolResult(
                            GeminiCallIds.of(0, SIGNATURE), "get_weather", "18C sunny", false),
                        new ContentPart.ToolResult(
                            GeminiCallIds.of(1, null), "get_weather", "no such station", true))))
            .tool(WEATHER)
            .build();
    JsonNode body = send(request);

    JsonNode declaration = body.at("/tools/0/functionDeclarations/0");
    assertEquals("get_weather", declaration.get("name").asText());
    assertEquals("Current weather for a city", declaration.get("description").asText());
    assertEquals(JSON.readTree(WEATHER_SCHEMA), declaration.get("parametersJsonSchema"));

    JsonNode model = body.at("/contents/1");
    assertEquals("model", model.get("role").asText());
    assertEquals("Checking.", model.at("/parts/0/text").asText());
    assertEquals("get_weather", model.at("/parts/1/functionCall/name").asText());
    assertEquals("Paris", model.at("/parts/1/functionCall/args/city").asText());
    assertEquals(SIGNATURE, model.at("/parts/1/thoughtSignature").asText());
    assertEquals("Oslo", model.at("/parts/2/functionCall/args/city").asText());
    assertFalse(model.get("parts").get(2).has("thoughtSignature"));

    JsonNode results = body.at("/contents/2");
    assertEquals("user", results.get("role").asText());
    assertEquals("get_weather", results.at("/parts/0/functionResponse/name").asText());
    assertEquals("18C sunny", results.at("/parts/0/functionResponse/response/output").asText());
    assertEquals(
        "no such station", results.at("/parts/1/functionResponse/response/error").asText());
    assertFalse(results.at("/parts/1/functionResponse/response").has("output"));
    assertFalse(body.toString().contains("call_"));
  }

  @Test
  public void aToolCallGeminiDidNotMakeGetsTheDocumentedPlaceholderSignature() throws Exception {
    JsonNode body =
        send(
            ChatRequest.builder(PLAIN)
                .user("q")
                .message(
                    new ChatMessage(
                        ChatMessage.Role.ASSISTANT,
                        List.of(
                            new ContentPart.ToolCall(
                                "toolu_01", "get_weather", "{\"city\":\"Rome\"}"))))
                .message(
                    new ChatMessage(
                        ChatMessage.Role.USER,
                        List.of(
                            new ContentPart.ToolResult("toolu_01", "get_weather", "20C", false))))
                .tool(WEATHER)
                .build());
    assertEquals(
        GeminiRequestBody.NO_SIGNATURE, body.at("/contents/1/parts/0/thoughtSignature").asText());
  }

  @Test
  public void leavesOutEmptyTextWhichGeminiRefuses() throws Exception {
    JsonNode body =
        send(
            ChatRequest.builder(PLAIN)
                .user("first")
                .message(ChatMessage.assistant("")) // what asMessage() gives for an empty refusal
                .user("again")
                .message(
                    new ChatMessage(
                        ChatMessage.Role.ASSISTANT,
                        List.of(
                            new ContentPart.Text(""),
                            new ContentPart.ToolCall(
                                GeminiCallIds.of(0, SIGNATURE), "get_weather", "{}"))))
                .message(
                    new ChatMessage(
                        ChatMessage.Role.USER,
                        List.of(
                            new ContentPart.ToolResult(
                                GeminiCallIds.of(0, SIGNATURE), "get_weather", "", false))))
                .tool(WEATHER)
                .build());
    JsonNode contents = body.get("contents");
    assertEquals(4, contents.size());
    assertEquals("again", contents.at("/1/parts/0/text").asText());
    assertEquals(1, contents.at("/2/parts").size());
    assertEquals("get_weather", contents.at("/2/parts/0/functionCall/name").asText());
    assertEquals(JSON.readTree("{}"), contents.at("/2/parts/0/functionCall/args"));
    assertEquals("", contents.at("/3/parts/0/functionResponse/response/output").asText());
  }

  @Test
  public void refusesRequestsItCannotSendWithoutCallingTheServer() throws Exception {
    ExecutionException wrongProvider =
        assertThrows(
            ExecutionException.class,
            () ->
                client
                    .chat(ChatRequest.builder("anthropic/claude-sonnet-4-6").user("q").build())
                    .get(5, TimeUnit.SECONDS));
    assertThat(wrongProvider.getCause(), instanceOf(IllegalArgumentException.class));

    ExecutionException badSchema =
        assertThrows(
            ExecutionException.class,
            () ->
                client
                    .chat(
                        ChatRequest.builder(PLAIN)
                            .user("q")
                            .jsonOutput(JsonOutput.withSchema("s", "{not json"))
                            .build())
                    .get(5, TimeUnit.SECONDS));
    assertThat(badSchema.getCause(), instanceOf(IllegalArgumentException.class));
    assertEquals(0, server.getRequestCount());

    assertThrows(
        IllegalArgumentException.class,
        () -> new GeminiClient(transport, new ProviderEndpoint(server.url("/").toString(), null)));
  }

  // --- the answer ---

  @Test
  public void readsTextWithoutThoughtsAndUsageWithCacheAndThinking() throws Exception {
    server.enqueue(
        ok(
            "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":["
                + "{\"text\":\"Planning the rows...\",\"thought\":true},"
                + "{\"text\":\"id,name\\n\"},{\"text\":\"1,Ada\",\"thoughtSignature\":\""
                + SIGNATURE
                + "\"}]},"
                + "\"finishReason\":\"STOP\",\"index\":0}],"
                + "\"usageMetadata\":{\"promptTokenCount\":1200,\"candidatesTokenCount\":50,"
                + "\"totalTokenCount\":1550,\"cachedContentTokenCount\":1000,\"thoughtsTokenCount\":300,"
                + "\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":1200}]},"
                + "\"modelVersion\":\"gemini-3.1-pro-preview\",\"responseId\":\"abc123\"}"));
    ChatResponse response =
        client.chat(ChatRequest.builder(THINKING).user("q").build()).get(5, TimeUnit.SECONDS);

    assertEquals(THINKING, response.modelId());
    assertEquals("id,name\n1,Ada", response.text());
    assertEquals(StopReason.END_TURN, response.stopReason());
    assertEquals("STOP", response.rawStopReason());
    assertTrue(response.toolCalls().isEmpty());
    assertEquals(new Usage(200, 350, 1000, 0, 300), response.usage());
  }

  @Test
  public void readsFunctionCallsAndReplaysThemWithTheirSignature() throws Exception {
    server.enqueue(
        ok(
            "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":["
                + "{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Paris\"}},"
                + "\"thoughtSignature\":\""
                + SIGNATURE
                + "\"},"
                + "{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Oslo\"}}}]},"
                + "\"finishReason\":\"STOP\"}],"
                + "\"usageMetadata\":{\"promptTokenCount\":80,\"candidatesTokenCount\":20,"
                + "\"thoughtsTokenCount\":64,\"totalTokenCount\":164}}"));
    ChatRequest first =
        ChatRequest.builder(PLAIN).user("Weather in Paris and Oslo?").tool(WEATHER).build();
    ChatResponse response = client.chat(first).get(5, TimeUnit.SECONDS);

    assertEquals(StopReason.TOOL_USE, response.stopReason());
    assertEquals("", response.text());
    assertEquals(2, response.toolCalls().size());
    ContentPart.ToolCall paris = response.toolCalls().get(0);
    assertEquals("get_weather", paris.name());
    assertEquals(JSON.readTree("{\"city\":\"Paris\"}"), JSON.readTree(paris.argumentsJson()));
    assertEquals(GeminiCallIds.of(0, SIGNATURE), paris.id());
    assertEquals("call_1", response.toolCalls().get(1).id());
    assertEquals(new Usage(80, 84, 0, 0, 64), response.usage());
    server.takeRequest(1, TimeUnit.SECONDS);

    ChatRequest next =
        first
            .withMessage(response.asMessage())
            .withMessage(
                new ChatMessage(
                    ChatMessage.Role.USER,
                    List.of(
                        new ContentPart.ToolResult(paris.id(), paris.name(), "18C", false),
                        new ContentPart.ToolResult("call_1", "get_weather", "-2C", false))));
    JsonNode body = send(next);
    JsonNode replayed = body.at("/contents/1/parts");
    assertEquals(2, replayed.size());
    assertEquals(SIGNATURE, replayed.at("/0/thoughtSignature").asText());
    assertEquals("Paris", replayed.at("/0/functionCall/args/city").asText());
    assertFalse(replayed.get(1).has("thoughtSignature"));
    assertEquals("-2C", body.at("/contents/2/parts/1/functionResponse/response/output").asText());
  }

  @Test
  public void mapsFinishReasonsKeepingTheRawOne() throws Exception {
    String[][] cases = {
      {"MAX_TOKENS", "MAX_TOKENS"}, {"SAFETY", "REFUSED"}, {"RECITATION", "REFUSED"},
      {"BLOCKLIST", "REFUSED"}, {"PROHIBITED_CONTENT", "REFUSED"}, {"SPII", "REFUSED"},
      {"MALFORMED_FUNCTION_CALL", "OTHER"}, {"LANGUAGE", "OTHER"}, {"OTHER", "OTHER"}
    };
    for (String[] c : cases) {
      server.enqueue(
          ok(
              "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":["
                  + "{\"text\":\"partial\"}]},\"finishReason\":\""
                  + c[0]
                  + "\"}]}"));
      ChatResponse response =
          client.chat(ChatRequest.builder(PLAIN).user("q").build()).get(5, TimeUnit.SECONDS);
      assertEquals(c[0], StopReason.valueOf(c[1]), response.stopReason());
      assertEquals(c[0], response.rawStopReason());
      assertEquals(Usage.NONE, response.usage());
    }
    // Refused and cut-off candidates can come without any content.
    server.enqueue(ok("{\"candidates\":[{\"finishReason\":\"SAFETY\",\"safetyRatings\":[]}]}"));
    ChatResponse bare =
        client.chat(ChatRequest.builder(PLAIN).user("q").build()).get(5, TimeUnit.SECONDS);
    assertEquals(StopReason.REFUSED, bare.stopReason());
    assertEquals("", bare.text());
  }

  @Test
  public void aBlockedPromptIsARefusalWithNoText() throws Exception {
    server.enqueue(
        ok(
            "{\"promptFeedback\":{\"blockReason\":\"PROHIBITED_CONTENT\","
                + "\"safetyRatings\":[]},\"usageMetadata\":{\"promptTokenCount\":12,\"totalTokenCount\":12},"
                + "\"modelVersion\":\"gemini-3.1-pro-preview\"}"));
    ChatResponse response =
        client.chat(ChatRequest.builder(PLAIN).user("q").build()).get(5, TimeUnit.SECONDS);
    assertEquals(StopReason.REFUSED, response.stopReason());
    assertEquals("PROHIBITED_CONTENT", response.rawStopReason());
    assertEquals("", response.text());
    assertEquals(new Usage(12, 0, 0, 0, 0), response.usage());
  }

  @Test
  public void aMalformedSuccessIsAnInvalidResponse() throws Exception {
    String[] bodies = {
      "{\"candidates\":[{\"content\":", // cut off
      "[1,2]",
      "{}", // neither candidates nor a block reason
      "{\"candidates\":\"none\"}",
      "{\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"args\":{}}}]}}]}",
      "{\"candidates\":[{\"content\":{\"parts\":[]},\"finishReason\":\"STOP\"}],"
          + "\"usageMetadata\":{\"promptTokenCount\":\"many\"}}"
    };
    for (String body : bodies) {
      server.enqueue(ok(body));
      LlmException error = failure(ChatRequest.builder(PLAIN).user("q").build());
      assertThat(body, error, instanceOf(LlmException.InvalidResponse.class));
      assertEquals(200, error.status());
      assertFalse(error.isTransient());
    }
  }

  // --- errors ---

  @Test
  public void errorStatusesAreTypedWithStatusAndExcerpt() throws Exception {
    assertError(
        400,
        googleError(
            400, "Invalid JSON payload received. Unknown name \\\"foo\\\"", "INVALID_ARGUMENT", ""),
        LlmException.BadRequest.class,
        false,
        "Invalid JSON payload");
    assertError(
        401,
        googleError(401, "Request had invalid authentication credentials.", "UNAUTHENTICATED", ""),
        LlmException.Unauthorized.class,
        false,
        "invalid authentication");
    assertError(
        403,
        googleError(
            403, "Your API key doesn't have the required permissions.", "PERMISSION_DENIED", ""),
        LlmException.Forbidden.class,
        false,
        "required permissions");
    assertError(
        404,
        googleError(404, "models/gemini-9 is not found for API version v1beta", "NOT_FOUND", ""),
        LlmException.NotFound.class,
        false,
        "is not found");
    assertError(
        500,
        googleError(500, "An internal error has occurred.", "INTERNAL", ""),
        LlmException.ServerError.class,
        true,
        "internal error");
    assertError(
        503,
        googleError(503, "The model is overloaded. Please try again later.", "UNAVAILABLE", ""),
        LlmException.ServerError.class,
        true,
        "overloaded");
  }

  @Test
  public void aBadKeyIsUnauthorizedThoughGeminiSends400() throws Exception {
    String body =
        googleError(
            400,
            "API key not valid. Please pass a valid API key.",
            "INVALID_ARGUMENT",
            // The echo comes first so it falls inside the excerpt an error keeps.
            ",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.DebugInfo\","
                + "\"detail\":\"Invalid API key: "
                + KEY
                + "\"},"
                + "{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\","
                + "\"reason\":\"API_KEY_INVALID\",\"domain\":\"googleapis.com\","
                + "\"metadata\":{\"service\":\"generativelanguage.googleapis.com\"}}]");
    LlmException error =
        assertError(400, body, LlmException.Unauthorized.class, false, "API key not valid");
    assertThat(error.getMessage(), containsString("key was not accepted"));
    assertNoKey(error);
  }

  @Test
  public void rateLimitsCarryTheDelayFromTheHeaderOrFromRetryInfo() throws Exception {
    server.enqueue(
        new MockResponse()
            .setResponseCode(429)
            .setHeader("retry-after", "2")
            .setBody(
                googleError(
                    429,
                    "Resource has been exhausted (e.g. check quota).",
                    "RESOURCE_EXHAUSTED",
                    "")));
    LlmException byHeader = failure(ChatRequest.builder(PLAIN).user("q").build());
    assertThat(byHeader, instanceOf(LlmException.RateLimited.class));
    assertEquals(429, byHeader.status());
    assertTrue(byHeader.isTransient());
    assertEquals(Duration.ofSeconds(2), byHeader.retryAfter().orElseThrow());
    assertThat(byHeader.bodyExcerpt(), containsString("RESOURCE_EXHAUSTED"));

    server.enqueue(
        new MockResponse()
            .setResponseCode(429)
            .setBody(
                googleError(
                    429,
                    "You exceeded your current quota.",
                    "RESOURCE_EXHAUSTED",
                    ",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\","
                        + "\"violations\":[]},{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\","
                        + "\"retryDelay\":\"37.5s\"}]")));
    LlmException byBody = failure(ChatRequest.builder(PLAIN).user("q").build());
    assertThat(byBody, instanceOf(LlmException.RateLimited.class));
    assertEquals(Duration.ofMillis(37_500), byBody.retryAfter().orElseThrow());
  }

  @Test
  public void noAnswerInTimeIsATimeout() throws Exception {
    try (HttpTransport impatient =
        HttpTransport.create(Duration.ofSeconds(2), Duration.ofMillis(500), 2)) {
      GeminiClient slow = new GeminiClient(impatient, endpoint());
      server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
      ExecutionException e =
          assertThrows(
              ExecutionException.class,
              () ->
                  slow.chat(ChatRequest.builder(PLAIN).user("q").build()).get(5, TimeUnit.SECONDS));
      assertThat(e.getCause(), instanceOf(LlmException.Timeout.class));
      LlmException timeout = (LlmException) e.getCause();
      assertEquals(0, timeout.status());
      assertTrue(timeout.isTransient());
      assertNoKey(timeout);
    }
  }

  @Test
  public void theKeyIsInNoErrorEvenWhenTheServerEchoesIt() throws Exception {
    String echo = "{\"error\":{\"code\":%d,\"message\":\"bad request from key " + KEY + "\"}}";
    for (int status : new int[] {400, 401, 403, 404, 429, 500, 503}) {
      server.enqueue(
          new MockResponse().setResponseCode(status).setBody(String.format(echo, status)));
      LlmException error = failure(ChatRequest.builder(PLAIN).user("q").build());
      assertEquals(status, error.status());
      assertThat(error.bodyExcerpt(), containsString("bad request from key"));
      assertNoKey(error);
    }
    server.enqueue(ok("{\"candidates\": [ {\"text\": \"" + KEY)); // malformed, echoing the key
    LlmException invalid = failure(ChatRequest.builder(PLAIN).user("q").build());
    assertThat(invalid, instanceOf(LlmException.InvalidResponse.class));
    assertNoKey(invalid);
    assertThat(client.toString(), not(containsString(KEY)));
  }

  // --- helpers ---

  /** Sends {@code request} against a canned answer and returns the JSON body the server got. */
  private JsonNode send(ChatRequest request) throws Exception {
    server.enqueue(ok(textAnswer("ok")));
    client.chat(request).get(5, TimeUnit.SECONDS);
    RecordedRequest sent = server.takeRequest(1, TimeUnit.SECONDS);
    return JSON.readTree(sent.getBody().readUtf8());
  }

  private LlmException failure(ChatRequest request) {
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> client.chat(request).get(5, TimeUnit.SECONDS));
    assertThat(e.getCause(), instanceOf(LlmException.class));
    return (LlmException) e.getCause();
  }

  private LlmException assertError(
      int status,
      String body,
      Class<? extends LlmException> type,
      boolean isTransient,
      String excerpt) {
    server.enqueue(new MockResponse().setResponseCode(status).setBody(body));
    LlmException error = failure(ChatRequest.builder(PLAIN).user("q").build());
    assertThat(status + " " + error, error, instanceOf(type));
    assertEquals(status, error.status());
    assertEquals("gemini", error.provider());
    assertEquals(status + " transient", isTransient, error.isTransient());
    assertThat(error.bodyExcerpt(), containsString(excerpt));
    assertThat(error.getMessage(), containsString("HTTP " + status));
    return error;
  }

  private static void assertNoKey(LlmException error) {
    assertThat(error.getMessage(), not(containsString(KEY)));
    assertThat(error.toString(), not(containsString(KEY)));
    assertThat(error.bodyExcerpt(), not(containsString(KEY)));
  }

  private static String googleError(int code, String message, String status, String details) {
    return "{\"error\":{\"code\":"
        + code
        + ",\"message\":\""
        + message
        + "\",\"status\":\""
        + status
        + "\""
        + details
        + "}}";
  }

  private static String textAnswer(String text) {
    return "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\""
        + text
        + "\"}]},\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":5,"
        + "\"candidatesTokenCount\":1,\"totalTokenCount\":6}}";
  }

  private static MockResponse ok(String body) {
    return new MockResponse()
        .setResponseCode(200)
        .setHeader("Content-Type", "application/json")
        .setBody(body);
  }
}
