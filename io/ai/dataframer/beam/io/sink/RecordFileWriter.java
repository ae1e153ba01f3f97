package ai.dataframer.beam.io.sink;

import java.io.IOException;
import org.apache.beam.sdk.values.Row;

/** Writes rows of one schema into one file, in the order given. */
interface RecordFileWriter extends AutoCloseable {
  void write(Row row) throws IOException;

  /** Completes the file (footer, buffered bytes) without closing the stream underneath. */
  @Override
  void close() throws IOException;
}
