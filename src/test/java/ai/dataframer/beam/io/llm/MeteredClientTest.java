package ai.dataframer.beam.io.llm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import ai.dataframer.beam.core.llm.ChatRequest;
import ai.dataframer.beam.core.llm.ChatResponse;
import ai.dataframer.beam.core.llm.LlmClient;
import ai.dataframer.beam.core.llm.LlmException;
import ai.dataframer.beam.core.llm.PriceTable;
import ai.dataframer.beam.core.llm.StopReason;
import ai.dataframer.beam.core.llm.Usage;
import ai.dataframer.beam.core.llm.UsageLedger;
import java.io.Closeable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.beam.runners.core.metrics.MetricsContainerImpl;
import org.apache.beam.sdk.metrics.MetricName;
import org.apache.beam.sdk.metrics.MetricsEnvironment;
import org.junit.Test;

public class MeteredClientTest {
  private static final String SONNET = "anthropic/claude-sonnet-4-6";
  private static final Usage USAGE = new Usage(1_000, 500, 20_000, 2_000, 200);
  // $3 input, $15 output, $0.30 cache read, $3.75 cache write per million tokens.
  private static final double COST =
      (1_000 * 3.0 + 500 * 15.0 + 20_000 * 0.30 + 2_000 * 3.75) / 1e6;

  private static ChatRequest request(String model) {
    return ChatRequest.builder(model).user("Write one order.").build();
  }

  private static ChatResponse answer(String model, Usage usage) {
    return new ChatResponse(model, "ok", List.of(), StopReason.END_TURN, "end_turn", usage);
  }

  @Test
  public void anAnswerABatchServedCostsTheBatchPriceHalfTheListPrice() throws Exception {
    MeteredClient online =
        MeteredClient.wrap(new ScriptedClient(r -> answer(SONNET, USAGE)), PriceTable.defaults());
    MeteredClient batched =
        MeteredClient.wrap(
            new ScriptedClient(r -> answer(SONNET, USAGE).asBatchServed()), PriceTable.defaults());

    online.chat(request(SONNET)).get();
    batched.chat(request(SONNET)).get();

    assertEquals(COST, online.ledger().totals(SONNET).costUsd(), 1e-12);
    assertEquals(COST * 0.5, batched.ledger().totals(SONNET).costUsd(), 1e-12);
  }

  @Test
  public void totalsAddUpCallsFailuresTokensAndCostPerModel() throws Exception {
    ScriptedClient inner =
        new ScriptedClient(request -> answer(request.modelId(), USAGE))
            .thenAnswer(answer(SONNET, USAGE))
            .thenFail(new LlmException.ServerError("anthropic", 500, "", true, null));
    MeteredClient client = MeteredClient.wrap(inner, PriceTable.defaults());

    client.chat(request(SONNET)).get();
    assertThrows(ExecutionException.class, () -> client.chat(request(SONNET)).get());
    client.chat(request(SONNET)).get();
    client.chat(request("openai/gpt-5.4")).get();

    UsageLedger.Totals sonnet = client.ledger().totals(SONNET);
    assertEquals(3, sonnet.calls());
    assertEquals(1, sonnet.failures());
    assertEquals(USAGE.plus(USAGE), sonnet.usage());
    assertEquals(2 * COST, sonnet.costUsd(), 1e-12);

    UsageLedger.Totals gpt = client.ledger().totals("openai/gpt-5.4");
    assertEquals(1, gpt.calls());
    assertEquals(
        (1_000 * 2.5 + 500 * 15.0 + 20_000 * 0.25 + 2_000 * 2.5) / 1e6, gpt.costUsd(), 1e-12);
    assertEquals(4, client.ledger().overall().calls());
    assertEquals(
        List.of("anthropic/claude-sonnet-4-6", "openai/gpt-5.4"),
        List.copyOf(client.ledger().byModel().keySet()));
  }

  @Test
  public void overridesChangeTheCost() throws Exception {
    PriceTable prices =
        PriceTable.defaults().withOverrides("{\"" + SONNET + "\": {\"output\": 0}}");
    MeteredClient client =
        MeteredClient.wrap(new ScriptedClient(r -> answer(SONNET, USAGE)), prices);
    client.chat(request(SONNET)).get();
    assertEquals(COST - 500 * 15.0 / 1e6, client.ledger().totals(SONNET).costUsd(), 1e-12);
  }

  @Test
  public void aModelWithoutAPriceFailsBeforeAnyCall() {
    ScriptedClient inner = new ScriptedClient();
    MeteredClient client = MeteredClient.wrap(inner, PriceTable.defaults());
    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () -> client.chat(request("anthropic/claude-sonnet-4-5")).get());
    assertThat(e.getCause(), instanceOf(IllegalArgumentException.class));
    assertThat(e.getCause().getMessage(), containsString("'anthropic/claude-sonnet-4-5'"));
    assertEquals("nothing was paid for that could not be accounted", 0, inner.calls());
    assertEquals(0, client.ledger().overall().calls());
  }

  @Test
  public void sharedLedgersAddUpAcrossClients() throws Exception {
    UsageLedger ledger = new UsageLedger();
    new MeteredClient(new ScriptedClient(r -> answer(SONNET, USAGE)), PriceTable.defaults(), ledger)
        .chat(request(SONNET))
        .get();
    new MeteredClient(new ScriptedClient(r -> answer(SONNET, USAGE)), PriceTable.defaults(), ledger)
        .chat(request(SONNET))
        .get();
    assertEquals(2, ledger.totals(SONNET).calls());
    assertEquals(2 * COST, ledger.totals(SONNET).costUsd(), 1e-12);
  }

  @Test
  public void beamCountersGoToTheStepThatMadeTheCallThoughItEndsOnAnotherThread() throws Exception {
    ExecutorService http = Executors.newSingleThreadExecutor();
    try {
      LlmClient answeringLater =
          request ->
              CompletableFuture.supplyAsync(
                  () -> answer(SONNET, USAGE),
                  CompletableFuture.delayedExecutor(0, TimeUnit.SECONDS, http));
      StepMetrics metrics = new StepMetrics();
      MeteredClient client =
          new MeteredClient(answeringLater, PriceTable.defaults(), new UsageLedger(), metrics);
      MetricsContainerImpl step = new MetricsContainerImpl("generate");
      try (Closeable scope = MetricsEnvironment.scopedMetricsContainer(step)) {
        metrics.bindCurrentStep();
      }
      // The second call is made where a sample's later calls are: on the thread that finished the
      // first, which has no step of its own.
      client
          .chat(request(SONNET))
          .thenCompose(first -> client.chat(request(SONNET)))
          .get(10, TimeUnit.SECONDS);
      assertEquals(2, counter(step, "calls"));
      assertEquals(0, counter(step, "failures"));
      assertEquals(2_000, counter(step, "input_tokens"));
      assertEquals(1_000, counter(step, "output_tokens"));
      assertEquals(40_000, counter(step, "cache_read_tokens"));
      assertEquals(4_000, counter(step, "cache_write_tokens"));
      assertEquals(400, counter(step, "reasoning_tokens"));
      assertEquals(2 * Math.round(COST * 1e6), counter(step, "cost_micro_usd"));
    } finally {
      http.shutdownNow();
    }
  }

  private static long counter(MetricsContainerImpl step, String name) {
    Long value = step.getCounter(MetricName.named("dataframer.llm", name)).getCumulative();
    return value == null ? 0 : value;
  }
}
