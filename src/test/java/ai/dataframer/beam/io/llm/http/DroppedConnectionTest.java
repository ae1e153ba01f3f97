package ai.dataframer.beam.io.llm.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

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
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * Connections dropped the ways a provider's front end drops them, over HTTP/2 and TLS as the hosted
 * providers speak (docs/ARCHITECTURE.md section 7, HTTP): each costs the Gemini client one retry on
 * a new connection, with the production call timeout of 10 minutes left in place. A call that hangs
 * fails on the rule's timeout instead of blocking the build.
 */
public class DroppedConnectionTest {
  private static final String MODEL = "gemini/gemini-3.1-pro-preview";
  private static final String ANSWER =
      "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"fine\"}]},"
          + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":5,"
          + "\"candidatesTokenCount\":1,\"totalTokenCount\":6}}";
  private static final Duration STALL = Duration.ofSeconds(1);
  private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

  /** The GET each new connection opens with ({@link StreamGate}): the server counts it a probe. */
  private static final int WARM_UP = 1;

  /** Room for the retry's back-off, a new TLS connection and a busy two-core machine. */
  private static final Duration MARGIN = Duration.ofSeconds(3);

  @Rule public final Timeout hang = Timeout.seconds(60);

  private H2FaultServer server;
  private HttpTransport transport;
  private LlmClient client;

  @Before
  public void setUp() throws Exception {
    server = new H2FaultServer().answerWith(ANSWER);
    transport =
        HttpTransport.createTrusting(
            new HttpTransport.Timeouts(
                Duration.ofSeconds(5),
                Duration.ofMinutes(10),
                STALL,
                PROBE_INTERVAL,
                PROBE_TIMEOUT),
            2,
            server.clientTls());
    RetryPolicy quickRetries =
        RetryPolicy.defaults()
            .withBaseDelay(Duration.ofMillis(10))
            .withMaxDelay(Duration.ofMillis(10));
    client =
        RetryingClient.wrap(
            new GeminiClient(
                transport, new ProviderEndpoint(server.baseUrl(), Secret.of("fake-gem-key"))),
            quickRetries);
  }

  @After
  public void tearDown() throws Exception {
    transport.close();
    server.close();
  }

  private CompletableFuture<ChatResponse> ask() {
    return client.chat(ChatRequest.builder(MODEL).user("hello").build());
  }

  /** A call sent once the server has read {@code requests} requests: after a fault has struck. */
  private CompletableFuture<ChatResponse> askOnceTheServerHas(int requests) throws Exception {
    while (server.requests() < requests) {
      Thread.sleep(10);
    }
    return ask();
  }

  /** The call after a warm-up (so the drop hits a connection in use), faulted once, then fine. */
  private void costsOneRetry(Fault fault) throws Exception {
    assertEquals("fine", ask().get().text());
    server.script(fault);
    assertEquals("fine", ask().get().text());
    assertEquals("warm-up, dropped call, its retry", 3, server.requests());
  }

  @Test
  public void goAwayThenCloseCostsOneRetry() throws Exception {
    costsOneRetry(Fault.GOAWAY_AND_CLOSE);
  }

  @Test
  public void goAwayOverAnOpenSocketCostsOneRetry() throws Exception {
    costsOneRetry(Fault.GOAWAY_THEN_SILENCE);
  }

  @Test
  public void streamResetBeforeTheAnswerCostsOneRetry() throws Exception {
    costsOneRetry(Fault.RESET_STREAM);
  }

  @Test
  public void streamResetInTheBodyCostsOneRetry() throws Exception {
    costsOneRetry(Fault.RESET_STREAM_MID_BODY);
  }

  @Test
  public void closeInTheBodyCostsOneRetry() throws Exception {
    costsOneRetry(Fault.CLOSE_MID_BODY);
  }

  @Test
  public void tcpResetInTheBodyCostsOneRetry() throws Exception {
    costsOneRetry(Fault.ABORT_MID_BODY);
  }

  @Test
  public void tlsCloseOverAnOpenSocketCostsOneRetryOnANewConnection() throws Exception {
    // The JDK client neither fails the stream nor drops the connection: before the watchdog it
    // waited for the body forever (its request timeout ends at the headers), and sent the next
    // call on the same dead connection.
    costsOneRetry(Fault.TLS_CLOSE_MID_BODY_SOCKET_OPEN);
    assertEquals(2, server.connections());
  }

  @Test
  public void silenceInTheBodyCostsOneRetryOnANewConnection() throws Exception {
    costsOneRetry(Fault.SILENCE_MID_BODY);
    assertEquals(2, server.connections());
  }

  @Test
  public void callsWaitingOnAConnectionFoundDeadAreRetriedOnANewOne() throws Exception {
    assertEquals("fine", ask().get().text());
    // The first call waits for its answer; the second's body stalls on the same connection, which
    // shows it dead: the first would otherwise wait out its 10 minutes there.
    server.script(Fault.SILENCE, Fault.SILENCE_MID_BODY);
    CompletableFuture<ChatResponse> waiting = ask();
    CompletableFuture<ChatResponse> stalled = askOnceTheServerHas(2);
    assertEquals("fine", stalled.get().text());
    assertEquals("fine", waiting.get().text());
    assertEquals(5, server.requests());
    // New connections for the retries (the JDK may open one per call racing to a new server).
    assertThat(server.connections(), greaterThanOrEqualTo(2));
  }

  @Test
  public void aModelThinkingLongerThanTheStallTimeoutAndProbeIntervalIsProbedNotCut()
      throws Exception {
    server.script(Fault.SLOW_ANSWER);
    assertEquals("fine", ask().get().text());
    assertEquals(1, server.requests());
    // The probes went down the call's own connection (no second one opened), at most one per
    // interval of silence.
    assertEquals(1, server.connections());
    long intervals = H2FaultServer.SLOW_ANSWER.toMillis() / PROBE_INTERVAL.toMillis();
    assertThat(server.probes() - WARM_UP, greaterThanOrEqualTo(1));
    assertThat((long) server.probes() - WARM_UP, lessThanOrEqualTo(intervals));
  }

  @Test
  public void aStalledAnswerFailsAsARetryableConnectionErrorNamingTheHost() throws Exception {
    server.script(Fault.SILENCE_MID_BODY);
    ExecutionException failure =
        assertThrows(
            ExecutionException.class,
            () ->
                transport
                    .postJson("gemini", server.baseUrl() + "/x", Map.of(), "{}")
                    .get(30, TimeUnit.SECONDS));
    assertThat(failure.getCause(), instanceOf(LlmException.Connection.class));
    assertThat(failure.getCause().getMessage(), containsString("localhost stalled"));
    assertEquals(true, ((LlmException) failure.getCause()).isTransient());
  }

  @Test
  public void aConnectionThatDiesSilentlyBeforeTheHeadersCostsOneRetryAfterTheProbe()
      throws Exception {
    assertEquals("fine", ask().get().text());
    server.script(Fault.DIE_SILENTLY);
    long start = System.nanoTime();
    assertEquals("fine", ask().get().text());
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    // Not before the probe interval and the probe's timeout, and not the 10-minute call timeout.
    assertThat(took, greaterThanOrEqualTo(PROBE_INTERVAL.plus(PROBE_TIMEOUT)));
    assertThat(took, lessThan(PROBE_INTERVAL.plus(PROBE_TIMEOUT).plus(MARGIN)));
    assertEquals("warm-up, dropped call, its retry", 3, server.requests());
    assertEquals(2, server.connections());
  }

  @Test
  public void everyCallWaitingOnASilentlyDeadConnectionIsRetriedOnANewOne() throws Exception {
    assertEquals("fine", ask().get().text());
    server.script(Fault.DIE_SILENTLY);
    long start = System.nanoTime();
    CompletableFuture<ChatResponse> first = ask();
    // Sent down the connection after it died: never read, so never counted by the server.
    CompletableFuture<ChatResponse> second = askOnceTheServerHas(2);
    assertEquals("fine", first.get().text());
    assertEquals("fine", second.get().text());
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took, lessThan(PROBE_INTERVAL.plus(PROBE_TIMEOUT).plus(MARGIN)));
    assertEquals("warm-up, the call that died, two retries", 4, server.requests());
    assertThat(server.connections(), greaterThanOrEqualTo(2));
  }

  @Test
  public void aConnectionAtItsStreamLimitIsNotProbedAndNotCut() throws Exception {
    // JDK 17 fails a request over the server's stream limit at once ("too many concurrent
    // streams") instead of opening a second connection: the probe cannot go, which proves nothing,
    // so the call waits on as it did before probes. StreamGate keeps a stream free for the probe
    // only where the limit is 2 or more (StreamLimitTest); a limit of 1 leaves none.
    server.limitStreams(1).script(Fault.SLOW_ANSWER);
    assertEquals("fine", ask().get().text());
    assertEquals(1, server.requests());
    assertEquals(WARM_UP, server.probes());
    assertEquals(1, server.connections());
  }

  @Test
  public void aSilentlyDeadConnectionFailsAsARetryableConnectionErrorWithoutTheKey()
      throws Exception {
    String key = "secret-gem-key";
    Map<String, String> headers = Map.of("x-goog-api-key", key);
    String url = server.baseUrl() + "/x";
    transport.postJson("gemini", url, headers, "{}").get(30, TimeUnit.SECONDS);
    server.script(Fault.DIE_SILENTLY);
    ExecutionException failure =
        assertThrows(
            ExecutionException.class,
            () -> transport.postJson("gemini", url, headers, "{}").get(30, TimeUnit.SECONDS));
    assertThat(failure.getCause(), instanceOf(LlmException.Connection.class));
    assertThat(failure.getCause().getMessage(), containsString("localhost went silent"));
    assertThat(failure.getCause().getMessage(), not(containsString(key)));
    assertEquals(true, ((LlmException) failure.getCause()).isTransient());
    // The probe carries none of the caller's headers: no key goes to the root URL.
    assertEquals(
        Map.of(),
        ConnectionProbe.request(URI.create(server.baseUrl() + "/"), PROBE_TIMEOUT).headers().map());
  }

  @Test
  public void callsWaitingOnALiveConnectionCostLittleCpuWithProbesGoing() throws Exception {
    assertEquals("fine", ask().get().text());
    int calls = 64;
    for (int i = 0; i < calls; i++) {
      server.script(Fault.SILENCE);
    }
    List<CompletableFuture<ChatResponse>> waiting = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      waiting.add(ask());
    }
    while (server.requests() < calls + 1) {
      Thread.sleep(10);
    }
    Duration window = PROBE_INTERVAL.multipliedBy(4);
    int probesBefore = server.probes();
    double percent = JavaThreadsCpu.percentOfACoreOver(window);
    assertThat("probes went", server.probes() - probesBefore, greaterThanOrEqualTo(2));
    assertThat("% of a core, Java threads, while calls wait", percent, lessThan(5.0));
    assertEquals("no call was cut", 0, waiting.stream().filter(CompletableFuture::isDone).count());
    waiting.forEach(call -> call.cancel(true));
  }
}
