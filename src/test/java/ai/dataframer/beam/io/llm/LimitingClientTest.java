package ai.dataframer.beam.io.llm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.llm.AdaptiveLimit;
import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.LlmClient;
import ai.dataframer.beam.core.llm.LlmException;
import ai.dataframer.beam.core.llm.ModelRoute;
import ai.dataframer.beam.core.llm.RateLimits;
import ai.dataframer.beam.core.llm.StopReason;
import ai.dataframer.beam.core.llm.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

public class LimitingClientTest {
  private static final ChatRequest REQUEST =
      ChatRequest.builder("openai/gpt-5.4").user("Write one order.").maxOutputTokens(100).build();

  /** A model whose calls stay open until the test ends them. */
  private static final class PendingClient implements LlmClient {
    final List<CompletableFuture<ChatResponse>> calls = new ArrayList<>();

    @Override
    public synchronized CompletableFuture<ChatResponse> chat(ChatRequest request) {
      CompletableFuture<ChatResponse> call = new CompletableFuture<>();
      calls.add(call);
      return call;
    }

    void answer(int call, long inputTokens, long outputTokens) {
      calls
          .get(call)
          .complete(
              new ChatResponse(
                  "openai/gpt-5.4",
                  "ok",
                  List.of(),
                  StopReason.END_TURN,
                  "stop",
                  new Usage(inputTokens, outputTokens, 0, 0, 0)));
    }

    void fail(int call, Throwable error) {
      calls.get(call).completeExceptionally(error);
    }
  }

  private final PendingClient inner = new PendingClient();
  private final RecordingSleeper sleeper = RecordingSleeper.holding();

  private LimitingClient client(AdaptiveLimit limit, RateLimits rateLimits) {
    return new LimitingClient(
        inner, route -> limit, route -> Optional.ofNullable(rateLimits), sleeper);
  }

  @Test
  public void callsBeyondTheLimitWaitForOneToEnd() {
    AdaptiveLimit limit = new AdaptiveLimit(2, 1, 10);
    LimitingClient client = client(limit, null);
    CompletableFuture<ChatResponse> first = client.chat(REQUEST);
    client.chat(REQUEST);
    CompletableFuture<ChatResponse> third = client.chat(REQUEST);
    assertEquals(2, inner.calls.size());
    assertEquals(2, limit.inFlight());
    assertEquals(1, limit.waiting());

    inner.answer(0, 10, 5);
    assertTrue(first.isDone());
    assertEquals(3, inner.calls.size());
    assertFalse(third.isDone());
    inner.answer(1, 10, 5);
    inner.answer(2, 10, 5);
    assertTrue(third.isDone());
    assertEquals(0, limit.inFlight());
  }

  @Test
  public void rateLimitedAnswersShrinkTheLimitAndSuccessesGrowItBack() {
    AdaptiveLimit limit = new AdaptiveLimit(4, 1, 4);
    LimitingClient client = client(limit, null);
    CompletableFuture<ChatResponse> refused = client.chat(REQUEST);
    inner.fail(0, new LlmException.RateLimited("openai", 429, "", Duration.ofSeconds(1)));
    assertThat(
        assertThrows(ExecutionException.class, refused::get).getCause(),
        instanceOf(LlmException.RateLimited.class));
    assertEquals(2, limit.limit());

    for (int i = 1; i <= 2; i++) {
      client.chat(REQUEST);
      inner.answer(i, 10, 5);
    }
    assertEquals(3, limit.limit());
    assertEquals(0, limit.inFlight());
  }

  @Test
  public void otherFailuresReleaseThePermitWithoutChangingTheLimit() {
    AdaptiveLimit limit = new AdaptiveLimit(4, 1, 8);
    LimitingClient client = client(limit, null);
    client.chat(REQUEST);
    inner.fail(0, new LlmException.ServerError("openai", 500, "", true, null));
    assertEquals(4, limit.limit());
    assertEquals(0, limit.inFlight());
  }

  @Test
  public void aClientThatThrowsStillGivesItsPermitBack() {
    AdaptiveLimit limit = new AdaptiveLimit(1, 1, 8);
    LlmClient throwing =
        request -> {
          throw new IllegalStateException("broken client");
        };
    LimitingClient client =
        new LimitingClient(throwing, route -> limit, route -> Optional.empty(), sleeper);
    assertThrows(ExecutionException.class, () -> client.chat(REQUEST).get());
    assertThrows(ExecutionException.class, () -> client.chat(REQUEST).get());
    assertEquals(0, limit.inFlight());
  }

  @Test
  public void aCallOverTheRateLimitWaitsItsTurnBeforeGoingOut() {
    AtomicLong nanos = new AtomicLong();
    RateLimits perMinute = RateLimits.of(1, 0, nanos::get);
    LimitingClient client = client(new AdaptiveLimit(8, 1, 8), perMinute);

    client.chat(REQUEST);
    assertEquals(1, inner.calls.size());
    assertEquals(List.of(), sleeper.sleeps());

    CompletableFuture<ChatResponse> second = client.chat(REQUEST);
    assertEquals(List.of(Duration.ofMinutes(1)), sleeper.sleeps());
    assertEquals("waits before the call", 1, inner.calls.size());
    sleeper.wakeAll();
    assertEquals(2, inner.calls.size());
    inner.answer(1, 10, 5);
    assertTrue(second.isDone());
  }

  @Test
  public void tokenReservationsAreSettledWithTheRealUsage() {
    AtomicLong nanos = new AtomicLong();
    // Each request is estimated at 4 + 100 tokens; the budget is 300 a minute.
    RateLimits tokens = RateLimits.of(0, 300, nanos::get);
    assertEquals(104, RateLimits.estimateTokens(REQUEST));
    LimitingClient client = client(new AdaptiveLimit(8, 1, 8), tokens);

    client.chat(REQUEST);
    client.chat(REQUEST);
    inner.answer(0, 4, 6);
    inner.answer(1, 4, 6);
    // 20 tokens used of 300: two more estimated calls fit without waiting.
    client.chat(REQUEST);
    client.chat(REQUEST);
    assertEquals(List.of(), sleeper.sleeps());
    assertEquals(4, inner.calls.size());
  }

  @Test
  public void sharedClientsDrawOnOneLimitPerProviderAndApiModel() {
    AdaptiveLimit haiku = LimitingClient.sharedLimit(ModelRoute.of("anthropic/claude-haiku-4-5"));
    assertSame(
        haiku, LimitingClient.sharedLimit(ModelRoute.of("anthropic/claude-haiku-4-5-thinking")));
    assertNotSame(haiku, LimitingClient.sharedLimit(ModelRoute.of("anthropic/claude-sonnet-4-6")));
    assertNotSame(
        haiku, LimitingClient.sharedLimit(ModelRoute.of("databricks/databricks-claude-haiku-4-5")));

    ChatRequest selfHosted =
        ChatRequest.builder("openai-compatible/limiting-client-test").user("hi").build();
    AdaptiveLimit shared = LimitingClient.sharedLimit(ModelRoute.of(selfHosted.modelId()));
    PendingClient first = new PendingClient();
    PendingClient second = new PendingClient();
    LimitingClient.shared(first, LimitingClient.Settings.DEFAULTS).chat(selfHosted);
    LimitingClient.shared(second, LimitingClient.Settings.DEFAULTS).chat(selfHosted);
    assertEquals(2, shared.inFlight());
    first.calls.get(0).completeExceptionally(new LlmException.Timeout("x", "slow", null));
    second.calls.get(0).completeExceptionally(new LlmException.Timeout("x", "slow", null));
    assertEquals(0, shared.inFlight());
  }

  @Test
  public void aModelWithoutARouteFailsWithoutACall() {
    LimitingClient client = client(new AdaptiveLimit(1, 1, 1), null);
    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () -> client.chat(ChatRequest.builder("embedded").user("hi").build()).get());
    assertThat(e.getCause(), instanceOf(IllegalArgumentException.class));
    assertEquals(0, inner.calls.size());
  }

  @Test
  public void badSettingsFailWhereTheyAreMade() {
    assertThrows(IllegalArgumentException.class, () -> new LimitingClient.Settings(0, 1, 10, 0, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> LimitingClient.Settings.DEFAULTS.withRateLimits(-1, 0));
  }
}
