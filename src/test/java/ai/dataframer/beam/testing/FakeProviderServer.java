package ai.dataframer.beam.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;

/**
 * A fake model provider on loopback that speaks the Anthropic, OpenAI (and Together, and any
 * OpenAI-compatible server), Gemini and Databricks wire formats, Databricks' OAuth token endpoint
 * included. Each call is parsed into a {@link FakeCall}, answered by a scripted responder (a test
 * playing the model), after a configurable latency, unless a fault is due: scripted faults first,
 * then random ones at configured rates from a seeded generator.
 *
 * <p>Runs standalone for benchmarks: {@code FakeProviderServer [port] [latencyMs]} prints its base
 * URLs and answers until killed.
 */
public final class FakeProviderServer implements AutoCloseable {
  private static final Pattern GEMINI_PATH =
      Pattern.compile("/v1beta/models/([^/:]+):generateContent");
  private static final Pattern DATABRICKS_PATH =
      Pattern.compile("/serving-endpoints/([^/]+)/invocations");

  private final MockWebServer server = new MockWebServer();
  private volatile Function<FakeCall, FakeReply> responder =
      call -> FakeReply.text("fake answer to: " + abbreviate(call.lastUserText()));
  private volatile Duration latency = Duration.ZERO;
  private final Deque<FakeReply> scriptedFaults = new ArrayDeque<>();
  private final Map<Integer, Double> faultRates = new ConcurrentHashMap<>();
  private volatile double hangRate;
  private volatile double malformedRate;
  private final Random faultRandom = new Random(7);
  private final Map<FakeWire, String> expectedKeys = new EnumMap<>(FakeWire.class);
  private volatile String databricksClientId;
  private volatile String databricksClientSecret;
  private volatile long tokenLifetimeSeconds = 3600;
  private final Set<String> issuedTokens = ConcurrentHashMap.newKeySet();
  private final FakeBatchApis batches = new FakeBatchApis(this);
  private final FakeGeminiBatchApi geminiBatches = new FakeGeminiBatchApi(this, batches);
  private final FakeTogetherBatchApi togetherBatches = new FakeTogetherBatchApi(this, batches);

  private final List<FakeCall> calls = new CopyOnWriteArrayList<>();
  private final AtomicInteger callNumbers = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicLong tokenRequests = new AtomicLong();
  private final AtomicLong faultsServed = new AtomicLong();
  private final AtomicLong firstCallMillis = new AtomicLong();
  private final AtomicInteger callsAtReset = new AtomicInteger();
  private final AtomicLong lastAnswerMillis = new AtomicLong();

  /** When each call was answered (the first MAX_TIMED_ANSWERS), for a benchmark's steady state. */
  private static final int MAX_TIMED_ANSWERS = 100_000;

  private final long[] answerMillis = new long[MAX_TIMED_ANSWERS];

  /** When the call answered in the same slot of {@link #answerMillis} came in. */
  private final long[] callMillis = new long[MAX_TIMED_ANSWERS];

  private final AtomicInteger timedAnswers = new AtomicInteger();
  private volatile boolean recordCalls = true;
  private volatile boolean echoCredentials;

  /**
   * MockWebServer listens with a backlog of 50, so a burst of hundreds of new connections (a client
   * opening one per call in flight) is partly reset; the fake listens with a real server's backlog.
   */
  private static final int LISTEN_BACKLOG = 4096;

  public FakeProviderServer() {
    server.setServerSocketFactory(new RealServerSockets());
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return serve(request);
          }
        });
  }

  /** Starts on a free loopback port. */
  public FakeProviderServer start() throws IOException {
    return start(0);
  }

  public FakeProviderServer start(int port) throws IOException {
    server.start(java.net.InetAddress.getLoopbackAddress(), port);
    return this;
  }

  /** Who plays the model; the default answers every call with a short text. */
  public FakeProviderServer respondWith(Function<FakeCall, FakeReply> responder) {
    this.responder = responder;
    return this;
  }

  /** How long every call takes before it is answered. */
  public FakeProviderServer withLatency(Duration latency) {
    this.latency = latency;
    return this;
  }

  /** The next calls get these answers instead of the responder's, in order. */
  public synchronized FakeProviderServer thenFail(FakeReply... faults) {
    scriptedFaults.addAll(List.of(faults));
    return this;
  }

  /** Answers this share of calls with {@code status} (429s ask to wait 1 s), at random. */
  public FakeProviderServer failingAtRate(int status, double rate) {
    faultRates.put(status, rate);
    return this;
  }

  /** Leaves this share of calls unanswered, so clients time out. */
  public FakeProviderServer hangingAtRate(double rate) {
    this.hangRate = rate;
    return this;
  }

  public FakeProviderServer malformedAtRate(double rate) {
    this.malformedRate = rate;
    return this;
  }

  /** Calls in this wire format must carry {@code key}; others get a 401. */
  public FakeProviderServer requireKey(FakeWire wire, String key) {
    expectedKeys.put(wire, key);
    return this;
  }

  /** The Databricks service principal the token endpoint accepts. */
  public FakeProviderServer withDatabricksPrincipal(String clientId, String clientSecret) {
    this.databricksClientId = clientId;
    this.databricksClientSecret = clientSecret;
    return this;
  }

  public FakeProviderServer withTokenLifetime(Duration lifetime) {
    this.tokenLifetimeSeconds = lifetime.toSeconds();
    return this;
  }

  /**
   * Error bodies quote the credentials the call carried, as careless servers and proxies do: a
   * client must scrub them from every excerpt it keeps.
   */
  public FakeProviderServer echoingCredentials() {
    this.echoCredentials = true;
    return this;
  }

  /** Benchmarks make too many calls to keep: count them only. */
  public FakeProviderServer withoutCallRecording() {
    this.recordCalls = false;
    return this;
  }

  /** Tokens issued so far stop working, as after a rotation or expiry on the workspace side. */
  public void revokeTokens() {
    issuedTokens.clear();
  }

  public String anthropicBaseUrl() {
    return root();
  }

  /** For OpenAI, Together and OpenAI-compatible clients: the root with {@code /v1}. */
  public String openAiBaseUrl() {
    return root() + "/v1";
  }

  public String geminiBaseUrl() {
    return root();
  }

  /**
   * A Databricks {@code databricks_api_base}: the workspace root with {@code /serving-endpoints}.
   */
  public String databricksApiBase() {
    return root() + "/serving-endpoints";
  }

  private String root() {
    String url = server.url("/").toString();
    return url.substring(0, url.length() - 1);
  }

  /**
   * The batch APIs (OpenAI, Anthropic, Gemini, Together): their settings and the batches created.
   */
  public FakeBatchApis batches() {
    return batches;
  }

  /** Together's batch API: what it was sent; its batches are recorded in {@link #batches()}. */
  public FakeTogetherBatchApi togetherBatches() {
    return togetherBatches;
  }

  /** Model calls answered so far (token requests excluded), in arrival order. */
  public List<FakeCall> calls() {
    return List.copyOf(calls);
  }

  public int callCount() {
    return callNumbers.get();
  }

  public long tokenRequests() {
    return tokenRequests.get();
  }

  public long faultsServed() {
    return faultsServed.get();
  }

  /** The most calls this server was answering at one moment. */
  public int maxInFlight() {
    return maxInFlight.get();
  }

  /** Starts counting {@link #maxInFlight()} afresh, e.g. after a warm-up. */
  public void resetMaxInFlight() {
    maxInFlight.set(inFlight.get());
  }

  /** Answer or call times recorded so far, in ascending order, as a JSON array. */
  private String times(long[] recorded) {
    int count = Math.min(timedAnswers.get(), MAX_TIMED_ANSWERS);
    long[] times = java.util.Arrays.copyOf(recorded, count);
    java.util.Arrays.sort(times);
    StringBuilder json = new StringBuilder("[");
    String separator = "";
    for (long time : times) {
      if (time > 0) { // 0: a slot taken by a call still being answered
        json.append(separator).append(time);
        separator = ",";
      }
    }
    return json.append(']').toString();
  }

  private MockResponse serve(RecordedRequest request) {
    String path = request.getPath() == null ? "" : request.getPath();
    String raw = request.getBody().readUtf8();
    Map<String, String> headers = headers(request);
    if (path.equals("/oidc/v1/token")) {
      return token(headers, raw);
    }
    if (path.equals("/stats/reset")) {
      // A benchmark's warm-up is over: what /stats reports starts afresh.
      int answered = Math.min(timedAnswers.getAndSet(0), MAX_TIMED_ANSWERS);
      java.util.Arrays.fill(answerMillis, 0, answered, 0L);
      java.util.Arrays.fill(callMillis, 0, answered, 0L);
      callsAtReset.set(callNumbers.get());
      firstCallMillis.set(0);
      lastAnswerMillis.set(0);
      return json(200, "{}");
    }
    if (path.equals("/stats")) {
      // For benchmarks in another JVM: how many calls, and the window they were served in.
      return json(
          200,
          "{\"calls\":"
              + (callNumbers.get() - callsAtReset.get())
              + ",\"first_call_ms\":"
              + firstCallMillis.get()
              + ",\"last_answer_ms\":"
              + lastAnswerMillis.get()
              + ",\"cpu_ms\":"
              + ((com.sun.management.OperatingSystemMXBean)
                          java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                      .getProcessCpuTime()
                  / 1_000_000
              + ",\"answer_ms\":"
              + times(answerMillis)
              + ",\"call_ms\":"
              + times(callMillis)
              + "}");
    }
    if (togetherBatches.handles(request.getMethod(), path, raw)) {
      return togetherBatches.serve(request.getMethod(), path, headers, raw);
    }
    if (batches.handles(path)) {
      return batches.serve(request.getMethod(), path, headers, raw);
    }
    if (geminiBatches.handles(path)) {
      return geminiBatches.serve(request.getMethod(), path, headers, raw);
    }
    FakeWire wire;
    String model = null;
    Matcher gemini = GEMINI_PATH.matcher(path);
    Matcher databricks = DATABRICKS_PATH.matcher(path);
    if (path.equals("/v1/messages")) {
      wire = FakeWire.ANTHROPIC;
    } else if (path.equals("/v1/chat/completions")) {
      wire = FakeWire.OPENAI;
    } else if (gemini.matches()) {
      wire = FakeWire.GEMINI;
      model = gemini.group(1);
    } else if (databricks.matches()) {
      wire = FakeWire.DATABRICKS;
      model = databricks.group(1);
    } else {
      return new MockResponse().setResponseCode(404).setBody("{\"error\":\"no such path\"}");
    }
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    long called = System.currentTimeMillis();
    firstCallMillis.compareAndSet(0, called);
    try {
      return answer(wire, model, headers, raw, System.nanoTime() + latency.toNanos());
    } catch (RuntimeException e) {
      // A responder that fails answers 500, as a server's internal error does: thrown into
      // MockWebServer, the connection stays open unanswered and the client waits out its timeout.
      e.printStackTrace();
      return json(500, wire.error(500));
    } finally {
      inFlight.decrementAndGet();
      long answered = System.currentTimeMillis();
      lastAnswerMillis.accumulateAndGet(answered, Math::max);
      int slot = timedAnswers.getAndIncrement();
      if (slot < MAX_TIMED_ANSWERS) {
        callMillis[slot] = called;
        answerMillis[slot] = answered;
      }
    }
  }

  /**
   * The answer to a call, given at {@code dueNanos}: the latency runs from the call's arrival, as a
   * provider's does, so the time this server takes to parse and answer (it shares the cores with
   * the client in benchmarks) does not lengthen it.
   */
  private MockResponse answer(
      FakeWire wire, String model, Map<String, String> headers, String raw, long dueNanos) {
    int number = callNumbers.incrementAndGet();
    if (!authorized(wire, headers)) {
      return json(401, echoed(wire.error(401), headers));
    }
    FakeCall call;
    JsonNode body;
    try {
      body = FakeWire.JSON.readTree(raw);
      call = wire.parse(model, body, headers, raw);
    } catch (IOException | RuntimeException e) {
      return json(400, wire.error(400));
    }
    if (recordCalls) {
      calls.add(call);
    }
    String refused = FakeSchemaRules.rejection(wire, model == null ? call.model() : model, body);
    if (refused != null) {
      return json(400, refused);
    }
    FakeReply reply = nextFault();
    if (reply == null) {
      reply = responder.apply(call);
    } else {
      faultsServed.incrementAndGet();
    }
    MockResponse response = response(wire, headers, call, reply, number);
    sleep(Duration.ofNanos(Math.max(0, dueNanos - System.nanoTime())));
    return response;
  }

  private MockResponse response(
      FakeWire wire, Map<String, String> headers, FakeCall call, FakeReply reply, int number) {
    if (reply instanceof FakeReply.Error error) {
      MockResponse response = json(error.status(), echoed(wire.error(error.status()), headers));
      error.headers().forEach(response::addHeader);
      return response;
    }
    if (reply instanceof FakeReply.Malformed) {
      return new MockResponse()
          .setResponseCode(200)
          .addHeader("Content-Type", "application/json")
          .setBody("{\"choices\": [ this is not json");
    }
    if (reply instanceof FakeReply.Hang) {
      return new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE);
    }
    return json(200, wire.answer(call, reply, number));
  }

  private synchronized FakeReply nextFault() {
    if (!scriptedFaults.isEmpty()) {
      return scriptedFaults.poll();
    }
    for (Map.Entry<Integer, Double> rate : faultRates.entrySet()) {
      if (faultRandom.nextDouble() < rate.getValue()) {
        return rate.getKey() == 429
            ? FakeReply.Error.rateLimited(1)
            : FakeReply.Error.of(rate.getKey());
      }
    }
    if (hangRate > 0 && faultRandom.nextDouble() < hangRate) {
      return new FakeReply.Hang();
    }
    if (malformedRate > 0 && faultRandom.nextDouble() < malformedRate) {
      return new FakeReply.Malformed();
    }
    return null;
  }

  /** A batch request's status and body, as the online call with {@code body} would be answered. */
  record LineAnswer(int status, String body) {}

  /** Answers one request of a batch as the online call, counted and recorded as a call. */
  LineAnswer answerLine(FakeWire wire, Map<String, String> headers, String body) {
    return answerLine(wire, null, headers, body);
  }

  /** As above, for a wire whose model is in the URL (Gemini), not in the body. */
  LineAnswer answerLine(FakeWire wire, String model, Map<String, String> headers, String body) {
    MockResponse response = answer(wire, model, headers, body, System.nanoTime());
    int status = Integer.parseInt(response.getStatus().split(" ")[1]);
    okio.Buffer content = response.getBody();
    if (content == null) { // a hang or a dropped connection online: a server error in a batch
      return new LineAnswer(500, wire.error(500));
    }
    return new LineAnswer(status, content.readUtf8());
  }

  boolean authorizedFor(FakeWire wire, Map<String, String> headers) {
    return authorized(wire, headers);
  }

  private boolean authorized(FakeWire wire, Map<String, String> headers) {
    if (wire == FakeWire.DATABRICKS) {
      String bearer = headers.getOrDefault("authorization", "");
      return databricksClientId == null
          || (bearer.startsWith("Bearer ") && issuedTokens.contains(bearer.substring(7)));
    }
    String expected = expectedKeys.get(wire);
    if (expected == null) {
      return true;
    }
    switch (wire) {
      case ANTHROPIC:
        return expected.equals(headers.get("x-api-key"));
      case GEMINI:
        return expected.equals(headers.get("x-goog-api-key"));
      default:
        return ("Bearer " + expected).equals(headers.get("authorization"));
    }
  }

  private MockResponse token(Map<String, String> headers, String form) {
    tokenRequests.incrementAndGet();
    String basic = headers.getOrDefault("authorization", "");
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (databricksClientId + ":" + databricksClientSecret)
                        .getBytes(StandardCharsets.UTF_8));
    if (databricksClientId == null
        || !expected.equals(basic)
        || !form.contains("grant_type=client_credentials")) {
      return json(
          401,
          echoed(
              "{\"error\":\"invalid_client\","
                  + "\"error_description\":\"Client authentication failed\"}",
              headers));
    }
    String token = "dapi-fake-token-" + tokenRequests.get();
    issuedTokens.add(token);
    return json(
        200,
        "{\"access_token\":\""
            + token
            + "\",\"token_type\":\"Bearer\","
            + "\"expires_in\":"
            + tokenLifetimeSeconds
            + ",\"scope\":\"all-apis\"}");
  }

  /** The error body, with the call's credentials quoted in it when echoing is on. */
  private String echoed(String body, Map<String, String> headers) {
    if (!echoCredentials) {
      return body;
    }
    StringBuilder quoted = new StringBuilder();
    for (String name : List.of("authorization", "x-api-key", "x-goog-api-key")) {
      if (headers.containsKey(name)) {
        quoted.append(name).append('=').append(headers.get(name)).append(' ');
      }
    }
    String authorization = headers.getOrDefault("authorization", "");
    if (authorization.startsWith("Basic ")) {
      quoted
          .append("decoded=")
          .append(
              new String(
                  Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8));
    }
    return body.substring(0, body.length() - 1)
        + ",\"received\":\""
        + quoted.toString().strip()
        + "\"}";
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse()
        .setResponseCode(status)
        .addHeader("Content-Type", "application/json")
        .setBody(body);
  }

  private static Map<String, String> headers(RecordedRequest request) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : request.getHeaders().names()) {
      headers.put(name.toLowerCase(Locale.ROOT), request.getHeader(name));
    }
    return headers;
  }

  private static void sleep(Duration duration) {
    if (!duration.isZero()) {
      try {
        Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 60);
  }

  @Override
  public void close() throws IOException {
    server.shutdown();
  }

  /** Held so the level set in main stays set: java.util.logging keeps loggers weakly. */
  private static final java.util.logging.Logger QUIET_MOCK_WEB_SERVER =
      java.util.logging.Logger.getLogger("okhttp3.mockwebserver.MockWebServer");

  /**
   * Standalone: {@code [port] [latencyMs] [scripted]}; prints the base URLs and serves until
   * killed. With {@code scripted}, a {@link ScriptedModel} answers every task of a run's prompts.
   */
  public static void main(String[] args) throws Exception {
    // MockWebServer logs every request it takes at INFO: a benchmark's provider stays quiet.
    QUIET_MOCK_WEB_SERVER.setLevel(java.util.logging.Level.WARNING);
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    long latencyMs = args.length > 1 ? Long.parseLong(args[1]) : 200;
    FakeProviderServer fake =
        new FakeProviderServer()
            .withLatency(Duration.ofMillis(latencyMs))
            .withoutCallRecording()
            .withDatabricksPrincipal("fake-client", "fake-secret");
    if (args.length > 2 && args[2].equals("scripted")) {
      fake.respondWith(new ScriptedModel(null, null));
    }
    fake.start(port);
    System.out.println("anthropic  " + fake.anthropicBaseUrl());
    System.out.println("openai     " + fake.openAiBaseUrl());
    System.out.println("gemini     " + fake.geminiBaseUrl());
    System.out.println("databricks " + fake.databricksApiBase());
    Thread.currentThread().join();
  }

  /**
   * Server sockets that behave like a production server's: a deep accept backlog, and TCP_NODELAY
   * on every connection. MockWebServer leaves Nagle's algorithm on, so a response written as
   * headers then body waits for the client's delayed ACK: 40 ms added to every call, which no real
   * provider adds and which a benchmark of the client would wrongly charge to it.
   */
  private static final class RealServerSockets extends javax.net.ServerSocketFactory {
    @Override
    public java.net.ServerSocket createServerSocket() throws IOException {
      return new NoDelayServerSocket();
    }

    @Override
    public java.net.ServerSocket createServerSocket(int port) throws IOException {
      return bound(port, LISTEN_BACKLOG, null);
    }

    @Override
    public java.net.ServerSocket createServerSocket(int port, int backlog) throws IOException {
      return bound(port, backlog, null);
    }

    @Override
    public java.net.ServerSocket createServerSocket(
        int port, int backlog, java.net.InetAddress address) throws IOException {
      return bound(port, backlog, address);
    }

    private static java.net.ServerSocket bound(int port, int backlog, java.net.InetAddress address)
        throws IOException {
      NoDelayServerSocket socket = new NoDelayServerSocket();
      socket.bind(new java.net.InetSocketAddress(address, port), backlog);
      return socket;
    }
  }

  private static final class NoDelayServerSocket extends java.net.ServerSocket {
    NoDelayServerSocket() throws IOException {
      super();
    }

    @Override
    public void bind(java.net.SocketAddress endpoint, int backlog) throws IOException {
      super.bind(endpoint, Math.max(backlog, LISTEN_BACKLOG));
    }

    @Override
    public java.net.Socket accept() throws IOException {
      java.net.Socket socket = super.accept();
      socket.setTcpNoDelay(true);
      return socket;
    }
  }
}
