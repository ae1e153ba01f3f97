package ai.dataframer.beam.io.llm.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.LlmClient;
import ai.dataframer.beam.core.llm.LlmException;
import ai.dataframer.beam.core.llm.RetryPolicy;
import ai.dataframer.beam.core.llm.Secret;
import ai.dataframer.beam.io.llm.RetryingClient;
import ai.dataframer.beam.io.llm.gemini.GeminiClient;
import ai.dataframer.beam.testing.H2FaultServer;
import ai.dataframer.beam.testing.H2FaultServer.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * More calls than the server's SETTINGS_MAX_CONCURRENT_STREAMS over HTTP/2 (docs/ARCHITECTURE.md
 * section 7, HTTP): JDK 17 fails each call over the limit at once ("too many concurrent streams")
 * instead of queuing it or opening a second connection; the transport spreads them over more
 * connections and queues the rest, so every call is sent once and succeeds.
 */
public class StreamLimitTest {
  private static final int LIMIT = 10;
  private static final int CALLS = 4 * LIMIT;
  private static final Duration LATENCY = Duration.ofMillis(300);

  /** Room for TLS handshakes and a busy two-core machine. */
  private static final Duration MARGIN = Duration.ofMillis(1500);

  @Rule public final Timeout hang = Timeout.seconds(60);

  private final H2FaultServer server;
  private HttpTransport transport;

  public StreamLimitTest() throws Exception {
    server = new H2FaultServer().answerWith("{\"ok\":true}").limitStreams(LIMIT);
  }

  @After
  public void tearDown() throws Exception {
    if (transport != null) {
      transport.close();
    }
    server.close();
  }

  private HttpTransport transport(Duration callTimeout) {
    return transport(callTimeout, Duration.ofSeconds(30));
  }

  /** The transport under test; the probe's interval and timeout are both {@code probe}. */
  private HttpTransport transport(Duration callTimeout, Duration probe) {
    transport =
        HttpTransport.createTrusting(
            new HttpTransport.Timeouts(
                Duration.ofSeconds(5), callTimeout, Duration.ofSeconds(15), probe, probe),
            2,
            server.clientTls());
    return transport;
  }

  private CompletableFuture<HttpReply> call() {
    return transport.postJson("gemini", server.baseUrl() + "/x", Map.of(), "{}");
  }

  private List<CompletableFuture<HttpReply>> calls(int count) {
    List<CompletableFuture<HttpReply>> calls = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      calls.add(call());
    }
    return calls;
  }

  private static void allAnswered(List<CompletableFuture<HttpReply>> calls) throws Exception {
    for (CompletableFuture<HttpReply> call : calls) {
      assertEquals(200, call.get(30, TimeUnit.SECONDS).status());
    }
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  @Test
  public void withoutTheGateCallsOverTheLimitFailAtOnce() throws Exception {
    // The defect itself: JDK 17 refuses what the connection cannot take instead of queuing it.
    transport(Duration.ofMinutes(10)).withoutStreamGate();
    // A connection first: calls racing to a client with none would each open their own.
    assertEquals(200, call().get(30, TimeUnit.SECONDS).status());
    server.answerAfter(LATENCY);
    List<CompletableFuture<HttpReply>> calls = calls(CALLS);
    int refused = 0;
    for (CompletableFuture<HttpReply> call : calls) {
      try {
        call.get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        assertThat(e.getCause(), instanceOf(LlmException.Connection.class));
        assertTrue(StreamGate.refusedForStreamLimit(e.getCause().getCause()));
        refused++;
      }
    }
    assertEquals("the connection took its limit, refused the rest", CALLS - LIMIT, refused);
    assertEquals(1 + CALLS - refused, server.requests());
  }

  @Test
  public void moreCallsThanTheStreamLimitAllSucceedEachSentOnce() throws Exception {
    transport(Duration.ofMinutes(10));
    server.answerAfter(LATENCY);
    long start = System.nanoTime();
    allAnswered(calls(CALLS));
    Duration took = since(start);
    assertEquals("one request per call, none refused and sent again", CALLS, server.requests());
    assertThat(server.mostStreamsOpenOnAConnection(), lessThanOrEqualTo(LIMIT));
    // Spread over several connections: better than ceil(N / limit) latencies on one.
    assertThat(server.connections(), greaterThan(1));
    assertThat(took, lessThan(LATENCY.multipliedBy(CALLS / LIMIT).plus(MARGIN)));
  }

  @Test
  public void aProviderClientWithoutRetriesGetsEveryAnswer() throws Exception {
    // One attempt each: a refusal reaching the client would fail the call outright.
    server.answerWith(
        "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"fine\"}]},"
            + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":5,"
            + "\"candidatesTokenCount\":1,\"totalTokenCount\":6}}");
    server.answerAfter(LATENCY);
    LlmClient gemini =
        RetryingClient.wrap(
            new GeminiClient(
                transport(Duration.ofMinutes(10)),
                new ProviderEndpoint(server.baseUrl(), Secret.of("fake-gem-key"))),
            RetryPolicy.defaults().withMaxAttempts(1));
    List<CompletableFuture<ChatResponse>> answers = new ArrayList<>();
    for (int i = 0; i < CALLS; i++) {
      answers.add(
          gemini.chat(ChatRequest.builder("gemini/gemini-3.1-pro-preview").user("hi").build()));
    }
    for (CompletableFuture<ChatResponse> answer : answers) {
      assertEquals("fine", answer.get(30, TimeUnit.SECONDS).text());
    }
    assertEquals(CALLS, server.requests());
  }

  @Test
  public void overOneConnectionCallsQueueForAFreeStream() throws Exception {
    transport(Duration.ofMinutes(10)).withConnectionsPerOrigin(1);
    server.answerAfter(LATENCY);
    long start = System.nanoTime();
    allAnswered(calls(CALLS));
    Duration took = since(start);
    assertEquals(CALLS, server.requests());
    assertEquals(1, server.connections());
    assertThat(server.mostStreamsOpenOnAConnection(), lessThanOrEqualTo(LIMIT));
    // One stream is kept for the probe once the limit is known: ceil(N / (limit - 1)) rounds.
    int rounds = (CALLS + LIMIT - 2) / (LIMIT - 1);
    assertThat(took, greaterThanOrEqualTo(LATENCY.multipliedBy(CALLS / LIMIT)));
    assertThat(took, lessThan(LATENCY.multipliedBy(rounds).plus(MARGIN)));
  }

  /** A round of calls that teaches the transport the connection's limit, then silent calls. */
  private List<CompletableFuture<HttpReply>> silentCallsOnAKnownConnection() throws Exception {
    server.answerAfter(Duration.ofMillis(100));
    allAnswered(calls(2 * LIMIT));
    for (int i = 0; i < CALLS; i++) {
      server.script(Fault.SILENCE);
    }
    List<CompletableFuture<HttpReply>> calls = calls(CALLS);
    // One stream is kept for the probe: the limit less one go out, the rest wait.
    while (server.requests() < 2 * LIMIT + LIMIT - 1) {
      Thread.sleep(10);
    }
    Thread.sleep(200);
    assertEquals(2 * LIMIT + LIMIT - 1, server.requests());
    return calls;
  }

  @Test
  public void callsWaitingForAStreamCostLittleCpu() throws Exception {
    transport(Duration.ofMinutes(10)).withConnectionsPerOrigin(1);
    List<CompletableFuture<HttpReply>> calls = silentCallsOnAKnownConnection();
    double percent = JavaThreadsCpu.percentOfACoreOver(Duration.ofSeconds(2));
    assertThat("% of a core, Java threads, while calls queue", percent, lessThan(5.0));
    assertEquals("the queued calls were not sent", 2 * LIMIT + LIMIT - 1, server.requests());
    calls.forEach(call -> call.cancel(true));
  }

  @Test
  public void aCallWaitingForAStreamTimesOutOnItsOwnTimeout() throws Exception {
    transport(Duration.ofSeconds(1)).withConnectionsPerOrigin(1);
    for (int i = 0; i < CALLS; i++) {
      server.script(Fault.SILENCE);
    }
    long start = System.nanoTime();
    List<CompletableFuture<HttpReply>> calls = calls(CALLS);
    for (CompletableFuture<HttpReply> call : calls) {
      ExecutionException failure =
          assertThrows(ExecutionException.class, () -> call.get(30, TimeUnit.SECONDS));
      assertThat(failure.getCause(), instanceOf(LlmException.Timeout.class));
    }
    Duration took = since(start);
    assertThat(took, greaterThanOrEqualTo(Duration.ofSeconds(1)));
    assertThat(took, lessThan(Duration.ofSeconds(1).plus(MARGIN)));
    // Most waiting calls never went out: a stream freed by a timeout is no use to a call whose
    // own time is up too.
    assertThat(server.requests(), lessThan(CALLS));
  }

  @Test
  public void aCancelledWaitingCallIsNeverSentAndClosingFailsTheRest() throws Exception {
    transport(Duration.ofMinutes(10)).withConnectionsPerOrigin(1);
    List<CompletableFuture<HttpReply>> calls = silentCallsOnAKnownConnection();
    int sent = server.requests();
    // The calls go out in order: the first LIMIT - 1 are on the connection, the others wait.
    calls.get(LIMIT - 1).cancel(true);
    calls.get(0).cancel(true);
    while (server.requests() < sent + 1) {
      Thread.sleep(10);
    }
    Thread.sleep(200);
    assertEquals(
        "the stream freed went to the next waiting call only", sent + 1, server.requests());
    transport.close();
    for (CompletableFuture<HttpReply> call : calls.subList(1, CALLS)) {
      if (call.isCancelled()) {
        continue;
      }
      ExecutionException failure =
          assertThrows(ExecutionException.class, () -> call.get(5, TimeUnit.SECONDS));
      assertThat(failure.getCause(), instanceOf(LlmException.Connection.class));
      assertThat(failure.getCause().getMessage(), containsString("transport was closed"));
    }
  }

  @Test
  public void aFullConnectionKeepsAStreamForItsProbe() throws Exception {
    transport(Duration.ofMinutes(10), Duration.ofSeconds(1)).withConnectionsPerOrigin(1);
    List<CompletableFuture<HttpReply>> calls = silentCallsOnAKnownConnection();
    int probesBefore = server.probes();
    Thread.sleep(2500);
    assertThat(
        "probes went on the full connection",
        server.probes() - probesBefore,
        greaterThanOrEqualTo(1));
    assertEquals("no call was cut", 0, calls.stream().filter(CompletableFuture::isDone).count());
    calls.forEach(call -> call.cancel(true));
  }
}
