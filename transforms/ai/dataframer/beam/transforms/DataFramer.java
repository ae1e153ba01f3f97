package ai.dataframer.beam.transforms;

import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.io.llm.LlmSettings;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * The DataFramer semantics as Beam transforms: one namespace, one static verb per transform, each
 * returning an immutable transform configured with {@code withX()} methods.
 */
public final class DataFramer {
  private DataFramer() {}

  /**
   * Learns a spec from seed rows (with a Beam schema) with the embedded analyst: the {@code
   * SpecCreate} defaults, configured by {@code withX()}.
   */
  public static CreateSpec createSpec() {
    return CreateSpec.create();
  }

  /**
   * Creates a spec from seed rows (records, or documents with {@code fromDocuments()}) with an LLM
   * analyst: the model sees the seeds' profile and a token-bounded sample; record specs keep the
   * statistical record fields.
   */
  public static CreateSpecWithModel createSpecWithModel(String modelId, LlmSettings llm) {
    return CreateSpecWithModel.create(modelId, llm);
  }

  /** Creates a spec from {@code generation_objectives} alone with an LLM analyst. */
  public static CreateSeedlessSpec createSeedlessSpec(
      String modelId, LlmSettings llm, String objectives) {
    return CreateSeedlessSpec.create(modelId, llm, objectives);
  }

  /** Sample plans -> accepted records and failures, with the embedded engine. */
  public static GenerateSamples generateSamples() {
    return GenerateSamples.create();
  }

  /** Seed rows -> a singleton view of their fingerprints, for exact-copy rejection. */
  public static SeedFingerprints seedFingerprints() {
    return new SeedFingerprints();
  }

  /**
   * Seed rows -> a singleton view of where their key values sit among the spec's key formats, so
   * generated keys avoid every one of them.
   */
  public static SeedKeys seedKeys(PCollectionView<Spec> spec) {
    return new SeedKeys(spec);
  }

  /**
   * A run's records -> the conformance part of its evaluation: requested, expected and observed
   * distributions per property and the conformance score, as the hosted API reports them.
   */
  public static EvaluateConformance evaluateConformance(PCollectionView<Spec> spec) {
    return new EvaluateConformance(spec, null);
  }

  /**
   * A run's records -> its whole evaluation: conformance, fidelity and privacy against the seed
   * ({@link Evaluate#withSeed}), document shapes and diversity, in one report.
   */
  public static Evaluate evaluate(PCollectionView<Spec> spec) {
    return Evaluate.of(spec);
  }

  /**
   * A whole run from a single-spec input: plans, then samples, with optional refill of failed
   * samples ({@link GenerateRun#withRefillRounds}).
   */
  public static GenerateRun generateRun(ExpandRun plans, GenerateSamples samples) {
    return GenerateRun.of(plans, samples);
  }

  /**
   * A whole run of a spec, configured by one {@link RunConfig}: the seed's tally, plans, samples
   * (with refill), records and failures written to the config's output, and the run's summary.
   * Apply it to a single-element collection holding the spec, {@code withSeeds(...)}.
   */
  public static RunSpec run(RunConfig config) {
    return RunSpec.of(config);
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
