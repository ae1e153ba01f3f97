package ai.dataframer.beam.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * This JVM's CPU time, read every 20 ms while a job runs, so the CPU spent between two wall-clock
 * moments (say, the steady state of a run) can be told apart from the start-up's.
 */
final class CpuTimeline {
  private static final long PERIOD_MS = 20;

  private record Reading(long wallMillis, long cpuNanos) {}

  private final List<Reading> readings = new ArrayList<>();
  private final Thread reader;
  private volatile boolean stopped;

  private CpuTimeline() {
    read();
    reader =
        new Thread(
            () -> {
              while (!stopped) {
                read();
                try {
                  Thread.sleep(PERIOD_MS);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "cpu-timeline");
    reader.setDaemon(true);
  }

  static CpuTimeline start() {
    CpuTimeline timeline = new CpuTimeline();
    timeline.reader.start();
    return timeline;
  }

  void stop() throws InterruptedException {
    stopped = true;
    reader.join();
    read();
  }

  long totalNanos() {
    synchronized (readings) {
      return readings.get(readings.size() - 1).cpuNanos() - readings.get(0).cpuNanos();
    }
  }

  /** CPU nanoseconds between two wall-clock moments, from the readings nearest to them. */
  long nanosBetween(long fromMillis, long toMillis) {
    return at(toMillis) - at(fromMillis);
  }

  private long at(long wallMillis) {
    synchronized (readings) {
      Reading nearest = readings.get(0);
      for (Reading reading : readings) {
        if (Math.abs(reading.wallMillis() - wallMillis)
            < Math.abs(nearest.wallMillis() - wallMillis)) {
          nearest = reading;
        }
      }
      return nearest.cpuNanos();
    }
  }

  private void read() {
    Reading reading = new Reading(System.currentTimeMillis(), LlmRunBenchmark.processCpuNanos());
    synchronized (readings) {
      readings.add(reading);
    }
  }
}
