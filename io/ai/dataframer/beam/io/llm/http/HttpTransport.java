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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends JSON requests without blocking a thread per call: the JDK's HttpClient runs on a selector,
 * so hundreds of calls can wait on the providers while a few threads handle the answers. (OkHttp's
 * async calls each hold a thread for the whole call, which would need a thread per call in flight.)
 *
 * <p>One transport is shared by every provider client of a worker. HTTPS negotiates HTTP/2 where
 * the server offers it, so many calls share a connection; plain {@code http://} (local servers, the
 * fake providers of the tests) stays on HTTP/1.1.
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

  private final HttpClient client;
  private final ExecutorService executor;
  private final Duration callTimeout;

  private HttpTransport(Duration connectTimeout, Duration callTimeout, int threads) {
    this.executor = Executors.newFixedThreadPool(threads, daemonThreads());
    this.callTimeout = callTimeout;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .executor(executor)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * @param connectTimeout how long to wait for a connection
   * @param callTimeout how long one call may take from sending to the whole answer
   * @param threads threads handling answers
   */
  public static HttpTransport create(Duration connectTimeout, Duration callTimeout, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, but was " + threads);
    }
    return new HttpTransport(connectTimeout, callTimeout, threads);
  }

  /**
   * 10 s to connect, 10 minutes per call (long thinking answers), {@value #DEFAULT_THREADS}
   * threads.
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
            .timeout(callTimeout)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    return send(provider, url, headers, request);
  }

  /** GETs {@code url} (a batch's state, a results file), completing as {@link #post} does. */
  public CompletableFuture<HttpReply> get(
      String provider, String url, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(callTimeout).GET();
    return send(provider, url, headers, request);
  }

  private CompletableFuture<HttpReply> send(
      String provider, String url, Map<String, String> headers, HttpRequest.Builder request) {
    if (url.startsWith("http://")) {
      request.version(HttpClient.Version.HTTP_1_1);
    }
    headers.forEach(request::header);
    return client
        .sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
        .handle(
            (response, error) -> {
              if (error != null) {
                throw transportError(provider, url, unwrap(error));
              }
              return new HttpReply(
                  response.statusCode(), lowerCase(response.headers().map()), response.body());
            });
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

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "dataframer-http-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
