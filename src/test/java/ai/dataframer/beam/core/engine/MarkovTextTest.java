package ai.dataframer.beam.core.engine;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.Test;

public class MarkovTextTest {
  private static final List<String> TEXTS =
      List.of(
          "The parcel arrived late, and the box was damaged. I want a refund!",
          "Great service. The parcel arrived early and the driver was kind.",
          "Why was my order late? The box was wet, the label torn; call me.",
          "Refund please. The driver left the parcel at the wrong door -",
          "The order arrived. Was the box damaged? No, the box was fine.",
          "late late late, again late.",
          "Ünïcode wörds stay, ok? 日本語 テキスト also stays.");

  /**
   * Texts drawn from a fixed model and random stream, pinned: a faster representation of the chain
   * must draw the very same words, so generated data does not change with it.
   */
  @Test
  public void generatedTextsArePinned() {
    MarkovText model = MarkovText.train("comment", TEXTS);
    SplittableRandom random = new SplittableRandom(42);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      texts.add(model.generate(1 + random.nextInt(30), random));
    }
    assertEquals(
        "Why was my order late? The box was fine. No, the box damaged? No, the box.",
        model.generate(16, new SplittableRandom(7)));
    assertEquals(183327398, String.join("\n", texts).hashCode());
  }
}
