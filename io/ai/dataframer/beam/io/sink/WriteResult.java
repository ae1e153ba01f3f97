package ai.dataframer.beam.io.sink;

import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/** The outcome of {@link SampleSink.Write}: where the rows went, for the run manifest. */
public final class WriteResult implements POutput {
  private static final TupleTag<String> WRITTEN = new TupleTag<String>("written") {};

  private final Pipeline pipeline;
  private final PCollection<String> writtenPaths;

  private WriteResult(Pipeline pipeline, PCollection<String> writtenPaths) {
    this.pipeline = pipeline;
    this.writtenPaths = writtenPaths;
  }

  static WriteResult in(Pipeline pipeline, PCollection<String> writtenPaths) {
    return new WriteResult(pipeline, writtenPaths);
  }

  /**
   * The final paths of every written file (one per shard), or the table spec PROJECT:DATASET.TABLE
   * once the BigQuery load has finished. Emitted only after all output is in place.
   */
  public PCollection<String> getWrittenPaths() {
    return writtenPaths;
  }

  @Override
  public Pipeline getPipeline() {
    return pipeline;
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return Map.of(WRITTEN, writtenPaths);
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, PInput input, PTransform<?, ?> transform) {}
}
