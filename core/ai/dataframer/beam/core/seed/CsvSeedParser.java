package ai.dataframer.beam.core.seed;

import ai.dataframer.beam.core.spec.FieldType;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Parses the raw records of {@link CsvRecordScanner} into cells (commons-csv, RFC 4180) and typed
 * records. Empty cells are null, and so are null tokens ("NULL", "N/A") outside text columns.
 */
public final class CsvSeedParser implements Serializable {
  private static final long serialVersionUID = 1L;

  private final char delimiter;

  public CsvSeedParser(char delimiter) {
    this.delimiter = delimiter;
  }

  public char delimiter() {
    return delimiter;
  }

  /** The cells of one record, or an exception naming the line when its quoting is malformed. */
  public List<String> cells(CsvRecordScanner.RawRecord raw) throws InvalidSeedRecordException {
    if (raw.error() != null) {
      throw new InvalidSeedRecordException(raw.error());
    }
    CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(delimiter).build();
    try (CSVParser parser = CSVParser.parse(raw.text(), format)) {
      List<CSVRecord> records = parser.getRecords();
      if (records.size() != 1) {
        throw new InvalidSeedRecordException(
            "line "
                + raw.line()
                + ": malformed quoting (the text holds "
                + records.size()
                + " records)");
      }
      List<String> cells = new ArrayList<>(records.get(0).size());
      records.get(0).forEach(cell -> cells.add(cell.isEmpty() ? null : cell));
      return cells;
    } catch (IOException | UncheckedIOException e) {
      throw new InvalidSeedRecordException(
          "line " + raw.line() + ": malformed quoting: " + e.getMessage());
    }
  }

  /** The column names of a header record; each must be non-empty and unique. */
  public List<String> header(CsvRecordScanner.RawRecord raw, String source) {
    List<String> cells;
    try {
      cells = cells(raw);
    } catch (InvalidSeedRecordException e) {
      throw new SeedException(source + " header " + e.reason());
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < cells.size(); i++) {
      String name = cells.get(i);
      if (name == null || name.isBlank()) {
        throw new SeedException(
            source + " line " + raw.line() + ": header column " + (i + 1) + " has no name");
      }
      if (!seen.add(name)) {
        throw new SeedException(
            source + " line " + raw.line() + ": header names column '" + name + "' twice");
      }
    }
    return cells;
  }

  /**
   * One data record as a core record keyed by column name.
   *
   * @param header the file's column names, in file order
   * @param types the type of every column
   * @param required columns that may not be null
   */
  public Map<String, Object> parse(
      CsvRecordScanner.RawRecord raw,
      List<String> header,
      Map<String, FieldType> types,
      Set<String> required)
      throws InvalidSeedRecordException {
    List<String> cells = cells(raw);
    if (cells.size() != header.size()) {
      throw new InvalidSeedRecordException(
          "line " + raw.line() + ": expected " + header.size() + " columns, found " + cells.size());
    }
    Map<String, Object> record = new LinkedHashMap<>();
    for (int i = 0; i < cells.size(); i++) {
      String column = header.get(i);
      String cell = cells.get(i);
      FieldType type = types.get(column);
      if (cell != null && type != FieldType.STRING && SeedValues.isNullToken(cell)) {
        cell = null; // "NULL" in a number column (docs/ARCHITECTURE.md, "Text seed types")
      }
      if (cell == null) {
        if (required.contains(column)) {
          throw new InvalidSeedRecordException(
              "line "
                  + raw.line()
                  + ", column '"
                  + column
                  + "': empty, but the schema requires a value");
        }
        record.put(column, null);
        continue;
      }
      try {
        record.put(column, SeedValues.parse(cell, type));
      } catch (SeedValues.InvalidValueException e) {
        throw new InvalidSeedRecordException(
            "line " + raw.line() + ", column '" + column + "': " + e.getMessage());
      }
    }
    return record;
  }
}
