package ai.dataframer.beam.transforms;

import ai.dataframer.beam.core.plan.SamplePlan;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.util.VarInt;

/**
 * A compact coder for {@link SamplePlan}s, which are shuffled once per sample of a run.
 *
 * <p>Ids that are canonical UUIDs (run ids from RunIds, every sample id) take 17 bytes instead of
 * 37; counts and indices are variable-length; the seed, a full 64-bit value, is fixed-width.
 *
 * <p>Deterministic in Beam's sense for the plans a {@code Planner} makes: property values are
 * encoded in their map's iteration order, which is the spec's topological order in every plan of a
 * run, so equal plans encode to equal bytes. Decoding keeps that order.
 */
public final class SamplePlanCoder extends AtomicCoder<SamplePlan> {
  private static final SamplePlanCoder INSTANCE = new SamplePlanCoder();
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();
  private static final int UUID_ID = 0;
  private static final int TEXT_ID = 1;

  private SamplePlanCoder() {}

  public static SamplePlanCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(SamplePlan plan, OutputStream out) throws IOException {
    if (plan == null) {
      throw new CoderException("cannot encode a null SamplePlan");
    }
    encodeId(plan.runId(), out);
    VarInt.encode(plan.index(), out);
    encodeId(plan.sampleId(), out);
    VarInt.encode(plan.propertyValues().size(), out);
    for (Map.Entry<String, String> value : plan.propertyValues().entrySet()) {
      STRING.encode(value.getKey(), out);
      STRING.encode(value.getValue(), out);
    }
    VarInt.encode(plan.exampleIndices().size(), out);
    for (int example : plan.exampleIndices()) {
      VarInt.encode(example, out);
    }
    new DataOutputStream(out).writeLong(plan.seed());
  }

  @Override
  public SamplePlan decode(InputStream in) throws IOException {
    String runId = decodeId(in);
    long index = VarInt.decodeLong(in);
    String sampleId = decodeId(in);
    int valueCount = VarInt.decodeInt(in);
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < valueCount; i++) {
      values.put(STRING.decode(in), STRING.decode(in));
    }
    int exampleCount = VarInt.decodeInt(in);
    List<Integer> examples = new ArrayList<>(exampleCount);
    for (int i = 0; i < exampleCount; i++) {
      examples.add(VarInt.decodeInt(in));
    }
    long seed = new DataInputStream(in).readLong();
    return new SamplePlan(
        runId,
        index,
        sampleId,
        Collections.unmodifiableMap(values),
        Collections.unmodifiableList(examples),
        seed);
  }

  @Override
  public void verifyDeterministic() {}

  private static void encodeId(String id, OutputStream out) throws IOException {
    UUID uuid = canonicalUuid(id);
    if (uuid == null) {
      out.write(TEXT_ID);
      STRING.encode(id, out);
    } else {
      out.write(UUID_ID);
      DataOutputStream data = new DataOutputStream(out);
      data.writeLong(uuid.getMostSignificantBits());
      data.writeLong(uuid.getLeastSignificantBits());
    }
  }

  private static String decodeId(InputStream in) throws IOException {
    int tag = in.read();
    if (tag == UUID_ID) {
      DataInputStream data = new DataInputStream(in);
      return new UUID(data.readLong(), data.readLong()).toString();
    }
    if (tag == TEXT_ID) {
      return STRING.decode(in);
    }
    throw new CoderException("SamplePlan id tag must be 0 or 1, but was " + tag);
  }

  /**
   * The UUID when {@code id} is exactly its canonical text, so decoding gives back the same string.
   */
  private static UUID canonicalUuid(String id) {
    if (id == null || id.length() != 36 || id.charAt(8) != '-') {
      return null;
    }
    try {
      UUID uuid = UUID.fromString(id);
      return uuid.toString().equals(id) ? uuid : null;
    } catch (IllegalArgumentException notUuid) {
      return null;
    }
  }
}
