package ai.dataframer.beam.io.llm.http;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The CPU the JVM's Java threads use over a window, as % of one core. Unlike the process's CPU it
 * leaves out the JIT compiler and the garbage collector, which a test JVM runs at odd times, so a
 * bound on it tests what the code under test does while it waits.
 */
final class JavaThreadsCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private JavaThreadsCpu() {}

  static double percentOfACoreOver(Duration window) throws InterruptedException {
    Map<Long, Long> before = cpuNanosByThread();
    long start = System.nanoTime();
    Thread.sleep(window.toMillis());
    long elapsed = System.nanoTime() - start;
    long used = 0;
    for (Map.Entry<Long, Long> after : cpuNanosByThread().entrySet()) {
      used += after.getValue() - before.getOrDefault(after.getKey(), 0L);
    }
    return 100.0 * used / elapsed;
  }

  private static Map<Long, Long> cpuNanosByThread() {
    Map<Long, Long> cpu = new HashMap<>();
    for (long id : THREADS.getAllThreadIds()) {
      long nanos = THREADS.getThreadCpuTime(id);
      if (nanos >= 0) {
        cpu.put(id, nanos);
      }
    }
    return cpu;
  }
}
