package ai.dataframer.beam.transforms;

import ai.dataframer.beam.core.engine.SeedKeyPositions;
import ai.dataframer.beam.core.generate.SampleGenerator;
import ai.dataframer.beam.core.record.FingerprintSet;
import ai.dataframer.beam.core.spec.Spec;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Makes a DoFn instance's sample generator once its side inputs are known. Serialized with the
 * DoFn, so it carries settings, never clients or connections: those are made on the worker.
 */
interface GeneratorFactory extends Serializable {
  /**
   * @param seeds the seed examples as core records (possibly empty)
   * @param fingerprints the fingerprints of every seed row, for rejecting exact copies
   * @param seedKeys the key values of every seed row, which generated keys avoid
   * @param onCopyRedraw called once per redraw of an exact seed copy (a metric)
   */
  SampleGenerator create(
      Spec spec,
      List<Map<String, Object>> seeds,
      FingerprintSet fingerprints,
      SeedKeyPositions seedKeys,
      Runnable onCopyRedraw);
}
