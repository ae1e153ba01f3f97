package ai.dataframer.beam.pipelines;

import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.core.spec.SpecYaml;
import ai.dataframer.beam.io.store.RunStore;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * Writes the spec a job inferred into the job's folder of the store as {@code spec.yaml}. The
 * driver turns it into the spec's next immutable version once the job has succeeded, so a failed
 * job never leaves a version behind.
 */
final class SaveSpec extends PTransform<PCollection<Spec>, PDone> {
  static final String FILE_NAME = "spec.yaml";

  private final RunStore store;
  private final String jobId;

  SaveSpec(RunStore store, String jobId) {
    this.store = store;
    this.jobId = jobId;
  }

  @Override
  public PDone expand(PCollection<Spec> spec) {
    spec.apply("WriteSpecYaml", ParDo.of(new WriteFn(store, jobId)));
    return PDone.in(spec.getPipeline());
  }

  static Spec read(RunStore store, String jobId) {
    return SpecYaml.parse(store.readRunFile(jobId, FILE_NAME), jobId + "/" + FILE_NAME).spec();
  }

  private static final class WriteFn extends DoFn<Spec, Void> {
    private final RunStore store;
    private final String jobId;

    WriteFn(RunStore store, String jobId) {
      this.store = store;
      this.jobId = jobId;
    }

    @ProcessElement
    public void process(@Element Spec spec) {
      store.writeRunFile(jobId, FILE_NAME, SpecYaml.write(spec));
    }
  }
}
