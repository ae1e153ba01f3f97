package ai.dataframer.beam.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarConsumer;
import org.junit.Test;

public class RunProgressTest {
  /** Keeps what the bar draws. */
  private static final class Lines implements ProgressBarConsumer {
    final List<String> drawn = new ArrayList<>();

    @Override
    public int getMaxRenderedLength() {
      return 200;
    }

    @Override
    public synchronized void accept(String line) {
      drawn.add(line);
    }

    @Override
    public void close() {}

    /**
     * The first line drawn that shows {@code count}, waiting for it: the bar also draws on its own
     * thread, which may hand over a line computed before the last update after the line of our
     * refresh, so the last line drawn is not necessarily the newest state.
     */
    String showing(String count) throws InterruptedException {
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (System.nanoTime() < deadline) {
        synchronized (this) {
          for (String line : drawn) {
            if (line.contains(count)) {
              return line;
            }
          }
        }
        Thread.sleep(10);
      }
      throw new AssertionError("no line showed " + count + "; drawn: " + drawn);
    }
  }

  @Test
  public void theRateIsWholeSamplesPerSecondBeforeTheCost() {
    assertEquals(
        "870 samples/s, cost $0.0000", RunProgress.status(870, 1000, Duration.ofSeconds(1), 0));
    assertEquals(
        "435 samples/s, cost $1.2346",
        RunProgress.status(870, 1000, Duration.ofSeconds(2), 1_234_567));
    assertEquals("0 samples/s, cost $0.0000", RunProgress.status(0, 1000, Duration.ZERO, 0));
  }

  @Test
  public void onceAllSamplesAreCountedItSaysTheFilesAreBeingWritten() {
    assertEquals(
        "samples done, writing files",
        RunProgress.status(1000, 1000, Duration.ofSeconds(3), 10_000));
  }

  @Test
  public void theDrawnBarKeepsRateAndCostApartFromEachOther() throws InterruptedException {
    Lines lines = new Lines();
    try (ProgressBar bar = RunProgress.bar(1000, lines)) {
      RunProgress.update(bar, 500, 0);
      bar.refresh();
      String half = lines.showing(" 500/1000");
      assertThat(half, containsString(" samples/s, cost $0.0000"));
      assertThat(half, not(containsString("/scost")));
      RunProgress.update(bar, 1000, 0);
      bar.refresh();
      assertThat(lines.showing("1000/1000"), containsString("writing files"));
    }
  }
}
