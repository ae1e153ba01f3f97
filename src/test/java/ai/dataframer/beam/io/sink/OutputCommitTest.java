package ai.dataframer.beam.io.sink;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertThrows;

import ai.dataframer.beam.core.run.JobOwner;
import ai.dataframer.beam.io.sink.CommitRecords.Ledger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Stage, commit, abort and the pre-checks of a file output, on the local filesystem. */
public class OutputCommitTest {
  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  private Path out;
  private OutputCommit output;

  @Before
  public void newOutput() throws IOException {
    out = folder.newFolder("out").toPath();
    output = OutputCommit.of("jsonl:" + out);
  }

  @Test
  public void abortedRunLeavesThePreviousOutputByteIdentical() throws IOException {
    run("night-1", 2, "one");
    Map<String, String> before = snapshot(out);

    output.checkBeforeRun(List.of(), 3);
    String staged = output.stage("night-2", JobOwner.current());
    writeShards(staged, "night-2", 3, "two", "records");
    output.abort("night-2");

    assertThat(snapshot(out), equalTo(before));
    assertThat(Files.exists(out.resolve(OutputCommit.STAGING_FOLDER)), is(false));
  }

  @Test
  public void killedRunPutsNothingUnderTheFinalNamesAndIsCleanedByTheNext() throws IOException {
    run("night-1", 2, "one");
    Map<String, String> before = snapshot(out);

    // Killed after its pipeline wrote everything but before commit: nothing else happens.
    output.checkBeforeRun(List.of(), 2);
    String staged = output.stage("night-2", deadOwner());
    writeShards(staged, "night-2", 2, "two", "records", "failures");

    assertThat(visible(snapshot(out)), equalTo(visible(before)));
    assertThat(output.ledger().orElseThrow().runId(), is("night-1"));

    OutputCommit.of("jsonl:" + out).checkBeforeRun(List.of(), 2);
    assertThat(snapshot(out), equalTo(before));
  }

  @Test
  public void commitReplacesTheRunAndDeletesOnlyLedgeredFiles() throws IOException {
    run("night-1", 3, "one");
    Files.writeString(out.resolve("notes.txt"), "mine");
    Files.writeString(out.resolve("records-summary.jsonl"), "mine too");

    List<String> paths = run("night-2", 2, "two");

    assertThat(
        names(out),
        contains(
            OutputCommit.LEDGER_FILE,
            "failures-00000-of-00001.jsonl",
            "notes.txt",
            "records-00000-of-00002.jsonl",
            "records-00001-of-00002.jsonl",
            "records-summary.jsonl"));
    assertThat(Files.readString(out.resolve("records-00001-of-00002.jsonl")), is("two 1\n"));
    assertThat(Files.readString(out.resolve("notes.txt")), is("mine"));
    assertThat(
        paths,
        contains(
            out.resolve("failures-00000-of-00001.jsonl").toString(),
            out.resolve("records-00000-of-00002.jsonl").toString(),
            out.resolve("records-00001-of-00002.jsonl").toString()));
    Ledger ledger = output.ledger().orElseThrow();
    assertThat(ledger.runId(), is("night-2"));
    assertThat(
        ledger.files(),
        contains(
            "failures-00000-of-00001.jsonl",
            "records-00000-of-00002.jsonl",
            "records-00001-of-00002.jsonl"));
  }

  @Test
  public void switchingFormatsReplacesTheOldFormatsFiles() throws IOException {
    run("night-1", 2, "one");

    run(OutputCommit.of("csv:" + out), "night-2", 1, "two");

    assertThat(
        names(out),
        contains(
            OutputCommit.LEDGER_FILE, "failures-00000-of-00001.csv", "records-00000-of-00001.csv"));
  }

  @Test
  public void commitIsIdempotent() throws IOException {
    List<String> first = run("night-1", 2, "one");
    Map<String, String> after = snapshot(out);

    assertThat(output.commit("night-1"), equalTo(first));
    assertThat(OutputCommit.of("jsonl:" + out).commit("night-1"), equalTo(first));
    assertThat(snapshot(out), equalTo(after));
  }

  @Test
  public void seedInsideTheOutputIsRefusedBeforeAnythingIsDeleted() throws IOException {
    run("night-1", 2, "one");
    Files.writeString(out.resolve("seed.csv"), "id\n1\n");
    Map<String, String> before = snapshot(out);

    for (String seed : List.of(out.resolve("seed.csv").toString(), out + "/*.csv")) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> OutputCommit.of("jsonl:" + out).checkBeforeRun(List.of(seed), 2));
      assertThat(e.getMessage(), containsString("output jsonl:" + out + " contains " + seed));
    }
    assertThat(snapshot(out), equalTo(before));
  }

  @Test
  public void seedReachedThroughASymlinkIsRefused() throws IOException {
    Path seed = Files.writeString(out.resolve("seed.csv"), "id\n1\n");
    Path link = Files.createSymbolicLink(folder.getRoot().toPath().resolve("link"), out);

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> OutputCommit.of("jsonl:" + link).checkBeforeRun(List.of(seed.toString()), 1));
    assertThat(e.getMessage(), containsString("output jsonl:" + link + " (" + out + ") contains"));
  }

  @Test
  public void outputInsideTheStoreOrASeedGlobIsRefused() throws IOException {
    Path store = folder.newFolder("store").toPath();
    IllegalArgumentException inStore =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                OutputCommit.of("parquet:" + store.resolve("synthetic"))
                    .checkBeforeRun(List.of(store.toString()), 1));
    assertThat(
        inStore.getMessage(),
        containsString(
            "output parquet:" + store.resolve("synthetic") + " is inside " + store + ","));
    assertThat(Files.exists(store.resolve("synthetic")), is(false));

    Path lake = folder.newFolder("lake").toPath();
    String everything = lake + "/**";
    IllegalArgumentException inGlob =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                OutputCommit.of("parquet:" + lake.resolve("synthetic"))
                    .checkBeforeRun(List.of(everything), 1));
    assertThat(inGlob.getMessage(), containsString("is inside " + everything));

    // A glob that cannot match what the run writes leaves a sibling output alone.
    OutputCommit.of("parquet:" + lake.resolve("synthetic"))
        .checkBeforeRun(List.of(lake + "/*.parquet", lake + "/seeds/{a,b}.csv"), 1);
    assertThat(Files.isDirectory(lake.resolve("synthetic")), is(true));
  }

  @Test
  public void unledgeredFileInTheWayIsRefusedAndKept() throws IOException {
    Files.writeString(out.resolve("records-00000-of-00002.jsonl"), "hand made");
    Files.writeString(out.resolve("records-00003-of-00009.jsonl"), "older tool");

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> output.checkBeforeRun(List.of(), 2));

    assertThat(
        e.getMessage(),
        containsString(
            "holds records-00000-of-00002.jsonl (the commit would write over it),"
                + " records-00003-of-00009.jsonl, named like this tool's output but not listed in "
                + OutputCommit.LEDGER_FILE));
    assertThat(Files.readString(out.resolve("records-00000-of-00002.jsonl")), is("hand made"));
  }

  @Test
  public void fileThatAppearsDuringTheRunStopsTheCommitAndKeepsTheStaging() throws IOException {
    output.checkBeforeRun(List.of(), 1);
    String staged = output.stage("night-1", JobOwner.current());
    writeShards(staged, "night-1", 1, "one", "records");
    Files.writeString(out.resolve("records-00000-of-00001.jsonl"), "dropped in meanwhile");

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> output.commit("night-1"));

    assertThat(e.getMessage(), containsString("holds records-00000-of-00001.jsonl, which"));
    assertThat(
        Files.readString(out.resolve("records-00000-of-00001.jsonl")), is("dropped in meanwhile"));
    assertThat(Files.exists(stagedDir(staged).resolve("records-00000-of-00001.jsonl")), is(true));
    assertThat(Files.exists(out.resolve(OutputCommit.MARKER_FILE)), is(false));
  }

  @Test
  public void staleStagingOfADeadOwnerIsDeleted() throws IOException {
    run("night-1", 1, "one");
    String staged = output.stage("night-2", deadOwner());
    writeShards(staged, "night-2", 1, "two", "records");
    Files.writeString(stagedDir(staged).resolve(".tmp-records-00000-of-00001.jsonl.x"), "half");

    output.checkBeforeRun(List.of(), 1);

    assertThat(Files.exists(out.resolve(OutputCommit.STAGING_FOLDER)), is(false));
    assertThat(Files.readString(out.resolve("records-00000-of-00001.jsonl")), is("one 0\n"));
  }

  @Test
  public void liveOwnersStagingRefusesASecondRun() throws IOException {
    output.stage("night-1", JobOwner.current());
    String owner = JobOwner.current().describe();

    IllegalStateException precheck =
        assertThrows(IllegalStateException.class, () -> output.checkBeforeRun(List.of(), 1));
    assertThat(
        precheck.getMessage(),
        containsString("output jsonl:" + out + " is being written by run night-1 (" + owner + ")"));

    IllegalStateException stage =
        assertThrows(
            IllegalStateException.class, () -> output.stage("night-2", JobOwner.current()));
    assertThat(stage.getMessage(), containsString("being written by run night-1"));
    assertThat(names(out.resolve(OutputCommit.STAGING_FOLDER)), contains("night-1"));
  }

  @Test
  public void commitKilledAtEachStepIsRolledForwardByTheNextRun() throws IOException {
    for (String step : List.of("marker", "moves", "deletes", "ledger", "staging")) {
      Path dir = folder.newFolder("killed-after-" + step).toPath();
      OutputCommit killed = OutputCommit.of("jsonl:" + dir);
      run(killed, "night-1", 3, "one");
      Files.writeString(dir.resolve("notes.txt"), "mine");
      killed.checkBeforeRun(List.of(), 2);
      writeShards(killed.stage("night-2", JobOwner.current()), "night-2", 2, "two", "records");

      RuntimeException crash =
          assertThrows(
              RuntimeException.class,
              () ->
                  killed.commit(
                      "night-2",
                      done -> {
                        if (done.equals(step)) {
                          throw new RuntimeException("killed after " + done);
                        }
                      }));
      assertThat(crash.getMessage(), is("killed after " + step));

      OutputCommit.of("jsonl:" + dir).checkBeforeRun(List.of(), 2);

      assertThat(
          step,
          names(dir),
          contains(
              OutputCommit.LEDGER_FILE,
              "notes.txt",
              "records-00000-of-00002.jsonl",
              "records-00001-of-00002.jsonl"));
      assertThat(
          step, Files.readString(dir.resolve("records-00000-of-00002.jsonl")), is("two 0\n"));
      assertThat(step, killed.ledger().orElseThrow().runId(), is("night-2"));
    }
  }

  @Test
  public void commitKilledBetweenTwoMovesIsFinishedByCommitAgain() throws IOException {
    run("night-1", 3, "one");
    output.checkBeforeRun(List.of(), 3);
    String staged = output.stage("night-2", JobOwner.current());
    writeShards(staged, "night-2", 3, "two", "records");
    assertThrows(
        IllegalStateException.class,
        () ->
            output.commit(
                "night-2",
                done -> {
                  throw new IllegalStateException("killed after " + done);
                }));
    // The plan is on disk; one of three moves happened before the kill.
    Files.move(
        stagedDir(staged).resolve("records-00001-of-00003.jsonl"),
        out.resolve("records-00001-of-00003.jsonl"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    List<String> paths = output.commit("night-2");

    assertThat(paths.size(), is(3));
    for (int shard = 0; shard < 3; shard++) {
      String name = ShardFiles.shardName("records", shard, 3, "jsonl");
      assertThat(Files.readString(out.resolve(name)), is("two " + shard + "\n"));
    }
    assertThat(Files.exists(out.resolve(OutputCommit.MARKER_FILE)), is(false));
    assertThat(Files.exists(out.resolve(OutputCommit.STAGING_FOLDER)), is(false));
  }

  @Test
  public void abortAfterTheCommitBeganKeepsItsPlanForTheNextRun() throws IOException {
    output.checkBeforeRun(List.of(), 1);
    writeShards(output.stage("night-1", deadOwner()), "night-1", 1, "one", "records");
    assertThrows(
        IllegalStateException.class,
        () ->
            output.commit(
                "night-1",
                done -> {
                  throw new IllegalStateException("killed after " + done);
                }));

    output.abort("night-1");
    output.checkBeforeRun(List.of(), 1);

    assertThat(names(out), contains(OutputCommit.LEDGER_FILE, "records-00000-of-00001.jsonl"));
  }

  @Test
  public void incompleteOrMissingStagingIsNotCommitted() throws IOException {
    run("night-1", 1, "one");
    Map<String, String> before = snapshot(out);
    String staged = output.stage("night-2", JobOwner.current());
    Files.writeString(stagedDir(staged).resolve("records-00000-of-00002.jsonl"), "half\n");
    Files.writeString(stagedDir(staged).resolve("failures-00000-of-00001.jsonl"), "");

    IllegalStateException incomplete =
        assertThrows(IllegalStateException.class, () -> output.commit("night-2"));
    assertThat(incomplete.getMessage(), containsString("(1 of 2 records files)"));

    IllegalStateException nothing =
        assertThrows(IllegalStateException.class, () -> output.commit("night-3"));
    assertThat(nothing.getMessage(), containsString("run night-3 has no records staged"));
    output.abort("night-2");
    assertThat(snapshot(out), equalTo(before));
  }

  @Test
  public void ledgerListingAForeignFileIsRefused() throws IOException {
    run("night-1", 1, "one");
    Files.writeString(
        out.resolve(OutputCommit.LEDGER_FILE),
        "{\"version\":1,\"run_id\":\"night-1\",\"committed_at\":\"x\",\"files\":[\"../seed.csv\"]}");

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> output.checkBeforeRun(List.of(), 1));
    assertThat(e.getMessage(), containsString("it lists '../seed.csv', which is not a file name"));
  }

  @Test
  public void fileAsOutputAndBadRunIdsAreRefused() throws IOException {
    Path file = Files.writeString(folder.getRoot().toPath().resolve("plain"), "x");
    IllegalStateException notFolder =
        assertThrows(
            IllegalStateException.class,
            () -> OutputCommit.of("csv:" + file).checkBeforeRun(List.of(), 1));
    assertThat(notFolder.getMessage(), containsString("is a file"));

    assertThrows(IllegalArgumentException.class, () -> output.stage("../x", JobOwner.current()));
    assertThrows(IllegalArgumentException.class, () -> output.commit(".hidden"));
    assertThrows(IllegalArgumentException.class, () -> OutputCommit.of("csv:/data/*/out"));
  }

  @Test
  public void relativeOutputsAreResolvedOnce() {
    assertThat(
        OutputCommit.of("parquet:some/out/").describe(),
        is("parquet:" + Path.of("some/out").toAbsolutePath()));
    assertThat(OutputCommit.of("jsonl:file:///data/x/../out").describe(), is("jsonl:/data/out"));
    assertThat(OutputCommit.of("csv:gs://bucket/out/").describe(), is("csv:gs://bucket/out"));
  }

  @Test
  public void bigQueryOutputsPassThrough() {
    OutputCommit table = OutputCommit.of("bigquery:p:d.t");
    table.checkBeforeRun(List.of("/anything"), 4);
    assertThat(table.stage("night-1", JobOwner.current()), is("bigquery:p:d.t"));
    assertThat(table.commit("night-1"), contains("p:d.t", "p:d.t_failures"));
    table.abort("night-1");
    assertThat(table.describe(), is("bigquery:p:d.t"));
  }

  @Test
  public void stagingUriKeepsTheSchemeAndTheOwner() throws IOException {
    String staged = output.stage("night-1", JobOwner.current());
    assertThat(staged, is("jsonl:" + out + "/" + OutputCommit.STAGING_FOLDER + "/night-1"));
    String owner = Files.readString(stagedDir(staged).resolve(OutputCommit.OWNER_FILE));
    assertThat(owner, containsString("\"pid\" : " + ProcessHandle.current().pid()));
    assertThat(names(out), not(hasItem(OutputCommit.LEDGER_FILE)));
    assertThat(names(stagedDir(staged)), contains(OutputCommit.OWNER_FILE));
    assertThat(
        names(out).stream().filter(n -> n.startsWith(".dataframer-probe")).toList(), empty());
  }

  // ---- helpers ----

  private List<String> run(String runId, int shards, String content) throws IOException {
    return run(output, runId, shards, content);
  }

  /** One whole run: pre-check, stage, records and one failures file written, commit. */
  private static List<String> run(OutputCommit output, String runId, int shards, String content)
      throws IOException {
    output.checkBeforeRun(List.of(), shards);
    String staged = output.stage(runId, JobOwner.current());
    writeShards(staged, runId, shards, content, "records");
    String extension = staged.substring(0, staged.indexOf(':'));
    Files.writeString(stagedDir(staged).resolve("failures-00000-of-00001." + extension), "");
    return output.commit(runId);
  }

  private static void writeShards(
      String stagedUri, String runId, int shards, String content, String... prefixes)
      throws IOException {
    // The extension of each format is its scheme.
    String extension = stagedUri.substring(0, stagedUri.indexOf(':'));
    for (String prefix : prefixes) {
      for (int shard = 0; shard < shards; shard++) {
        Files.writeString(
            stagedDir(stagedUri).resolve(ShardFiles.shardName(prefix, shard, shards, extension)),
            content + " " + shard + "\n");
      }
    }
  }

  static Path stagedDir(String stagedUri) {
    return Path.of(stagedUri.substring(stagedUri.indexOf(':') + 1));
  }

  /** The owner of a process that has ended: `true`, started and waited for. */
  static JobOwner deadOwner() throws IOException {
    Process process = new ProcessBuilder("true").start();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return new JobOwner(JobOwner.current().host(), process.pid(), null);
  }

  static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  /** Every file below dir, by relative path, with its bytes. */
  static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path file : all.filter(Files::isRegularFile).toList()) {
        files.put(
            dir.relativize(file).toString(),
            Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
      }
    }
    return files;
  }

  /** The files a reader of the folder sees: hidden staging left out. */
  static Map<String, String> visible(Map<String, String> files) {
    Map<String, String> shown = new TreeMap<>(files);
    shown.keySet().removeIf(name -> name.startsWith(OutputCommit.STAGING_FOLDER + "/"));
    return shown;
  }
}
