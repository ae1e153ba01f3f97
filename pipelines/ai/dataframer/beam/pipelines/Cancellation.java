package ai.dataframer.beam.pipelines;

import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM end a job as CANCELED: the job in progress gets to stop its pipeline, drop its
 * staged output and record the cancellation, then the process exits 130 (SIGINT) or 143 (SIGTERM),
 * as a shell or a scheduler expects (docs/ARCHITECTURE.md, "Run lifecycle"). {@code kill -9} cannot
 * be caught; the next command that reads the record ends it instead.
 */
public final class Cancellation {
  /** Exit code after SIGINT, 128 + 2. */
  public static final int EXIT_SIGINT = 130;

  /** Exit code after SIGTERM, 128 + 15. */
  public static final int EXIT_SIGTERM = 143;

  /** What a job does when it is canceled, given the signal's name ("INT" or "TERM"). */
  public interface Handler {
    void cancel(String signal);
  }

  private static final AtomicReference<Handler> CURRENT = new AtomicReference<>();

  /** The exit code of the signal that arrived, or 0: the main thread must not exit with another. */
  private static volatile int signalExitCode;

  private Cancellation() {}

  /**
   * Takes over SIGINT and SIGTERM for this process; call once, from {@code main}. Library users who
   * embed the jobs keep their own signal handling by not calling it.
   */
  public static void install() {
    handle("INT", EXIT_SIGINT);
    handle("TERM", EXIT_SIGTERM);
  }

  /**
   * The exit code the process must end with: the signal's (130, 143) once one arrived, whatever the
   * canceled job then threw on the main thread; else {@code code}.
   */
  public static int exitCode(int code) {
    int signalled = signalExitCode;
    return signalled != 0 ? signalled : code;
  }

  /** Makes {@code handler} the one a signal runs until the returned scope is closed. */
  static Scope whileRunning(Handler handler) {
    CURRENT.set(handler);
    return () -> CURRENT.compareAndSet(handler, null);
  }

  /** The registration of a handler; closing it unregisters. */
  interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  private static void handle(String name, int exitCode) {
    Signal.handle(
        new Signal(name),
        signal -> {
          signalExitCode = exitCode;
          Handler handler = CURRENT.get();
          try {
            if (handler != null) {
              handler.cancel(name);
            }
          } catch (RuntimeException e) {
            System.err.println("error while canceling: " + e.getMessage());
          } finally {
            // halt, not exit: shutdown hooks of the runner could block on the pipeline just
            // canceled.
            System.err.flush();
            System.out.flush();
            Runtime.getRuntime().halt(exitCode);
          }
        });
  }
}
