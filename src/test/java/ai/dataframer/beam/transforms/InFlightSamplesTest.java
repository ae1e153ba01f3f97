package ai.dataframer.beam.transforms;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.Test;

/** Samples beyond the in-flight limit wait in a queue and start from the completing thread. */
public class InFlightSamplesTest {
  @Test(timeout = 10_000)
  public void aQueuedSampleStartsOnTheThreadWhoseSampleFinished() throws Exception {
    InFlightSamples<String, String> samples = new InFlightSamples<>(1);
    CompletableFuture<String> first = new CompletableFuture<>();
    AtomicReference<String> startedOn = new AtomicReference<>();
    samples.start("a", key -> first);
    // The limit is reached: "b" is queued and start() returns without waiting.
    samples.start(
        "b",
        key -> {
          startedOn.set(Thread.currentThread().getName());
          return CompletableFuture.completedFuture("B");
        });
    assertEquals(null, startedOn.get());

    Thread completer = new Thread(() -> first.complete("A"), "completer");
    completer.start();
    completer.join();

    assertEquals("completer", startedOn.get());
    List<String> done = new ArrayList<>();
    samples.awaitAll().forEach(d -> done.add(d.key() + "=" + d.value()));
    assertEquals(List.of("a=A", "b=B"), done);
  }

  @Test(timeout = 10_000)
  public void startWaitsOnlyOnceAsManyAreQueuedAsTheLimit() throws Exception {
    InFlightSamples<Integer, String> samples = new InFlightSamples<>(2);
    List<CompletableFuture<String>> calls = new ArrayList<>();
    for (int i = 0; i < 4; i++) { // 2 in flight, 2 queued
      CompletableFuture<String> call = new CompletableFuture<>();
      calls.add(call);
      samples.start(i, key -> call);
    }
    CountDownLatch fifthTaken = new CountDownLatch(1);
    Thread bundle =
        new Thread(
            () -> {
              try {
                samples.start(4, key -> CompletableFuture.completedFuture("x"));
                fifthTaken.countDown();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    bundle.start();
    assertFalse(fifthTaken.await(200, TimeUnit.MILLISECONDS));

    calls.get(0).complete("0"); // starts queued sample 2, which frees a place in the queue
    assertTrue(fifthTaken.await(5, TimeUnit.SECONDS));
    calls.forEach(call -> call.complete("later"));
    assertEquals(5, samples.awaitAll().size());
    bundle.join();
  }

  @Test(timeout = 10_000)
  public void samplesThatFinishAtOnceAreStartedInALoopNotARecursion() throws Exception {
    // A queue of this many samples finishing inside their own start overflows the stack if each
    // completion starts the next one from within the previous one's start.
    int limit = 50_000;
    InFlightSamples<Integer, Integer> samples = new InFlightSamples<>(limit);
    List<CompletableFuture<Integer>> slow = new ArrayList<>();
    for (int i = 0; i < limit; i++) {
      CompletableFuture<Integer> call = new CompletableFuture<>();
      slow.add(call);
      samples.start(i, key -> call);
    }
    for (int i = limit; i < 2 * limit; i++) {
      samples.start(i, CompletableFuture::completedFuture);
    }
    slow.get(0).complete(0);
    for (int i = 1; i < limit; i++) {
      slow.get(i).complete(i);
    }
    assertEquals(2 * limit, samples.awaitAll().size());
  }

  @Test(timeout = 10_000)
  public void queuedSamplesAreDroppedWhenTheBundleIsInterruptedOrAbandoned() throws Exception {
    InFlightSamples<Integer, String> samples = new InFlightSamples<>(1);
    CompletableFuture<String> first = new CompletableFuture<>();
    AtomicInteger started = new AtomicInteger();
    samples.start(0, key -> first);
    samples.start(
        1,
        key -> {
          started.incrementAndGet();
          return CompletableFuture.completedFuture("late");
        });
    Thread.currentThread().interrupt(); // the job is cancelled while the bundle waits
    assertThrows(InterruptedException.class, samples::awaitAll);

    first.complete("A");
    assertEquals("a queued sample started after the cancel", 0, started.get());

    InFlightSamples<Integer, String> torn = new InFlightSamples<>(1);
    CompletableFuture<String> pending = new CompletableFuture<>();
    torn.start(0, key -> pending);
    torn.start(
        1,
        key -> {
          started.incrementAndGet();
          return CompletableFuture.completedFuture("late");
        });
    torn.abandonWaiting(); // teardown after a failed bundle
    pending.complete("B");
    assertEquals(0, started.get());
    assertEquals(1, torn.awaitAll().size());
  }
}
