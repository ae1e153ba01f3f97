package ai.dataframer.beam.io.llm.http;

import ai.dataframer.beam.testing.H2FaultServer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the stream gate's spreading buys (docs/ARCHITECTURE.md section 7, HTTP): C calls kept in
 * flight against a server allowing 100 streams per connection and answering after L, calls per
 * second against C/L, with the default connections per origin and with one, and with no limit (what
 * the loopback server and this machine allow at all). Run by {@code scripts/bench-stream-limit}
 * (about 40 s); a main class rather than a test, as benchmarks are not timed in the test suite.
 */
public final class StreamLimitThroughputBench {
  private StreamLimitThroughputBench() {}

  private static final int LIMIT = 100;
  private static final int IN_FLIGHT = 256;
  private static final Duration LATENCY = Duration.ofMillis(500);
  private static final Duration WARM = Duration.ofSeconds(3);
  private static final Duration WINDOW = Duration.ofSeconds(10);

  public static void main(String[] args) throws Exception {
    report("no stream limit (baseline)", HttpTransport.DEFAULT_CONNECTIONS_PER_ORIGIN, 0);
    report("16 connections per origin", HttpTransport.DEFAULT_CONNECTIONS_PER_ORIGIN, LIMIT);
    report("1 connection per origin", 1, LIMIT);
  }

  /**
   * @param limit the server's streams per connection; 0 for none
   */
  private static void report(String label, int connections, int limit) throws Exception {
    try (H2FaultServer server =
        new H2FaultServer().answerWith("{}").limitStreams(limit).answerAfter(LATENCY)) {
      HttpTransport transport =
          HttpTransport.createTrusting(
                  new HttpTransport.Timeouts(
                      Duration.ofSeconds(5),
                      Duration.ofMinutes(10),
                      Duration.ofSeconds(15),
                      Duration.ofSeconds(30),
                      Duration.ofSeconds(10)),
                  HttpTransport.DEFAULT_THREADS,
                  server.clientTls())
              .withConnectionsPerOrigin(connections);
      AtomicBoolean going = new AtomicBoolean(true);
      AtomicInteger answered = new AtomicInteger();
      AtomicInteger failed = new AtomicInteger();
      CountDownLatch stopped = new CountDownLatch(IN_FLIGHT);
      for (int i = 0; i < IN_FLIGHT; i++) {
        keepGoing(transport, server.baseUrl(), going, answered, failed, stopped);
      }
      Thread.sleep(WARM.toMillis());
      int before = answered.get();
      Thread.sleep(WINDOW.toMillis());
      double perSecond = (answered.get() - before) / (WINDOW.toMillis() / 1000.0);
      double ideal = IN_FLIGHT / (LATENCY.toMillis() / 1000.0);
      going.set(false);
      stopped.await();
      transport.close();
      System.out.printf(
          Locale.ROOT,
          "%s: %.1f calls/s, %.3f of C/L (%.0f/s); %d failed; %d connections; %d most open on one;"
              + " %d requests for %d answers%n",
          label,
          perSecond,
          perSecond / ideal,
          ideal,
          failed.get(),
          server.connections(),
          server.mostStreamsOpenOnAConnection(),
          server.requests(),
          answered.get());
    }
  }

  private static void keepGoing(
      HttpTransport transport,
      String base,
      AtomicBoolean going,
      AtomicInteger answered,
      AtomicInteger failed,
      CountDownLatch stopped) {
    if (!going.get()) {
      stopped.countDown();
      return;
    }
    transport
        .postJson("gemini", base + "/x", Map.of(), "{}")
        .whenComplete(
            (reply, error) -> {
              (error == null ? answered : failed).incrementAndGet();
              keepGoing(transport, base, going, answered, failed, stopped);
            });
  }
}
