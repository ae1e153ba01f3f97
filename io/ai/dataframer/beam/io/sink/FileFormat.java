package ai.dataframer.beam.io.sink;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.beam.sdk.schemas.Schema;

/** The file formats a sink writes; each names its URI scheme, file extension and writer. */
enum FileFormat {
  PARQUET("parquet", "application/vnd.apache.parquet"),
  JSONL("jsonl", "application/jsonl"),
  CSV("csv", "text/csv");

  private final String scheme;
  private final String mimeType;

  FileFormat(String scheme, String mimeType) {
    this.scheme = scheme;
    this.mimeType = mimeType;
  }

  String scheme() {
    return scheme;
  }

  /** The file extension equals the scheme: records-00000-of-00001.parquet. */
  String extension() {
    return scheme;
  }

  String mimeType() {
    return mimeType;
  }

  /** Rejects schemas the format cannot hold, naming the column, before the pipeline runs. */
  void checkSchema(Schema schema) {
    if (this == PARQUET) {
      ParquetRecordFile.avroSchema(schema);
    } else {
      TextValues.checkSchema(schema);
    }
  }

  RecordFileWriter open(OutputStream out, Schema schema) throws IOException {
    switch (this) {
      case PARQUET:
        return new ParquetRecordFile(out, schema);
      case JSONL:
        return new JsonlRecordFile(out, schema);
      case CSV:
        return new CsvRecordFile(out, schema);
      default:
        throw new IllegalStateException("unhandled format " + this);
    }
  }
}
