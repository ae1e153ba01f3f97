package ai.dataframer.beam.core.llm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.Test;

public class RetryPolicyTest {
  private static final LlmException SERVER_503 =
      new LlmException.ServerError("anthropic", 503, "busy", true, null);

  private static RetryPolicy fixedDraw(double draw) {
    return RetryPolicy.defaults().withRandom(() -> draw);
  }

  @Test
  public void defaultsAreSixAttemptsOneSecondBaseSixtySecondCapAndTwoMinuteCeiling() {
    RetryPolicy policy = RetryPolicy.defaults();
    assertEquals(6, policy.maxAttempts());
    assertEquals(Duration.ofSeconds(1), policy.baseDelay());
    assertEquals(Duration.ofSeconds(60), policy.maxDelay());
    assertEquals(Duration.ofSeconds(120), policy.retryAfterCeiling());
  }

  @Test
  public void backoffCapDoublesFromTheBaseUpToTheMaximum() {
    RetryPolicy policy = RetryPolicy.defaults();
    assertEquals(Duration.ofSeconds(1), policy.backoffCap(1));
    assertEquals(Duration.ofSeconds(2), policy.backoffCap(2));
    assertEquals(Duration.ofSeconds(4), policy.backoffCap(3));
    assertEquals(Duration.ofSeconds(32), policy.backoffCap(6));
    assertEquals(Duration.ofSeconds(60), policy.backoffCap(7));
    assertEquals(Duration.ofSeconds(60), policy.backoffCap(1_000));
  }

  @Test
  public void transientFailureWaitsTheDrawnFractionOfTheCap() {
    RetryPolicy policy = fixedDraw(0.5);
    assertEquals(Optional.of(Duration.ofMillis(500)), policy.delayBefore(2, SERVER_503));
    assertEquals(Optional.of(Duration.ofSeconds(1)), policy.delayBefore(3, SERVER_503));
    assertEquals(Optional.of(Duration.ofSeconds(2)), policy.delayBefore(4, SERVER_503));
    assertEquals(Optional.of(Duration.ZERO), fixedDraw(0).delayBefore(2, SERVER_503));
  }

  @Test
  public void jitteredDelaysStayWithinTheirCaps() {
    RetryPolicy policy =
        RetryPolicy.defaults().withRandom(new SplittableRandom(7)::nextDouble).withMaxAttempts(100);
    for (int attempt = 2; attempt <= 100; attempt++) {
      Duration delay = policy.delayBefore(attempt, SERVER_503).orElseThrow();
      assertTrue(
          delay + " before attempt " + attempt,
          !delay.isNegative() && delay.compareTo(policy.backoffCap(attempt - 1)) <= 0);
    }
  }

  @Test
  public void providerRetryAfterIsWaitedExactlyWhateverTheRandomness() {
    LlmException limited = new LlmException.RateLimited("openai", 429, "", Duration.ofSeconds(2));
    assertEquals(Optional.of(Duration.ofSeconds(2)), fixedDraw(0).delayBefore(2, limited));
    assertEquals(Optional.of(Duration.ofSeconds(2)), fixedDraw(0.99).delayBefore(5, limited));
    LlmException overloaded =
        new LlmException.ServerError("anthropic", 529, "", true, Duration.ofMillis(1500));
    assertEquals(Optional.of(Duration.ofMillis(1500)), fixedDraw(0.5).delayBefore(2, overloaded));
  }

  @Test
  public void providerRetryAfterIsCappedAtTheCeiling() {
    LlmException limited = new LlmException.RateLimited("openai", 429, "", Duration.ofHours(1));
    assertEquals(Optional.of(Duration.ofSeconds(120)), fixedDraw(0.5).delayBefore(2, limited));
    assertEquals(
        Optional.of(Duration.ofSeconds(10)),
        fixedDraw(0.5).withRetryAfterCeiling(Duration.ofSeconds(10)).delayBefore(2, limited));
  }

  @Test
  public void rateLimitWithoutRetryAfterBacksOff() {
    LlmException limited = new LlmException.RateLimited("gemini", 429, "", null);
    assertEquals(Optional.of(Duration.ofMillis(250)), fixedDraw(0.25).delayBefore(2, limited));
  }

  @Test
  public void timeoutsAndConnectionFailuresAreRetried() {
    RetryPolicy policy = fixedDraw(0.5);
    assertTrue(policy.delayBefore(2, new LlmException.Timeout("openai", "slow", null)).isPresent());
    assertTrue(
        policy.delayBefore(2, new LlmException.Connection("openai", "reset", null)).isPresent());
  }

  @Test
  public void permanentFailuresAreNotRetried() {
    RetryPolicy policy = fixedDraw(0.5);
    for (Throwable failure :
        new Throwable[] {
          new LlmException.BadRequest("openai", 400, "bad"),
          new LlmException.Unauthorized("openai", 401, "no key", ""),
          new LlmException.Forbidden("openai", 403, ""),
          new LlmException.NotFound("openai", 404, ""),
          new LlmException.ServerError("openai", 501, "", false, null),
          new LlmException.InvalidResponse("openai", 200, "not json", "", null),
          new IllegalStateException("a bug, not the provider"),
          new RuntimeException(new LlmException.Timeout("openai", "not looked through", null))
        }) {
      assertEquals(failure.toString(), Optional.empty(), policy.delayBefore(2, failure));
    }
  }

  @Test
  public void wrappedFailuresAreLookedThrough() {
    RetryPolicy policy = fixedDraw(0.5);
    assertTrue(policy.delayBefore(2, new CompletionException(SERVER_503)).isPresent());
    assertTrue(
        policy
            .delayBefore(2, new ExecutionException(new CompletionException(SERVER_503)))
            .isPresent());
  }

  @Test
  public void attemptsBeyondTheLimitAreNotMade() {
    RetryPolicy policy = fixedDraw(0.5);
    assertTrue(policy.delayBefore(6, SERVER_503).isPresent());
    assertEquals(Optional.empty(), policy.delayBefore(7, SERVER_503));
    assertEquals(Optional.empty(), RetryPolicy.none().delayBefore(2, SERVER_503));
    assertEquals(Optional.empty(), policy.withMaxAttempts(3).delayBefore(4, SERVER_503));
  }

  @Test
  public void badSettingsAndRandomnessAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> RetryPolicy.defaults().withMaxAttempts(0));
    assertThrows(
        IllegalArgumentException.class, () -> RetryPolicy.defaults().withBaseDelay(Duration.ZERO));
    IllegalArgumentException shorter =
        assertThrows(
            IllegalArgumentException.class,
            () -> RetryPolicy.defaults().withMaxDelay(Duration.ofMillis(10)));
    assertThat(shorter.getMessage(), containsString("maxDelay"));
    assertThrows(IllegalArgumentException.class, () -> fixedDraw(0.5).delayBefore(1, SERVER_503));
    IllegalStateException outOfRange =
        assertThrows(IllegalStateException.class, () -> fixedDraw(1.0).delayBefore(2, SERVER_503));
    assertThat(outOfRange.getMessage(), containsString("[0, 1)"));
  }
}
