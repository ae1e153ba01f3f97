package ai.dataframer.beam.io.llm.http;

import ai.dataframer.beam.core.llm.LlmException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One call in flight, watched once its answer's headers are in. The JDK client's request timeout
 * ends when the headers arrive: a body that stops coming (a peer gone silent, or one that sent TLS
 * close_notify and left the socket open) was waited on forever. So the body is read through a
 * subscriber that notes each chunk, and a timer fails the call when no byte came for the stall
 * timeout, or when the call's whole time is up (docs/ARCHITECTURE.md section 7, HTTP). Before the
 * headers, its {@link ConnectionProbe} watches the connection it waits on.
 */
final class WatchedCall implements HttpResponse.BodyHandler<String> {
  final String origin;
  final String host;
  final String provider;

  /** The JDK client, and so the connection, the call went out on. */
  final StreamGate.Lane lane;

  /** When the call was sent, for the probe's "waited for headers longer than the interval". */
  final long sentNanos = System.nanoTime();

  /** Watches the call's connection while it waits for headers; null where none is probed. */
  private final ConnectionProbe probe;

  private final CompletableFuture<HttpReply> result = new CompletableFuture<>();
  private final long deadlineNanos;
  private final Duration stallTimeout;
  private final ScheduledExecutorService timer;
  private final Executor callbacks;
  private final Consumer<WatchedCall> onStall;
  private final AtomicLong lastProgressNanos = new AtomicLong();
  private final AtomicBoolean finished = new AtomicBoolean();
  private final AtomicReference<Future<?>> check = new AtomicReference<>();
  private volatile CompletableFuture<?> exchange;
  private volatile Flow.Subscription subscription;
  private volatile boolean multiplexed;

  WatchedCall(
      String provider,
      String host,
      String origin,
      StreamGate.Lane lane,
      ConnectionProbe probe,
      Duration callTimeout,
      Duration stallTimeout,
      ScheduledExecutorService timer,
      Executor callbacks,
      Consumer<WatchedCall> onStall) {
    this.provider = provider;
    this.host = host;
    this.origin = origin;
    this.lane = lane;
    this.probe = probe;
    this.deadlineNanos = sentNanos + callTimeout.toNanos();
    this.stallTimeout = stallTimeout;
    this.timer = timer;
    this.callbacks = callbacks;
    this.onStall = onStall;
  }

  CompletableFuture<HttpReply> result() {
    return result;
  }

  /** The JDK's future for the exchange, cancelled when the call is failed from here. */
  void exchange(CompletableFuture<?> exchange) {
    this.exchange = exchange;
    if (finished.get()) {
      exchange.cancel(true);
    }
  }

  /** Whether the answer came over HTTP/2, where other calls share its connection. */
  boolean multiplexed() {
    return multiplexed;
  }

  void succeed(HttpReply reply) {
    if (finished.compareAndSet(false, true)) {
      stopWatching();
      result.complete(reply);
    }
  }

  /**
   * Ends the call without an outcome, its result cancelled: the connection refused its stream
   * ({@link StreamGate}), and it is sent again as a new call that the caller sees instead.
   */
  void withdraw() {
    if (finished.compareAndSet(false, true)) {
      stopWatching();
      result.cancel(false);
    }
  }

  /**
   * Fails the call with {@code error} (wrapped as the JDK's own failures reach callers) on the
   * callback threads, never on the timer's, and abandons the exchange: on HTTP/2 the stream is
   * reset, the connection's other streams untouched.
   */
  void fail(LlmException error) {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    stopWatching();
    Flow.Subscription body = subscription;
    if (body != null) {
      body.cancel();
    }
    CompletableFuture<?> sent = exchange;
    if (sent != null) {
      sent.cancel(true);
    }
    try {
      callbacks.execute(() -> result.completeExceptionally(new CompletionException(error)));
    } catch (RuntimeException shutDown) {
      result.completeExceptionally(new CompletionException(error));
    }
  }

  @Override
  public HttpResponse.BodySubscriber<String> apply(HttpResponse.ResponseInfo info) {
    multiplexed = info.version() == HttpClient.Version.HTTP_2;
    if (probe != null) {
      probe.headersCame(this, info.version());
    }
    lastProgressNanos.set(System.nanoTime());
    watchIn(Math.min(stallTimeout.toNanos(), remainingNanos()));
    return new Body(HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8));
  }

  private long remainingNanos() {
    return Math.max(0, deadlineNanos - System.nanoTime());
  }

  private void watchIn(long nanos) {
    if (finished.get()) {
      return;
    }
    try {
      check.set(timer.schedule(this::check, nanos, TimeUnit.NANOSECONDS));
    } catch (RuntimeException shutDown) {
      // The transport is closing; its calls end with it.
    }
    if (finished.get()) {
      stopWatching();
    }
  }

  private void check() {
    if (finished.get()) {
      return;
    }
    long now = System.nanoTime();
    long idle = now - lastProgressNanos.get();
    if (idle >= stallTimeout.toNanos()) {
      onStall.accept(this);
    } else if (now - deadlineNanos >= 0) {
      fail(
          new LlmException.Timeout(
              provider,
              "no whole answer from " + host + " in time (the body was still coming)",
              null));
    } else {
      watchIn(Math.min(stallTimeout.toNanos() - idle, remainingNanos()));
    }
  }

  private void stopWatching() {
    Future<?> pending = check.getAndSet(null);
    if (pending != null) {
      pending.cancel(false);
    }
  }

  /** Passes the body on to the JDK's string subscriber, noting when each chunk arrives. */
  private final class Body implements HttpResponse.BodySubscriber<String> {
    private final HttpResponse.BodySubscriber<String> text;

    Body(HttpResponse.BodySubscriber<String> text) {
      this.text = text;
    }

    @Override
    public CompletionStage<String> getBody() {
      return text.getBody();
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      WatchedCall.this.subscription = subscription;
      if (finished.get()) {
        subscription.cancel();
      }
      text.onSubscribe(subscription);
    }

    @Override
    public void onNext(List<ByteBuffer> chunk) {
      lastProgressNanos.set(System.nanoTime());
      if (probe != null) {
        probe.heard();
      }
      text.onNext(chunk);
    }

    @Override
    public void onError(Throwable error) {
      text.onError(error);
    }

    @Override
    public void onComplete() {
      text.onComplete();
    }
  }
}
