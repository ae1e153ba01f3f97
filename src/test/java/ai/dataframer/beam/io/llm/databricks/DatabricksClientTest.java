package ai.dataframer.beam.io.llm.databricks;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import ai.dataframer.beam.core.llm.ChatMessage;
import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.LlmException;
import ai.dataframer.beam.core.llm.Secret;
import ai.dataframer.beam.core.llm.StopReason;
import ai.dataframer.beam.core.llm.Usage;
import ai.dataframer.beam.io.llm.http.HttpTransport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntFunction;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * DatabricksClient against one fake workspace on loopback: the OAuth token endpoint and a serving
 * endpoint, with a clock the tests move.
 */
public class DatabricksClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CLIENT_ID = "6f1c2a9e-client-id";
  private static final String SECRET = "dose-secret-DISTINCTIVE-789";
  private static final String CLAUDE =
      "/serving-endpoints/databricks-claude-sonnet-4-6/invocations";

  private static final String CLAUDE_THINKING_ANSWER =
      "{\"id\":\"msg_01XFDUDYJgAACzvnptvVoYEL\","
          + "\"object\":\"chat.completion\",\"created\":1750000000,\"model\":\"databricks-claude-sonnet-4-6\","
          + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":["
          + "{\"type\":\"reasoning\",\"summary\":[{\"type\":\"summary_text\","
          + "\"text\":\"The row needs a name.\",\"signature\":\"EqoBCkgIARABGAIiQL2U\"}]},"
          + "{\"type\":\"text\",\"text\":\"{\\\"name\\\":\\\"Ada\\\"}\"}]},\"finish_reason\":\"stop\"}],"
          + "\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":340,\"total_tokens\":460}}";

  private static final String PLAIN_ANSWER =
      "{\"id\":\"chatcmpl-9\",\"object\":\"chat.completion\","
          + "\"model\":\"databricks-gpt-5-4\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
          + "\"content\":\"ok\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":30,"
          + "\"completion_tokens\":4,\"total_tokens\":34,\"prompt_tokens_details\":{\"cached_tokens\":10},"
          + "\"completion_tokens_details\":{\"reasoning_tokens\":2}}}";

  private MockWebServer server;
  private HttpTransport transport;
  private FakeClock clock;
  private final AtomicInteger tokenRequests = new AtomicInteger();
  private final Queue<RecordedRequest> tokenCalls = new ConcurrentLinkedQueue<>();
  private final Queue<RecordedRequest> endpointCalls = new ConcurrentLinkedQueue<>();

  /** The token endpoint's answer to its n-th request (from 1). */
  private volatile IntFunction<MockResponse> tokenAnswer = n -> token("tok-" + n, 3600);

  /** The serving endpoint's answer to a request. */
  private volatile Function<RecordedRequest, MockResponse> endpointAnswer =
      request -> json(200, CLAUDE_THINKING_ANSWER);

  @Before
  public void startWorkspace() throws Exception {
    server = new MockWebServer();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if ("/oidc/v1/token".equals(request.getPath())) {
              tokenCalls.add(request);
              return tokenAnswer.apply(tokenRequests.incrementAndGet());
            }
            endpointCalls.add(request);
            return endpointAnswer.apply(request);
          }
        });
    server.start();
    transport = HttpTransport.create(Duration.ofSeconds(2), Duration.ofSeconds(10), 4);
    clock = new FakeClock(Instant.parse("2026-03-01T10:00:00Z"));
  }

  @After
  public void stopWorkspace() throws Exception {
    transport.close();
    server.shutdown();
  }

  private DatabricksClient client() {
    return client(transport);
  }

  private DatabricksClient client(HttpTransport through) {
    return new DatabricksClient(
        through, server.url("/serving-endpoints/").toString(), CLIENT_ID, Secret.of(SECRET), clock);
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse()
        .setResponseCode(status)
        .setHeader("Content-Type", "application/json")
        .setBody(body);
  }

  private static MockResponse token(String token, long expiresIn) {
    return json(
        200,
        "{\"access_token\":\""
            + token
            + "\",\"token_type\":\"Bearer\","
            + "\"expires_in\":"
            + expiresIn
            + ",\"scope\":\"all-apis\"}");
  }

  private static ChatRequest claudeThinking() {
    return ChatRequest.builder("databricks/databricks-claude-sonnet-4-6-thinking")
        .system("You write synthetic rows.")
        .user("One row.")
        .maxOutputTokens(2000)
        .thinkingBudget(8192)
        .temperature(0.5)
        .build();
  }

  private static ChatRequest plain(String modelId) {
    return ChatRequest.builder(modelId)
        .user("One row.")
        .maxOutputTokens(300)
        .temperature(0.5)
        .build();
  }

  private static JsonNode bodyOf(RecordedRequest request) throws Exception {
    return JSON.readTree(request.getBody().readUtf8());
  }

  private JsonNode onlyEndpointBody() throws Exception {
    assertEquals(1, endpointCalls.size());
    return bodyOf(endpointCalls.remove());
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
  public void claudeThinkingCallAsksForATokenThenPostsToTheEndpointsInvocations() throws Exception {
    client().chat(claudeThinking()).join();

    assertEquals(1, tokenCalls.size());
    RecordedRequest tokenCall = tokenCalls.remove();
    assertEquals("POST", tokenCall.getMethod());
    assertEquals("/oidc/v1/token", tokenCall.getPath());
    assertEquals(
        "Basic "
            + Base64.getEncoder()
                .encodeToString((CLIENT_ID + ":" + SECRET).getBytes(StandardCharsets.UTF_8)),
        tokenCall.getHeader("Authorization"));
    assertThat(
        tokenCall.getHeader("Content-Type"), containsString("application/x-www-form-urlencoded"));
    assertEquals("grant_type=client_credentials&scope=all-apis", tokenCall.getBody().readUtf8());

    assertEquals(1, endpointCalls.size());
    RecordedRequest call = endpointCalls.remove();
    assertEquals("POST", call.getMethod());
    assertEquals(CLAUDE, call.getPath());
    assertEquals("Bearer tok-1", call.getHeader("Authorization"));
    JsonNode body = bodyOf(call);
    assertFalse("the endpoint is named in the path", body.has("model"));
    assertEquals("enabled", body.path("thinking").path("type").asText());
    assertEquals(8192, body.path("thinking").path("budget_tokens").asInt());
    assertEquals(
        "budget_tokens must stay below max_tokens", 2000 + 8192, body.path("max_tokens").asInt());
    assertFalse("extended thinking takes no temperature", body.has("temperature"));
    assertFalse(body.has("reasoning_effort"));
    assertEquals("system", body.path("messages").get(0).path("role").asText());
    assertEquals("user", body.path("messages").get(1).path("role").asText());
  }

  @Test
  public void reasoningParametersFollowTheEndpointFamily() throws Exception {
    endpointAnswer = request -> json(200, PLAIN_ANSWER);
    DatabricksClient client = client();

    client
        .chat(
            ChatRequest.builder("databricks/databricks-gpt-5-4-thinking")
                .user("x")
                .maxOutputTokens(1000)
                .thinkingBudget(32768)
                .temperature(0.5)
                .build())
        .join();
    RecordedRequest gptThinkingCall = endpointCalls.peek();
    assertEquals("/serving-endpoints/databricks-gpt-5-4/invocations", gptThinkingCall.getPath());
    JsonNode gptThinking = onlyEndpointBody();
    assertEquals("high", gptThinking.path("reasoning_effort").asText());
    assertEquals(1000 + 32768, gptThinking.path("max_tokens").asInt());
    assertFalse(gptThinking.has("temperature"));
    assertFalse(gptThinking.has("thinking"));

    client.chat(plain("databricks/databricks-gpt-5-4")).join();
    JsonNode gpt = onlyEndpointBody();
    assertEquals("none", gpt.path("reasoning_effort").asText());
    assertEquals(300, gpt.path("max_tokens").asInt());
    assertEquals(0.5, gpt.path("temperature").asDouble(), 0.0);

    client
        .chat(
            ChatRequest.builder("databricks/databricks-gemini-3-1-pro-thinking")
                .user("x")
                .maxOutputTokens(1000)
                .thinkingBudget(1024)
                .build())
        .join();
    JsonNode geminiThinking = onlyEndpointBody();
    assertEquals("low", geminiThinking.path("reasoning_effort").asText());
    assertEquals(1000 + 1024, geminiThinking.path("max_tokens").asInt());

    client.chat(plain("databricks/databricks-gemini-3-1-pro")).join();
    JsonNode gemini = onlyEndpointBody();
    assertEquals(
        "Gemini cannot stop thinking: the least it takes",
        "low",
        gemini.path("reasoning_effort").asText());
    assertEquals(0.5, gemini.path("temperature").asDouble(), 0.0);

    client.chat(plain("databricks/databricks-claude-haiku-4-5")).join();
    JsonNode claude = onlyEndpointBody();
    assertFalse(claude.has("thinking"));
    assertFalse(claude.has("reasoning_effort"));
    assertEquals(300, claude.path("max_tokens").asInt());
    assertEquals(0.5, claude.path("temperature").asDouble(), 0.0);

    assertEquals("one token serves all five calls", 1, tokenRequests.get());
  }

  @Test
  public void claudeReasoningBlocksAreLeftOutOfTheText() {
    ChatResponse response = client().chat(claudeThinking()).join();

    assertEquals("{\"name\":\"Ada\"}", response.text());
    assertEquals(StopReason.END_TURN, response.stopReason());
    assertEquals(new Usage(120, 340, 0, 0, 0), response.usage());
    assertEquals("databricks/databricks-claude-sonnet-4-6-thinking", response.modelId());
  }

  @Test
  public void claudeReasoningIsSentBackFirstInTheNextTurnOfAToolLoop() throws Exception {
    ChatResponse first = client().chat(claudeThinking()).join();
    assertEquals(1, first.providerBlocks().size());

    client()
        .chat(
            claudeThinking()
                .withMessage(first.asMessage())
                .withMessage(ChatMessage.user("Another row.")))
        .join();

    endpointCalls.remove();
    JsonNode assistant = bodyOf(endpointCalls.remove()).at("/messages/2");
    assertEquals("assistant", assistant.path("role").asText());
    assertEquals("reasoning", assistant.at("/content/0/type").asText());
    assertEquals("EqoBCkgIARABGAIiQL2U", assistant.at("/content/0/summary/0/signature").asText());
    assertEquals("{\"name\":\"Ada\"}", assistant.at("/content/1/text").asText());
  }

  @Test
  public void cachedAndReasoningTokensAreRead() {
    endpointAnswer = request -> json(200, PLAIN_ANSWER);
    ChatResponse response = client().chat(plain("databricks/databricks-gpt-5-4")).join();
    assertEquals("ok", response.text());
    assertEquals(new Usage(20, 4, 10, 0, 2), response.usage());
  }

  @Test
  public void twentyConcurrentCallsShareOneTokenRequest() {
    // Slow enough that every call asks while the first request is still in flight.
    tokenAnswer = n -> token("tok-" + n, 3600).setBodyDelay(300, TimeUnit.MILLISECONDS);
    DatabricksClient client = client();
    List<CompletableFuture<ChatResponse>> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      calls.add(client.chat(claudeThinking()));
    }
    CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0])).join();

    assertEquals(1, tokenRequests.get());
    assertEquals(20, endpointCalls.size());
    for (RecordedRequest call : endpointCalls) {
      assertEquals("Bearer tok-1", call.getHeader("Authorization"));
    }
  }

  @Test
  public void aNewTokenIsFetchedShortlyBeforeExpiry() {
    DatabricksClient client = client();
    client.chat(claudeThinking()).join();
    clock.advance(Duration.ofSeconds(3600 - 61));
    client.chat(claudeThinking()).join();
    assertEquals("still more than a minute left", 1, tokenRequests.get());

    clock.advance(Duration.ofSeconds(2));
    client.chat(claudeThinking()).join();
    assertEquals("within the last minute a new token is fetched", 2, tokenRequests.get());

    List<String> used = new ArrayList<>();
    endpointCalls.forEach(call -> used.add(call.getHeader("Authorization")));
    assertEquals(List.of("Bearer tok-1", "Bearer tok-1", "Bearer tok-2"), used);
  }

  @Test
  public void aRejectedClientSecretGivesAClearErrorWithoutTheSecret() {
    for (int status : new int[] {401, 400}) {
      tokenAnswer =
          n ->
              json(
                  status,
                  "{\"error\":\"invalid_client\","
                      + "\"error_description\":\"Client authentication failed for "
                      + SECRET
                      + "\"}");
      DatabricksClient client = client();

      LlmException error = failure(client.chat(claudeThinking()));

      assertThat(error, instanceOf(LlmException.Unauthorized.class));
      assertEquals(status, error.status());
      assertFalse(error.isTransient());
      assertThat(error.getMessage(), containsString(CLIENT_ID));
      assertThat(error.getMessage(), containsString("client secret"));
      assertThat(error.getMessage(), containsString("rejected"));
      assertThat(error.getMessage(), containsString("invalid_client"));
      assertThat(error.getMessage(), not(containsString(SECRET)));
      assertThat(error.toString(), not(containsString(SECRET)));
      assertThat(error.bodyExcerpt(), not(containsString(SECRET)));
    }
    assertEquals("no endpoint is called without a token", 0, endpointCalls.size());
  }

  @Test
  public void anEndpoint401FetchesOneNewTokenAndRetries() {
    endpointAnswer =
        request ->
            "Bearer tok-1".equals(request.getHeader("Authorization"))
                ? json(401, "{\"error_code\":\"UNAUTHENTICATED\",\"message\":\"Token expired\"}")
                : json(200, CLAUDE_THINKING_ANSWER);

    ChatResponse response = client().chat(claudeThinking()).join();

    assertEquals("{\"name\":\"Ada\"}", response.text());
    assertEquals(2, tokenRequests.get());
    List<String> used = new ArrayList<>();
    endpointCalls.forEach(call -> used.add(call.getHeader("Authorization")));
    assertEquals(List.of("Bearer tok-1", "Bearer tok-2"), used);
  }

  @Test
  public void aSecond401IsAnErrorNotALoop() {
    endpointAnswer =
        request -> json(401, "{\"error_code\":\"UNAUTHENTICATED\",\"message\":\"not allowed\"}");

    LlmException error = failure(client().chat(claudeThinking()));

    assertThat(error, instanceOf(LlmException.Unauthorized.class));
    assertThat(error.getMessage(), containsString(CLIENT_ID));
    assertEquals(2, tokenRequests.get());
    assertEquals(2, endpointCalls.size());
  }

  @Test
  public void endpointErrorsAreTyped() {
    endpointAnswer =
        request ->
            json(
                404,
                "{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"Endpoint not found\"}");
    LlmException missing = failure(client().chat(claudeThinking()));
    assertThat(missing, instanceOf(LlmException.NotFound.class));
    assertEquals("databricks", missing.provider());

    endpointAnswer =
        request ->
            json(429, "{\"error_code\":\"REQUEST_LIMIT_EXCEEDED\"}").setHeader("retry-after", "2");
    LlmException limited = failure(client().chat(claudeThinking()));
    assertThat(limited, instanceOf(LlmException.RateLimited.class));
    assertEquals(Duration.ofSeconds(2), limited.retryAfter().orElseThrow());

    endpointAnswer = request -> json(200, "{\"choices\":");
    assertThat(
        failure(client().chat(claudeThinking())), instanceOf(LlmException.InvalidResponse.class));
  }

  @Test
  public void aTokenAnswerWithoutATokenIsInvalidAndNeverQuoted() {
    tokenAnswer =
        n ->
            json(
                200,
                "{\"token_type\":\"Bearer\",\"expires_in\":3600,"
                    + "\"id_token\":\"sensitive-id-token\"}");
    LlmException error = failure(client().chat(claudeThinking()));
    assertThat(error, instanceOf(LlmException.InvalidResponse.class));
    assertThat(error.getMessage(), containsString("access_token"));
    assertThat(error.getMessage(), not(containsString("sensitive-id-token")));
  }

  @Test
  public void aSilentTokenEndpointIsATimeout() throws Exception {
    tokenAnswer = n -> new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE);
    try (HttpTransport quick =
        HttpTransport.create(Duration.ofSeconds(2), Duration.ofMillis(500), 1)) {
      LlmException error = failure(client(quick).chat(claudeThinking()));
      assertThat(error, instanceOf(LlmException.Timeout.class));
    }
  }

  @Test
  public void theSecretAndTokenAppearInNoErrorOrToStringEvenWhenEchoed() {
    endpointAnswer =
        request ->
            json(
                500,
                "{\"message\":\"bad things; you sent "
                    + request.getHeader("Authorization")
                    + " from "
                    + SECRET
                    + "\"}");
    DatabricksClient client = client();

    LlmException error = failure(client.chat(claudeThinking()));

    assertThat(error, instanceOf(LlmException.ServerError.class));
    assertThat(error.bodyExcerpt(), containsString("<redacted>"));
    for (String text : List.of(error.getMessage(), error.toString(), client.toString())) {
      assertThat(text, not(containsString(SECRET)));
      assertThat(text, not(containsString("tok-1")));
    }
    DatabricksTokens tokens =
        new DatabricksTokens(
            transport, "https://adb-1.azuredatabricks.net", CLIENT_ID, Secret.of(SECRET), clock);
    assertThat(tokens.toString(), not(containsString(SECRET)));
    assertThat(tokens.toString(), containsString(CLIENT_ID));
  }

  @Test
  public void aModelOfAnotherProviderFailsBeforeSending() {
    try {
      client().chat(plain("openai/gpt-5.4")).join();
      fail("a Databricks client must not send an OpenAI model");
    } catch (CompletionException e) {
      assertThat(e.getCause(), instanceOf(IllegalArgumentException.class));
    }
    assertEquals(0, server.getRequestCount());
  }

  @Test
  public void shortLivedTokensKeepHalfTheirLifetimeAsMargin() {
    assertEquals(Duration.ofSeconds(60), DatabricksTokens.margin(Duration.ofHours(1)));
    assertEquals(Duration.ofSeconds(30), DatabricksTokens.margin(Duration.ofSeconds(60)));
    assertTrue(DatabricksTokens.margin(Duration.ofSeconds(121)).equals(Duration.ofSeconds(60)));
  }

  /** A clock the test moves by hand. */
  private static final class FakeClock extends Clock {
    private volatile Instant now;

    FakeClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
