package ai.dataframer.beam.core.llm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.llm.AdaptiveLimit.Outcome;
import ai.dataframer.beam.core.llm.AdaptiveLimit.Permit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.Test;

public class AdaptiveLimitTest {
  private static Permit now(AdaptiveLimit limit) {
    CompletableFuture<Permit> permit = limit.acquire();
    assertTrue("a slot should have been free: " + limit, permit.isDone());
    return permit.join();
  }

  @Test
  public void defaultsStartAtSixtyFourBetweenOneAndFiveHundredTwelve() {
    AdaptiveLimit limit = AdaptiveLimit.withDefaults();
    assertEquals(64, limit.limit());
    assertEquals(1, limit.min());
    assertEquals(512, limit.max());
  }

  @Test
  public void acquireBeyondTheLimitWaitsUntilARelease() {
    AdaptiveLimit limit = new AdaptiveLimit(2, 1, 10);
    Permit first = now(limit);
    now(limit);
    CompletableFuture<Permit> third = limit.acquire();
    assertFalse(third.isDone());
    assertEquals(2, limit.inFlight());
    assertEquals(1, limit.waiting());

    first.release(Outcome.IGNORED);
    assertTrue(third.isDone());
    assertEquals(2, limit.inFlight());
    assertEquals(0, limit.waiting());
  }

  @Test
  public void orderedWaitersAreServedLowestFirstAfterUnorderedOnes() {
    AdaptiveLimit limit = new AdaptiveLimit(1, 1, 10);
    Permit held = now(limit);
    List<String> served = new ArrayList<>();
    Map<String, CompletableFuture<Permit>> waiters = new LinkedHashMap<>();
    // Arrival order: samples 2048 and 7, an unordered call, sample 7 again, sample 1024.
    Long[] orders = {2048L, 7L, null, 7L, 1024L};
    String[] names = {"s2048", "s7a", "unordered", "s7b", "s1024"};
    for (int i = 0; i < orders.length; i++) {
      String name = names[i];
      CompletableFuture<Permit> waiter = limit.acquire(orders[i]);
      waiter.thenAccept(permit -> served.add(name));
      waiters.put(name, waiter);
    }
    assertEquals(5, limit.waiting());
    held.release(Outcome.IGNORED);
    // Each release serves exactly the next waiter.
    for (int i = 0; i < orders.length; i++) {
      assertEquals(i + 1, served.size());
      waiters.get(served.get(i)).join().release(Outcome.IGNORED);
    }
    assertEquals(List.of("unordered", "s7a", "s7b", "s1024", "s2048"), served);
  }

  @Test
  public void waitersAreServedInOrder() {
    AdaptiveLimit limit = new AdaptiveLimit(1, 1, 10);
    Permit held = now(limit);
    List<Integer> served = new ArrayList<>();
    List<CompletableFuture<Permit>> waiters = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int index = i;
      CompletableFuture<Permit> waiter = limit.acquire();
      waiter.thenAccept(permit -> served.add(index));
      waiters.add(waiter);
    }
    held.release(Outcome.IGNORED);
    for (CompletableFuture<Permit> waiter : waiters) {
      waiter.join().release(Outcome.IGNORED);
    }
    assertEquals(List.of(0, 1, 2, 3), served);
    assertEquals(0, limit.inFlight());
  }

  @Test
  public void eachRateLimitHalvesTheLimitDownToTheMinimum() {
    AdaptiveLimit limit = new AdaptiveLimit(8, 1, 64);
    List<Integer> limits = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      now(limit).release(Outcome.RATE_LIMITED);
      limits.add(limit.limit());
    }
    assertEquals(List.of(4, 2, 1, 1, 1), limits);
    assertEquals(0, limit.inFlight());
  }

  @Test
  public void aBurstOfRateLimitsFromCallsAlreadyInFlightCutsOnce() {
    AdaptiveLimit limit = new AdaptiveLimit(16, 1, 64);
    List<Permit> inFlight = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      inFlight.add(now(limit));
    }
    for (Permit permit : inFlight) {
      permit.release(Outcome.RATE_LIMITED);
    }
    assertEquals(8, limit.limit());
    // A call sent after the cut that is refused again cuts again.
    now(limit).release(Outcome.RATE_LIMITED);
    assertEquals(4, limit.limit());
  }

  @Test
  public void aRunOfLimitSuccessesRaisesTheLimitByOne() {
    AdaptiveLimit limit = new AdaptiveLimit(4, 1, 64);
    for (int i = 0; i < 3; i++) {
      now(limit).release(Outcome.SUCCESS);
    }
    assertEquals(4, limit.limit());
    now(limit).release(Outcome.SUCCESS);
    assertEquals(5, limit.limit());
    for (int i = 0; i < 5; i++) {
      now(limit).release(Outcome.SUCCESS);
    }
    assertEquals(6, limit.limit());
  }

  @Test
  public void successesWinBackWhatRateLimitsTook() {
    AdaptiveLimit limit = new AdaptiveLimit(8, 1, 8);
    now(limit).release(Outcome.RATE_LIMITED);
    now(limit).release(Outcome.RATE_LIMITED);
    assertEquals(2, limit.limit());
    // 2 + 3 + 4 + 5 + 6 + 7 successes climb back to the maximum, and no further.
    for (int i = 0; i < 2 + 3 + 4 + 5 + 6 + 7; i++) {
      now(limit).release(Outcome.SUCCESS);
    }
    assertEquals(8, limit.limit());
    for (int i = 0; i < 100; i++) {
      now(limit).release(Outcome.SUCCESS);
    }
    assertEquals(8, limit.limit());
  }

  @Test
  public void aRateLimitRestartsTheRunOfSuccesses() {
    AdaptiveLimit limit = new AdaptiveLimit(4, 1, 64);
    for (int i = 0; i < 3; i++) {
      now(limit).release(Outcome.SUCCESS);
    }
    now(limit).release(Outcome.RATE_LIMITED);
    assertEquals(2, limit.limit());
    now(limit).release(Outcome.SUCCESS);
    assertEquals(2, limit.limit());
    now(limit).release(Outcome.SUCCESS);
    assertEquals(3, limit.limit());
  }

  @Test
  public void otherFailuresLeaveTheLimitAlone() {
    AdaptiveLimit limit = new AdaptiveLimit(4, 1, 64);
    for (int i = 0; i < 20; i++) {
      now(limit).release(Outcome.IGNORED);
    }
    assertEquals(4, limit.limit());
  }

  @Test
  public void aCutBelowTheCallsInFlightHoldsNewCallsUntilEnoughHaveEnded() {
    AdaptiveLimit limit = new AdaptiveLimit(4, 1, 64);
    List<Permit> held = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      held.add(now(limit));
    }
    held.get(0).release(Outcome.RATE_LIMITED);
    assertEquals(2, limit.limit());
    assertEquals(3, limit.inFlight());
    CompletableFuture<Permit> waiter = limit.acquire();
    held.get(1).release(Outcome.IGNORED);
    assertFalse("2 in flight at a limit of 2", waiter.isDone());
    held.get(2).release(Outcome.IGNORED);
    assertTrue(waiter.isDone());
    assertEquals(2, limit.inFlight());
  }

  @Test
  public void releasingTwiceGivesBackOneSlot() {
    AdaptiveLimit limit = new AdaptiveLimit(2, 1, 64);
    Permit permit = now(limit);
    now(limit);
    permit.release(Outcome.SUCCESS);
    permit.release(Outcome.SUCCESS);
    assertEquals(1, limit.inFlight());
  }

  @Test
  public void aCancelledWaiterIsSkipped() {
    AdaptiveLimit limit = new AdaptiveLimit(1, 1, 64);
    Permit held = now(limit);
    CompletableFuture<Permit> cancelled = limit.acquire();
    CompletableFuture<Permit> next = limit.acquire();
    cancelled.cancel(false);
    held.release(Outcome.IGNORED);
    assertTrue(next.isDone());
    assertFalse(next.isCompletedExceptionally());
    assertEquals(1, limit.inFlight());
    next.join().release(Outcome.IGNORED);
    assertEquals(0, limit.inFlight());
    assertEquals(0, limit.waiting());
  }

  @Test
  public void inconsistentBoundsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new AdaptiveLimit(0, 0, 10));
    assertThrows(IllegalArgumentException.class, () -> new AdaptiveLimit(20, 1, 10));
    assertThrows(IllegalArgumentException.class, () -> new AdaptiveLimit(5, 6, 10));
  }
}
