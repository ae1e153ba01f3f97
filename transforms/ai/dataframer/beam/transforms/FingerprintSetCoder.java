package ai.dataframer.beam.transforms;

import ai.dataframer.beam.core.record.FingerprintSet;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;

/**
 * A compact, deterministic coder for {@link FingerprintSet}: the count, then the sorted
 * fingerprints.
 */
public final class FingerprintSetCoder extends AtomicCoder<FingerprintSet> {
  private static final FingerprintSetCoder INSTANCE = new FingerprintSetCoder();

  private FingerprintSetCoder() {}

  public static FingerprintSetCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(FingerprintSet value, OutputStream outStream) throws IOException {
    writeLongs(value.toSortedArray(), value.size(), outStream);
  }

  @Override
  public FingerprintSet decode(InputStream inStream) throws IOException {
    long[] values = readLongs(inStream);
    return FingerprintSet.of(values, values.length);
  }

  @Override
  public void verifyDeterministic() {}

  static void writeLongs(long[] values, int count, OutputStream outStream) throws IOException {
    // Not closed: the stream belongs to the caller.
    DataOutputStream out = new DataOutputStream(outStream);
    out.writeInt(count);
    for (int i = 0; i < count; i++) {
      out.writeLong(values[i]);
    }
    out.flush();
  }

  static long[] readLongs(InputStream inStream) throws IOException {
    DataInputStream in = new DataInputStream(inStream);
    int count = in.readInt();
    if (count < 0) {
      throw new CoderException("negative fingerprint count " + count);
    }
    long[] values = new long[count];
    for (int i = 0; i < count; i++) {
      values[i] = in.readLong();
    }
    return values;
  }
}
