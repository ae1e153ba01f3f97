package ai.dataframer.beam.transforms;

import ai.dataframer.beam.core.eval.EvaluationReport;
import ai.dataframer.beam.core.generate.SampleJudge;
import ai.dataframer.beam.core.generate.SampleJudge.Judgement;
import ai.dataframer.beam.core.llm.LlmClient;
import ai.dataframer.beam.core.llm.UsageLedger;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.io.llm.LlmClients;
import ai.dataframer.beam.io.llm.LlmSettings;
import ai.dataframer.beam.io.llm.StepMetrics;
import ai.dataframer.beam.io.llm.http.HttpTransport;
import ai.dataframer.beam.io.record.MetadataColumns;
import ai.dataframer.beam.io.record.RowRecords;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;

/**
 * A run's records -> the same records with what the {@code evaluation_model} read from each
 * (docs/ARCHITECTURE.md section 9): {@value #CLASSIFICATIONS} holds the value of every unbound
 * property as JSON (empty when the judge could not classify the sample, with the reason in {@value
 * #JUDGE_ERROR}), {@value #JUDGE_CALLS} and {@value #JUDGE_COST} what it took. Calls are in flight
 * together, up to the settings' concurrency per worker, and go through the same client stack as a
 * run's (limits, retries, metering, cache).
 */
final class ClassifySamples extends PTransform<PCollection<Row>, PCollection<Row>> {
  static final String CLASSIFICATIONS = "_df_classifications";
  static final String JUDGE_ERROR = "_df_judge_error";
  static final String JUDGE_CALLS = "_df_judge_calls";
  static final String JUDGE_COST = "_df_judge_cost_usd";

  private final PCollectionView<Spec> spec;
  private final String modelId;
  private final LlmSettings llm;
  private final int maxInFlight;

  ClassifySamples(PCollectionView<Spec> spec, String modelId, LlmSettings llm, int maxInFlight) {
    this.spec = spec;
    this.modelId = modelId;
    this.llm = llm;
    this.maxInFlight = maxInFlight;
  }

  static Schema classifiedSchema(Schema records) {
    return Schema.builder()
        .addFields(records.getFields())
        .addStringField(CLASSIFICATIONS)
        .addNullableField(JUDGE_ERROR, Schema.FieldType.STRING)
        .addInt32Field(JUDGE_CALLS)
        .addDoubleField(JUDGE_COST)
        .build();
  }

  @Override
  public PCollection<Row> expand(PCollection<Row> records) {
    Schema schema = classifiedSchema(records.getSchema());
    return records
        .apply(
            "Judge",
            ParDo.of(new JudgeFn(spec, modelId, llm, maxInFlight, schema)).withSideInputs(spec))
        .setRowSchema(schema);
  }

  /** The property values in a classified row; empty when the judge did not read them. */
  static Map<String, String> classifications(Row row) {
    try {
      Map<String, String> values = new LinkedHashMap<>();
      new ObjectMapper()
          .readTree(row.getString(CLASSIFICATIONS))
          .fields()
          .forEachRemaining(field -> values.put(field.getKey(), field.getValue().asText()));
      return values;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable " + CLASSIFICATIONS + ": " + e.getMessage(), e);
    }
  }

  /**
   * Sends each record to the judge as it comes and emits it once answered, at the latest when the
   * bundle ends; at most {@code maxInFlight} calls wait at once.
   */
  static final class JudgeFn extends DoFn<Row, Row> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TRANSPORT_THREADS = 4;

    private final PCollectionView<Spec> spec;
    private final String modelId;
    private final LlmSettings llm;
    private final int maxInFlight;
    private final Schema schema;
    private transient HttpTransport transport;
    private transient LlmClient client;
    private transient SampleJudge judge;
    private transient Semaphore slots;
    private transient List<CompletableFuture<Void>> pending;
    private transient ConcurrentLinkedQueue<Row> answered;

    JudgeFn(
        PCollectionView<Spec> spec,
        String modelId,
        LlmSettings llm,
        int maxInFlight,
        Schema schema) {
      this.spec = spec;
      this.modelId = modelId;
      this.llm = llm;
      this.maxInFlight = maxInFlight;
      this.schema = schema;
    }

    @Setup
    public void setup() {
      transport = HttpTransport.create(llm.connectTimeout(), llm.callTimeout(), TRANSPORT_THREADS);
      client = LlmClients.create(llm, transport, UsageLedger.jvm(), new StepMetrics());
      slots = new Semaphore(maxInFlight);
    }

    @StartBundle
    public void startBundle() {
      pending = new ArrayList<>();
      answered = new ConcurrentLinkedQueue<>();
    }

    @ProcessElement
    public void processElement(@Element Row row, ProcessContext context)
        throws InterruptedException {
      if (judge == null) {
        judge = new SampleJudge(context.sideInput(spec), modelId, client, LlmClients.prices(llm));
      }
      Map<String, Object> sample = new LinkedHashMap<>();
      RowRecords.toRecord(row)
          .forEach(
              (column, value) -> {
                if (!column.startsWith(MetadataColumns.PREFIX)) {
                  sample.put(column, value);
                }
              });
      slots.acquire();
      pending.add(
          judge
              .classify(sample)
              .thenAccept(judgement -> answered.add(classified(row, judgement)))
              .whenComplete((ignored, error) -> slots.release()));
      emitAnswered(context);
    }

    private void emitAnswered(ProcessContext context) {
      for (Row row = answered.poll(); row != null; row = answered.poll()) {
        context.output(row);
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
      for (Row row = answered.poll(); row != null; row = answered.poll()) {
        context.output(row, GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
      }
      pending = null;
    }

    private Row classified(Row row, Judgement judgement) {
      List<Object> values = new ArrayList<>(row.getValues());
      values.add(JSON.valueToTree(judgement.values()).toString());
      values.add(judgement.error());
      values.add(judgement.calls());
      values.add(judgement.costUsd());
      return Row.withSchema(schema).addValues(values).build();
    }

    @Teardown
    public void teardown() {
      if (client != null) {
        client.close();
      }
      if (transport != null) {
        transport.close();
      }
    }
  }

  /** The judge's totals and the first sample classifications, by sample index. */
  static final class Tally implements Serializable {
    private static final int FIRST_ERRORS = 5;

    long classified;
    long failures;
    long calls;
    double costUsd;
    final TreeMap<Long, String> errors = new TreeMap<>();
    final TreeMap<Long, EvaluationReport.SampleClassification> listed = new TreeMap<>();

    void add(Tally other) {
      classified += other.classified;
      failures += other.failures;
      calls += other.calls;
      costUsd += other.costUsd;
      other.errors.forEach(this::error);
      other.listed.forEach(this::list);
    }

    void error(long index, String error) {
      errors.put(index, error);
      if (errors.size() > FIRST_ERRORS) {
        errors.pollLastEntry();
      }
    }

    void list(long index, EvaluationReport.SampleClassification classification) {
      listed.put(index, classification);
      if (listed.size() > EvaluationReport.Judge.MAX_CLASSIFICATIONS_LISTED) {
        listed.pollLastEntry();
      }
    }
  }

  /** Sums the classified rows into the report's {@link EvaluationReport.Judge}. */
  static final class Summarize extends Combine.CombineFn<Row, Tally, EvaluationReport.Judge> {
    private final String modelId;

    Summarize(String modelId) {
      this.modelId = modelId;
    }

    @Override
    public Tally createAccumulator() {
      return new Tally();
    }

    @Override
    public Tally addInput(Tally tally, Row row) {
      long index = row.getInt64(MetadataColumns.SAMPLE_INDEX);
      tally.calls += row.getInt32(JUDGE_CALLS);
      tally.costUsd += row.getDouble(JUDGE_COST);
      String error = row.getString(JUDGE_ERROR);
      if (error != null) {
        tally.failures++;
        tally.error(index, "sample " + index + ": " + error);
      } else {
        tally.classified++;
        tally.list(
            index,
            new EvaluationReport.SampleClassification(
                row.getString(MetadataColumns.SAMPLE_ID), classifications(row)));
      }
      return tally;
    }

    @Override
    public Tally mergeAccumulators(Iterable<Tally> tallies) {
      Tally merged = new Tally();
      tallies.forEach(merged::add);
      return merged;
    }

    @Override
    public EvaluationReport.Judge extractOutput(Tally tally) {
      return new EvaluationReport.Judge(
          modelId,
          tally.classified,
          tally.failures,
          tally.calls,
          tally.costUsd,
          new ArrayList<>(tally.errors.values()),
          new ArrayList<>(tally.listed.values()));
    }

    @Override
    public Coder<Tally> getAccumulatorCoder(CoderRegistry registry, Coder<Row> inputCoder) {
      return SerializableCoder.of(Tally.class);
    }

    @Override
    public Coder<EvaluationReport.Judge> getDefaultOutputCoder(
        CoderRegistry registry, Coder<Row> inputCoder) {
      return SerializableCoder.of(EvaluationReport.Judge.class);
    }
  }
}
