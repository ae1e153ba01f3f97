package ai.dataframer.beam.transforms;

import ai.dataframer.beam.core.plan.IndexRange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.util.VarInt;

/** Encodes an {@link IndexRange} as its start and size, both variable-length. */
final class IndexRangeCoder extends AtomicCoder<IndexRange> {
  private static final IndexRangeCoder INSTANCE = new IndexRangeCoder();

  private IndexRangeCoder() {}

  static IndexRangeCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(IndexRange range, OutputStream out) throws IOException {
    VarInt.encode(range.start(), out);
    VarInt.encode(range.size(), out);
  }

  @Override
  public IndexRange decode(InputStream in) throws IOException {
    long start = VarInt.decodeLong(in);
    return new IndexRange(start, start + VarInt.decodeLong(in));
  }

  @Override
  public void verifyDeterministic() {}
}
