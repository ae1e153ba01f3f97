package ai.dataframer.beam.io.seed;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import ai.dataframer.beam.core.seed.SeedException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Document seeds: a folder of {@code .txt}, {@code .md} and {@code .json} files, one sample per
 * file, read into rows of {@link #SCHEMA} (the file's path and its whole text). Paths go through
 * Beam FileSystems, so local folders, gs:// and s3:// work; a glob or a single file may be given
 * instead of a folder. A folder means the files directly in it (subfolders are not read; a glob
 * such as {@code docs/**.md} reaches into them). Files whose names start with a dot are skipped.
 *
 * <p>As with the other seed readers, the folder is inspected while the pipeline is built: a missing
 * folder, one without documents, one whose documents are all empty, or a document that cannot be
 * read fails the job with a {@link SeedException} naming it. A file that can be read but is not a
 * usable document (another extension, empty, not UTF-8, a {@code .json} that is not JSON, larger
 * than {@value #MAX_DOCUMENT_BYTES} bytes) goes to the failure output with the reason.
 *
 * <pre>{@code
 * SeedReadResult docs = pipeline.apply(SeedIO.readDocuments("gs://bucket/letters/"));
 * }</pre>
 */
public final class DocumentSeeds {
  /** One row per document: where it came from and its text. */
  public static final Schema SCHEMA =
      Schema.builder().addStringField("path").addStringField("text").build();

  public static final List<String> EXTENSIONS = List.of(".txt", ".md", ".json");

  /** A document larger than this is refused rather than held in memory and in a prompt. */
  public static final int MAX_DOCUMENT_BYTES = 8 * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private DocumentSeeds() {}

  /** Reads the documents of a folder (or of a glob, or one file). */
  public static Read read(String folderOrGlob) {
    checkArgument(
        folderOrGlob != null && !folderOrGlob.isBlank(),
        "document folder must be non-empty, but was %s",
        folderOrGlob);
    return new Read(folderOrGlob);
  }

  /** The file pattern a folder, a glob or a single file stands for. */
  static String pattern(String folderOrGlob) {
    String lower = folderOrGlob.toLowerCase(Locale.ROOT);
    if (folderOrGlob.matches(".*[*?\\[{].*") || EXTENSIONS.stream().anyMatch(lower::endsWith)) {
      return folderOrGlob;
    }
    return folderOrGlob.replaceAll("/+$", "") + "/*";
  }

  /** Reads a folder of documents; immutable. */
  public static final class Read extends PTransform<PBegin, SeedReadResult> {
    private final String folderOrGlob;

    private Read(String folderOrGlob) {
      this.folderOrGlob = folderOrGlob;
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      builder.add(DisplayData.item("documents", folderOrGlob));
    }

    @Override
    public SeedReadResult expand(PBegin input) {
      // Inspection reads the folder here, in the driver; gs:// and s3:// need this pipeline's
      // options.
      FileSystems.setDefaultPipelineOptions(input.getPipeline().getOptions());
      String pattern = inspect(folderOrGlob);
      PCollectionTuple read =
          input
              .apply("MatchDocuments", FileIO.match().filepattern(pattern))
              .apply(
                  "OpenDocuments", FileIO.readMatches().withCompression(Compression.UNCOMPRESSED))
              .apply(
                  "ReadDocuments",
                  ParDo.of(new ReadFn())
                      .withOutputTags(
                          SeedReadResult.ROWS, TupleTagList.of(SeedReadResult.FAILURES)));
      return SeedReadResult.of(read, SCHEMA);
    }
  }

  /**
   * Checks the folder has documents, that the first {@link SeedFiles#SAMPLE_ROWS} of them can be
   * read and that not all of those are empty; returns the file pattern to read.
   */
  static String inspect(String folderOrGlob) {
    String pattern = pattern(folderOrGlob);
    List<MatchResult.Metadata> files;
    try {
      files = SeedFiles.match(pattern);
    } catch (SeedException e) {
      throw new SeedException(
          "seed document folder " + folderOrGlob + " has no files (" + e.getMessage() + ")", e);
    }
    List<MatchResult.Metadata> documents = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (MatchResult.Metadata file : files) {
      String name = file.resourceId().getFilename();
      if (name != null && name.startsWith(".")) {
        continue;
      }
      if (isDocument(name)) {
        documents.add(file);
      } else {
        others.add(name);
      }
    }
    if (documents.isEmpty()) {
      throw new SeedException(
          "seed document folder "
              + folderOrGlob
              + " has no "
              + String.join(", ", EXTENSIONS)
              + " documents"
              + (others.isEmpty()
                  ? ""
                  : "; it has "
                      + others.size()
                      + " other files, such as "
                      + String.join(", ", others.subList(0, Math.min(3, others.size())))));
    }
    boolean anyText = false;
    List<MatchResult.Metadata> inspected =
        documents.subList(0, Math.min(documents.size(), SeedFiles.SAMPLE_ROWS));
    for (MatchResult.Metadata file : inspected) {
      try (ReadableByteChannel channel = FileSystems.open(file.resourceId())) {
        anyText |= !decode(read(channel, file.resourceId().toString())).isBlank();
      } catch (CharacterCodingException | DocumentTooLargeException e) {
        anyText = true; // readable; the failure output will say what is wrong with it
      } catch (IOException e) {
        throw new SeedException(
            "cannot read seed document " + file.resourceId() + ": " + e.getMessage(), e);
      }
    }
    if (!anyText && inspected.size() == documents.size()) {
      throw new SeedException(
          "the seed documents in "
              + folderOrGlob
              + " are all empty ("
              + documents.size()
              + (documents.size() == 1 ? " file)" : " files)"));
    }
    return pattern;
  }

  static boolean isDocument(String name) {
    String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
    return EXTENSIONS.stream().anyMatch(lower::endsWith);
  }

  /**
   * Reads one file into a document row or a failure; an I/O error fails the bundle, naming the
   * file.
   */
  static final class ReadFn extends DoFn<FileIO.ReadableFile, Row> {
    private static final Counter DOCUMENTS_READ =
        Metrics.counter(DocumentSeeds.class, "seedDocumentsRead");
    private static final Counter DOCUMENTS_FAILED =
        Metrics.counter(DocumentSeeds.class, "seedDocumentsFailed");

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, MultiOutputReceiver out)
        throws IOException {
      String source = file.getMetadata().resourceId().toString();
      String name = file.getMetadata().resourceId().getFilename();
      if (name != null && name.startsWith(".")) {
        return;
      }
      String failure = null;
      String text = null;
      if (!isDocument(name)) {
        failure = "not a document: seed documents are " + String.join(", ", EXTENSIONS) + " files";
      } else {
        Document document = load(file::open, name, source);
        text = document.text();
        failure = document.problem();
      }
      if (failure == null) {
        out.get(SeedReadResult.ROWS).output(Row.withSchema(SCHEMA).addValues(source, text).build());
        DOCUMENTS_READ.inc();
      } else {
        out.get(SeedReadResult.FAILURES)
            .output(SeedSchemas.failure(source, null, failure, text == null ? "" : text));
        DOCUMENTS_FAILED.inc();
      }
    }
  }

  /**
   * A document file's text (null when it could not be decoded) and what makes it unusable (null
   * when it is usable).
   */
  record Document(String text, String problem) {}

  /**
   * Reads and checks one document; only an I/O error is thrown (naming the file), every other
   * problem is the document's.
   */
  static Document load(Opener file, String name, String source) throws IOException {
    try (ReadableByteChannel channel = file.open()) {
      String text = decode(read(channel, source));
      return new Document(text, problem(name, text));
    } catch (CharacterCodingException e) {
      return new Document(null, "not UTF-8 text");
    } catch (DocumentTooLargeException e) {
      return new Document(null, e.getMessage());
    } catch (IOException e) {
      throw new IOException("cannot read seed document " + source + ": " + e.getMessage(), e);
    }
  }

  /** Opens a document file: FileIO's readable file, or a path through FileSystems. */
  interface Opener {
    ReadableByteChannel open() throws IOException;
  }

  /** What makes a readable text unusable as a document, or null. */
  static String problem(String name, String text) {
    if (text.isBlank()) {
      return "the document is empty";
    }
    if (name.toLowerCase(Locale.ROOT).endsWith(".json")) {
      try {
        JSON.readTree(text);
      } catch (JsonProcessingException e) {
        return "not valid JSON: "
            + e.getOriginalMessage()
            + " at line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr();
      }
    }
    return null;
  }

  static final class DocumentTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    DocumentTooLargeException(String message) {
      super(message);
    }
  }

  static byte[] read(ReadableByteChannel channel, String source) throws IOException {
    try (InputStream in = Channels.newInputStream(channel)) {
      byte[] bytes = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
      if (bytes.length > MAX_DOCUMENT_BYTES) {
        throw new DocumentTooLargeException(
            "the document is larger than " + MAX_DOCUMENT_BYTES + " bytes: " + source);
      }
      return bytes;
    }
  }

  /** Strict UTF-8, without a leading byte order mark. */
  static String decode(byte[] bytes) throws CharacterCodingException {
    String text =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes))
            .toString();
    return !text.isEmpty() && text.charAt(0) == '\uFEFF' ? text.substring(1) : text;
  }
}
