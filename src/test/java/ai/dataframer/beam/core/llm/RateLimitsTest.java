package ai.dataframer.beam.core.llm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

public class RateLimitsTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  private void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }

  private RateLimits limits(long requestsPerMinute, long tokensPerMinute) {
    return RateLimits.of(requestsPerMinute, tokensPerMinute, nanos::get);
  }

  @Test
  public void requestsWithinTheMinutesBudgetGoAtOnceAndTheNextOneWaits() {
    RateLimits limits = limits(60, 0);
    for (int i = 0; i < 60; i++) {
      assertEquals(Duration.ZERO, limits.reserve(0).delay());
    }
    assertEquals(Duration.ofSeconds(1), limits.reserve(0).delay());
    // Later callers queue behind earlier ones: the debt grows a second per request.
    assertEquals(Duration.ofSeconds(2), limits.reserve(0).delay());
  }

  @Test
  public void theBucketRefillsContinuouslyFromTheTicker() {
    RateLimits limits = limits(60, 0);
    for (int i = 0; i < 60; i++) {
      limits.reserve(0);
    }
    advance(Duration.ofMillis(2500));
    assertEquals(Duration.ZERO, limits.reserve(0).delay());
    assertEquals(Duration.ZERO, limits.reserve(0).delay());
    assertEquals(Duration.ofMillis(500), limits.reserve(0).delay());
  }

  @Test
  public void theBucketHoldsAtMostOneMinutesWorth() {
    RateLimits limits = limits(0, 1000);
    advance(Duration.ofMinutes(10));
    assertEquals(Duration.ZERO, limits.reserve(1000).delay());
    assertEquals(Duration.ofMillis(60), limits.reserve(1).delay());
  }

  @Test
  public void tokensBeyondTheBudgetWaitInProportion() {
    RateLimits limits = limits(0, 1000);
    assertEquals(Duration.ZERO, limits.reserve(600).delay());
    assertEquals(Duration.ofSeconds(12), limits.reserve(600).delay());
  }

  @Test
  public void settlingGivesBackWhatTheEstimateOverstated() {
    RateLimits limits = limits(0, 1000);
    RateLimits.Reservation first = limits.reserve(600);
    first.settle(100);
    assertEquals(Duration.ZERO, limits.reserve(900).delay());
    assertEquals(Duration.ofMillis(60), limits.reserve(1).delay());
  }

  @Test
  public void settlingTakesWhatTheEstimateMissedAndOnlyOnce() {
    RateLimits limits = limits(0, 1000);
    RateLimits.Reservation first = limits.reserve(100);
    first.settle(600);
    first.settle(600);
    assertEquals(Duration.ofSeconds(6), limits.reserve(500).delay());
  }

  @Test
  public void aCallAboveTheWholeBudgetWaitsForAFullBucketNotForMinutes() {
    RateLimits limits = limits(0, 1000);
    RateLimits.Reservation huge = limits.reserve(5000);
    assertEquals(Duration.ZERO, huge.delay());
    assertEquals(1000, huge.reservedTokens());
    assertEquals(Duration.ofSeconds(60), limits.reserve(1000).delay());
  }

  @Test
  public void theLongerOfTheTwoWaitsApplies() {
    RateLimits limits = limits(2, 1000);
    assertEquals(Duration.ZERO, limits.reserve(500).delay());
    assertEquals(Duration.ZERO, limits.reserve(500).delay());
    // Third request: 30 s behind on requests, 6 s behind on tokens.
    assertEquals(Duration.ofSeconds(30), limits.reserve(100).delay());
  }

  @Test
  public void noLimitsNeverWait() {
    RateLimits limits = limits(0, 0);
    assertTrue(limits.isUnlimited());
    for (int i = 0; i < 1000; i++) {
      assertEquals(Duration.ZERO, limits.reserve(1_000_000).delay());
    }
    assertFalse(limits(1, 0).isUnlimited());
  }

  @Test
  public void tokensAreEstimatedAsFourCharactersEachPlusTheOutputBudget() {
    ChatRequest plain =
        ChatRequest.builder("anthropic/claude-sonnet-4-6")
            .system("12345678")
            .user("1234")
            .maxOutputTokens(100)
            .build();
    assertEquals(3 + 100, RateLimits.estimateTokens(plain));

    ChatRequest thinking =
        ChatRequest.builder("anthropic/claude-sonnet-4-6-thinking")
            .user("123")
            .maxOutputTokens(100)
            .thinkingBudget(2048)
            .tool(new ToolSpec("lookup", "", "{}"))
            .jsonOutput(JsonOutput.withSchema("answer", "{\"type\":\"object\"}"))
            .build();
    // 3 + 6 + 2 + 17 characters round up to 7 tokens.
    assertEquals(7 + 100 + 2048, RateLimits.estimateTokens(thinking));
  }

  @Test
  public void negativeLimitsAndEstimatesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> limits(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> limits(0, 10).reserve(-1));
  }
}
