package ai.dataframer.beam.io.sink;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import ai.dataframer.beam.core.seed.FolderLayout;
import ai.dataframer.beam.io.record.MetadataColumns;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * Writes each generated sample of a MULTI_FOLDER spec as a folder with the seed's file names:
 * {@code DIR/samples/<index>/<file>}, the index being {@code _df_sample_index} zero-padded to
 * {@value #INDEX_DIGITS} digits (docs/ARCHITECTURE.md, "Document and folder seeds"). Names and
 * bytes come from the row alone, so a retried bundle rewrites the same files. A refresh writes into
 * the staging folder of {@link OutputCommit#stage}; the commit moves these files with the shards
 * and lists them in the ledger (docs/atomic-refresh.md). Outputs the paths written.
 */
public final class SampleFolders extends PTransform<PCollection<Row>, PCollection<String>> {
  /** The folder of sample folders inside an output. */
  public static final String FOLDER = "samples";

  static final int INDEX_DIGITS = 5;

  /** A sample file as the ledger lists it: {@code samples/<index>/<file>}. */
  static final Pattern SAMPLE_FILE =
      Pattern.compile(FOLDER + "/[0-9]{" + INDEX_DIGITS + ",19}/[^/.][^/]{0,254}");

  private final String uri;
  private final FolderLayout layout;

  private SampleFolders(String uri, FolderLayout layout) {
    this.uri = uri;
    this.layout = layout;
  }

  /** Writes under the folder of a file sink URI ({@code jsonl:DIR}, {@code parquet:DIR}, ...). */
  public static SampleFolders to(String uri, FolderLayout layout) {
    SinkTarget target = SinkTarget.parse(uri);
    checkArgument(!target.isBigQuery(), "sample folders need a file output, not the table %s", uri);
    checkArgument(layout != null, "layout must not be null");
    for (String file : layout.files()) {
      checkArgument(
          SAMPLE_FILE.matcher(FOLDER + "/00000/" + file).matches(),
          "file name %s cannot be written as a sample file: no '/', not starting with '.'",
          file);
    }
    return new SampleFolders(uri, layout);
  }

  /** Whether the sink URI is a folder sample folders can be written to (not a BigQuery table). */
  public static boolean canWrite(String uri) {
    return !SinkTarget.parse(uri).isBigQuery();
  }

  /** The relative name of a sample's file: {@code samples/00042/invoice.txt}. */
  static String relative(long index, String file) {
    return String.format("%s/%0" + INDEX_DIGITS + "d/%s", FOLDER, index, file);
  }

  @Override
  public PCollection<String> expand(PCollection<Row> samples) {
    for (String column : layout.columns()) {
      checkArgument(
          samples.getSchema().hasField(column),
          "sample folders need column %s, but the samples have %s",
          column,
          samples.getSchema().getFieldNames());
    }
    return samples
        .apply(
            "WriteSampleFolders",
            ParDo.of(new WriteFolderFn(SinkTarget.parse(uri).location(), layout)))
        .setCoder(StringUtf8Coder.of());
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("output", uri)).add(DisplayData.item("files", layout.describe()));
  }

  static final class WriteFolderFn extends DoFn<Row, String> {
    private static final Counter FOLDERS_WRITTEN =
        Metrics.counter(SampleFolders.class, "sampleFoldersWritten");

    private final String location;
    private final FolderLayout layout;

    WriteFolderFn(String location, FolderLayout layout) {
      this.location = location;
      this.layout = layout;
    }

    @ProcessElement
    public void process(@Element Row sample, OutputReceiver<String> out) throws IOException {
      long index = sample.getInt64(MetadataColumns.SAMPLE_INDEX);
      ResourceId root = FileSystems.matchNewResource(location, true);
      for (Map.Entry<String, String> file : layout.filesByColumn().entrySet()) {
        ResourceId target = root;
        String[] parts = relative(index, file.getValue()).split("/");
        for (int i = 0; i < parts.length - 1; i++) {
          target = target.resolve(parts[i], StandardResolveOptions.RESOLVE_DIRECTORY);
        }
        target = target.resolve(parts[parts.length - 1], StandardResolveOptions.RESOLVE_FILE);
        Object text = sample.getValue(file.getKey());
        try (OutputStream stream =
            Channels.newOutputStream(FileSystems.create(target, "text/plain"))) {
          stream.write((text == null ? "" : text.toString()).getBytes(StandardCharsets.UTF_8));
        }
        out.output(target.toString());
      }
      FOLDERS_WRITTEN.inc();
    }
  }
}
