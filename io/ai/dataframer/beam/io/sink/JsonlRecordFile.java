package ai.dataframer.beam.io.sink;

import ai.dataframer.beam.io.record.RowRecords;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * One JSON object per line, keys in schema order. Numbers stay JSON numbers (decimals in plain
 * notation); dates and timestamps are strings in the {@link TextValues} forms; null is null.
 */
final class JsonlRecordFile implements RecordFileWriter {
  private static final JsonFactory JSON =
      new JsonFactoryBuilder()
          .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          // Lines are ended explicitly; the default root separator would indent every next line.
          .rootValueSeparator((String) null)
          .build();

  private final JsonGenerator json;

  JsonlRecordFile(OutputStream out, Schema schema) throws IOException {
    this.json = JSON.createGenerator(out);
  }

  @Override
  public void write(Row row) throws IOException {
    json.writeStartObject();
    for (Map.Entry<String, Object> field : RowRecords.toRecord(row).entrySet()) {
      json.writeFieldName(field.getKey());
      writeValue(field.getValue());
    }
    json.writeEndObject();
    json.writeRaw('\n');
  }

  private void writeValue(Object value) throws IOException {
    if (value == null) {
      json.writeNull();
    } else if (value instanceof Boolean) {
      json.writeBoolean((Boolean) value);
    } else if (value instanceof Integer) {
      json.writeNumber((Integer) value);
    } else if (value instanceof Long) {
      json.writeNumber((Long) value);
    } else if (value instanceof Float) {
      json.writeNumber((Float) value);
    } else if (value instanceof Double) {
      json.writeNumber((Double) value);
    } else if (value instanceof BigDecimal) {
      json.writeNumber((BigDecimal) value);
    } else {
      json.writeString(TextValues.format(value));
    }
  }

  @Override
  public void close() throws IOException {
    json.close();
  }
}
