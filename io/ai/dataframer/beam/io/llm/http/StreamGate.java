package ai.dataframer.beam.io.llm.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Keeps the calls to one origin within what its HTTP/2 connections take, since the JDK client does
 * not: JDK 17 keeps one HTTP/2 connection per origin per client, and a request over the server's
 * SETTINGS_MAX_CONCURRENT_STREAMS fails at once with {@code IOException: too many concurrent
 * streams} ({@code jdk.internal.net.http.Http2Connection.reserveStream}; JDK-8225647, unresolved)
 * instead of waiting or opening a second connection. Front ends allow about 100 (Google) to 256
 * streams, while a worker keeps up to {@code --max-in-flight} (256) calls out per thread.
 *
 * <p>So calls go through {@link Lane}s, each its own JDK client and so its own connection. A lane's
 * limit is unknown until the connection refuses a call; then the calls the lane holds at that
 * moment (and the probe, if out) are its limit, and from then on it takes one call fewer, so a full
 * connection keeps a stream for its {@link ConnectionProbe}. A refused call is no error and no
 * attempt: it takes the next free stream, never reaching the server twice. When every lane is full,
 * a new lane opens (up to {@code maxLanes}), which keeps throughput at high in-flight counts: with
 * a limit of 100 and 256 calls, three connections carry them all at once, where queuing on one
 * would cut the calls per second to 100/256 of what was asked. Beyond {@code maxLanes} calls wait,
 * FIFO, for a stream to free; waiting costs no thread and no CPU (a future completed by the call
 * that ends), and the transport bounds it by the call's timeout, ends it when the caller gives the
 * call up, and fails it when closing.
 *
 * <p>A new lane first sends a bodiless GET of the origin's root (the probe's request: no header of
 * ours, no key) and takes calls once it is answered or failed: calls racing to a client with no
 * connection yet would each open their own (JDK 17 caches one and closes the others after their
 * stream, as {@code Http2ClientImpl.getConnectionFor} documents), a burst of handshakes for
 * nothing; and by the GET's answer the server's SETTINGS, its stream limit among them, are in.
 * HTTP/1.1 never refuses (a connection per call), so its lanes never learn a limit and never fill;
 * plain {@code http://} origins skip the GET.
 */
final class StreamGate {
  /** The message of the JDK's refusal, an {@link IOException} of that exact class. */
  static final String REFUSAL = "too many concurrent streams";

  /** One JDK client's connection to the origin, and the calls on it. */
  static final class Lane {
    final HttpClient client;
    final Set<WatchedCall> calls = ConcurrentHashMap.newKeySet();

    /** Watches the connection while calls wait for headers; null for {@code http://}. */
    ConnectionProbe probe;

    // Guarded by the gate.
    private int open;
    private int limit = Integer.MAX_VALUE;
    private boolean ready;

    Lane(HttpClient client) {
      this.client = client;
    }

    /** Calls it takes: one fewer than its limit, once known, to keep a stream for the probe. */
    private int takes() {
      return limit == Integer.MAX_VALUE || limit < 2 ? limit : limit - 1;
    }
  }

  /** Fails the calls still waiting when the transport closes. */
  static final class Closed extends IllegalStateException {
    Closed() {
      super("the transport was closed");
    }
  }

  private final URI root;
  private final Supplier<Lane> newLane;
  private final int maxLanes;
  private final boolean warmUp;
  private final Duration warmUpTimeout;
  private final Executor callbacks;
  private final List<Lane> lanes = new ArrayList<>();
  private final Deque<CompletableFuture<Lane>> waiting = new ArrayDeque<>();
  private boolean closed;

  /**
   * @param newLane a new JDK client for the origin, with its probe
   * @param warmUp whether a new lane sends its GET before its calls (HTTPS, where HTTP/2 may be
   *     spoken)
   * @param callbacks where waiting calls are handed their stream, never the thread ending a call
   */
  StreamGate(
      String origin,
      Supplier<Lane> newLane,
      int maxLanes,
      boolean warmUp,
      Duration warmUpTimeout,
      Executor callbacks) {
    if (maxLanes < 1) {
      throw new IllegalArgumentException("connections per origin must be >= 1, was " + maxLanes);
    }
    this.root = URI.create(origin + "/");
    this.newLane = newLane;
    this.maxLanes = maxLanes;
    this.warmUp = warmUp;
    this.warmUpTimeout = warmUpTimeout;
    this.callbacks = callbacks;
  }

  /** Whether {@code error} (or a cause) is the JDK's refusal of a stream over the limit. */
  static boolean refusedForStreamLimit(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause.getClass() == IOException.class && REFUSAL.equals(cause.getMessage())) {
        return true;
      }
      if (cause.getCause() == cause) {
        return false;
      }
    }
    return false;
  }

  /**
   * A stream for one call: completed at once when a lane has room, otherwise when one frees (on the
   * callback executor). Cancelling or failing the future takes the call out of the queue; a call
   * granted a lane must {@link #release} it.
   *
   * @param first whether the call goes before those waiting: one the connection refused, which had
   *     waited its turn already
   */
  CompletableFuture<Lane> acquire(boolean first) {
    CompletableFuture<Lane> stream = new CompletableFuture<>();
    synchronized (this) {
      if (closed) {
        stream.completeExceptionally(new Closed());
        return stream;
      }
      Lane lane = waiting.isEmpty() || first ? roomy() : null;
      if (lane != null) {
        lane.open++;
        stream.complete(lane);
        return stream;
      }
      if (first) {
        waiting.addFirst(stream);
      } else {
        waiting.addLast(stream);
      }
    }
    grant();
    return stream;
  }

  /** A call's stream closed: the next waiting call may take it. */
  void release(Lane lane) {
    synchronized (this) {
      lane.open--;
    }
    grant();
  }

  /**
   * The lane's connection refused a call for the stream limit: the calls it holds besides that one,
   * and the probe if out, are its limit. The refused call's permit goes back; it acquires anew.
   */
  void refused(Lane lane) {
    synchronized (this) {
      lane.open--;
      int held = lane.open + (lane.probe != null && lane.probe.probing() ? 1 : 0);
      lane.limit = Math.min(lane.limit, Math.max(1, held));
    }
  }

  /** The lane's connection is dead: no call goes on it any more; waiting calls go elsewhere. */
  void drop(Lane lane) {
    synchronized (this) {
      lanes.remove(lane);
    }
    grant();
  }

  /** Lanes open, for the transport's close. */
  synchronized List<Lane> lanes() {
    return new ArrayList<>(lanes);
  }

  /** Fails every waiting call; later calls fail at once. */
  void close() {
    List<CompletableFuture<Lane>> abandoned;
    synchronized (this) {
      closed = true;
      abandoned = new ArrayList<>(waiting);
      waiting.clear();
    }
    abandoned.forEach(stream -> stream.completeExceptionally(new Closed()));
  }

  /** The first ready lane with room, opening a lane when all are ready and full. */
  private Lane roomy() {
    boolean warming = false;
    for (Lane lane : lanes) {
      if (!lane.ready) {
        warming = true;
      } else if (lane.open < lane.takes()) {
        return lane;
      }
    }
    if (!warming && lanes.size() < maxLanes) {
      Lane lane = newLane.get();
      lanes.add(lane);
      if (!warmUp) {
        lane.ready = true;
        return lane;
      }
      warm(lane);
    }
    return null;
  }

  /**
   * The GET that opens the lane's connection before its calls; any answer or failure readies it (a
   * failure to connect is then each call's own error, retried as such).
   */
  private void warm(Lane lane) {
    CompletableFuture<HttpResponse<Void>> answer;
    try {
      answer =
          lane.client.sendAsync(
              ConnectionProbe.request(root, warmUpTimeout), HttpResponse.BodyHandlers.discarding());
    } catch (RuntimeException closing) {
      lane.ready = true; // under the caller's lock
      return;
    }
    answer.whenComplete(
        (response, error) -> {
          synchronized (this) {
            lane.ready = true;
          }
          grant();
        });
  }

  /** Hands free streams to waiting calls, in order, on the callback executor. */
  private void grant() {
    List<Map.Entry<CompletableFuture<Lane>, Lane>> granted = new ArrayList<>();
    synchronized (this) {
      while (!waiting.isEmpty()) {
        if (waiting.peekFirst().isDone()) {
          waiting.pollFirst(); // given up or timed out
          continue;
        }
        Lane lane = roomy();
        if (lane == null) {
          break;
        }
        lane.open++;
        granted.add(Map.entry(waiting.pollFirst(), lane));
      }
    }
    for (Map.Entry<CompletableFuture<Lane>, Lane> grant : granted) {
      Runnable hand =
          () -> {
            if (!grant.getKey().complete(grant.getValue())) {
              release(grant.getValue()); // the call was given up meanwhile
            }
          };
      try {
        callbacks.execute(hand);
      } catch (RuntimeException shutDown) {
        hand.run();
      }
    }
  }
}
