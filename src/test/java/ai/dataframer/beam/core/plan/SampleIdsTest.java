package ai.dataframer.beam.core.plan;

import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.Test;

public class SampleIdsTest {
  @Test
  public void idsAreTheNameBasedUuidsOfRunAndIndex() {
    for (String runId :
        new String[] {"run-20261204T110724Z-05bf8685", "gen-ünïcødé-日本", "", "a:b"}) {
      for (long index : new long[] {0, 1, 9, 10, 12_345, Long.MAX_VALUE, -1}) {
        String expected =
            UUID.nameUUIDFromBytes((runId + ":" + index).getBytes(StandardCharsets.UTF_8))
                .toString();
        assertEquals(runId + ":" + index, expected, SampleIds.of(runId, index));
      }
    }
    // Computed apart (Python: md5(b"run-x:7"), version 3, IETF variant), so the scheme itself is
    // pinned too.
    assertEquals("a986a271-c7ad-358c-aab9-a1d5f56ff150", SampleIds.of("run-x", 7));
  }
}
