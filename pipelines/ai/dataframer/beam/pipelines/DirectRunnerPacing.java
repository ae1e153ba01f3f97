package ai.dataframer.beam.pipelines;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.beam.sdk.PipelineResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the Direct runner's scheduler a pause when it found nothing to do. Beam 2.62's scheduler
 * (its {@code ExecutorServiceParallelExecutor}) re-submits itself to the runner's worker threads as
 * soon as each turn ends, and each turn walks the whole graph for timers and updates (Beam issue
 * #18070, open): while every bundle waits on model calls, one worker thread turns at a full core,
 * which a call waiting out its timeout showed as ~90% of a core doing nothing (docs/ARCHITECTURE.md
 * section 7, HTTP).
 *
 * <p>The scheduler reaches its thread pool through one field, read on every re-submission, so the
 * pool is wrapped there: a turn after which no other task was scheduled or finished waits before
 * the next, from {@link #FIRST_PAUSE} doubling to {@link #LONGEST_PAUSE}, and ends its wait as soon
 * as another task starts or finishes (looked at every {@link #WATCH}; a look reads two counters of
 * the pool, a turn walks the graph): a finished bundle is seen within {@link #WATCH}, as busy jobs
 * turn as before, and only what no task's end announces (a processing-time timer) waits up to
 * {@link #LONGEST_PAUSE}. The wrapping is found by reflection, so a Beam version that changes these
 * internals leaves the runner as it is (logged at debug), never broken.
 */
final class DirectRunnerPacing {
  private static final Logger LOG = LoggerFactory.getLogger(DirectRunnerPacing.class);
  private static final String RESULT_CLASS =
      "org.apache.beam.runners.direct.DirectRunner$DirectPipelineResult";
  private static final String SCHEDULER_CLASS_PREFIX =
      "org.apache.beam.runners.direct.ExecutorServiceParallelExecutor$";

  /** {@code -D}{@value}{@code =false} leaves the runner's scheduler as Beam made it. */
  static final String SWITCH = "dataframer.direct.pacing";

  static final Duration FIRST_PAUSE = Duration.ofMillis(1);
  static final Duration LONGEST_PAUSE = Duration.ofMillis(100);

  /** How often a pausing scheduler looks whether a task started or finished meanwhile. */
  static final Duration WATCH = Duration.ofMillis(5);

  private DirectRunnerPacing() {}

  /**
   * Paces the scheduler of {@code result}'s job if it is a Direct runner job; returns whether it
   * does.
   */
  static boolean install(PipelineResult result) {
    if (!result.getClass().getName().equals(RESULT_CLASS)
        || "false".equals(System.getProperty(SWITCH))) {
      return false;
    }
    return pacedPool(result) != null;
  }

  /** Wraps the pool of a Direct runner job's scheduler (once); null where that cannot be done. */
  static PacedPool pacedPool(PipelineResult result) {
    try {
      Object executor = read(result, "executor");
      Field poolField = executor.getClass().getDeclaredField("executorService");
      poolField.setAccessible(true);
      synchronized (executor) {
        Object pool = poolField.get(executor);
        if (pool instanceof PacedPool paced) {
          return paced;
        }
        if (!(pool instanceof ThreadPoolExecutor threads)) {
          LOG.debug("Direct runner pool is a {}: not paced", pool.getClass().getName());
          return null;
        }
        PacedPool paced = new PacedPool(threads);
        poolField.set(executor, paced);
        return paced;
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("Direct runner internals not as expected: its scheduler is not paced", e);
      return null;
    }
  }

  private static Object read(Object owner, String name) throws ReflectiveOperationException {
    Field field = owner.getClass().getDeclaredField(name);
    field.setAccessible(true);
    return field.get(owner);
  }

  /** The runner's pool, with the scheduler's re-submissions paced; everything else passes on. */
  static final class PacedPool extends AbstractExecutorService {
    private final ThreadPoolExecutor threads;
    private final ScheduledThreadPoolExecutor timer;
    private long lastCounts = -1;
    private long pauseNanos;
    private long turns;

    PacedPool(ThreadPoolExecutor threads) {
      this.threads = threads;
      this.timer =
          new ScheduledThreadPoolExecutor(
              1,
              runnable -> {
                Thread thread = new Thread(runnable, "direct-runner-pacing");
                thread.setDaemon(true);
                return thread;
              });
    }

    /** Scheduler turns seen, for the benchmark's account of the runner's own CPU. */
    synchronized long turns() {
      return turns;
    }

    private static boolean isScheduler(Runnable task) {
      return task.getClass().isAnonymousClass()
          && task.getClass().getName().startsWith(SCHEDULER_CLASS_PREFIX);
    }

    private long counts() {
      return threads.getTaskCount() + threads.getCompletedTaskCount();
    }

    /**
     * Called at the end of a scheduler turn. Between two turns the scheduler itself adds one task
     * scheduled and one finished (the turn before); more means other work moved.
     */
    private synchronized long pauseAfterTurn(long counts) {
      turns++;
      boolean idle = lastCounts >= 0 && counts - lastCounts <= 2;
      lastCounts = counts;
      if (!idle) {
        pauseNanos = 0;
      } else if (pauseNanos == 0) {
        pauseNanos = FIRST_PAUSE.toNanos();
      } else {
        pauseNanos = Math.min(pauseNanos * 2, LONGEST_PAUSE.toNanos());
      }
      return pauseNanos;
    }

    @Override
    public Future<?> submit(Runnable task) {
      if (!isScheduler(task)) {
        return threads.submit(task);
      }
      long counts = counts();
      long pause = pauseAfterTurn(counts);
      if (pause == 0) {
        return threads.submit(task);
      }
      try {
        new Pause(task, counts, System.nanoTime() + pause).start();
      } catch (RuntimeException shutDown) {
        return threads.submit(task); // the job is ending; let Beam see its own pool's answer
      }
      return CompletableFuture.completedFuture(null);
    }

    /** A scheduler turn waiting for other work to move, or for its pause to end. */
    private final class Pause implements Runnable {
      private final Runnable scheduler;
      private final long countsAtTurn;
      private final long until;
      private final AtomicBoolean ended = new AtomicBoolean();
      private volatile Future<?> watch;

      Pause(Runnable scheduler, long countsAtTurn, long until) {
        this.scheduler = scheduler;
        this.countsAtTurn = countsAtTurn;
        this.until = until;
      }

      void start() {
        long every = WATCH.toNanos();
        watch = timer.scheduleWithFixedDelay(this, every, every, TimeUnit.NANOSECONDS);
        if (ended.get()) {
          watch.cancel(false);
        }
      }

      @Override
      public void run() {
        if (ended.get()) {
          return;
        }
        // The turn that paused adds one finished task of its own once it returns.
        boolean moved = counts() - countsAtTurn > 1;
        if ((moved || System.nanoTime() - until >= 0) && ended.compareAndSet(false, true)) {
          Future<?> self = watch;
          if (self != null) {
            self.cancel(false);
          }
          resubmit(scheduler);
        }
      }
    }

    private void resubmit(Runnable task) {
      try {
        threads.execute(task);
      } catch (RuntimeException shutDown) {
        // The job ended between the turn and its pause: nothing left to schedule.
      }
    }

    @Override
    public void execute(Runnable task) {
      threads.execute(task);
    }

    @Override
    public void shutdown() {
      timer.shutdown();
      threads.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
      timer.shutdownNow();
      return threads.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
      return threads.isShutdown();
    }

    @Override
    public boolean isTerminated() {
      return threads.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
      return threads.awaitTermination(timeout, unit);
    }
  }
}
