package ai.dataframer.beam.io.sink;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import ai.dataframer.beam.core.run.JobOwner;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A real pipeline writes records and failures through {@link SampleSink} into the staged URI; the
 * output folder changes only at commit.
 */
public class OutputCommitPipelineTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();
  @Rule public final transient TemporaryFolder folder = new TemporaryFolder();

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  public void pipelineWritesIntoStagingAndCommitSwapsTheFiles() throws IOException {
    Path out = folder.newFolder("out").toPath();
    Path seed = Files.writeString(folder.getRoot().toPath().resolve("seed.csv"), "id\n1\n");
    OutputCommit output = OutputCommit.of("jsonl:" + out);
    // Last night's run, three shards, and a file of the user's.
    output.checkBeforeRun(List.of(seed.toString()), 3);
    String lastNight = output.stage("night-1", JobOwner.current());
    for (int shard = 0; shard < 3; shard++) {
      Files.writeString(
          OutputCommitTest.stagedDir(lastNight)
              .resolve(ShardFiles.shardName("records", shard, 3, "jsonl")),
          "{\"id\":-1}\n");
    }
    output.commit("night-1");
    Files.writeString(out.resolve("README.txt"), "synthetic tickets");

    output.checkBeforeRun(List.of(seed.toString()), 2);
    String staged = output.stage("night-2", JobOwner.current());
    Path stagedDir = OutputCommitTest.stagedDir(staged);
    PCollection<Row> rows =
        pipeline.apply("Rows", Create.of(SinkRows.rows(5)).withRowSchema(SinkRows.SCHEMA));
    WriteResult records =
        rows.apply("WriteRecords", SampleSink.to(staged).withNumShards(2).withSortField("id"));
    WriteResult failures =
        rows.apply(
            "WriteFailures",
            SampleSink.to(SampleSink.failuresUri(staged))
                .withFilePrefix(SampleSink.FAILURES_PREFIX)
                .withSortField("id"));
    PAssert.that(records.getWrittenPaths())
        .containsInAnyOrder(
            stagedDir.resolve("records-00000-of-00002.jsonl").toString(),
            stagedDir.resolve("records-00001-of-00002.jsonl").toString());
    PAssert.that(failures.getWrittenPaths())
        .containsInAnyOrder(stagedDir.resolve("failures-00000-of-00001.jsonl").toString());
    Map<String, String> before = OutputCommitTest.visible(OutputCommitTest.snapshot(out));
    pipeline.run().waitUntilFinish();

    // The pipeline succeeded, but until the commit readers of the folder see last night's run.
    assertThat(OutputCommitTest.visible(OutputCommitTest.snapshot(out)), equalTo(before));
    assertThat(Files.exists(stagedDir.resolve("records-00001-of-00002.jsonl")), is(true));

    List<String> committed = output.commit("night-2");

    assertThat(
        committed,
        contains(
            out.resolve("failures-00000-of-00001.jsonl").toString(),
            out.resolve("records-00000-of-00002.jsonl").toString(),
            out.resolve("records-00001-of-00002.jsonl").toString()));
    assertThat(
        OutputCommitTest.names(out),
        contains(
            "README.txt",
            OutputCommit.LEDGER_FILE,
            "failures-00000-of-00001.jsonl",
            "records-00000-of-00002.jsonl",
            "records-00001-of-00002.jsonl"));
    List<Long> ids = new ArrayList<>();
    ids.addAll(ids(out.resolve("records-00000-of-00002.jsonl")));
    ids.addAll(ids(out.resolve("records-00001-of-00002.jsonl")));
    ids.sort(null);
    assertThat(ids, contains(0L, 1L, 2L, 3L, 4L));
    assertThat(ids(out.resolve("failures-00000-of-00001.jsonl")).size(), is(5));
  }

  private static List<Long> ids(Path jsonl) throws IOException {
    List<Long> ids = new ArrayList<>();
    for (String line : Files.readAllLines(jsonl)) {
      ids.add(JSON.readTree(line).get("id").asLong());
    }
    return ids;
  }
}
