package ai.dataframer.beam.io.sink;

import ai.dataframer.beam.io.record.RowRecords;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** RFC 4180 CSV (CRLF, minimal quoting) with a header row; null is an empty cell. */
final class CsvRecordFile implements RecordFileWriter {
  private final CSVPrinter printer;
  private final BufferedWriter writer;

  CsvRecordFile(OutputStream out, Schema schema) throws IOException {
    this(out, schema, true);
  }

  /**
   * @param header whether the file starts with the header row: a piece of a file does not, the file
   *     it goes into does
   */
  CsvRecordFile(OutputStream out, Schema schema, boolean header) throws IOException {
    this.writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    CSVFormat.Builder format = CSVFormat.RFC4180.builder().setAutoFlush(false);
    if (header) {
      format.setHeader(schema.getFieldNames().toArray(new String[0]));
    }
    // The header is printed here, so an empty shard still names its columns.
    this.printer = new CSVPrinter(writer, format.build());
  }

  @Override
  public void write(Row row) throws IOException {
    Map<String, Object> record = RowRecords.toRecord(row);
    List<String> cells = new ArrayList<>(record.size());
    for (Object value : record.values()) {
      cells.add(TextValues.format(value));
    }
    printer.printRecord(cells);
  }

  @Override
  public void close() throws IOException {
    printer.flush();
    writer.flush();
  }
}
