package ai.dataframer.beam.bench;

import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.LlmClient;
import ai.dataframer.beam.core.llm.RetryPolicy;
import ai.dataframer.beam.core.llm.Secret;
import ai.dataframer.beam.io.llm.RetryingClient;
import ai.dataframer.beam.io.llm.gemini.GeminiClient;
import ai.dataframer.beam.io.llm.http.HttpTransport;
import ai.dataframer.beam.io.llm.http.ProviderEndpoint;
import ai.dataframer.beam.pipelines.cli.DataFramerCli;
import ai.dataframer.beam.testing.H2FaultServer;
import ai.dataframer.beam.testing.H2FaultServer.Fault;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a dropped or silent connection costs (docs/ARCHITECTURE.md section 7, HTTP), against the
 * HTTP/2-over-TLS fault server on loopback, with the production transport (10 s to connect, 10
 * minutes per call, {@link HttpTransport#DEFAULT_STALL_TIMEOUT} stall) and retry policy:
 *
 * <ol>
 *   <li>per drop, the seconds a Gemini call takes to get its answer and the requests it used;
 *   <li>the process's CPU, as % of one core, while C calls wait on a server that does not answer;
 *   <li>the same for a whole {@code dataframer generate} job on the Direct runner whose calls all
 *       wait, with the runner's scheduler paced and, for the limit, as Beam leaves it.
 * </ol>
 *
 * <p>Usage: IdleWaitBenchmark WORK_DIR [C] [WINDOW_SECONDS]. The JVM trusts the fake's certificate
 * through {@code javax.net.ssl.trustStore}, so the command line's own transport reaches it.
 */
public final class IdleWaitBenchmark {
  private static final String MODEL = "gemini/gemini-3.1-pro-preview";
  private static final String ANSWER =
      "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"fine\"}]},"
          + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":5,"
          + "\"candidatesTokenCount\":1,\"totalTokenCount\":6}}";
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private IdleWaitBenchmark() {}

  public static void main(String[] args) throws Exception {
    HttpTransport.useCommonPoolForCallbacks(); // as the command line does
    Path work = Path.of(args[0]);
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    int window = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    Files.createDirectories(work);
    try (H2FaultServer server = new H2FaultServer().answerWith(ANSWER)) {
      trust(server, work);
      StringBuilder json = new StringBuilder("{\n  \"drops\": [");
      drops(server, json);
      double transportCpu = transportWait(server, calls, window);
      json.append(
          String.format(
              Locale.ROOT,
              "\n  ],\n  \"transport_wait\": {\"calls\": %d, \"cpu_percent_of_core\": %.2f},",
              calls,
              transportCpu));
      double paced = jobWait(server, work, window, true);
      double unpaced = jobWait(server, work, window, false);
      json.append(
          String.format(
              Locale.ROOT,
              "\n  \"job_wait\": {\"paced_cpu_percent_of_core\": %.2f,"
                  + " \"unpaced_cpu_percent_of_core\": %.2f, \"ratio\": %.3f},"
                  + "\n  \"target\": \"cpu_percent_of_core < 5 while waiting\"\n}\n",
              paced,
              unpaced,
              paced / unpaced));
      Files.writeString(work.resolve("bench-idle-wait.json"), json);
    }
    System.exit(0);
  }

  /** The fake's certificate in a trust store the whole JVM uses, the command line's calls too. */
  private static void trust(H2FaultServer server, Path work) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("fake-provider", server.certificate());
    Path file = work.resolve("fake-provider-trust.p12");
    try (var out = Files.newOutputStream(file)) {
      store.store(out, "bench-only".toCharArray());
    }
    System.setProperty("javax.net.ssl.trustStore", file.toString());
    System.setProperty("javax.net.ssl.trustStorePassword", "bench-only");
    System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
  }

  private static void drops(H2FaultServer server, StringBuilder json) throws Exception {
    System.out.println("drop                              seconds  requests");
    boolean first = true;
    for (Fault fault : Fault.values()) {
      if (fault == Fault.NONE || fault == Fault.SILENCE || fault == Fault.SLOW_ANSWER) {
        continue;
      }
      try (HttpTransport transport = HttpTransport.createDefault()) {
        LlmClient client =
            RetryingClient.wrap(
                new GeminiClient(
                    transport, new ProviderEndpoint(server.baseUrl(), Secret.of("bench-key"))),
                RetryPolicy.defaults());
        ask(client).get(1, TimeUnit.MINUTES); // the drop hits a connection in use
        int before = server.requests();
        server.script(fault);
        long start = System.nanoTime();
        ask(client).get(11, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        int used = server.requests() - before;
        System.out.printf(Locale.ROOT, "%-32s %8.2f  %8d%n", fault, seconds, used);
        json.append(first ? "\n" : ",\n")
            .append(
                String.format(
                    Locale.ROOT,
                    "    {\"drop\": \"%s\", \"seconds\": %.2f, \"requests\": %d}",
                    fault,
                    seconds,
                    used));
        first = false;
      }
    }
  }

  private static CompletableFuture<ChatResponse> ask(LlmClient client) {
    return client.chat(ChatRequest.builder(MODEL).user("hello").build());
  }

  /** C calls waiting on silence; the process's CPU over the window, after a settling pause. */
  private static double transportWait(H2FaultServer server, int calls, int window)
      throws Exception {
    try (HttpTransport transport = HttpTransport.createDefault()) {
      LlmClient client =
          new GeminiClient(
              transport, new ProviderEndpoint(server.baseUrl(), Secret.of("bench-key")));
      ask(client).get(1, TimeUnit.MINUTES);
      for (int i = 0; i < calls; i++) {
        server.script(Fault.SILENCE);
      }
      List<CompletableFuture<ChatResponse>> waiting = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        waiting.add(ask(client));
      }
      Thread.sleep(3_000);
      double cpu = cpuPercentOver(window);
      System.out.printf(
          Locale.ROOT, "%d calls waiting on the transport: %.2f%% of a core%n", calls, cpu);
      waiting.forEach(call -> call.cancel(true));
      return cpu;
    }
  }

  /**
   * A generate job on the Direct runner whose calls all wait (one attempt each, timing out after
   * the window): the process's CPU over the window, once the first call is out and the job has
   * settled.
   */
  private static double jobWait(H2FaultServer server, Path work, int window, boolean paced)
      throws Exception {
    System.setProperty("dataframer.direct.pacing", String.valueOf(paced));
    Path seed = work.resolve("seed.csv");
    StringBuilder csv = new StringBuilder("ticket_id,product,amount\n");
    for (int i = 0; i < 40; i++) {
      csv.append("T-").append(i).append(',').append(i % 2 == 0 ? "laptop" : "phone");
      csv.append(',').append(10 + i).append('\n');
    }
    Files.writeString(seed, csv);
    for (int i = 0; i < 200; i++) {
      server.script(Fault.SILENCE);
    }
    int before = server.requests();
    long settle = 10;
    String[] cli = {
      "generate",
      "--dataset",
      seed.toString(),
      "--samples",
      "8",
      "--generation-model",
      MODEL,
      "--gemini-api-key",
      "bench-key",
      "--gemini-base-url",
      server.baseUrl(),
      "--llm-max-attempts",
      "1",
      "--llm-timeout-seconds",
      String.valueOf(settle + window + 20),
      "--output",
      "jsonl:" + work.resolve(paced ? "out-paced" : "out-unpaced")
    };
    Thread job = new Thread(() -> DataFramerCli.commandLine().execute(cli), "generate-job");
    job.setDaemon(true);
    job.start();
    while (server.requests() == before && job.isAlive()) {
      Thread.sleep(50);
    }
    Thread.sleep(settle * 1000);
    double cpu = cpuPercentOver(window);
    System.out.printf(
        Locale.ROOT,
        "generate job waiting on its calls, Direct runner %s: %.2f%% of a core%n",
        paced ? "paced" : "as Beam leaves it",
        cpu);
    job.join(TimeUnit.MINUTES.toMillis(3));
    return cpu;
  }

  private static double cpuPercentOver(int seconds) throws InterruptedException {
    long cpuBefore = OS.getProcessCpuTime();
    long start = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    return 100.0 * (OS.getProcessCpuTime() - cpuBefore) / (System.nanoTime() - start);
  }
}
