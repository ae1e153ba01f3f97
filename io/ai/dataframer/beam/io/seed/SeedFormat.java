package ai.dataframer.beam.io.seed;

import ai.dataframer.beam.core.seed.SeedException;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.io.Compression;
import org.checkerframework.checker.nullness.qual.Nullable;

/** The seed formats, told apart by file extension. */
enum SeedFormat {
  CSV(List.of(".csv", ".tsv")),
  PARQUET(List.of(".parquet")),
  JSONL(List.of(".jsonl", ".ndjson"));

  /**
   * Text formats may be compressed; the codec comes from this suffix after the format's extension.
   */
  private static final List<String> COMPRESSION_SUFFIXES =
      List.of(".gz", ".bz2", ".zst", ".deflate");

  private final List<String> extensions;

  SeedFormat(List<String> extensions) {
    this.extensions = extensions;
  }

  static SeedFormat of(String pathOrGlob) {
    String name = pathOrGlob.toLowerCase(Locale.ROOT);
    for (String suffix : COMPRESSION_SUFFIXES) {
      if (name.endsWith(suffix)) {
        name = name.substring(0, name.length() - suffix.length());
        break;
      }
    }
    for (SeedFormat format : values()) {
      if (format.extensions.stream().anyMatch(name::endsWith)) {
        if (format == PARQUET && !name.equals(pathOrGlob.toLowerCase(Locale.ROOT))) {
          throw new SeedException(
              "seed "
                  + pathOrGlob
                  + ": Parquet files carry their own compression; remove the suffix");
        }
        return format;
      }
    }
    throw new SeedException(
        "cannot tell the format of seed "
            + pathOrGlob
            + " from its extension; supported: .csv, .tsv, .parquet,"
            + " .jsonl, .ndjson (CSV and JSON Lines may end in "
            + String.join(", ", COMPRESSION_SUFFIXES)
            + ")");
  }

  /**
   * The delimiter of a CSV file when none is given: tab for {@code .tsv}, else none (sniffed from
   * the file, {@link ai.dataframer.beam.core.seed.CsvDelimiters}).
   */
  static @Nullable Character defaultCsvDelimiter(String fileName) {
    String name = withoutCompression(fileName.toLowerCase(Locale.ROOT));
    return name.endsWith(".tsv") ? '\t' : null;
  }

  private static String withoutCompression(String name) {
    for (String suffix : COMPRESSION_SUFFIXES) {
      if (name.endsWith(suffix)) {
        return name.substring(0, name.length() - suffix.length());
      }
    }
    return name;
  }

  /** How FileIO opens files of this format: Parquet is read raw, text formats by their suffix. */
  Compression compression() {
    return this == PARQUET ? Compression.UNCOMPRESSED : Compression.AUTO;
  }
}
