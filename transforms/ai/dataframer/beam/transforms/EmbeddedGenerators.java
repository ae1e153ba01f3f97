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

  EmbeddedGenerators(int maxAttempts) {
    this.maxAttempts = maxAttempts;
  }

  @Override
  public SampleGenerator create(
      Spec spec,
      List<Map<String, Object>> seeds,
      FingerprintSet fingerprints,
      SeedKeyPositions seedKeys,
      Runnable onCopyRedraw) {
    EmbeddedEngine engine = new EmbeddedEngine(spec, seeds, fingerprints, seedKeys, onCopyRedraw);
    GenerationLoop loop =
        new GenerationLoop(
            engine,
            List.of(
                new StructuralFilter(spec),
                new ConstraintFilter(spec, seeds),
                new ConformanceFilter(spec),
                new ExactCopyFilter(fingerprints)),
            maxAttempts);
    return new EmbeddedSampleGenerator(loop);
  }
}
