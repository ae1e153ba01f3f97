package ai.dataframer.beam.io.llm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.LlmClient;
import ai.dataframer.beam.core.llm.LlmException;
import ai.dataframer.beam.core.llm.RetryPolicy;
import ai.dataframer.beam.core.llm.StopReason;
import ai.dataframer.beam.core.llm.Usage;
import ai.dataframer.beam.io.llm.http.HttpReply;
import ai.dataframer.beam.io.llm.http.HttpTransport;
import ai.dataframer.beam.io.llm.http.ProviderErrors;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.Test;

public class RetryingClientTest {
  private static final ChatRequest REQUEST =
      ChatRequest.builder("anthropic/claude-haiku-4-5").user("Write one order.").build();

  private final RecordingSleeper sleeper = RecordingSleeper.instant();

  private static LlmException serverError(int status, String body) {
    return new LlmException.ServerError("anthropic", status, body, true, null);
  }

  private static Throwable failureOf(CompletableFuture<ChatResponse> call) {
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS));
    return e.getCause();
  }

  @Test
  public void aRateLimitWithRetryAfterIsWaitedExactlyOnceThenSucceeds() throws Exception {
    ScriptedClient inner =
        new ScriptedClient()
            .thenFail(
                new LlmException.RateLimited("anthropic", 429, "slow down", Duration.ofSeconds(2)));
    RetryingClient client = new RetryingClient(inner, RetryPolicy.defaults(), sleeper);

    ChatResponse response = client.chat(REQUEST).get(10, TimeUnit.SECONDS);

    assertEquals("ok", response.text());
    assertEquals(2, inner.calls());
    assertEquals(List.of(Duration.ofSeconds(2)), sleeper.sleeps());
  }

  @Test
  public void threeServerErrorsAreRetriedWithJitteredBackoff() throws Exception {
    ScriptedClient inner =
        new ScriptedClient()
            .thenFail(serverError(503, "1"), serverError(503, "2"), serverError(503, "3"));
    RetryPolicy policy = RetryPolicy.defaults().withRandom(new SplittableRandom(11)::nextDouble);
    RetryingClient client = new RetryingClient(inner, policy, sleeper);

    assertEquals("ok", client.chat(REQUEST).get(10, TimeUnit.SECONDS).text());

    assertEquals(4, inner.calls());
    List<Duration> sleeps = sleeper.sleeps();
    assertEquals(3, sleeps.size());
    for (int retry = 1; retry <= 3; retry++) {
      Duration sleep = sleeps.get(retry - 1);
      Duration cap = Duration.ofSeconds(1L << (retry - 1));
      assertTrue(
          sleep + " before retry " + retry + " should be within [0, " + cap + "]",
          !sleep.isNegative() && sleep.compareTo(cap) <= 0);
    }
  }

  @Test
  public void backoffUsesTheInjectedRandomness() throws Exception {
    ScriptedClient inner =
        new ScriptedClient()
            .thenFail(serverError(503, "1"), serverError(502, "2"), serverError(529, "3"));
    RetryingClient client =
        new RetryingClient(inner, RetryPolicy.defaults().withRandom(() -> 0.75), sleeper);

    client.chat(REQUEST).get(10, TimeUnit.SECONDS);

    assertEquals(
        List.of(Duration.ofMillis(750), Duration.ofMillis(1500), Duration.ofSeconds(3)),
        sleeper.sleeps());
  }

  @Test
  public void aBadRequestIsNotRetried() {
    ScriptedClient inner =
        new ScriptedClient().thenFail(new LlmException.BadRequest("anthropic", 400, "no"));
    RetryingClient client = new RetryingClient(inner, RetryPolicy.defaults(), sleeper);

    assertThat(failureOf(client.chat(REQUEST)), instanceOf(LlmException.BadRequest.class));
    assertEquals(1, inner.calls());
    assertEquals(List.of(), sleeper.sleeps());
  }

  @Test
  public void theAttemptLimitIsHonouredAndTheLastErrorReturned() {
    LlmException[] errors = new LlmException[10];
    for (int i = 0; i < errors.length; i++) {
      errors[i] = serverError(500, "attempt " + (i + 1));
    }
    ScriptedClient inner = new ScriptedClient().thenFail(errors);
    RetryingClient client = new RetryingClient(inner, RetryPolicy.defaults(), sleeper);

    assertSame(errors[5], failureOf(client.chat(REQUEST)));
    assertEquals(6, inner.calls());
    assertEquals(5, sleeper.sleeps().size());

    ScriptedClient three = new ScriptedClient().thenFail(errors);
    assertSame(
        errors[2],
        failureOf(
            new RetryingClient(three, RetryPolicy.defaults().withMaxAttempts(3), sleeper)
                .chat(REQUEST)));
    assertEquals(3, three.calls());
  }

  @Test
  public void aTimeoutIsRetried() throws Exception {
    ScriptedClient inner =
        new ScriptedClient()
            .thenFail(new LlmException.Timeout("anthropic", "no answer in time", null));
    RetryingClient client = new RetryingClient(inner, RetryPolicy.defaults(), sleeper);

    assertEquals("ok", client.chat(REQUEST).get(10, TimeUnit.SECONDS).text());
    assertEquals(2, inner.calls());
    assertEquals(1, sleeper.sleeps().size());
  }

  @Test
  public void aClientThatThrowsInsteadOfFailingItsFutureIsRetriedToo() throws Exception {
    int[] calls = {0};
    LlmClient throwing =
        request -> {
          if (calls[0]++ == 0) {
            throw new LlmException.Connection("anthropic", "reset", null);
          }
          return CompletableFuture.completedFuture(ScriptedClient.answer(request, "second"));
        };
    RetryingClient client = new RetryingClient(throwing, RetryPolicy.defaults(), sleeper);

    assertEquals("second", client.chat(REQUEST).get(10, TimeUnit.SECONDS).text());
    assertEquals(2, calls[0]);
  }

  @Test
  public void waitingHoldsNoThread() throws Exception {
    RecordingSleeper held = RecordingSleeper.holding();
    ScriptedClient inner = new ScriptedClient().thenFail(serverError(503, "busy"));
    RetryingClient client = new RetryingClient(inner, RetryPolicy.defaults(), held);

    CompletableFuture<ChatResponse> call = client.chat(REQUEST);
    // chat() returned while the retry is still waiting: nothing blocked the caller.
    assertFalse(call.isDone());
    assertEquals(1, inner.calls());

    held.wakeAll();
    assertEquals("ok", call.get(10, TimeUnit.SECONDS).text());
    assertEquals(2, inner.calls());
  }

  @Test
  public void closeClosesTheInnerClient() {
    ScriptedClient inner = new ScriptedClient();
    new RetryingClient(inner, RetryPolicy.defaults(), sleeper).close();
    assertTrue(inner.closed());
  }

  @Test
  public void theTransientStatusesAreExactlyTheDocumentedOnes() {
    RetryPolicy policy = RetryPolicy.defaults().withRandom(() -> 0.5);
    for (int status : new int[] {408, 409, 429, 500, 502, 503, 504, 529}) {
      LlmException error =
          ProviderErrors.fromReply("openai", new HttpReply(status, Map.of(), ""), List.of());
      assertTrue("HTTP " + status, policy.delayBefore(2, error).isPresent());
    }
    for (int status : new int[] {400, 401, 403, 404, 422, 501, 505}) {
      LlmException error =
          ProviderErrors.fromReply("openai", new HttpReply(status, Map.of(), ""), List.of());
      assertFalse("HTTP " + status, policy.delayBefore(2, error).isPresent());
    }
  }

  /**
   * The smallest real client: posts the prompt and maps error statuses like the provider clients.
   */
  private static final class PostingClient implements LlmClient {
    private final HttpTransport transport;
    private final String url;

    PostingClient(HttpTransport transport, String url) {
      this.transport = transport;
      this.url = url;
    }

    @Override
    public CompletableFuture<ChatResponse> chat(ChatRequest request) {
      return transport
          .postJson("fake", url, Map.of(), "{\"prompt\":\"hi\"}")
          .thenApply(
              reply -> {
                if (!reply.isSuccess()) {
                  throw ProviderErrors.fromReply("fake", reply, List.of());
                }
                return new ChatResponse(
                    request.modelId(),
                    reply.body(),
                    List.of(),
                    StopReason.END_TURN,
                    "stop",
                    Usage.NONE);
              });
    }
  }

  @Test
  public void endToEndOverHttpARetryAfterHeaderIsWaitedBeforeTheRetry() throws Exception {
    try (MockWebServer server = new MockWebServer();
        HttpTransport transport =
            HttpTransport.create(Duration.ofSeconds(5), Duration.ofSeconds(10), 2)) {
      server.enqueue(
          new MockResponse()
              .setResponseCode(429)
              .setHeader("Retry-After", "2")
              .setBody("{\"error\":\"rate limited\"}"));
      server.enqueue(new MockResponse().setResponseCode(200).setBody("generated"));
      server.start();
      RetryingClient client =
          new RetryingClient(
              new PostingClient(transport, server.url("/v1/chat").toString()),
              RetryPolicy.defaults(),
              sleeper);

      ChatResponse response = client.chat(REQUEST).get(30, TimeUnit.SECONDS);

      assertEquals("generated", response.text());
      assertEquals(2, server.getRequestCount());
      assertEquals(List.of(Duration.ofSeconds(2)), sleeper.sleeps());
    } catch (IOException e) {
      throw new AssertionError("the fake server failed", e);
    }
  }
}
