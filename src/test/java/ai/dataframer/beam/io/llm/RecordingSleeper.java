package ai.dataframer.beam.io.llm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A sleeper that records each wait and, unless held, completes it at once: tests never sleep. */
final class RecordingSleeper implements Sleeper {
  private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
  private final List<CompletableFuture<Void>> held =
      Collections.synchronizedList(new ArrayList<>());
  private final boolean hold;

  private RecordingSleeper(boolean hold) {
    this.hold = hold;
  }

  /** Every sleep is over at once. */
  static RecordingSleeper instant() {
    return new RecordingSleeper(false);
  }

  /** Every sleep lasts until the test ends it with {@link #wakeAll()}. */
  static RecordingSleeper holding() {
    return new RecordingSleeper(true);
  }

  @Override
  public CompletableFuture<Void> sleep(Duration duration) {
    sleeps.add(duration);
    if (!hold) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> sleep = new CompletableFuture<>();
    held.add(sleep);
    return sleep;
  }

  List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  void wakeAll() {
    List<CompletableFuture<Void>> waking;
    synchronized (held) {
      waking = new ArrayList<>(held);
      held.clear();
    }
    waking.forEach(sleep -> sleep.complete(null));
  }
}
