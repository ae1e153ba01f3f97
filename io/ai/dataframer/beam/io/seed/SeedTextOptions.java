package ai.dataframer.beam.io.seed;

import ai.dataframer.beam.core.seed.SeedException;
import java.nio.charset.Charset;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How to read the text of a CSV or JSON Lines seed when the defaults (UTF-8 or the file's byte
 * order mark; the delimiter sniffed, tab for .tsv) are wrong: what the command line's {@code
 * --seed-encoding} and {@code --csv-delimiter} carry to {@link SeedIO.Read}.
 *
 * @param encoding the seed's encoding, or null for the default
 * @param csvDelimiter the CSV delimiter, or null for the default
 */
public record SeedTextOptions(@Nullable Charset encoding, @Nullable Character csvDelimiter) {
  /** The defaults: nothing forced. */
  public static final SeedTextOptions DEFAULT = new SeedTextOptions(null, null);

  public boolean isDefault() {
    return encoding == null && csvDelimiter == null;
  }

  /**
   * {@code read} with these options; a seed they do not apply to (a delimiter for JSON Lines, any
   * of them for Parquet) is a {@link SeedException}, rather than an option silently ignored.
   */
  SeedIO.Read applyTo(SeedIO.Read read, String pathOrGlob) {
    SeedFormat format = SeedFormat.of(pathOrGlob);
    if (csvDelimiter != null && format != SeedFormat.CSV) {
      throw new SeedException(
          "a CSV delimiter (--csv-delimiter) applies to .csv and .tsv seeds, not " + pathOrGlob);
    }
    if (encoding != null && format == SeedFormat.PARQUET) {
      throw new SeedException(
          "an encoding (--seed-encoding) applies to CSV and JSON Lines seeds, not Parquet seed "
              + pathOrGlob);
    }
    SeedIO.Read configured = read;
    if (encoding != null) {
      configured = configured.withEncoding(encoding);
    }
    if (csvDelimiter != null) {
      configured = configured.withCsvDelimiter(csvDelimiter);
    }
    return configured;
  }
}
