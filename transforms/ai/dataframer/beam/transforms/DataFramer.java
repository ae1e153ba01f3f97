package ai.dataframer.beam.transforms;

/**
 * The DataFramer semantics as Beam transforms: one namespace, one static verb per transform, each
 * returning an immutable transform configured with {@code withX()} methods.
 */
public final class DataFramer {
  private DataFramer() {}

  /**
   * Learns a spec from seed rows (with a Beam schema) with the embedded analyst: the {@code SpecCreate}
   * defaults, configured by {@code withX()}.
   */
  public static CreateSpec createSpec() {
    return CreateSpec.create();
  }

  /** Sample plans -> accepted records and failures, with the embedded engine. */
  public static GenerateSamples generateSamples() {
    return GenerateSamples.create();
  }

  /** Seed rows -> a singleton view of their fingerprints, for exact-copy rejection. */
  public static SeedFingerprints seedFingerprints() {
    return new SeedFingerprints();
  }

  /** One {@code SamplePlan} per sample of a run, from a single-spec input. */
  public static ExpandRun expandRun() {
    return ExpandRun.create();
  }

  /** A deterministic sample of at most {@code maxExamples} seed rows, as side inputs. */
  public static SeedExamples seedExamples(int maxExamples) {
    return SeedExamples.sample(maxExamples);
  }
}
