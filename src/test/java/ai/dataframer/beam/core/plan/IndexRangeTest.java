package ai.dataframer.beam.core.plan;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

public class IndexRangeTest {
  private static void assertCoversExactly(long n, List<IndexRange> ranges) {
    long next = 0;
    for (IndexRange range : ranges) {
      assertEquals(next, range.start());
      assertTrue(range.size() > 0 && range.size() <= IndexRange.MAX_SIZE);
      next = range.end();
    }
    assertEquals(n, next);
  }

  @Test
  public void smallRunsAreSpreadOverManyRanges() {
    assertEquals(64, IndexRange.split(640).size());
    assertEquals(10, IndexRange.split(10).size());
    assertEquals(64, IndexRange.split(20_000).size());
    assertCoversExactly(1_234, IndexRange.split(1_234));
    assertCoversExactly(20_000, IndexRange.split(20_000));
  }

  @Test
  public void largeRunsUseRangesOfAtMostAThousand() {
    assertEquals(1_001, IndexRange.split(1_000_001).size());
    assertCoversExactly(1_000_001, IndexRange.split(1_000_001));

    List<IndexRange> ranges = IndexRange.split(5_000_000);
    assertEquals(5_000, ranges.size());
    assertCoversExactly(5_000_000, ranges);
  }

  @Test
  public void nonPositiveSizeIsRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> IndexRange.split(0));
    assertEquals("numberOfSamples must be > 0, but was 0", e.getMessage());
  }
}
