package ai.dataframer.beam.core.engine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.Test;

public class WordChainTest {
  private static final List<String> NAMES =
      List.of(
          "Ada Lovelace",
          "Alan Mathison Turing",
          "Grace Hopper",
          "Grace Brewster Murray Hopper",
          "Edsger Dijkstra",
          "Barbara Liskov",
          "Ada");

  @Test
  public void valuesAreSeedWordsInSeedOrderWithSeedLengths() {
    WordChain chain = WordChain.train("name", NAMES);
    SplittableRandom random = new SplittableRandom(3);
    Map<Integer, Integer> lengths = new HashMap<>();
    for (int i = 0; i < 7000; i++) {
      String value = chain.generate(random);
      assertTrue(value, !value.isBlank() && !value.endsWith("."));
      String[] words = value.split(" ");
      assertTrue(value, List.of("Ada", "Alan", "Grace", "Edsger", "Barbara").contains(words[0]));
      for (int w = 1; w < words.length; w++) {
        assertTrue(value, followsInASeedValue(words[w - 1], words[w]));
      }
      lengths.merge(words.length, 1, Integer::sum);
    }
    // Seed lengths 2, 3, 2, 4, 2, 2, 1: a chain may end early ("Ada Lovelace" ends a 3-word
    // draw), never late.
    assertEquals(1000, lengths.get(1), 100);
    assertTrue(lengths.toString(), lengths.get(3) > 300 && lengths.get(4) > 100);
    assertTrue(lengths.toString(), lengths.keySet().stream().allMatch(n -> n <= 4));
  }

  @Test
  public void aValueWithoutWordsIsNothingToLearnFrom() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WordChain.train("name", List.of(" ")));
    assertThat(e.getMessage(), containsString("field 'name'"));
  }

  private static boolean followsInASeedValue(String first, String second) {
    return NAMES.stream()
        .anyMatch(name -> (" " + name + " ").contains(" " + first + " " + second + " "));
  }
}
