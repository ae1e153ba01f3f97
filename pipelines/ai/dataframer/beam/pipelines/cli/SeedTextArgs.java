package ai.dataframer.beam.pipelines.cli;

import ai.dataframer.beam.io.seed.SeedTextOptions;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * How to read the bytes of a CSV or JSON Lines seed, wherever {@code --dataset} is accepted. Bad
 * values are usage errors (exit 2) naming the option, before any seed is opened.
 */
public final class SeedTextArgs {
  @Option(
      names = "--seed-encoding",
      paramLabel = "CHARSET",
      converter = EncodingConverter.class,
      description =
          "Encoding of a CSV or JSON Lines seed, e.g. windows-1252, ISO-8859-1, UTF-16LE"
              + " (default: UTF-8, or what the file's byte order mark says).")
  Charset encoding;

  @Option(
      names = "--csv-delimiter",
      paramLabel = "CHAR",
      converter = DelimiterConverter.class,
      description =
          "Delimiter of a CSV seed: one character, or tab (also \\t). Default: sniffed from the"
              + " header among , ; tab |; tab for .tsv.")
  Character csvDelimiter;

  /** The options for the seed reader. */
  public SeedTextOptions toOptions() {
    return new SeedTextOptions(encoding, csvDelimiter);
  }

  /** A charset name the JVM knows. */
  static final class EncodingConverter implements ITypeConverter<Charset> {
    @Override
    public Charset convert(String value) {
      try {
        return Charset.forName(value.trim());
      } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
        throw new TypeConversionException(
            "'"
                + value
                + "' is not an encoding this JVM knows; use e.g. UTF-8, windows-1252,"
                + " ISO-8859-1, UTF-16LE");
      }
    }
  }

  /** One character, or tab spelled {@code tab} or {@code \t}; never a quote or line break. */
  static final class DelimiterConverter implements ITypeConverter<Character> {
    @Override
    public Character convert(String value) {
      char delimiter;
      if (value.equals("\\t") || value.toLowerCase(Locale.ROOT).equals("tab")) {
        delimiter = '\t';
      } else if (value.length() == 1) {
        delimiter = value.charAt(0);
      } else {
        throw new TypeConversionException(
            "'" + value + "' is not one character; use e.g. ',' ';' '|' or tab");
      }
      if (delimiter == '"' || delimiter == '\r' || delimiter == '\n') {
        throw new TypeConversionException("a delimiter cannot be a quote or a line break");
      }
      return delimiter;
    }
  }
}
