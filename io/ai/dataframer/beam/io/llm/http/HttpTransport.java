package ai.dataframer.beam.io.llm.http;

import ai.dataframer.beam.core.llm.LlmException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * Sends JSON requests without blocking a thread per call: the JDK's HttpClient runs on a selector,
 * so hundreds of calls can wait on the providers while a few threads handle the answers. (OkHttp's
 * async calls each hold a thread for the whole call, which would need a thread per call in flight.)
 *
 * <p>One transport is shared by every provider client of a worker. HTTPS negotiates HTTP/2 where
 * the server offers it, so many calls share a connection; plain {@code http://} (local servers, the
 * fake providers of the tests) stays on HTTP/1.1. Per origin, calls go through {@link StreamGate}:
 * over HTTP/2 it keeps them within what each connection takes (the JDK 17 client fails a call over
 * the server's stream limit instead of queuing it), spreading them over up to {@value
 * #DEFAULT_CONNECTIONS_PER_ORIGIN} connections and queuing the rest.
 */
public final class HttpTransport implements AutoCloseable {
  /**
   * The JDK client hands every completed response to CompletableFuture's default executor, which is
   * the common ForkJoinPool only when its parallelism is at least 2: on a one- or two-core machine
   * it is a new thread per task, a thread created and destroyed per call (about 20% fewer calls per
   * second against a 200 ms server at 256 in flight, measured). {@link
   * #useCommonPoolForCallbacks()} raises the parallelism before CompletableFuture is first used.
   */
  public static final String COMMON_POOL_PARALLELISM =
      "java.util.concurrent.ForkJoinPool.common.parallelism";

  /** Threads handling answers; calls in flight need no thread of their own. */
  public static final int DEFAULT_THREADS = 8;

  /**
   * How long an answer's body may stop coming before its connection is given up: an answer is
   * written whole once the model is done, so a pause of seconds in its middle means the peer is
   * gone, however long the model thought before the headers.
   */
  public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(15);

  /**
   * How long calls over HTTP/2 may wait for headers, with nothing heard from their connection,
   * before it is probed ({@link ConnectionProbe}): a connection that died silently then costs a
   * retry after about 40 s instead of the call timeout, while a live one costs a GET every 30 s at
   * most.
   */
  public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(30);

  /** How long the probe may go unanswered before its connection is taken as dead. */
  public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(10);

  private final Timeouts timeouts;
  private final SSLContext tls;
  private final ExecutorService executor;
  private final ScheduledExecutorService watchdog;

  /**
   * HTTP/2 connections per origin (each its own JDK client) before calls wait for a stream: with
   * the ~100 streams Google's front end allows, {@value} carry 1,600 calls at once.
   */
  public static final int DEFAULT_CONNECTIONS_PER_ORIGIN = 16;

  /** Per origin, the JDK clients its calls go through and the calls waiting for a stream. */
  private final Map<String, StreamGate> gates = new ConcurrentHashMap<>();

  private volatile int connectionsPerOrigin = DEFAULT_CONNECTIONS_PER_ORIGIN;
  private volatile boolean streamGate = true;

  /**
   * To connect, per call, for a body's stall, and for the probe of a connection whose calls wait
   * for headers ({@link ConnectionProbe}): its interval of silence and its own timeout.
   */
  record Timeouts(
      Duration connect,
      Duration call,
      Duration stall,
      Duration probeInterval,
      Duration probeTimeout) {
    Timeouts {
      for (Duration timeout : Arrays.asList(connect, call, stall, probeInterval, probeTimeout)) {
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
          throw new IllegalArgumentException(
              "HTTP timeouts must be positive, but one was " + timeout);
        }
      }
    }
  }

  private HttpTransport(Timeouts timeouts, int threads, SSLContext tls) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, but was " + threads);
    }
    this.timeouts = timeouts;
    this.tls = tls;
    this.executor = Executors.newFixedThreadPool(threads, daemonThreads("dataframer-http-"));
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(1, daemonThreads("dataframer-http-watchdog-"));
    // Nearly every check is cancelled when its answer completes: drop them from the queue then.
    timer.setRemoveOnCancelPolicy(true);
    this.watchdog = timer;
  }

  /** Tests: at most {@code connections} per origin, so calls over them wait for a stream. */
  HttpTransport withConnectionsPerOrigin(int connections) {
    this.connectionsPerOrigin = connections;
    return this;
  }

  /**
   * Tests: calls go as the JDK client takes them, one connection per origin, a call over the
   * server's stream limit failing as a connection error (the defect {@link StreamGate} mends).
   */
  HttpTransport withoutStreamGate() {
    this.streamGate = false;
    return this;
  }

  private StreamGate gateFor(String origin) {
    boolean https = origin.startsWith("https://");
    boolean gated = streamGate;
    return new StreamGate(
        origin,
        () -> newLane(origin, https),
        gated && https ? connectionsPerOrigin : 1,
        gated && https,
        timeouts.probeTimeout(),
        executor);
  }

  /**
   * A JDK client for {@code origin}: its own connection, probed over HTTPS. Plain http:// is sent
   * as HTTP/1.1, a connection per call, where a probe proves nothing.
   */
  private StreamGate.Lane newLane(String origin, boolean https) {
    StreamGate.Lane lane = new StreamGate.Lane(newClient());
    if (https) {
      String host = URI.create(origin).getHost();
      lane.probe =
          new ConnectionProbe(
              lane.client,
              origin,
              timeouts.probeInterval(),
              timeouts.probeTimeout(),
              watchdog,
              () -> unanswered(lane, origin, host));
    }
    return lane;
  }

  private HttpClient newClient() {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(timeouts.connect())
            .executor(executor)
            .followRedirects(HttpClient.Redirect.NEVER);
    if (tls != null) {
      builder.sslContext(tls);
    }
    return builder.build();
  }

  /**
   * @param connectTimeout how long to wait for a connection
   * @param callTimeout how long one call may take from sending to the whole answer
   * @param threads threads handling answers
   */
  public static HttpTransport create(Duration connectTimeout, Duration callTimeout, int threads) {
    return create(connectTimeout, callTimeout, DEFAULT_STALL_TIMEOUT, threads);
  }

  /**
   * @param stallTimeout how long an answer's body may stop coming before the call fails as a
   *     connection error (retried) and, over HTTP/2, its connection is dropped. Connections whose
   *     calls wait for headers are probed as {@link #DEFAULT_PROBE_INTERVAL} and {@link
   *     #DEFAULT_PROBE_TIMEOUT} say.
   */
  public static HttpTransport create(
      Duration connectTimeout, Duration callTimeout, Duration stallTimeout, int threads) {
    return new HttpTransport(
        new Timeouts(
            connectTimeout,
            callTimeout,
            stallTimeout,
            DEFAULT_PROBE_INTERVAL,
            DEFAULT_PROBE_TIMEOUT),
        threads,
        null);
  }

  /**
   * As {@link #create}, trusting what {@code tls} trusts (tests' HTTPS fakes; null: the JDK's),
   * with the probe's timeouts too (tests shorten them to seconds).
   */
  static HttpTransport createTrusting(Timeouts timeouts, int threads, SSLContext tls) {
    return new HttpTransport(timeouts, threads, tls);
  }

  /**
   * 10 s to connect, 10 minutes per call (long thinking answers), {@value #DEFAULT_THREADS}
   * threads, bodies that stall for {@link #DEFAULT_STALL_TIMEOUT} given up, HTTP/2 connections
   * silent while calls wait for headers probed ({@link #DEFAULT_PROBE_INTERVAL}).
   */
  public static HttpTransport createDefault() {
    return create(Duration.ofSeconds(10), Duration.ofMinutes(10), DEFAULT_THREADS);
  }

  /**
   * POSTs {@code body} to {@code url}. Completes with any HTTP answer, error statuses included (the
   * caller maps them); exceptionally only with {@link LlmException.Timeout} or {@link
   * LlmException.Connection}, named for {@code provider}.
   */
  public CompletableFuture<HttpReply> post(
      String provider, String url, Map<String, String> headers, String contentType, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(timeouts.call())
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    return send(provider, url, headers, request);
  }

  /** GETs {@code url} (a batch's state, a results file), completing as {@link #post} does. */
  public CompletableFuture<HttpReply> get(
      String provider, String url, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(timeouts.call()).GET();
    return send(provider, url, headers, request);
  }

  private CompletableFuture<HttpReply> send(
      String provider, String url, Map<String, String> headers, HttpRequest.Builder request) {
    if (url.startsWith("http://")) {
      request.version(HttpClient.Version.HTTP_1_1);
    }
    headers.forEach(request::header);
    URI uri = URI.create(url);
    String origin = uri.getScheme() + "://" + uri.getAuthority();
    Outbound call =
        new Outbound(
            provider,
            url,
            origin,
            request,
            gates.computeIfAbsent(origin, this::gateFor),
            System.nanoTime() + timeouts.call().toNanos());
    call.awaitStream(false);
    return call.reply;
  }

  /**
   * One call from the caller's side: waits for a stream on a connection to its origin ({@link
   * StreamGate}), goes out as a {@link WatchedCall}, and goes out again, as the same call, if the
   * connection refused the stream. Its timeout counts from the caller's request, waiting included.
   */
  private final class Outbound {
    final String provider;
    final String url;
    final String origin;
    final String host;
    final HttpRequest.Builder request;
    final StreamGate gate;
    final long deadlineNanos;
    final CompletableFuture<HttpReply> reply = new CompletableFuture<>();

    Outbound(
        String provider,
        String url,
        String origin,
        HttpRequest.Builder request,
        StreamGate gate,
        long deadlineNanos) {
      this.provider = provider;
      this.url = url;
      this.origin = origin;
      this.host = URI.create(url).getHost();
      this.request = request;
      this.gate = gate;
      this.deadlineNanos = deadlineNanos;
    }

    /**
     * Sends once a stream is free; a wait ends with the call's timeout, the caller giving the call
     * up (cancelling its future) or the transport closing, and costs no thread meanwhile.
     */
    void awaitStream(boolean refusedBefore) {
      CompletableFuture<StreamGate.Lane> stream = gate.acquire(refusedBefore);
      if (!stream.isDone()) {
        reply.whenComplete((answer, error) -> stream.cancel(false));
        try {
          Future<?> timeout =
              watchdog.schedule(
                  () ->
                      stream.completeExceptionally(
                          new LlmException.Timeout(
                              provider,
                              "no free stream on the connections to " + host + " in time",
                              null)),
                  Math.max(0, deadlineNanos - System.nanoTime()),
                  TimeUnit.NANOSECONDS);
          stream.whenComplete((lane, error) -> timeout.cancel(false));
        } catch (RuntimeException closing) {
          stream.completeExceptionally(new StreamGate.Closed());
        }
      }
      stream.whenComplete(
          (lane, error) -> {
            if (error == null) {
              sendOn(lane);
            } else if (error instanceof LlmException llm) {
              reply.completeExceptionally(new CompletionException(llm));
            } else if (error instanceof StreamGate.Closed) {
              reply.completeExceptionally(
                  new CompletionException(
                      new LlmException.Connection(
                          provider,
                          "the transport was closed before the call to " + host + " went out",
                          null)));
            } // else cancelled: the caller gave the call up
          });
    }

    private void sendOn(StreamGate.Lane lane) {
      long remaining = deadlineNanos - System.nanoTime();
      if (remaining <= 0 || reply.isDone()) {
        gate.release(lane);
        reply.completeExceptionally(
            new CompletionException(
                new LlmException.Timeout(provider, "no answer from " + host + " in time", null)));
        return;
      }
      Duration left = Duration.ofNanos(remaining);
      WatchedCall call =
          new WatchedCall(
              provider,
              host,
              origin,
              lane,
              lane.probe,
              left,
              timeouts.stall(),
              watchdog,
              executor,
              HttpTransport.this::stalled);
      lane.calls.add(call);
      call.result()
          .whenComplete(
              (answer, error) -> {
                lane.calls.remove(call);
                if (lane.probe != null) {
                  lane.probe.ended(call);
                }
                if (!call.result().isCancelled()) { // withdrawn calls are sent again
                  pass(answer, error);
                }
              });
      // A call the caller gave up resets its stream, which frees it for a waiting call.
      reply.whenComplete(
          (answer, error) -> {
            if (reply.isCancelled()) {
              call.fail(new LlmException.Connection(provider, "the call was given up", null));
            }
          });
      if (lane.probe != null) {
        lane.probe.sent(call);
      }
      CompletableFuture<HttpResponse<String>> exchange;
      try {
        exchange = lane.client.sendAsync(request.timeout(left).build(), call);
      } catch (RuntimeException e) {
        gate.release(lane);
        call.fail(transportError(provider, url, e));
        return;
      }
      call.exchange(exchange);
      exchange.whenComplete(
          (response, error) -> {
            if (error != null && streamGate && StreamGate.refusedForStreamLimit(unwrap(error))) {
              // Never reached the server: not an error, not an attempt.
              gate.refused(lane);
              call.withdraw();
              awaitStream(true);
              return;
            }
            gate.release(lane);
            if (error != null) {
              call.fail(transportError(provider, url, unwrap(error)));
            } else {
              call.succeed(
                  new HttpReply(
                      response.statusCode(), lowerCase(response.headers().map()), response.body()));
            }
          });
    }

    private void pass(HttpReply answer, Throwable error) {
      if (error != null) {
        reply.completeExceptionally(error);
      } else {
        reply.complete(answer);
      }
    }
  }

  /**
   * An answer stopped coming. Over HTTP/2 its connection carries the other calls to the same
   * server, and the JDK client keeps it and sends new calls on it, where each would wait out the
   * call timeout: the connection is given up ({@link #drop}).
   */
  private void stalled(WatchedCall call) {
    String message =
        "the connection to "
            + call.host
            + " stalled: no byte of the answer for "
            + seconds(timeouts.stall())
            + " s";
    if (!call.multiplexed()) {
      // HTTP/1.1: the connection was this call's alone, and cancelling the call closes it.
      call.fail(new LlmException.Connection(call.provider, message, null));
      return;
    }
    drop(
        call.lane,
        call.origin,
        other ->
            other == call
                ? message
                : "the connection to "
                    + other.host
                    + " was dropped: another answer on it "
                    + message);
  }

  /** The probe of a connection whose calls all waited for headers went unanswered. */
  private void unanswered(StreamGate.Lane through, String origin, String host) {
    String message =
        "the connection to "
            + host
            + " went silent: nothing for "
            + seconds(timeouts.probeInterval())
            + " s while calls waited, and no answer to a probe in "
            + seconds(timeouts.probeTimeout())
            + " s";
    drop(through, origin, call -> message);
  }

  /**
   * Takes the connection of {@code dead} to {@code origin} as dead: new calls go through another
   * JDK client (a new connection), and the calls still on the old one fail as connection errors, so
   * they are retried at once on another connection. The old client is left to the garbage collector
   * (JDK 17 has no close()).
   */
  private void drop(StreamGate.Lane dead, String origin, Function<WatchedCall, String> message) {
    // Out of the gate first: a caller woken by this failure may send its next call at once.
    StreamGate gate = gates.get(origin);
    if (gate != null) {
      gate.drop(dead);
    }
    for (WatchedCall call : dead.calls) {
      call.fail(new LlmException.Connection(call.provider, message.apply(call), null));
    }
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f", duration.toMillis() / 1000.0);
  }

  /**
   * Makes response callbacks run on the common pool even on small machines. Effective only when
   * called before anything uses CompletableFuture, so the command line calls it first thing in
   * main; worker JVMs of a cluster can pass {@code -D} {@value #COMMON_POOL_PARALLELISM}{@code =4}
   * instead. Leaves a value the user set alone.
   */
  public static void useCommonPoolForCallbacks() {
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
      System.setProperty(
          COMMON_POOL_PARALLELISM,
          String.valueOf(Math.max(4, Runtime.getRuntime().availableProcessors() - 1)));
    }
  }

  /** POSTs JSON. */
  public CompletableFuture<HttpReply> postJson(
      String provider, String url, Map<String, String> headers, String json) {
    return post(provider, url, headers, "application/json", json);
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** The URL's path is kept out of messages: it can hold an endpoint name but never a key. */
  private static LlmException transportError(String provider, String url, Throwable error) {
    String where = URI.create(url).getHost();
    if (error instanceof HttpConnectTimeoutException) {
      return new LlmException.Timeout(provider, "no connection to " + where + " in time", error);
    }
    if (error instanceof HttpTimeoutException) {
      return new LlmException.Timeout(provider, "no answer from " + where + " in time", error);
    }
    if (error instanceof ConnectException) {
      return new LlmException.Connection(provider, "cannot connect to " + where, error);
    }
    if (error instanceof IOException) {
      return new LlmException.Connection(
          provider,
          "connection to " + where + " failed: " + error.getClass().getSimpleName(),
          error);
    }
    if (error instanceof LlmException llm) {
      return llm;
    }
    return new LlmException.Connection(provider, "call to " + where + " failed: " + error, error);
  }

  private static Map<String, List<String>> lowerCase(Map<String, List<String>> headers) {
    Map<String, List<String>> lower = new LinkedHashMap<>();
    headers.forEach((name, values) -> lower.put(name.toLowerCase(Locale.ROOT), values));
    return lower;
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Fails the calls waiting for a stream and those in flight, so none waits on a closed transport.
   */
  @Override
  public void close() {
    for (StreamGate gate : gates.values()) {
      gate.close();
      for (StreamGate.Lane lane : gate.lanes()) {
        for (WatchedCall call : lane.calls) {
          call.fail(
              new LlmException.Connection(
                  call.provider, "the transport was closed during the call to " + call.host, null));
        }
      }
    }
    watchdog.shutdownNow();
    // Not shutdownNow: the failures just handed to it would be dropped, their callers left waiting.
    executor.shutdown();
  }
}
