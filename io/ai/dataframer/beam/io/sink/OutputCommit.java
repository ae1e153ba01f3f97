package ai.dataframer.beam.io.sink;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import ai.dataframer.beam.core.run.JobOwner;
import ai.dataframer.beam.io.sink.CommitRecords.Ledger;
import ai.dataframer.beam.io.sink.CommitRecords.Marker;
import ai.dataframer.beam.io.sink.CommitRecords.Move;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Refreshes a file output atomically, the way Hive, Spark and Iceberg commit: a run writes its
 * records and failures into a hidden staging folder of the output, and only after the pipeline
 * succeeded does {@link #commit} move them to their final names and delete the previous run's files
 * (docs/ARCHITECTURE.md, "Outputs"; the protocol and its guarantees are in docs/atomic-refresh.md).
 *
 * <p>A job calls, in order: {@link #checkBeforeRun} before building its pipeline, {@link #stage}
 * for the URI its sinks write to, then {@link #commit} once the pipeline succeeded or {@link
 * #abort} when it failed. A run that fails or is killed leaves the previous output whole.
 *
 * <p>Layout in the output folder {@code OUTPUT}:
 *
 * <ul>
 *   <li>{@code OUTPUT/records-SSSSS-of-NNNNN.EXT}, {@code OUTPUT/failures-...}: the committed
 *       files;
 *   <li>{@code OUTPUT/_dataframer_ledger.json}: the files the last commit wrote, the only ones a
 *       later commit may replace or delete;
 *   <li>{@code OUTPUT/.dataframer-staging/RUN/}: a run's files before its commit, with {@code
 *       owner.json} naming the process that writes them;
 *   <li>{@code OUTPUT/_dataframer_commit.json}: the plan of a commit under way, present only while
 *       it runs or after it was killed, so that the next run finishes it.
 * </ul>
 *
 * <p>Names starting with '.' or '_' are skipped by Spark, Hive and most readers of a folder, so
 * these files never show up as data. BigQuery outputs need none of this: a load job with
 * WRITE_TRUNCATE replaces the table atomically, so every method passes them through.
 */
public final class OutputCommit implements Serializable {
  public static final String STAGING_FOLDER = ".dataframer-staging";
  public static final String LEDGER_FILE = "_dataframer_ledger.json";
  public static final String MARKER_FILE = "_dataframer_commit.json";
  public static final String OWNER_FILE = "owner.json";

  private static final Pattern GLOB_CHARS = Pattern.compile("[*?\\[\\]{}]");

  private final SinkTarget target;

  private OutputCommit(SinkTarget target) {
    this.target = target;
  }

  /**
   * The output of a sink URI: {@code parquet:DIR}, {@code jsonl:DIR}, {@code csv:DIR} or {@code
   * bigquery:PROJECT:DATASET.TABLE}. A relative DIR is resolved against the working directory now,
   * once.
   */
  public static OutputCommit of(String outputUri) {
    SinkTarget parsed = SinkTarget.parse(outputUri);
    if (parsed.isBigQuery()) {
      return new OutputCommit(parsed);
    }
    checkArgument(
        !GLOB_CHARS.matcher(parsed.location()).find(),
        "output '%s' must name one folder, without the wildcards * ? [ ] { }",
        outputUri);
    return new OutputCommit(
        new SinkTarget(parsed.format(), OutputLocations.absolute(parsed.location())));
  }

  /** The output for messages: {@code parquet:/abs/out} or {@code bigquery:p:d.t}. */
  public String describe() {
    String scheme = target.isBigQuery() ? SinkTarget.BIGQUERY_SCHEME : target.format().scheme();
    return scheme + ":" + target.location();
  }

  /**
   * Everything that can refuse a file output, before the run and before anything is deleted:
   *
   * <ol>
   *   <li>the output must not contain, or lie inside, a protected location (seed paths or globs and
   *       the store root; local paths or URIs);
   *   <li>the output must be writable: its folder is created and a probe file written and deleted;
   *   <li>a commit killed midway is finished;
   *   <li>staging folders of runs that have ended are deleted; one of a live run refuses;
   *   <li>files named like this tool's shards ({@code records-*}, {@code failures-*} of the
   *       output's format) that the ledger does not list refuse: the commit would write over them,
   *       or readers of the folder would mix them with this run's files.
   * </ol>
   *
   * Does nothing to a BigQuery output.
   *
   * @throws IllegalArgumentException for an output overlapping a protected location
   * @throws IllegalStateException for an output that another run writes, that is not writable, or
   *     that holds files in the way
   */
  public void checkBeforeRun(List<String> protectedLocations, int numShards) {
    checkArgument(protectedLocations != null, "protectedLocations must not be null");
    checkArgument(numShards > 0, "numShards must be > 0, but was %s", numShards);
    if (target.isBigQuery()) {
      return;
    }
    refuseProtectedOverlap(protectedLocations);
    OutputFolder folder = folder();
    refuseUnwritable(folder);
    finishInterruptedCommit(folder);
    clearStaleStaging(folder, null);
    refuseUnledgeredShards(folder, numShards);
  }

  /**
   * Creates {@code OUTPUT/.dataframer-staging/<runId>/} with {@code owner.json} and returns the
   * sink URI the run's records (and, beside them, its failures) must be written to, e.g. {@code
   * parquet:/abs/out/.dataframer-staging/<runId>}. Files an earlier attempt of the same run left
   * there are deleted. For BigQuery returns the output URI unchanged.
   *
   * @throws IllegalStateException when another live run stages into this output
   */
  public String stage(String runId, JobOwner owner) {
    checkRunId(runId);
    checkArgument(owner != null, "owner must not be null");
    if (target.isBigQuery()) {
      return describe();
    }
    OutputFolder folder = folder();
    // A pending commit reads from its staging folder: finish it before that folder is reused.
    finishInterruptedCommit(folder);
    Optional<JobOwner> previous = stagingOwner(folder, runId);
    if (previous.isPresent() && !previous.get().equals(owner) && !previous.get().isGone()) {
      throw beingWritten(runId, previous.get());
    }
    folder.deleteFolder(staging(runId), STAGING_FOLDER);
    folder.write(staging(runId) + "/" + OWNER_FILE, CommitRecords.toJson(owner));
    // Written first, checked second: of two runs starting at once, at least one sees the other.
    try {
      clearStaleStaging(folder, runId);
    } catch (IllegalStateException other) {
      folder.deleteFolder(staging(runId), STAGING_FOLDER);
      throw other;
    }
    return target.format().scheme() + ":" + target.location() + "/" + staging(runId);
  }

  /**
   * After the pipeline succeeded: moves the staged {@code records-*} and {@code failures-*} files
   * to their final names, deletes the previous ledger's files this commit did not rewrite, writes
   * the new ledger and removes the staging folder. Returns the final paths, sorted; for BigQuery
   * the table names. Calling it again for a committed run returns the same paths; a commit
   * interrupted midway is finished by the next call (or by the next {@link #checkBeforeRun}).
   *
   * @throws IllegalStateException when nothing complete is staged for the run, or a file not in the
   *     ledger is in the way (the output is then unchanged and the staging folder kept)
   */
  public List<String> commit(String runId) {
    return commit(runId, step -> {});
  }

  /** {@link #commit}, calling {@code afterStep} after each step; tests crash it there. */
  List<String> commit(String runId, Consumer<String> afterStep) {
    checkRunId(runId);
    if (target.isBigQuery()) {
      // Already in sorted order: the records table's name is a prefix of the failures table's.
      return List.of(target.location(), target.location() + "_failures");
    }
    OutputFolder folder = folder();
    Optional<Marker> finished = finishInterruptedCommit(folder);
    if (finished.isPresent() && finished.get().runId().equals(runId)) {
      return finalPaths(folder, finished.get().ledger().files());
    }
    Optional<Ledger> previous = ledger(folder);
    TreeSet<String> staged = stagedShards(folder, runId);
    if (staged.isEmpty()) {
      boolean committed = previous.isPresent() && previous.get().runId().equals(runId);
      if (committed && folder.fileNames(staging(runId)).isEmpty()) {
        return finalPaths(folder, previous.get().files());
      }
      throw new IllegalStateException(
          "run "
              + runId
              + " has no records staged in "
              + folder.file(staging(runId) + "/")
              + ": stage() the run and write its records there before commit(); the output "
              + describe()
              + " was not changed");
    }
    checkComplete(runId, staged);
    // Sample folders (MULTI_FOLDER runs) move and are ledgered like shards, file by file.
    staged.addAll(folder.sampleFiles(staging(runId)));
    Set<String> ledgered = new HashSet<>(previous.map(Ledger::files).orElse(List.of()));
    List<String> inTheWay = new ArrayList<>();
    for (String name : ownedNames(folder)) {
      if (staged.contains(name) && !ledgered.contains(name)) {
        inTheWay.add(name);
      }
    }
    if (!inTheWay.isEmpty()) {
      throw new IllegalStateException(
          "output "
              + describe()
              + " holds "
              + String.join(", ", inTheWay)
              + ", which "
              + LEDGER_FILE
              + " does not list: this tool did not write it and will not replace it, so the"
              + " output was not changed. Move it elsewhere and run again (run "
              + runId
              + " stays staged in "
              + folder.file(staging(runId) + "/")
              + " until then)");
    }
    List<Move> moves = new ArrayList<>();
    for (String name : staged) {
      moves.add(new Move(staging(runId) + "/" + name, name));
    }
    List<String> deletes = new ArrayList<>(new TreeSet<>(ledgered));
    deletes.removeAll(staged);
    Ledger next =
        new Ledger(CommitRecords.VERSION, runId, Instant.now().toString(), List.copyOf(staged));
    Marker marker =
        new Marker(CommitRecords.VERSION, runId, JobOwner.current(), moves, deletes, next);
    folder.write(MARKER_FILE, CommitRecords.toJson(marker));
    afterStep.accept("marker");
    apply(folder, marker, afterStep);
    return finalPaths(folder, next.files());
  }

  /**
   * Deletes this run's staging folder after a failed or cancelled run; committed files are never
   * touched. If the run's commit had already begun (its marker exists), the folder is kept so that
   * the next {@link #checkBeforeRun} finishes that commit. Does nothing for BigQuery.
   */
  public void abort(String runId) {
    checkRunId(runId);
    if (target.isBigQuery()) {
      return;
    }
    OutputFolder folder = folder();
    Optional<Marker> pending = marker(folder);
    if (pending.isPresent() && pending.get().runId().equals(runId)) {
      return;
    }
    folder.deleteFolder(staging(runId), STAGING_FOLDER);
  }

  /** The ledger of the last commit, if any. */
  Optional<Ledger> ledger() {
    return target.isBigQuery() ? Optional.empty() : ledger(folder());
  }

  private OutputFolder folder() {
    return new OutputFolder(target.location());
  }

  private static String staging(String runId) {
    return STAGING_FOLDER + "/" + runId;
  }

  private static void checkRunId(String runId) {
    checkArgument(
        CommitRecords.isRunId(runId),
        "runId must be 1-200 letters, digits, '.', '_' or '-' starting with a letter or digit,"
            + " but was '%s'",
        runId);
  }

  private void refuseProtectedOverlap(List<String> protectedLocations) {
    String output = OutputLocations.canonical(target.location());
    String extension = target.format().extension();
    String shard = ShardFiles.shardName(SampleSink.RECORDS_PREFIX, 0, 1, extension);
    List<String> written =
        List.of(
            output + "/" + shard,
            output + "/" + STAGING_FOLDER + "/run/" + shard,
            output + "/" + LEDGER_FILE);
    for (String location : protectedLocations) {
      if (location == null || location.isBlank()) {
        continue;
      }
      Optional<String> conflict = OutputLocations.conflict(output, written, location);
      if (conflict.isPresent()) {
        throw new IllegalArgumentException(
            "output "
                + describe()
                + (output.equals(target.location()) ? "" : " (" + output + ")")
                + " "
                + conflict.get()
                + ", which the run reads or keeps (a seed or the store); choose an output folder"
                + " that neither contains it nor lies inside it. Nothing was deleted");
      }
    }
  }

  private void refuseUnwritable(OutputFolder folder) {
    OutputLocations.localPath(target.location())
        .filter(path -> Files.exists(path) && !Files.isDirectory(path))
        .ifPresent(
            path -> {
              throw new IllegalStateException(
                  "output " + describe() + " is a file; a file output must name a folder");
            });
    try {
      folder.probeWritable();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "output "
              + describe()
              + " is not writable: creating and deleting a probe file there failed: "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Finishes the commit whose marker is in the output, if any. Its plan is fixed in the marker and
   * every step can run twice, so finishing it is safe even while its own process still runs.
   */
  private Optional<Marker> finishInterruptedCommit(OutputFolder folder) {
    Optional<Marker> marker = marker(folder);
    marker.ifPresent(pending -> apply(folder, pending, step -> {}));
    return marker;
  }

  /** Runs a commit plan; each step is idempotent, so a killed run's plan can be run again. */
  private void apply(OutputFolder folder, Marker marker, Consumer<String> afterStep) {
    Set<String> staged = folder.fileNames(staging(marker.runId()));
    staged.addAll(folder.sampleFiles(staging(marker.runId())));
    Set<String> present = ownedNames(folder);
    List<String> from = new ArrayList<>();
    List<String> to = new ArrayList<>();
    for (Move move : marker.moves()) {
      if (staged.contains(move.to())) {
        from.add(move.from());
        to.add(move.to());
      } else if (!present.contains(move.to())) {
        throw new IllegalStateException(
            "cannot finish the commit of run "
                + marker.runId()
                + " in "
                + describe()
                + ": neither "
                + move.from()
                + " nor "
                + move.to()
                + " exists; something other than this tool removed it. Delete "
                + MARKER_FILE
                + " and "
                + STAGING_FOLDER
                + " in the output and run again");
      }
    }
    folder.rename(from, to);
    afterStep.accept("moves");
    folder.delete(marker.deletes());
    folder.pruneSampleFolders("");
    afterStep.accept("deletes");
    folder.write(LEDGER_FILE, CommitRecords.toJson(marker.ledger()));
    afterStep.accept("ledger");
    folder.deleteFolder(staging(marker.runId()), STAGING_FOLDER);
    afterStep.accept("staging");
    folder.delete(List.of(MARKER_FILE));
    afterStep.accept("done");
  }

  /** Deletes staging folders of runs that have ended; refuses on one of a live run. */
  private void clearStaleStaging(OutputFolder folder, String ownRunId) {
    for (String runId : folder.subfolders(STAGING_FOLDER)) {
      if (runId.equals(ownRunId)) {
        continue;
      }
      Optional<JobOwner> owner = stagingOwner(folder, runId);
      // A folder without owner.json was never written to: owner.json is its first file.
      if (owner.isEmpty() || owner.get().isGone()) {
        folder.deleteFolder(staging(runId), STAGING_FOLDER);
      } else {
        throw beingWritten(runId, owner.get());
      }
    }
  }

  private IllegalStateException beingWritten(String runId, JobOwner owner) {
    return new IllegalStateException(
        "output "
            + describe()
            + " is being written by run "
            + runId
            + " ("
            + owner.describe()
            + "); wait for it to end. If it no longer runs (a process on another machine cannot"
            + " be checked from here), delete "
            + target.location()
            + "/"
            + staging(runId)
            + " and run again");
  }

  private void refuseUnledgeredShards(OutputFolder folder, int numShards) {
    Set<String> ledgered = new HashSet<>(ledger(folder).map(Ledger::files).orElse(List.of()));
    Set<String> commitWrites = new HashSet<>();
    String extension = target.format().extension();
    for (int shard = 0; shard < numShards; shard++) {
      commitWrites.add(
          ShardFiles.shardName(SampleSink.RECORDS_PREFIX, shard, numShards, extension));
      commitWrites.add(
          ShardFiles.shardName(SampleSink.FAILURES_PREFIX, shard, numShards, extension));
    }
    // Failures are written in one shard, or in as many as the records.
    commitWrites.add(ShardFiles.shardName(SampleSink.FAILURES_PREFIX, 0, 1, extension));
    Pattern shards = shardPattern();
    List<String> found = new ArrayList<>();
    for (String name : ownedNames(folder)) {
      boolean ours =
          shards.matcher(name).matches() || SampleFolders.SAMPLE_FILE.matcher(name).matches();
      if (ours && !ledgered.contains(name)) {
        found.add(commitWrites.contains(name) ? name + " (the commit would write over it)" : name);
      }
    }
    if (!found.isEmpty()) {
      String them = found.size() == 1 ? "it" : "them";
      throw new IllegalStateException(
          String.format(
              "output %s holds %s, named like this tool's output but not listed in %s: the tool did"
                  + " not write %s, so it will neither replace nor delete %s, and readers of the"
                  + " folder would mix %s with this run's files. Move %s elsewhere or choose"
                  + " another output folder",
              describe(), String.join(", ", found), LEDGER_FILE, them, them, them, them));
    }
  }

  /** The files directly in the output and those of its sample folders. */
  private static TreeSet<String> ownedNames(OutputFolder folder) {
    TreeSet<String> names = folder.fileNames();
    names.addAll(folder.sampleFiles(""));
    return names;
  }

  /** This output's shard files, records and failures, with the prefix in group "prefix". */
  private Pattern shardPattern() {
    return ShardFiles.shardNamePattern(
        "(?<prefix>" + SampleSink.RECORDS_PREFIX + "|" + SampleSink.FAILURES_PREFIX + ")",
        Pattern.quote(target.format().extension()));
  }

  private TreeSet<String> stagedShards(OutputFolder folder, String runId) {
    Pattern shards = shardPattern();
    TreeSet<String> staged = new TreeSet<>();
    for (String name : folder.fileNames(staging(runId))) {
      if (shards.matcher(name).matches()) {
        staged.add(name);
      }
    }
    return staged;
  }

  /** Each prefix staged as one whole set of shards, and records among them. */
  private void checkComplete(String runId, Set<String> staged) {
    Map<String, TreeMap<Integer, Integer>> shardsByPrefix = new TreeMap<>();
    Pattern shards = shardPattern();
    for (String name : staged) {
      Matcher m = shards.matcher(name);
      m.matches();
      shardsByPrefix
          .computeIfAbsent(m.group("prefix"), k -> new TreeMap<>())
          .put(Integer.parseInt(m.group("shard")), Integer.parseInt(m.group("count")));
    }
    List<String> problems = new ArrayList<>();
    if (!shardsByPrefix.containsKey(SampleSink.RECORDS_PREFIX)) {
      problems.add("no " + SampleSink.RECORDS_PREFIX + " files");
    }
    shardsByPrefix.forEach(
        (prefix, shardCounts) -> {
          Set<Integer> counts = new TreeSet<>(shardCounts.values());
          int count = counts.iterator().next();
          if (counts.size() > 1) {
            problems.add(prefix + " files of shard counts " + counts);
          } else if (shardCounts.size() != count || shardCounts.lastKey() != count - 1) {
            problems.add(shardCounts.size() + " of " + count + " " + prefix + " files");
          }
        });
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "run "
              + runId
              + " staged an incomplete output ("
              + String.join("; ", problems)
              + "): commit() only after the pipeline succeeded. The output "
              + describe()
              + " was not changed");
    }
  }

  private Optional<JobOwner> stagingOwner(OutputFolder folder, String runId) {
    String file = staging(runId) + "/" + OWNER_FILE;
    return folder.read(file).map(json -> CommitRecords.readOwner(json, where(folder, file)));
  }

  private Optional<Ledger> ledger(OutputFolder folder) {
    return folder
        .read(LEDGER_FILE)
        .map(json -> CommitRecords.readLedger(json, where(folder, LEDGER_FILE)));
  }

  private Optional<Marker> marker(OutputFolder folder) {
    return folder
        .read(MARKER_FILE)
        .map(json -> CommitRecords.readMarker(json, where(folder, MARKER_FILE), STAGING_FOLDER));
  }

  private static String where(OutputFolder folder, String relative) {
    return folder.file(relative).toString();
  }

  /** The committed paths; the sample folders as one entry, {@code OUTPUT/samples/}. */
  private static List<String> finalPaths(OutputFolder folder, List<String> names) {
    List<String> paths = new ArrayList<>();
    boolean samples = false;
    for (String name : names) {
      if (SampleFolders.SAMPLE_FILE.matcher(name).matches()) {
        samples = true;
        continue;
      }
      ResourceId file = folder.file(name);
      paths.add(file.toString());
    }
    if (samples) {
      paths.add(folder.dir(SampleFolders.FOLDER).toString());
    }
    paths.sort(null);
    return paths;
  }
}
