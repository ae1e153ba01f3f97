package ai.dataframer.beam.io.seed;

import ai.dataframer.beam.core.seed.SeedException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.io.FileIO;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * What a user is told when a Parquet seed's data cannot be read: file, row group, column and cause
 * in words, never the library's exception text alone.
 */
final class ParquetFailures {
  private ParquetFailures() {}

  /**
   * The failure of reading row group {@code group} (0-based) of a file. Parquet reads a row group's
   * columns together and does not say which failed, so each column is read again on its own to find
   * the one that fails.
   */
  static SeedException rowGroup(
      FileIO.ReadableFile file, String source, int group, MessageType schema, Exception error) {
    String column = failingColumn(file, group, schema);
    return new SeedException(
        source
            + ": row group "
            + (group + 1)
            + (column == null ? "" : ", column '" + column + "'")
            + ": "
            + describe(error)
            + "; the file is refused rather than partly learned from",
        error);
  }

  private static String failingColumn(FileIO.ReadableFile file, int group, MessageType schema) {
    List<Type> fields = schema.getFields();
    for (Type field : fields) {
      try (ParquetFileReader reader =
          ParquetFileReader.open(
              new BeamParquetInputFile(file.openSeekable()), ParquetSeeds.readOptions())) {
        reader.setRequestedSchema(new MessageType(schema.getName(), field));
        var pages = reader.readRowGroup(group);
        var records =
            new org.apache.parquet.io.ColumnIOFactory()
                .getColumnIO(new MessageType(schema.getName(), field))
                .getRecordReader(
                    pages,
                    new ParquetValues(
                        List.of(
                            ParquetColumns.of(new MessageType(schema.getName(), field), "")
                                .values()
                                .iterator()
                                .next())));
        for (long i = 0; i < pages.getRowCount(); i++) {
          records.read();
        }
      } catch (IOException | RuntimeException e) {
        return field.getName();
      }
    }
    return null;
  }

  /** A cause in words: what Parquet's own messages say, without Java class names. */
  static String describe(Throwable error) {
    StringBuilder causes = new StringBuilder();
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      String message = cause.getMessage();
      if (message == null) {
        continue;
      }
      String lower = message.toLowerCase(Locale.ROOT);
      if (lower.contains("crc") || lower.contains("checksum")) {
        return "a page fails its checksum (the file is corrupt)";
      }
      if (causes.length() == 0) {
        causes.append(message.replaceAll("[\\w.$]*(Exception|Error)\\b:? ?", "").trim());
      }
    }
    return causes.length() == 0
        ? "the data is corrupt or in an encoding this reader does not support"
        : "the data is corrupt or in an encoding this reader does not support (" + causes + ")";
  }
}
