package ai.dataframer.beam.bench;

import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.LlmClient;
import ai.dataframer.beam.core.llm.UsageLedger;
import ai.dataframer.beam.io.llm.LlmClients;
import ai.dataframer.beam.io.llm.LlmSettings;
import ai.dataframer.beam.io.llm.http.HttpTransport;
import ai.dataframer.beam.testing.FakeProviderProcess;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The model client stack against the fake provider (a separate JVM on loopback, so this process's
 * CPU time is the client's alone) with a fixed latency L: requests/s at concurrency C against the
 * ideal C/L, and CPU milliseconds per request. Usage: LlmClientBenchmark WORK_DIR LATENCY_MS C [C
 * ...]
 */
public final class LlmClientBenchmark {
  /** Measured requests per unit of concurrency: about 8 s of calls at the ideal rate. */
  private static final int WAVES = 40;

  /**
   * Warm-up requests per unit of concurrency, in both JVMs: until the JIT has compiled the hot
   * paths a short run measures the compiler (over half the CPU of a cold run), not the client.
   */
  private static final int WARM_UP_WAVES = 20;

  private LlmClientBenchmark() {}

  public static void main(String[] args) throws Exception {
    HttpTransport.useCommonPoolForCallbacks(); // as the command line does
    Path work = Path.of(args[0]);
    long latencyMs = Long.parseLong(args[1]);
    List<Integer> concurrencies = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      concurrencies.add(Integer.parseInt(args[i]));
    }
    try (FakeProviderProcess server = FakeProviderProcess.start(latencyMs, false)) {
      String baseUrl = server.openAiBaseUrl();
      StringBuilder json =
          new StringBuilder("{\n  \"latency_ms\": " + latencyMs + ",\n  \"runs\": [");
      for (int c = 0; c < concurrencies.size(); c++) {
        int concurrency = concurrencies.get(c);
        Result result = run(baseUrl, concurrency, latencyMs);
        double ideal = concurrency * 1000.0 / latencyMs;
        System.out.printf(
            Locale.ROOT,
            "C=%-4d %,6d requests in %6.2f s: %,8.1f req/s, ideal C/L %,8.1f req/s, ratio %.3f,"
                + " client CPU %.3f ms/request%n",
            concurrency,
            result.requests,
            result.seconds,
            result.requests / result.seconds,
            ideal,
            result.requests / result.seconds / ideal,
            result.cpuMillis / result.requests);
        json.append(c == 0 ? "\n" : ",\n")
            .append(
                String.format(
                    Locale.ROOT,
                    "    {\"concurrency\": %d, \"requests\": %d, \"seconds\": %.3f, \"requests_per_s\": %.1f,"
                        + " \"ideal_requests_per_s\": %.1f, \"ratio\": %.4f, \"cpu_ms_per_request\": %.4f}",
                    concurrency,
                    result.requests,
                    result.seconds,
                    result.requests / result.seconds,
                    ideal,
                    result.requests / result.seconds / ideal,
                    result.cpuMillis / result.requests));
      }
      json.append("\n  ],\n  \"target\": \"ratio >= 0.95 at C=64\"\n}\n");
      Files.createDirectories(work);
      Files.writeString(work.resolve("bench-llm-client.json"), json);
    }
  }

  private record Result(int requests, double seconds, double cpuMillis) {}

  private static Result run(String baseUrl, int concurrency, long latencyMs) {
    LlmSettings settings =
        LlmSettings.fromEnvironment(Map.of("OPENAI_COMPATIBLE_BASE_URL", baseUrl))
            .withConcurrency(concurrency, concurrency)
            .withMaxAttempts(1)
            .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60));
    try (HttpTransport transport = HttpTransport.createDefault()) {
      LlmClient client = LlmClients.create(settings, transport, new UsageLedger());
      // Each concurrency has its own model id, so its limit starts fresh at C.
      String model = "openai-compatible/bench-c" + concurrency;
      calls(client, model, WARM_UP_WAVES * concurrency);
      int requests = WAVES * concurrency;
      long cpuBefore = processCpuNanos();
      long start = System.nanoTime();
      calls(client, model, requests);
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpuMillis = (processCpuNanos() - cpuBefore) / 1e6;
      return new Result(requests, seconds, cpuMillis);
    }
  }

  /** Submits all at once; the client's limit keeps C in flight and queues the rest. */
  private static void calls(LlmClient client, String model, int count) {
    List<CompletableFuture<?>> futures = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      futures.add(
          client.chat(
              ChatRequest.builder(model)
                  .system("You write one synthetic support ticket as JSON.")
                  .user("Ticket " + i + ": product laptop, priority high.")
                  .maxOutputTokens(300)
                  .build()));
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
