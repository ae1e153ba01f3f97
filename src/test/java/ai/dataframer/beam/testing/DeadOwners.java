package ai.dataframer.beam.testing;

import ai.dataframer.beam.core.run.JobOwner;
import java.io.IOException;

/** Owners of processes that have ended, as a job killed with {@code kill -9} leaves behind. */
public final class DeadOwners {
  private DeadOwners() {}

  /**
   * The owner of a {@code true} process that has exited and been reaped, on this host: {@link
   * JobOwner#isGone()} is true for it.
   */
  public static JobOwner ofAnEndedProcess() {
    try {
      Process process = new ProcessBuilder("true").start();
      String start =
          process.info().startInstant().map(Object::toString).orElse("2000-01-01T00:00:00Z");
      process.waitFor();
      JobOwner owner = new JobOwner(JobOwner.current().host(), process.pid(), start);
      if (!owner.isGone()) {
        throw new AssertionError("process " + process.pid() + " has ended but is not gone");
      }
      return owner;
    } catch (IOException e) {
      throw new AssertionError("cannot start 'true': " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
