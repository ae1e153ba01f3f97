package ai.dataframer.beam.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The fake provider server in a JVM of its own, for benchmarks: the benchmark's CPU time is then
 * the client's alone.
 */
public final class FakeProviderProcess implements AutoCloseable {
  private final Process process;
  private final String anthropicBaseUrl;
  private final String openAiBaseUrl;

  private FakeProviderProcess(Process process, String anthropicBaseUrl, String openAiBaseUrl) {
    this.process = process;
    this.anthropicBaseUrl = anthropicBaseUrl;
    this.openAiBaseUrl = openAiBaseUrl;
  }

  /** Starts it with this latency, answering as a {@link ScriptedModel} when {@code scripted}. */
  public static FakeProviderProcess start(long latencyMs, boolean scripted) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                java,
                // The fake shares the cores with the pipeline it serves: C2's compiler threads
                // cost it more CPU than answering (13.9 s of compiling in a 7,000-call run), and
                // C1's code is fast enough to play a provider.
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                FakeProviderServer.class.getName(),
                "0",
                String.valueOf(latencyMs),
                scripted ? "scripted" : "plain")
            .redirectErrorStream(true)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String anthropic = null;
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith("anthropic ")) {
        anthropic = line.substring("anthropic ".length()).strip();
      } else if (line.startsWith("openai ")) {
        String openAi = line.substring("openai ".length()).strip();
        // Keep reading what it prints, so a full pipe never blocks it.
        Thread drain = new Thread(() -> out.lines().forEach(ignored -> {}));
        drain.setDaemon(true);
        drain.start();
        return new FakeProviderProcess(process, anthropic, openAi);
      }
    }
    process.destroy();
    throw new IllegalStateException("the fake provider server did not start");
  }

  public String anthropicBaseUrl() {
    return anthropicBaseUrl;
  }

  public String openAiBaseUrl() {
    return openAiBaseUrl;
  }

  @Override
  public void close() {
    process.destroy();
  }
}
