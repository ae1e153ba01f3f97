package ai.dataframer.beam.io.store;

import ai.dataframer.beam.core.run.JobOwner;
import ai.dataframer.beam.core.spec.SpecStatus;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The rules that tie a spec's status to its versions (docs/ARCHITECTURE.md, "Spec store"): what
 * spec.json should say given the claims, and the version cap.
 */
final class SpecLifecycle {
  private SpecLifecycle() {}

  /** The record as its versions imply: see {@link SpecRecord#status()}. */
  static SpecRecord derive(
      SpecRecord stored, List<SpecVersion> versions, Supplier<JobOwner> creatorOfStored) {
    int latest = 0;
    boolean processing = false;
    SpecVersion lastFailed = null;
    for (SpecVersion version : versions) {
      switch (version.status()) {
        case SUCCEEDED -> latest = Math.max(latest, version.version());
        case PROCESSING -> processing = true;
        case FAILED -> lastFailed = version;
      }
    }
    if (latest > 0) {
      return stored.withLifecycle(SpecStatus.SUCCEEDED, null, latest);
    }
    if (processing) {
      return stored.withLifecycle(SpecStatus.PROCESSING, null, 0);
    }
    if (lastFailed != null) {
      // A job's own message (failVersion) beats the newest claim's.
      String message =
          stored.status() == SpecStatus.FAILED && stored.errorMessage() != null
              ? stored.errorMessage()
              : lastFailed.errorMessage();
      return stored.withLifecycle(SpecStatus.FAILED, message, 0);
    }
    if (stored.status() == SpecStatus.PROCESSING) {
      JobOwner creator = creatorOfStored.get();
      if (creator != null && creator.isGone()) {
        return stored.withLifecycle(
            SpecStatus.FAILED,
            "the job that created it ended before it stored a version ("
                + creator.describe()
                + "); killed?",
            0);
      }
    } else if (stored.status() == SpecStatus.SUCCEEDED) {
      return stored.withLifecycle(
          SpecStatus.FAILED, "spec.json says SUCCEEDED, but the spec has no version files", 0);
    }
    return stored.withLifecycle(stored.status(), stored.errorMessage(), 0);
  }

  /**
   * @param below count only versions numbered below this one (the claim being checked)
   * @throws StoreConflictException when {@link SpecStore#MAX_VERSIONS} versions are SUCCEEDED or
   *     PROCESSING
   */
  static void checkCap(SpecRecord record, List<SpecVersion> versions, int below) {
    long active = versions.stream().filter(v -> v.version() < below && v.isActive()).count();
    if (active >= SpecStore.MAX_VERSIONS) {
      throw new StoreConflictException(
          "spec '"
              + record.name()
              + "' has "
              + active
              + " versions that are SUCCEEDED or PROCESSING, the most a spec may have; delete it"
              + " (dataframer spec delete "
              + record.name()
              + ") or use another --name");
    }
  }

  /** "1..K" when contiguous, else the list, so a gap is visible rather than hidden. */
  static String describe(List<SpecVersion> versions) {
    int first = versions.get(0).version();
    int last = versions.get(versions.size() - 1).version();
    return last - first + 1 == versions.size()
        ? first + ".." + last
        : versions.stream()
            .map(v -> String.valueOf(v.version()))
            .collect(Collectors.joining(", ", "[", "]"));
  }
}
