package ai.dataframer.beam.io.llm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertEquals;

import ai.dataframer.beam.core.llm.AdaptiveLimit;
import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.LlmClient;
import ai.dataframer.beam.core.llm.ModelRoute;
import ai.dataframer.beam.core.llm.UsageLedger;
import ai.dataframer.beam.io.llm.http.HttpTransport;
import ai.dataframer.beam.testing.FakeProviderServer;
import ai.dataframer.beam.testing.FakeReply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Hundreds of calls in flight from one client on a few threads, and the adaptive limit reacting to
 * 429s, against the fake provider with a fixed latency. Asserted on counts, not timings.
 */
public class ConcurrencyTest {
  private static final int CALLS = 300;
  private static final int TRANSPORT_THREADS = 8;

  private FakeProviderServer fake;
  private HttpTransport transport;

  @Before
  public void start() throws Exception {
    fake = new FakeProviderServer().withLatency(Duration.ofMillis(200)).start();
    transport =
        HttpTransport.create(Duration.ofSeconds(5), Duration.ofSeconds(30), TRANSPORT_THREADS);
  }

  @After
  public void stop() throws Exception {
    transport.close();
    fake.close();
  }

  private LlmSettings settings(int initialConcurrency, int maxConcurrency, int attempts) {
    return LlmSettings.fromEnvironment(Map.of("OPENAI_COMPATIBLE_BASE_URL", fake.openAiBaseUrl()))
        .withConcurrency(initialConcurrency, maxConcurrency)
        .withMaxAttempts(attempts);
  }

  private static ChatRequest request(String model, int i) {
    return ChatRequest.builder(model).user("call " + i).maxOutputTokens(50).build();
  }

  /** Threads of this JVM that are not the fake server's: what the client side runs on. */
  private static Set<String> clientThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .map(Thread::getName)
        .filter(name -> !name.startsWith("MockWebServer") && !name.startsWith("OkHttp"))
        .collect(Collectors.toSet());
  }

  @Test
  public void twoHundredFiftyCallsInFlightOnAtMostSixteenThreads() {
    Set<String> before = clientThreads();
    LlmClient client = LlmClients.create(settings(CALLS, 512, 1), transport, new UsageLedger());
    // A first wave warms the JIT and opens the connections, as a worker past its first bundle is.
    wave(client, 0);
    fake.resetMaxInFlight();

    Set<String> during = wave(client, CALLS);
    Set<String> after = clientThreads();

    assertThat("calls the server saw at once", fake.maxInFlight(), greaterThanOrEqualTo(250));
    Set<String> started = new java.util.HashSet<>(during);
    started.addAll(after);
    started.removeAll(before);
    assertThat("threads the client started: " + started, started.size(), lessThanOrEqualTo(16));
    assertEquals(2 * CALLS, fake.callCount());
  }

  /** Starts {@link #CALLS} calls at once and waits for all; returns the threads seen meanwhile. */
  private static Set<String> wave(LlmClient client, int first) {
    List<CompletableFuture<?>> calls = new ArrayList<>();
    for (int i = first; i < first + CALLS; i++) {
      calls.add(client.chat(request("openai-compatible/concurrency-model", i)));
    }
    Set<String> during = clientThreads();
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
    return during;
  }

  @Test
  public void rateLimitsLowerTheLimitAndSuccessesRaiseItAgain() {
    String model = "openai-compatible/adaptive-model";
    LlmClient client = LlmClients.create(settings(32, 64, 1), transport, new UsageLedger());
    AdaptiveLimit limit = LimitingClient.sharedLimit(ModelRoute.of(model));
    // Warm the limit so it exists with the settings above, then note where it starts.
    client.chat(request(model, -1)).join();
    int start = limit.limit();

    for (int round = 0; round < 3; round++) {
      fake.thenFail(FakeReply.Error.rateLimited(1));
      client.chat(request(model, round)).handle((response, error) -> null).join();
    }
    int afterRateLimits = limit.limit();
    assertThat("three 429s, one at a time, cut the limit", afterRateLimits, lessThan(start));

    int successes = 0;
    while (limit.limit() <= afterRateLimits && successes < 10_000) {
      List<CompletableFuture<?>> wave = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        wave.add(client.chat(request(model, successes + i)));
      }
      CompletableFuture.allOf(wave.toArray(CompletableFuture[]::new)).join();
      successes += wave.size();
    }
    assertThat(
        "a run of successes raises the limit again", limit.limit(), greaterThan(afterRateLimits));
    assertEquals(3, fake.faultsServed());
  }
}
