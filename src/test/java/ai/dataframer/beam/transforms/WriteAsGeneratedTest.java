package ai.dataframer.beam.transforms;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.engine.SampleOutcome;
import ai.dataframer.beam.core.engine.SeedKeyPositions;
import ai.dataframer.beam.core.generate.SampleGenerator;
import ai.dataframer.beam.core.generate.SampleResult;
import ai.dataframer.beam.core.plan.IndexRange;
import ai.dataframer.beam.core.plan.SamplePlan;
import ai.dataframer.beam.core.record.FingerprintSet;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.core.spec.PropertyVariation;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import ai.dataframer.beam.io.record.MetadataColumns;
import ai.dataframer.beam.io.record.RowRecords;
import ai.dataframer.beam.io.sink.PieceWriter;
import ai.dataframer.beam.io.sink.SampleSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Records written where they are generated ({@link GenerateSamples#withPieceWriter}) are the same
 * files, byte for byte, as the same run's samples written by the sink, refill rows included.
 */
public class WriteAsGeneratedTest {
  private static final long SAMPLES = 2_500;
  private static final int SHARDS = 3;
  private static final long RANGE = 1_000;
  private static final Schema RECORD_SCHEMA =
      Schema.builder()
          .addNullableField("kind", RowRecords.beamType(FieldType.STRING))
          .addNullableField("size", RowRecords.beamType(FieldType.LONG))
          .build();
  private static final Spec SPEC =
      new Spec(
          "parts",
          "one part",
          List.of(new PropertyVariation("kind", List.of("bolt", "nut"), Map.of(), null)),
          List.of(
              new RecordField("kind", FieldType.STRING, "kind", 0, List.of(), null, null),
              new RecordField("size", FieldType.LONG, null, 0, List.of(), null, null)));

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();
  @Rule public final transient TemporaryFolder folder = new TemporaryFolder();

  /** Accepts every plan but the first-round indexes 4, 13, 22, ...; refill plans all pass. */
  private static final class EveryNinthFails implements GeneratorFactory {
    @Override
    public SampleGenerator create(
        Spec spec,
        List<Map<String, Object>> seeds,
        FingerprintSet fingerprints,
        SeedKeyPositions seedKeys,
        Runnable onCopyRedraw) {
      return plan -> CompletableFuture.completedFuture(result(plan));
    }

    private static SampleResult result(SamplePlan plan) {
      SampleOutcome outcome =
          plan.index() < SAMPLES && plan.index() % 9 == 4
              ? new SampleOutcome.Rejected(plan, "filter", List.of("scripted failure"), 1, null)
              : new SampleOutcome.Accepted(
                  plan,
                  Map.of("kind", plan.propertyValues().get("kind"), "size", plan.index() % 97),
                  1);
      return new SampleResult(outcome, Map.of(), 0.0, 0, 1);
    }
  }

  private GenerateRun run(PCollectionView<Spec> specView, PieceWriter pieces) {
    ExpandRun plans =
        DataFramer.expandRun()
            .withRunId("run-w")
            .withNumberOfSamples(SAMPLES)
            .withRandomSeed(5)
            .withMinRangeSize((int) RANGE);
    GenerateSamples samples =
        DataFramer.generateSamples()
            .withSpec(specView)
            .withRecordSchema(RECORD_SCHEMA)
            .withSpecId("spec-w")
            .withSpecVersion(1)
            .withGenerators(new EveryNinthFails());
    return DataFramer.generateRun(plans, pieces == null ? samples : samples.withPieceWriter(pieces))
        .withRefillRounds(2);
  }

  private static SampleSink.Write sink(Path directory) {
    return SampleSink.to("parquet:" + directory)
        .withNumShards(SHARDS)
        .withSortField(MetadataColumns.SAMPLE_INDEX)
        .withIndexBlocks(SAMPLES, IndexRange.sizeFor(SAMPLES, RANGE));
  }

  @Test
  public void writtenAsGeneratedEqualsWrittenByTheSinkRefillIncluded() throws Exception {
    Path bySink = folder.getRoot().toPath().resolve("by-sink");
    Path asGenerated = folder.getRoot().toPath().resolve("as-generated");
    PCollection<Spec> spec =
        pipeline.apply("Spec", Create.of(SPEC).withCoder(SerializableCoder.of(Spec.class)));
    PCollectionView<Spec> specView = spec.apply("SpecView", View.asSingleton());

    GenerationResult collected = spec.apply("Collected", run(specView, null));
    collected.getSamples().apply("WriteBySink", sink(bySink));

    SampleSink.Write written = sink(asGenerated);
    PieceWriter pieces = written.pieceWriter(MetadataColumns.outputSchema(RECORD_SCHEMA));
    GenerationResult generated = spec.apply("Written", run(specView, pieces));
    assertTrue(generated.isWritten());
    IllegalStateException noSamples =
        assertThrows(IllegalStateException.class, generated::getSamples);
    assertTrue(noSamples.getMessage(), noSamples.getMessage().contains("getWrittenParts"));
    written.assemble(generated.getWrittenParts(), pieces);

    pipeline.run().waitUntilFinish();

    List<Path> expected = files(bySink);
    assertEquals(SHARDS, expected.size());
    long rows = 0;
    long refills = 0;
    for (Path file : files(asGenerated)) {
      try (ParquetReader<GenericRecord> reader =
          AvroParquetReader.<GenericRecord>builder(
                  HadoopInputFile.fromPath(
                      new org.apache.hadoop.fs.Path(file.toString()), new Configuration()))
              .build()) {
        for (GenericRecord record = reader.read(); record != null; record = reader.read()) {
          rows++;
          refills += (Long) record.get(MetadataColumns.SAMPLE_INDEX) >= SAMPLES ? 1 : 0;
        }
      }
    }
    assertEquals("every slot filled, refill included", SAMPLES, rows);
    assertEquals("one refill row per failed first-round sample", (SAMPLES + 4) / 9, refills);
    assertEquals(
        expected.stream().map(Path::getFileName).toList(),
        files(asGenerated).stream().map(Path::getFileName).toList());
    for (Path file : expected) {
      assertArrayEquals(
          file.getFileName().toString(),
          Files.readAllBytes(file),
          Files.readAllBytes(asGenerated.resolve(file.getFileName())));
    }
  }

  private static List<Path> files(Path directory) throws Exception {
    try (Stream<Path> files = Files.list(directory)) {
      return files.sorted().toList();
    }
  }
}
