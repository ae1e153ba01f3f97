package ai.dataframer.beam.io.llm;

import java.io.Serializable;
import java.time.Duration;

/**
 * How batch mode collects, submits and polls (docs/ARCHITECTURE.md section 7, "Batch mode").
 *
 * @param stateDirectory where each submitted batch is recorded (any Beam filesystem), keyed by the
 *     run's generation key so a restarted run finds them; null records nothing and resumes nothing
 * @param quietWindow a batch is submitted once no call has joined it for this long
 * @param maxWait or once its first call has waited this long, however busy the calls
 * @param firstPoll the wait before a batch is first polled, doubled after every poll that finds it
 *     running
 * @param maxPollInterval the longest wait between polls
 * @param maxRequests most requests per batch, below the provider's own limit (0: the provider's)
 */
public record BatchSettings(
    String stateDirectory,
    Duration quietWindow,
    Duration maxWait,
    Duration firstPoll,
    Duration maxPollInterval,
    int maxRequests)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public BatchSettings {
    for (Duration d : new Duration[] {quietWindow, maxWait, firstPoll, maxPollInterval}) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("batch intervals must be positive, but one was " + d);
      }
    }
    if (maxWait.compareTo(quietWindow) < 0 || maxPollInterval.compareTo(firstPoll) < 0) {
      throw new IllegalArgumentException(
          "the longest batch wait and poll interval must be at least the quiet window and the"
              + " first poll");
    }
    if (maxRequests < 0) {
      throw new IllegalArgumentException("maxRequests must be >= 0, but was " + maxRequests);
    }
  }

  /**
   * For nightly jobs: a batch closes after 5 s without a new call or 2 minutes after its first;
   * polls start after 30 s and back off to every 5 minutes (a batch takes minutes to hours, and the
   * providers ask not to poll in tight loops).
   */
  public static BatchSettings defaults() {
    return new BatchSettings(
        null,
        Duration.ofSeconds(5),
        Duration.ofMinutes(2),
        Duration.ofSeconds(30),
        Duration.ofMinutes(5),
        0);
  }

  public BatchSettings withStateDirectory(String directory) {
    return new BatchSettings(
        directory, quietWindow, maxWait, firstPoll, maxPollInterval, maxRequests);
  }

  public BatchSettings withQuietWindow(Duration quiet, Duration longest) {
    return new BatchSettings(
        stateDirectory, quiet, longest, firstPoll, maxPollInterval, maxRequests);
  }

  public BatchSettings withPolling(Duration first, Duration longest) {
    return new BatchSettings(stateDirectory, quietWindow, maxWait, first, longest, maxRequests);
  }

  public BatchSettings withMaxRequests(int requests) {
    return new BatchSettings(
        stateDirectory, quietWindow, maxWait, firstPoll, maxPollInterval, requests);
  }
}
