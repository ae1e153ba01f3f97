package ai.dataframer.beam.pipelines;

import ai.dataframer.beam.core.seed.FolderLayout;
import ai.dataframer.beam.core.spec.FieldType;
import ai.dataframer.beam.io.record.RowRecords;
import ai.dataframer.beam.io.seed.FolderSeeds;
import ai.dataframer.beam.io.seed.SeedIO;
import ai.dataframer.beam.io.seed.SeedReadResult;
import ai.dataframer.beam.io.seed.SeedTextOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.Schema;

/**
 * The seed of a job, whatever its kind: records (CSV, Parquet, JSONL), a folder of documents
 * (MULTI_FILE), a folder of sample folders (MULTI_FOLDER), or none (a seedless spec). Knows the
 * schema of the samples the run writes: the seed's columns for records, one column per file for
 * sample folders, one {@code text} column for documents and seedless specs.
 */
final class SeedSource {
  /** What document and seedless runs write: the sample's text. */
  static final Schema DOCUMENT_SAMPLE_SCHEMA =
      Schema.builder().addNullableField("text", RowRecords.beamType(FieldType.STRING)).build();

  private static final Pattern URI = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");

  private final String dataset;
  private final SeedTextOptions text;
  private FolderLayout layout; // looked up once, on first use
  private Boolean folders;
  private Schema sampleSchema; // inspected once, on first use

  private SeedSource(String dataset, SeedTextOptions text) {
    this.dataset = dataset;
    this.text = text;
  }

  /**
   * @param dataset a seed path or glob, or null for none; a local path is made absolute, so a spec
   *     that remembers it can be run from any directory
   */
  static SeedSource of(String dataset) {
    return of(dataset, SeedTextOptions.DEFAULT);
  }

  /** {@link #of(String)}, read with the user's encoding and CSV delimiter. */
  static SeedSource of(String dataset, SeedTextOptions text) {
    return new SeedSource(dataset == null ? null : absolute(dataset), text);
  }

  /** A URI as it is; a local path or glob absolute and normalized, keeping a trailing slash. */
  static String absolute(String location) {
    if (URI.matcher(location).matches()) {
      return location;
    }
    String path = Path.of(location).toAbsolutePath().normalize().toString();
    return location.endsWith("/") && !path.endsWith("/") ? path + "/" : path;
  }

  /** The absolute path, glob or URI, or null for a seedless job. */
  String dataset() {
    return dataset;
  }

  boolean isSeedless() {
    return dataset == null;
  }

  /** A folder of documents, one sample per file (MULTI_FILE). */
  boolean isDocuments() {
    return dataset != null && SeedIO.isDocuments(dataset) && !isFolders();
  }

  /**
   * A folder of sample folders (MULTI_FOLDER); lists the folder the first time, refusing one that
   * mixes files and subfolders.
   */
  boolean isFolders() {
    if (folders == null) {
      folders =
          dataset != null && SeedIO.isDocuments(dataset) && FolderSeeds.isFolderOfFolders(dataset);
    }
    return folders;
  }

  /** Documents or sample folders: text that only a model can write. */
  boolean isText() {
    return isDocuments() || isFolders();
  }

  /** The file names of each sample folder, or null unless the seed is MULTI_FOLDER. */
  FolderLayout folderLayout() {
    if (layout == null && isFolders()) {
      layout = FolderSeeds.layout(dataset);
    }
    return layout;
  }

  /** The columns of the samples; checks a record seed is readable on the way (before any job). */
  Schema sampleSchema() {
    if (sampleSchema == null) {
      sampleSchema = inspect();
    }
    return sampleSchema;
  }

  private Schema inspect() {
    if (isFolders()) {
      return FolderSeeds.schema(folderLayout());
    }
    return isSeedless() || isDocuments() ? DOCUMENT_SAMPLE_SCHEMA : SeedIO.inspect(dataset, text);
  }

  /**
   * Reads a local seed's schema ahead, while Beam's options registry is still being built on the
   * CLI's second thread (docs/ARCHITECTURE.md, "Small jobs"): a small job's main thread would
   * otherwise wait for it idle. A seed that cannot be read is left for {@link #sampleSchema()} to
   * report when the job's checks come to it, in their usual order. Remote seeds wait for the
   * options, which register their file systems.
   */
  void inspectAhead() {
    if (isSeedless() || URI.matcher(dataset).matches()) {
      return;
    }
    try {
      sampleSchema();
    } catch (RuntimeException later) {
      // Reported by the job's own call, after the checks that come before it.
    }
  }

  /**
   * Column name to type, in seed order, for a record seed or sample folders (one string column per
   * file); null for documents or none.
   */
  Map<String, String> columns(Schema sampleSchema) {
    if (isSeedless() || isDocuments()) {
      return null;
    }
    Map<String, String> columns = new LinkedHashMap<>();
    for (Schema.Field field : sampleSchema.getFields()) {
      columns.put(field.getName(), field.getType().getTypeName().toString());
    }
    return columns;
  }

  SeedReadResult read(Pipeline pipeline) {
    return isSeedless()
        ? SeedReadResult.empty(pipeline, DOCUMENT_SAMPLE_SCHEMA)
        : pipeline.apply("ReadSeed", SeedIO.readAny(dataset, text));
  }
}
