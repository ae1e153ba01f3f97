package ai.dataframer.beam.io.store;

import ai.dataframer.beam.core.run.JobOwner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One side of {@link SpecStoreRaceTest}'s two-process race: waits for a start file, creates a spec
 * name (or finds it taken), then claims and completes versions, printing what it got.
 *
 * <p>Arguments: store root, spec name, number of versions, start file.
 */
public final class StoreRaceMain {
  private StoreRaceMain() {}

  public static void main(String[] args) throws Exception {
    SpecStore store = SpecStore.at(args[0]);
    String name = args[1];
    int versions = Integer.parseInt(args[2]);
    Path start = Path.of(args[3]);
    System.out.println("ready");
    System.out.flush();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!Files.exists(start)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no start file " + start + " within 60 s");
      }
      Thread.onSpinWait();
    }
    try {
      store.create(name, null, null, Map.of());
      System.out.println("created");
    } catch (StoreConflictException taken) {
      System.out.println("taken");
    }
    String id = SpecStore.idForName(name);
    for (int i = 0; i < versions; i++) {
      int version = store.claimVersion(name, JobOwner.current());
      store.completeVersion(id, version, TestSpecs.tickets("process " + JobOwner.current().pid()));
      System.out.println("version " + version);
    }
    System.out.flush();
  }
}
