package ai.dataframer.beam.transforms;

import ai.dataframer.beam.core.engine.ConformanceFilter;
import ai.dataframer.beam.core.engine.ConstraintFilter;
import ai.dataframer.beam.core.engine.EmbeddedEngine;
import ai.dataframer.beam.core.engine.ExactCopyFilter;
import ai.dataframer.beam.core.engine.GenerationLoop;
import ai.dataframer.beam.core.engine.SeedKeyPositions;
import ai.dataframer.beam.core.engine.StructuralFilter;
import ai.dataframer.beam.core.generate.EmbeddedSampleGenerator;
import ai.dataframer.beam.core.generate.SampleGenerator;
import ai.dataframer.beam.core.record.FingerprintSet;
import ai.dataframer.beam.core.spec.Spec;
import java.util.List;
import java.util.Map;

/** The embedded engine behind the generator interface: drafts, filters and regenerates at once. */
final class EmbeddedGenerators implements GeneratorFactory {
  private final int maxAttempts;
  private final boolean seedKeysCoverFingerprints;

  /**
   * @param seedKeysCoverFingerprints whether the seed keys given to {@link #create} come from every
   *     row the fingerprints do (both from the whole seed, or both from the examples), so a record
   *     holding its generated key is known to copy no seed row without its fingerprint
   */
  EmbeddedGenerators(int maxAttempts, boolean seedKeysCoverFingerprints) {
    this.maxAttempts = maxAttempts;
    this.seedKeysCoverFingerprints = seedKeysCoverFingerprints;
  }

  @Override
  public SampleGenerator create(
      Spec spec,
      List<Map<String, Object>> seeds,
      FingerprintSet fingerprints,
      SeedKeyPositions seedKeys,
      Runnable onCopyRedraw) {
    EmbeddedEngine engine =
        new EmbeddedEngine(
            spec, seeds, fingerprints, seedKeys, seedKeysCoverFingerprints, onCopyRedraw);
    GenerationLoop loop =
        new GenerationLoop(
            engine,
            List.of(
                new StructuralFilter(spec),
                new ConstraintFilter(spec, seeds),
                new ConformanceFilter(spec),
                new ExactCopyFilter(fingerprints, engine::holdsPlanKey)),
            maxAttempts);
    return new EmbeddedSampleGenerator(loop);
  }
}
