package ai.dataframer.beam.bench;

import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyVariation;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.io.llm.http.HttpTransport;
import ai.dataframer.beam.io.store.SpecStore;
import ai.dataframer.beam.pipelines.cli.DataFramerCli;
import ai.dataframer.beam.testing.FakeProviderProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A whole LLM run through the command line against the fake provider (its own JVM, fixed latency L,
 * answering as a scripted model): N samples, one draft call each, on each runner at each
 * concurrency C (samples in flight per worker, and the worker's limit of calls in flight).
 * Samples/s over the window the provider was busy, against the ideal C/L, and this JVM's CPU ms per
 * sample; and the same at steady state, between the 10th and the 90th percentile of the answers'
 * times, which leaves out the job's start-up, the ramp to C calls in flight and the last drain. The
 * job's wall time is printed too, and the fake provider's CPU per call (it shares the cores).
 *
 * <p>N is by default what the ideal rate answers in {@value #TIMED_SECONDS} s (4,800 samples at
 * C=64 and 19,200 at C=256 for L=200 ms): a run of a fixed N would last a quarter as long at C=256
 * as at 64, and its steady state would still hold the JIT compiling the job's code (in a 4 s run at
 * C=256 on two cores, the compilers were busy for as long as the run). Each timed run follows
 * untimed warm-up runs of the same job, of what the ideal rate answers in {@value #WARM_UP_SECONDS}
 * s (at least {@value #MIN_WARM_UP_SAMPLES} samples), against the same provider, so JIT compilation
 * in either JVM is counted as little as it can be. Usage: LlmRunBenchmark WORK_DIR SAMPLES|auto
 * LATENCY_MS C,C.. RUNNER,RUNNER..
 */
public final class LlmRunBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> MODELS =
      List.of(
          "anthropic/claude-haiku-4-5", "anthropic/claude-sonnet-4-6", "anthropic/claude-opus-4-6");

  /** How long a timed run lasts at the ideal rate, when its samples are not given. */
  private static final int TIMED_SECONDS = 15;

  /** How long each untimed run before a timed one lasts at the ideal rate. */
  private static final int WARM_UP_SECONDS = 5;

  /** The fewest samples of a warm-up run: at low C, 5 s are too few samples to train the JIT. */
  private static final int MIN_WARM_UP_SAMPLES = 2000;

  /** Warm-up runs go on while the JIT compilers were busy for more than this share of one. */
  private static final double MAX_JIT_SHARE = 0.1;

  private static final int MAX_WARM_UPS = 5;

  private LlmRunBenchmark() {}

  public static void main(String[] args) throws Exception {
    HttpTransport.useCommonPoolForCallbacks();
    DataFramerCli.quietLibraryLogs();
    Path work = Path.of(args[0]);
    Integer givenSamples = args[1].equals("auto") ? null : Integer.valueOf(args[1]);
    long latencyMs = Long.parseLong(args[2]);
    List<String> concurrencies = List.of(args[3].split(","));
    List<String> runners = List.of(args[4].split(","));
    Files.createDirectories(work);
    Path store = storeSpec(work);
    StringBuilder json =
        new StringBuilder("{\n  \"latency_ms\": " + latencyMs + ",\n  \"runs\": [");
    boolean first = true;
    for (String runner : runners) {
      for (String c : concurrencies) {
        int concurrency = Integer.parseInt(c);
        int samples =
            givenSamples != null
                ? givenSamples
                : idealAnswers(concurrency, latencyMs, TIMED_SECONDS);
        try (FakeProviderProcess server = FakeProviderProcess.start(latencyMs, true)) {
          String root = server.anthropicBaseUrl();
          String model = MODELS.get(concurrencies.indexOf(c) % MODELS.size());
          // Warm-up: the same job on fewer samples, so neither this JVM's nor the fake provider's
          // JIT (both on the same cores) is counted as the pipeline's; a real provider is warm.
          // Repeated until the JIT compilers are nearly idle: on two cores the single C2 thread
          // stays busy for several such runs, and code still interpreted or in C1 costs CPU that
          // a long job does not pay.
          int warmUps = 0;
          double jitShare;
          do {
            long jitBefore = jitMillis();
            long warmStart = System.nanoTime();
            run(
                store,
                work.resolve("warm-up-" + runner + "-" + concurrency + "-" + warmUps),
                Math.min(
                    samples,
                    Math.max(
                        MIN_WARM_UP_SAMPLES,
                        idealAnswers(concurrency, latencyMs, WARM_UP_SECONDS))),
                concurrency,
                runner,
                root,
                model);
            warmUps++;
            jitShare = (jitMillis() - jitBefore) / ((System.nanoTime() - warmStart) / 1e6);
          } while (jitShare > MAX_JIT_SHARE && warmUps < MAX_WARM_UPS);
          long jitBeforeRun = jitMillis();
          send(root + "/stats/reset");
          long providerCpuBefore = stats(root).path("cpu_ms").asLong();
          CpuTimeline cpu = CpuTimeline.start();
          long start = System.nanoTime();
          run(
              store,
              work.resolve("out-" + runner + "-" + concurrency),
              samples,
              concurrency,
              runner,
              root,
              model);
          double wall = (System.nanoTime() - start) / 1e9;
          double runJitShare = (jitMillis() - jitBeforeRun) / (wall * 1000);
          cpu.stop();
          double cpuMs = cpu.totalNanos() / 1e6;
          JsonNode stats = stats(root);
          // The fake provider shares the cores: its CPU says how much of the machine was left.
          double providerCpuMs =
              (stats.path("cpu_ms").asLong() - providerCpuBefore) / (double) samples;
          double window =
              (stats.path("last_answer_ms").asLong() - stats.path("first_call_ms").asLong())
                  / 1000.0;
          double rate = samples / window;
          double ideal = concurrency * 1000.0 / latencyMs;
          // Steady state: the answers from the 10th to the 90th percentile, leaving out the
          // start-up, the ramp to C calls in flight and the run's last drain.
          long[] answers = new long[stats.path("answer_ms").size()];
          for (int i = 0; i < answers.length; i++) {
            answers[i] = stats.path("answer_ms").get(i).asLong();
          }
          long[] calls = new long[stats.path("call_ms").size()];
          for (int i = 0; i < calls.length; i++) {
            calls[i] = stats.path("call_ms").get(i).asLong();
          }
          // The answer and call times (ms since the epoch), one per line, to see the window.
          Files.write(
              work.resolve("answers-" + runner + "-" + concurrency + ".txt"),
              java.util.Arrays.stream(answers).mapToObj(Long::toString).toList());
          Files.write(
              work.resolve("calls-" + runner + "-" + concurrency + ".txt"),
              java.util.Arrays.stream(calls).mapToObj(Long::toString).toList());
          int from = answers.length / 10;
          int to = answers.length * 9 / 10;
          double steadySeconds = (answers[to] - answers[from]) / 1000.0;
          double steadyRate = (to - from) / steadySeconds;
          double steadyCpuMs = cpu.nanosBetween(answers[from], answers[to]) / 1e6 / (to - from);
          double wholeInFlight =
              meanInFlight(calls, answers, calls[0], answers[answers.length - 1]);
          double steadyInFlight = meanInFlight(calls, answers, answers[from], answers[to]);
          // The steady ratio splits in two (Little's law): the share of its C calls the client
          // kept at the provider, and the latency over how long the provider held each call. A
          // fake that answers later than L (its threads wait for a core too) lowers the second.
          double windowHeld = steadyInFlight / concurrency;
          double providerHoldMs = steadyInFlight / steadyRate * 1000;
          System.out.printf(
              Locale.ROOT,
              "%-6s C=%-4d %,d samples (%,d calls): %,.1f samples/s over %.2f s of calls, ideal C/L"
                  + " %,.1f, ratio %.3f; steady state (answers p10-p90) %,.1f samples/s, ratio"
                  + " %.3f, CPU %.2f ms/sample; whole job %.1f s, CPU %.2f ms/sample; fake provider"
                  + " CPU %.2f ms/call; mean calls in flight at the provider %.1f, steady %.1f"
                  + " (window held %.3f of C, provider's hold %.1f ms for L %d ms);"
                  + " %d warm-up runs, JIT busy %.2f of the run%n",
              runner,
              concurrency,
              samples,
              stats.path("calls").asInt(),
              rate,
              window,
              ideal,
              rate / ideal,
              steadyRate,
              steadyRate / ideal,
              steadyCpuMs,
              wall,
              cpuMs / samples,
              providerCpuMs,
              wholeInFlight,
              steadyInFlight,
              windowHeld,
              providerHoldMs,
              latencyMs,
              warmUps,
              runJitShare);
          json.append(first ? "\n" : ",\n")
              .append(
                  String.format(
                      Locale.ROOT,
                      "    {\"runner\": \"%s\", \"concurrency\": %d, \"samples\": %d,"
                          + " \"calls\": %d, \"samples_per_s\": %.1f,"
                          + " \"ideal\": %.1f, \"ratio\": %.4f, \"steady_samples_per_s\": %.1f,"
                          + " \"steady_ratio\": %.4f, \"steady_cpu_ms_per_sample\": %.3f,"
                          + " \"job_seconds\": %.2f, \"cpu_ms_per_sample\": %.3f,"
                          + " \"provider_cpu_ms_per_call\": %.3f, \"steady_window_held\": %.4f,"
                          + " \"steady_provider_hold_ms\": %.1f}",
                      runner,
                      concurrency,
                      samples,
                      stats.path("calls").asInt(),
                      rate,
                      ideal,
                      rate / ideal,
                      steadyRate,
                      steadyRate / ideal,
                      steadyCpuMs,
                      wall,
                      cpuMs / samples,
                      providerCpuMs,
                      windowHeld,
                      providerHoldMs));
          first = false;
        }
      }
    }
    json.append(
        "\n  ],\n  \"target\": \"ratio >= 0.95 of C/L at C=64 and C=256 on every runner; steady CPU <= 2 ms/sample\"\n}\n");
    Files.writeString(work.resolve("bench-llm-run.json"), json);
  }

  private static void run(
      Path store,
      Path out,
      int samples,
      int concurrency,
      String runner,
      String baseUrl,
      String model) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--spec",
                "bench",
                "--samples",
                String.valueOf(samples),
                "--allow-large-runs",
                "--random-seed",
                "3",
                // A model per concurrency: a worker's limit of calls in flight is per model and per
                // JVM,
                // set by the first run that uses it, and this benchmark runs every setting in one
                // JVM.
                "--generation-model",
                model,
                "--max-in-flight",
                String.valueOf(concurrency),
                "--llm-concurrency",
                String.valueOf(concurrency),
                "--llm-max-concurrency",
                String.valueOf(concurrency),
                "--anthropic-api-key",
                "bench-key",
                "--anthropic-base-url",
                baseUrl,
                "--output",
                "jsonl:" + out,
                "--store",
                store.toString()));
    if (runner.equals("flink")) {
      args.addAll(List.of("--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2"));
    }
    int exit = DataFramerCli.commandLine().execute(args.toArray(String[]::new));
    if (exit != 0) {
      throw new IllegalStateException("dataframer " + String.join(" ", args) + " exited " + exit);
    }
  }

  /** How many calls C calls in flight, each held L ms, answer in {@code seconds}. */
  static int idealAnswers(int concurrency, long latencyMs, int seconds) {
    return Math.toIntExact(concurrency * seconds * 1000L / latencyMs);
  }

  /** The spec and a small seed: tickets with bound product and priority and a free-text body. */
  private static Path storeSpec(Path work) throws Exception {
    Path seed = work.resolve("tickets.csv");
    StringBuilder csv = new StringBuilder("ticket_id,product,priority,amount,body\n");
    for (int i = 0; i < 30; i++) {
      csv.append("T-")
          .append(i)
          .append(',')
          .append(i % 2 == 0 ? "laptop" : "phone")
          .append(',')
          .append(i % 3 == 0 ? "high" : "low")
          .append(',')
          .append(10 + i)
          .append(".5,My device stopped working after ")
          .append(i)
          .append(" days.\n");
    }
    Files.writeString(seed, csv);
    Path store = work.resolve("store");
    SpecStore specs = SpecStore.at(store.toString());
    if (specs.list().stream().noneMatch(s -> s.name().equals("bench"))) {
      specs.create("bench", seed.toString(), "benchmark tickets", Map.of());
      specs.update(
          "bench",
          new Spec(
              "Support tickets",
              "Each ticket names its product.",
              List.of(
                  new PropertyVariation("product", List.of("laptop", "phone"), Map.of(), null),
                  new PropertyVariation("priority", List.of("low", "high"), Map.of(), null)),
              List.of(
                  new RecordField("ticket_id", FieldType.STRING, null, 0, List.of(), null, null),
                  new RecordField("product", FieldType.STRING, "product", 0, List.of(), null, null),
                  new RecordField(
                      "priority", FieldType.STRING, "priority", 0, List.of(), null, null),
                  new RecordField("amount", FieldType.DOUBLE, null, 0, List.of(), null, null),
                  new RecordField("body", FieldType.STRING, null, 0, List.of(), null, null))));
    }
    return store;
  }

  private static JsonNode stats(String root) throws Exception {
    return JSON.readTree(send(root + "/stats"));
  }

  private static String send(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /**
   * The mean number of calls the provider held between {@code from} and {@code to} (ms), from the
   * sorted call and answer times: what the window of calls in flight really was, apart from the
   * provider's latency.
   */
  static double meanInFlight(long[] calls, long[] answers, long from, long to) {
    int called = 0;
    int answered = 0;
    double area = 0;
    for (long t = from; t < to; t++) {
      while (called < calls.length && calls[called] <= t) {
        called++;
      }
      while (answered < answers.length && answers[answered] <= t) {
        answered++;
      }
      area += called - answered;
    }
    return area / Math.max(1, to - from);
  }

  /** Time the JIT compilers have spent so far, summed over their threads. */
  private static long jitMillis() {
    return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
  }

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
