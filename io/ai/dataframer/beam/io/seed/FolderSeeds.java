package ai.dataframer.beam.io.seed;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import ai.dataframer.beam.core.seed.FolderLayout;
import ai.dataframer.beam.core.seed.SeedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * MULTI_FOLDER seeds (docs/ARCHITECTURE.md, "Document and folder seeds"): a folder whose entries
 * are subfolders, each one sample holding the same file names, e.g. {@code invoice.txt}, {@code
 * email.md}, {@code notes.json}. A sample is read as one row with a string column per file ({@link
 * FolderLayout#column}), in the sorted order of the file names; each file follows the rules of
 * {@link DocumentSeeds} (extension, size, strict UTF-8, valid JSON for {@code .json}). Names
 * starting with a dot are skipped.
 *
 * <p>The folder is listed while the pipeline is built (names only, no contents). The layout is the
 * set of file names most subfolders share (the first in sorted order on a tie); a subfolder with a
 * missing or an extra file, an empty one, or one with a file that is not a usable document, goes to
 * the failure output naming the subfolder, the file and the reason, so that the seed reject gate
 * counts it. Refused at once, naming the folder: a folder mixing files and subfolders, one without
 * any file in a subfolder, a layout with a file that is not a document, and file names that would
 * give the same column.
 */
public final class FolderSeeds {
  private static final String[] GLOB_CHARS = {"*", "?", "[", "{"};

  private FolderSeeds() {}

  /** Reads a folder of sample folders. */
  public static Read read(String folder) {
    checkArgument(
        folder != null && !folder.isBlank(), "seed folder must be non-empty, but was %s", folder);
    return new Read(folder);
  }

  /**
   * Whether {@code path} is a plain folder (no glob, no document extension) whose entries are
   * subfolders; refuses a folder that mixes files and subfolders.
   */
  public static boolean isFolderOfFolders(String path) {
    if (!isPlainFolder(path)) {
      return false;
    }
    String root = trimmed(path);
    List<String> files =
        list(root + "/*").stream()
            .map(MatchResult.Metadata::resourceId)
            .filter(file -> !hidden(file))
            .map(ResourceId::getFilename)
            .sorted()
            .toList();
    Map<String, List<String>> samples = samples(root);
    if (!files.isEmpty() && !samples.isEmpty()) {
      List<String> subfolders = new ArrayList<>(samples.keySet());
      throw new SeedException(
          "seed folder "
              + path
              + " mixes files (such as "
              + String.join(", ", files.subList(0, Math.min(3, files.size())))
              + ") and subfolders (such as "
              + String.join(", ", subfolders.subList(0, Math.min(3, subfolders.size())))
              + "): a folder of documents holds only files, one sample per file (MULTI_FILE), and"
              + " a folder of sample folders holds only subfolders, one sample per subfolder"
              + " (MULTI_FOLDER); move the files or the subfolders elsewhere");
    }
    return !samples.isEmpty();
  }

  /** The layout of a folder of sample folders, checking it on the way. */
  public static FolderLayout layout(String folder) {
    return inspect(folder).layout;
  }

  private static boolean isPlainFolder(String path) {
    for (String glob : GLOB_CHARS) {
      if (path.contains(glob)) {
        return false;
      }
    }
    return !DocumentSeeds.isDocument(path);
  }

  private static String trimmed(String folder) {
    return folder.replaceAll("/+$", "");
  }

  private static boolean hidden(ResourceId file) {
    String name = file.getFilename();
    return name == null || name.startsWith(".");
  }

  /**
   * Subfolder path (with a trailing '/') to its visible file names, sorted. Hidden files count only
   * to show a subfolder exists; local subfolders with no file at all are listed too.
   */
  private static Map<String, List<String>> samples(String root) {
    Map<String, List<String>> samples = new TreeMap<>();
    for (MatchResult.Metadata file : list(root + "/*/*")) {
      ResourceId id = file.resourceId();
      String subfolder = id.getCurrentDirectory().toString();
      if (id.getCurrentDirectory().getFilename() != null
          && id.getCurrentDirectory().getFilename().startsWith(".")) {
        continue;
      }
      List<String> names = samples.computeIfAbsent(subfolder, k -> new ArrayList<>());
      if (!hidden(id)) {
        names.add(id.getFilename());
      }
    }
    Path local = localPath(root);
    if (local != null && Files.isDirectory(local)) {
      try (Stream<Path> entries = Files.list(local)) {
        entries
            .filter(Files::isDirectory)
            .filter(dir -> !dir.getFileName().toString().startsWith("."))
            .forEach(dir -> samples.putIfAbsent(dir.toAbsolutePath() + "/", new ArrayList<>()));
      } catch (IOException e) {
        throw new SeedException("cannot list seed folder " + root + ": " + e.getMessage(), e);
      }
    }
    samples.values().forEach(names -> names.sort(Comparator.naturalOrder()));
    return samples;
  }

  private static Path localPath(String location) {
    if (location.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*") && !location.startsWith("file://")) {
      return null;
    }
    return Path.of(location.replaceFirst("^file://", ""));
  }

  private static List<MatchResult.Metadata> list(String glob) {
    try {
      MatchResult result = FileSystems.match(glob, EmptyMatchTreatment.ALLOW);
      return result.status() == MatchResult.Status.NOT_FOUND ? List.of() : result.metadata();
    } catch (IOException e) {
      throw new SeedException("cannot list seed folder " + glob + ": " + e.getMessage(), e);
    }
  }

  /** The layout and the subfolders of a folder of sample folders. */
  private record Inspection(FolderLayout layout, List<String> subfolders) {}

  private static Inspection inspect(String folder) {
    Map<String, List<String>> samples = samples(trimmed(folder));
    Map<List<String>, Integer> sets = new LinkedHashMap<>();
    samples.values().stream()
        .filter(names -> !names.isEmpty())
        .forEach(names -> sets.merge(names, 1, Integer::sum));
    if (sets.isEmpty()) {
      throw new SeedException(
          "seed folder "
              + folder
              + " has no sample folders with files: a MULTI_FOLDER seed holds one subfolder per"
              + " sample, each with the same "
              + String.join(", ", DocumentSeeds.EXTENSIONS)
              + " files");
    }
    List<String> common = null;
    int most = 0;
    for (Map.Entry<List<String>, Integer> set : sets.entrySet()) {
      if (set.getValue() > most) {
        common = set.getKey();
        most = set.getValue();
      }
    }
    List<String> notDocuments =
        common.stream().filter(name -> !DocumentSeeds.isDocument(name)).toList();
    if (!notDocuments.isEmpty()) {
      throw new SeedException(
          "the sample folders of "
              + folder
              + " hold "
              + String.join(", ", notDocuments)
              + ", which "
              + (notDocuments.size() == 1 ? "is not a document" : "are not documents")
              + ": each file of a sample folder must be a "
              + String.join(", ", DocumentSeeds.EXTENSIONS)
              + " file");
    }
    return new Inspection(FolderLayout.of(common, folder), List.copyOf(samples.keySet()));
  }

  /** The row schema of a layout: one string column per file, in file order. */
  public static Schema schema(FolderLayout layout) {
    Schema.Builder schema = Schema.builder();
    layout.columns().forEach(schema::addStringField);
    return schema.build();
  }

  /** Reads a folder of sample folders; immutable. */
  public static final class Read extends PTransform<PBegin, SeedReadResult> {
    private final String folder;

    private Read(String folder) {
      this.folder = folder;
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      builder.add(DisplayData.item("sampleFolders", folder));
    }

    @Override
    public SeedReadResult expand(PBegin input) {
      // Listing happens here, in the driver; gs:// and s3:// need this pipeline's options.
      FileSystems.setDefaultPipelineOptions(input.getPipeline().getOptions());
      Inspection inspection = inspect(folder);
      Schema schema = schema(inspection.layout());
      PCollectionTuple read =
          input
              .apply("ListSampleFolders", Create.of(inspection.subfolders()))
              .setCoder(StringUtf8Coder.of())
              .apply(
                  "ReadSampleFolders",
                  ParDo.of(new ReadFolderFn(inspection.layout(), schema))
                      .withOutputTags(
                          SeedReadResult.ROWS, TupleTagList.of(SeedReadResult.FAILURES)));
      return SeedReadResult.of(read, schema);
    }
  }

  /** One sample folder to a row, or to one failure listing every problem it has. */
  static final class ReadFolderFn extends DoFn<String, Row> {
    private static final Counter FOLDERS_READ =
        Metrics.counter(FolderSeeds.class, "seedFoldersRead");
    private static final Counter FOLDERS_FAILED =
        Metrics.counter(FolderSeeds.class, "seedFoldersFailed");

    private final FolderLayout layout;
    private final Schema schema;

    ReadFolderFn(FolderLayout layout, Schema schema) {
      this.layout = layout;
      this.schema = schema;
    }

    @ProcessElement
    public void process(@Element String subfolder, MultiOutputReceiver out) throws IOException {
      Set<String> present = new TreeSet<>();
      for (MatchResult.Metadata file : list(subfolder + "*")) {
        if (!hidden(file.resourceId())) {
          present.add(file.resourceId().getFilename());
        }
      }
      List<String> problems = new ArrayList<>();
      String location = null;
      if (present.isEmpty()) {
        problems.add("is empty");
      }
      for (String file : layout.files()) {
        if (!present.isEmpty() && !present.contains(file)) {
          problems.add("lacks " + file);
          location = location == null ? file : location;
        }
      }
      for (String file : present) {
        if (!layout.files().contains(file)) {
          problems.add("has the extra file " + file);
          location = location == null ? file : location;
        }
      }
      List<Object> texts = new ArrayList<>();
      StringBuilder payload = new StringBuilder();
      if (problems.isEmpty()) {
        for (String file : layout.files()) {
          ResourceId id =
              FileSystems.matchNewResource(subfolder, true)
                  .resolve(file, StandardResolveOptions.RESOLVE_FILE);
          DocumentSeeds.Document document =
              DocumentSeeds.load(() -> FileSystems.open(id), file, id.toString());
          String problem = document.problem();
          String text = document.text();
          if (problem != null) {
            problems.add("has an unusable " + file + " (" + problem + ")");
            location = location == null ? file : location;
          }
          texts.add(text);
          if (text != null && payload.length() < SeedFiles.MAX_PAYLOAD_CHARS) {
            payload.append("--- ").append(file).append(" ---\n").append(text).append('\n');
          }
        }
      }
      if (problems.isEmpty()) {
        out.get(SeedReadResult.ROWS).output(Row.withSchema(schema).addValues(texts).build());
        FOLDERS_READ.inc();
        return;
      }
      String name = subfolder.replaceAll("/+$", "");
      name = name.substring(name.lastIndexOf('/') + 1);
      out.get(SeedReadResult.FAILURES)
          .output(
              SeedSchemas.failure(
                  subfolder.replaceAll("/+$", ""),
                  location == null ? name : location,
                  "sample folder "
                      + name
                      + " "
                      + String.join("; ", problems)
                      + " (every sample folder holds "
                      + layout.describe()
                      + ")",
                  payload.toString()));
      FOLDERS_FAILED.inc();
    }
  }
}
