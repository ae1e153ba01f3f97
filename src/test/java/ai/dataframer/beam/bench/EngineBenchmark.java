package ai.dataframer.beam.bench;

import ai.dataframer.beam.core.engine.ConformanceFilter;
import ai.dataframer.beam.core.engine.EmbeddedEngine;
import ai.dataframer.beam.core.engine.ExactCopyFilter;
import ai.dataframer.beam.core.engine.GenerationLoop;
import ai.dataframer.beam.core.engine.SampleOutcome;
import ai.dataframer.beam.core.engine.SeedKeyPositions;
import ai.dataframer.beam.core.engine.StructuralFilter;
import ai.dataframer.beam.core.plan.Planner;
import ai.dataframer.beam.core.plan.RunSettings;
import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.plan.SeedShufflingLevel;
import ai.dataframer.beam.core.record.FingerprintSet;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.io.store.SpecStore;
import ai.dataframer.beam.pipelines.cli.DataFramerCli;
import ai.dataframer.beam.transforms.RunConfig;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The embedded engine alone (docs/ARCHITECTURE.md section 11): {@link EmbeddedEngine} and {@link
 * GenerationLoop} with the structural, conformance and exact-copy filters, on one thread, no Beam,
 * built as transforms/EmbeddedGenerators.java builds it, on the spec the embedded analyst learns
 * from examples/orders/orders.csv. Plans are made outside the timed part. Prints samples per second
 * of wall-clock time and per CPU-second (the figure per core, which other processes on a shared
 * machine lower less): of the process, garbage collection and JIT included, and of the generating
 * thread alone; writes bench-engine.json.
 *
 * <p>Usage: EngineBenchmark WORK_DIR [SAMPLES] (default 1,000,000, after a warm-up of 200,000).
 */
public final class EngineBenchmark {
  static final Path EXAMPLE = Path.of("examples", "orders", "orders.csv");
  static final int WARM_UP_SAMPLES = 200_000;
  static final int DEFAULT_SAMPLES = 1_000_000;
  static final double TARGET_PER_CORE = 80_000;

  /** Plans made ahead of each timed stretch: enough to time, few enough to keep in memory. */
  private static final int BATCH = 10_000;

  private EngineBenchmark() {}

  /**
   * One timed stretch: wall-clock seconds, CPU seconds of the generating thread, and CPU seconds of
   * the whole process (the thread's plus garbage collection and the JIT compiler).
   */
  record Measure(
      long samples,
      long accepted,
      double wallSeconds,
      double threadCpuSeconds,
      double processCpuSeconds) {
    double perWallSecond() {
      return samples / wallSeconds;
    }

    double perThreadCpuSecond() {
      return samples / threadCpuSeconds;
    }

    double perProcessCpuSecond() {
      return samples / processCpuSeconds;
    }
  }

  public static void main(String[] args) throws IOException {
    DataFramerCli.quietLibraryLogs();
    Path work = Path.of(args[0]);
    long samples = args.length > 1 ? Long.parseLong(args[1]) : DEFAULT_SAMPLES;

    Spec spec = learnSpec(work.resolve("store"));
    Map<String, FieldType> types = new LinkedHashMap<>();
    spec.recordFields().forEach(field -> types.put(field.name(), field.type()));
    List<Map<String, Object>> seeds = RecordFiles.readCsv(EXAMPLE, types);
    FingerprintSet fingerprints = FingerprintSet.ofRecords(seeds);
    AtomicLong copyRedraws = new AtomicLong();
    EmbeddedEngine engine =
        new EmbeddedEngine(
            spec,
            seeds,
            fingerprints,
            SeedKeyPositions.of(spec, seeds),
            true, // keys and fingerprints of the same rows, as in a run
            copyRedraws::incrementAndGet);
    GenerationLoop loop =
        new GenerationLoop(
            engine,
            List.of(
                new StructuralFilter(spec),
                new ConformanceFilter(spec),
                new ExactCopyFilter(fingerprints, engine::holdsPlanKey)),
            GenerationLoop.DEFAULT_MAX_ATTEMPTS);
    Planner planner = new Planner(spec);
    RunSettings settings =
        new RunSettings(
            "bench-engine",
            1L,
            seeds.size(),
            SeedShufflingLevel.NONE,
            RunConfig.DEFAULT_EXAMPLES_PER_PLAN);

    // Warm-up on indices past the measured ones, so the measured plans are new to the engine.
    Measure warmUp = generate(loop, planner, settings, samples, WARM_UP_SAMPLES);
    System.out.printf(
        Locale.ROOT,
        "warm-up  %,d samples: %,.0f samples/s%n",
        warmUp.samples(),
        warmUp.perWallSecond());
    copyRedraws.set(0);
    Measure measured = generate(loop, planner, settings, 0, samples);
    System.out.printf(
        Locale.ROOT,
        "engine   %,d samples (%,d accepted, %,d copy redraws) in %.1f s wall, %.1f s CPU of the"
            + " thread, %.1f s CPU of the process%n",
        measured.samples(),
        measured.accepted(),
        copyRedraws.get(),
        measured.wallSeconds(),
        measured.threadCpuSeconds(),
        measured.processCpuSeconds());
    System.out.printf(
        Locale.ROOT,
        "engine   %,.0f samples/s wall-clock; per core: %,.0f per CPU-second of the process, %,.0f"
            + " of the thread (target >= %,.0f)%n",
        measured.perWallSecond(),
        measured.perProcessCpuSecond(),
        measured.perThreadCpuSecond(),
        TARGET_PER_CORE);
    Files.createDirectories(work);
    Files.writeString(
        work.resolveSibling("bench-engine.json"),
        String.format(
            Locale.ROOT,
            "{%n  \"seed\": \"%s\",%n  \"samples\": %d,%n  \"accepted\": %d,%n"
                + "  \"copy_redraws\": %d,%n  \"wall_seconds\": %.3f,%n"
                + "  \"thread_cpu_seconds\": %.3f,%n  \"process_cpu_seconds\": %.3f,%n"
                + "  \"samples_per_wall_second\": %.0f,%n"
                + "  \"samples_per_process_cpu_second\": %.0f,%n"
                + "  \"samples_per_thread_cpu_second\": %.0f,%n  \"target_per_core\": %.0f%n}%n",
            EXAMPLE,
            measured.samples(),
            measured.accepted(),
            copyRedraws.get(),
            measured.wallSeconds(),
            measured.threadCpuSeconds(),
            measured.processCpuSeconds(),
            measured.perWallSecond(),
            measured.perProcessCpuSecond(),
            measured.perThreadCpuSecond(),
            TARGET_PER_CORE));
  }

  /** {@code dataframer spec create} on the example, then the stored spec. */
  private static Spec learnSpec(Path store) {
    String[] args = {
      "spec",
      "create",
      "--name",
      "orders",
      "--dataset",
      EXAMPLE.toString(),
      "--store",
      store.toString()
    };
    int exit = DataFramerCli.commandLine().execute(args);
    if (exit != 0) {
      throw new IllegalStateException("dataframer " + String.join(" ", args) + " exited " + exit);
    }
    return SpecStore.at(store.toString()).readVersion("orders", null);
  }

  /** Samples {@code first} .. {@code first + count - 1}, timed batch by batch without planning. */
  private static Measure generate(
      GenerationLoop loop, Planner planner, RunSettings settings, long first, long count) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    OperatingSystemMXBean process =
        (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long accepted = 0;
    long wallNanos = 0;
    long cpuNanos = 0;
    long processNanos = 0;
    List<SamplePlan> plans = new ArrayList<>(BATCH);
    for (long start = first; start < first + count; start += BATCH) {
      plans.clear();
      for (long index = start; index < Math.min(start + BATCH, first + count); index++) {
        plans.add(planner.plan(settings, index));
      }
      long cpu = threads.getCurrentThreadCpuTime();
      long processCpu = process.getProcessCpuTime();
      long wall = System.nanoTime();
      for (SamplePlan plan : plans) {
        if (loop.generate(plan) instanceof SampleOutcome.Accepted) {
          accepted++;
        }
      }
      wallNanos += System.nanoTime() - wall;
      cpuNanos += threads.getCurrentThreadCpuTime() - cpu;
      processNanos += process.getProcessCpuTime() - processCpu;
    }
    return new Measure(count, accepted, wallNanos / 1e9, cpuNanos / 1e9, processNanos / 1e9);
  }
}
