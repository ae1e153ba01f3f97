package ai.dataframer.beam.transforms;

import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.TreeMap;
import org.junit.Test;

public class FirstReasonsTest {
  private final FirstReasons.KeepFirst keep = new FirstReasons.KeepFirst(3);

  @Test
  public void keepsTheFirstDistinctReasonsInNaturalOrder() {
    TreeMap<String, String> kept = keep.createAccumulator();
    for (String reason :
        List.of(
            "a.csv line 16: x",
            "a.csv line 6: x",
            "a.csv line 6: x",
            "a.csv line 100: x",
            "a.csv line 26: x")) {
      kept = keep.addInput(kept, reason);
    }
    assertEquals(
        List.of("a.csv line 6: x", "a.csv line 16: x", "a.csv line 26: x"),
        keep.extractOutput(kept));
  }

  @Test
  public void mergingKeepsTheLimit() {
    TreeMap<String, String> left = keep.addInput(keep.createAccumulator(), "line 9");
    left = keep.addInput(left, "line 2");
    TreeMap<String, String> right = keep.addInput(keep.createAccumulator(), "line 10");
    right = keep.addInput(right, "line 1");
    assertEquals(
        List.of("line 1", "line 2", "line 9"),
        keep.extractOutput(keep.mergeAccumulators(List.of(left, right))));
  }
}
