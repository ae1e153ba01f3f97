package ai.dataframer.beam.core.plan;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.Test;

public class ContentHashTest {
  @Test
  public void isAFixedFunctionOfTheBytes() {
    // Pinned so that a change to the hash, which would change every run's seed examples, is
    // noticed.
    assertEquals(2920543132275951995L, ContentHash.of("seed row".getBytes(StandardCharsets.UTF_8)));
    assertNotEquals(ContentHash.of(new byte[] {0}), ContentHash.of(new byte[] {0, 0}));
    assertNotEquals(ContentHash.of(new byte[0]), ContentHash.of(new byte[] {0}));
  }

  @Test
  public void smallChangesGiveDistinctHashes() {
    Set<Long> hashes = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      hashes.add(ContentHash.of(("row-" + i).getBytes(StandardCharsets.UTF_8)));
    }
    assertEquals(100_000, hashes.size());
  }
}
