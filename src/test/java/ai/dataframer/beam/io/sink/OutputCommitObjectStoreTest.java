package ai.dataframer.beam.io.sink;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertFalse;

import ai.dataframer.beam.core.run.JobOwner;
import ai.dataframer.beam.testing.FakeObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestRule;

/**
 * A file output on gs:// (docs/dataflow.md): the pre-checks, staging, commit and abort go through
 * Beam FileSystems only, on {@link FakeObjectStore}, whose object-store semantics (no folders) are
 * Cloud Storage's.
 */
public class OutputCommitObjectStoreTest {
  private static final String OUT = "gs://bucket/out/orders";
  @Rule public final TestRule objectStore = FakeObjectStore.installedForEachTest();

  @Test
  public void runsCommitAndAbortOnCloudStorage() {
    run("night-1", 2, "one");
    List<String> first = FakeObjectStore.names();
    assertThat(
        first,
        contains(
            OUT + "/" + OutputCommit.LEDGER_FILE,
            OUT + "/failures-00000-of-00001.jsonl",
            OUT + "/records-00000-of-00002.jsonl",
            OUT + "/records-00001-of-00002.jsonl"));

    // A second run replaces the first; an aborted third leaves the second as it was.
    List<String> paths = run("night-2", 1, "two");
    assertThat(paths, everyItem(startsWith(OUT + "/")));
    List<String> second = FakeObjectStore.names();
    assertThat(FakeObjectStore.read(OUT + "/records-00000-of-00001.jsonl"), equalTo("two 0\n"));

    OutputCommit output = OutputCommit.of("jsonl:" + OUT);
    output.checkBeforeRun(List.of("gs://bucket/store"), 1);
    String staged = output.stage("night-3", JobOwner.current());
    writeShard(staged, "records", 0, 1, "three");
    output.abort("night-3");

    assertThat(FakeObjectStore.names(), equalTo(second));
    assertFalse("a gs:// location was used as a local path", Files.exists(Path.of("gs:")));
  }

  private static List<String> run(String runId, int shards, String content) {
    OutputCommit output = OutputCommit.of("jsonl:" + OUT);
    output.checkBeforeRun(List.of("gs://bucket/store"), shards);
    String staged = output.stage(runId, JobOwner.current());
    for (int shard = 0; shard < shards; shard++) {
      writeShard(staged, "records", shard, shards, content + " " + shard + "\n");
    }
    writeShard(staged, "failures", 0, 1, "");
    return output.commit(runId);
  }

  private static void writeShard(
      String stagedUri, String prefix, int shard, int shards, String content) {
    String folder = stagedUri.substring(stagedUri.indexOf(':') + 1);
    FakeObjectStore.write(
        folder + "/" + ShardFiles.shardName(prefix, shard, shards, "jsonl"),
        content.getBytes(StandardCharsets.UTF_8));
  }
}
