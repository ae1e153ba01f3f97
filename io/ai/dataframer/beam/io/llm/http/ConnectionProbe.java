package ai.dataframer.beam.io.llm.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells an HTTP/2 connection that died silently from a model still thinking, for the calls of one
 * JDK client to one origin that wait for their answers' headers.
 *
 * <p>A peer that vanishes without a FIN, a reset or a GOAWAY (a NAT or load balancer that dropped
 * the connection's state) leaves every call on the connection waiting for headers, and the JDK's
 * request timeout is the only limit there: 10 minutes, since a thinking model may take minutes
 * before its headers. HTTP/2's own answer is a PING, but the JDK client (17) sends none and exposes
 * none: {@code jdk.internal.net.http.Http2Connection} only acknowledges the server's pings, and the
 * one keep-alive setting, {@code jdk.httpclient.keepalive.timeout} (plus {@code .h2} from JDK 20,
 * https://bugs.openjdk.org/browse/JDK-8295649), only closes connections that are idle, with no
 * stream open, so never one with calls waiting on it. The same hole was reported on net-dev
 * (https://mail.openjdk.org/pipermail/net-dev/2022-September/018860.html: a connection dropped by a
 * router without a reset, new requests sent down it until each timed out) with HTTP/1.1 as the only
 * workaround; other clients solved it with PINGs the JDK lacks (.NET's KeepAlivePingDelay and
 * KeepAlivePingTimeout, https://github.com/dotnet/runtime/issues/31198). Hence a probe that needs
 * no JDK internals: once a call has waited {@code interval} for its headers and nothing came from
 * the origin in that time (no headers, no body byte, no probe answer), a bodiless GET of the
 * origin's root is sent through the same client, which multiplexes it onto the same connection (the
 * JDK keeps one HTTP/2 connection per origin; DroppedConnectionTest checks no second one opens).
 * Any status, 404 or 401 included, proves the connection alive; no answer within {@code timeout}
 * proves it dead, and {@code onSilent} gives it up (its calls fail as retryable connection errors,
 * new calls go through a new client). At most one probe is out per connection, none sooner than
 * {@code interval} after the last thing heard, and the probe carries no header of ours (no key),
 * goes through no provider client (no metrics, no cost) and names only the host when it fails.
 *
 * <p>A connection at the server's SETTINGS_MAX_CONCURRENT_STREAMS cannot take the probe: JDK 17
 * fails it at once ({@code IOException: too many concurrent streams}, measured on 17.0.15; it opens
 * no second connection), which proves nothing either way, so the connection is looked at again an
 * interval on. {@link StreamGate} therefore fills a connection whose limit it knows to one stream
 * short, leaving that one for the probe; still not probed are a connection with a limit of 1, and
 * one filled by the first calls before its limit was known, until one of them ends.
 *
 * <p>HTTP/1.1 is left alone: there each call has its own connection, and a probe would go over
 * another one (an idle pooled one or a new one), proving nothing about the call's. A silent death
 * there costs that call alone its timeout. Probing stops for an origin once an answer (or the
 * probe) comes back over HTTP/1.1; the transport never probes {@code http://} origins.
 */
final class ConnectionProbe {
  private final HttpClient client;
  private final URI root;
  private final long intervalNanos;
  private final Duration timeout;
  private final ScheduledExecutorService timer;
  private final Runnable onSilent;
  private final Set<WatchedCall> awaitingHeaders = ConcurrentHashMap.newKeySet();
  private final AtomicLong lastHeardNanos = new AtomicLong(System.nanoTime());

  /** Whether a check or a probe is pending: at most one of either per connection. */
  private boolean armed;

  private volatile boolean http1;

  /** Whether the probe's GET is out, holding a stream of the connection. */
  private volatile boolean probing;

  /**
   * @param origin scheme, host and port of the calls watched
   * @param onSilent called once the probe found the connection dead
   */
  ConnectionProbe(
      HttpClient client,
      String origin,
      Duration interval,
      Duration timeout,
      ScheduledExecutorService timer,
      Runnable onSilent) {
    this.client = client;
    this.root = URI.create(origin + "/");
    this.intervalNanos = interval.toNanos();
    this.timeout = timeout;
    this.timer = timer;
    this.onSilent = onSilent;
  }

  /** The probe: a GET of the origin's root with none of the caller's headers (no API key). */
  static HttpRequest request(URI root, Duration timeout) {
    return HttpRequest.newBuilder(root).timeout(timeout).GET().build();
  }

  /** A call was sent: watched until its headers come. */
  void sent(WatchedCall call) {
    if (http1) {
      return;
    }
    awaitingHeaders.add(call);
    synchronized (this) {
      if (!armed) {
        armed = schedule(intervalNanos);
      }
    }
  }

  /** A call's headers came: the connection is alive, and the call waits for them no more. */
  void headersCame(WatchedCall call, HttpClient.Version version) {
    heard();
    awaitingHeaders.remove(call);
    if (version == HttpClient.Version.HTTP_1_1) {
      speaksHttp1();
    }
  }

  /** A chunk of a body came: the connection is alive. */
  void heard() {
    lastHeardNanos.set(System.nanoTime());
  }

  /** A call ended (answered, failed or given up): no longer watched. */
  void ended(WatchedCall call) {
    awaitingHeaders.remove(call);
  }

  private void speaksHttp1() {
    http1 = true;
    awaitingHeaders.clear();
  }

  private boolean schedule(long nanos) {
    try {
      timer.schedule(this::check, nanos, TimeUnit.NANOSECONDS);
      return true;
    } catch (RuntimeException shutDown) {
      return false; // the transport is closing; its calls end with it
    }
  }

  /**
   * Probes when the oldest call still waiting for headers, and the connection, have both been quiet
   * for the interval; otherwise looks again when that would first be so.
   */
  private void check() {
    long now = System.nanoTime();
    synchronized (this) {
      // Under the lock, so a call sent meanwhile is either seen here or arms a check itself.
      Long oldestSent = null;
      for (WatchedCall call : awaitingHeaders) {
        oldestSent = oldestSent == null ? call.sentNanos : earlier(oldestSent, call.sentNanos);
      }
      if (oldestSent == null || http1) {
        armed = false; // the next call sent arms it again
        return;
      }
      long quiet = now - later(lastHeardNanos.get(), oldestSent);
      if (quiet < intervalNanos) {
        armed = schedule(intervalNanos - quiet);
        return;
      }
    }
    probe();
  }

  /** Whether the probe's GET is out: {@link StreamGate} counts its stream as taken. */
  boolean probing() {
    return probing;
  }

  private void probe() {
    CompletableFuture<HttpResponse<Void>> answer;
    probing = true;
    try {
      answer = client.sendAsync(request(root, timeout), HttpResponse.BodyHandlers.discarding());
    } catch (RuntimeException closing) {
      probing = false;
      synchronized (this) {
        armed = false;
      }
      return;
    }
    answer.whenComplete(
        (response, error) -> {
          probing = false;
          if (response != null) {
            heard();
            if (response.version() == HttpClient.Version.HTTP_1_1) {
              speaksHttp1();
            }
          } else if (unanswered(error)) {
            onSilent.run();
            return;
          }
          // Alive, or a failure that is no proof of death (a connection at its stream limit, a
          // closed one whose calls fail by themselves): look again an interval on.
          synchronized (this) {
            armed = !awaitingHeaders.isEmpty() && !http1 && schedule(intervalNanos);
          }
        });
  }

  /** Only silence proves the connection dead; a connect timeout was another connection's. */
  private static boolean unanswered(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException);
  }

  private static long earlier(long a, long b) {
    return a - b < 0 ? a : b;
  }

  private static long later(long a, long b) {
    return a - b > 0 ? a : b;
  }
}
