package ai.dataframer.beam.io.sink;

import ai.dataframer.beam.io.seed.BeamParquetInputFile;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.FileMetaData;

/**
 * Parquet pieces joined into one file by copying their row groups, column chunks as written: no row
 * is decoded or encoded again. The file keeps the first piece's schema and key-value metadata
 * (parquet-avro's Avro schema), and its footer is put in canonical form ({@link ParquetFooters}),
 * so the same pieces give the same bytes.
 */
final class ParquetPieces {
  private ParquetPieces() {}

  static void concatenate(List<ResourceId> pieces, OutputStream out) throws IOException {
    if (pieces.isEmpty()) {
      throw new IllegalArgumentException("a Parquet file needs at least one piece");
    }
    // Local first, as in ParquetRecordFile: the footer is made canonical in place.
    Path local = Files.createTempFile("dataframer-", ".parquet");
    try {
      try (OutputStream localStream = new BufferedOutputStream(Files.newOutputStream(local))) {
        ParquetFileWriter writer;
        Map<String, String> keyValues;
        // The first piece gives the schema and metadata, and is copied through the same reader.
        try (ParquetFileReader first = ParquetFileReader.open(open(pieces.get(0)))) {
          FileMetaData metadata = first.getFileMetaData();
          keyValues = metadata.getKeyValueMetaData();
          writer =
              new ParquetFileWriter(
                  new ParquetRecordFile.StreamOutputFile(localStream),
                  metadata.getSchema(),
                  ParquetFileWriter.Mode.OVERWRITE,
                  ParquetRecordFile.ROW_GROUP_BYTES,
                  0);
          writer.start();
          first.appendTo(writer);
        }
        for (ResourceId piece : pieces.subList(1, pieces.size())) {
          writer.appendFile(open(piece));
        }
        writer.end(keyValues);
      }
      ParquetFooters.sortEncodings(local);
      Files.copy(local, out);
    } finally {
      Files.deleteIfExists(local);
    }
  }

  private static BeamParquetInputFile open(ResourceId piece) throws IOException {
    return new BeamParquetInputFile((SeekableByteChannel) FileSystems.open(piece));
  }
}
