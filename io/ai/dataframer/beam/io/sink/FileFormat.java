package ai.dataframer.beam.io.sink;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
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

  /**
   * A piece of a file: rows that {@link #concatenate} later joins, in order, with other pieces into
   * one file. A CSV piece has no header row; the other formats' pieces are whole files.
   */
  RecordFileWriter openPiece(OutputStream out, Schema schema) throws IOException {
    return this == CSV ? new CsvRecordFile(out, schema, false) : open(out, schema);
  }

  /**
   * Writes to {@code out} the file holding the pieces' rows in the order given: the same bytes for
   * the same pieces. Text pieces are copied byte for byte (after a CSV header); Parquet pieces
   * become the row groups of one file ({@link ParquetPieces}).
   */
  void concatenate(List<ResourceId> pieces, Schema schema, OutputStream out) throws IOException {
    if (this == PARQUET) {
      ParquetPieces.concatenate(pieces, out);
      return;
    }
    if (this == CSV) {
      try (RecordFileWriter header = open(out, schema)) {
        // No rows: the header alone.
      }
    }
    for (ResourceId piece : pieces) {
      try (InputStream in = Channels.newInputStream(FileSystems.open(piece))) {
        in.transferTo(out);
      }
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
