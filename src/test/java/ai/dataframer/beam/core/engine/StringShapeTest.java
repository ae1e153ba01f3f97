package ai.dataframer.beam.core.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.Test;

public class StringShapeTest {
  @Test
  public void keepsSharedPrefixAndSuffixAndTheCharacterClassesOfTheRest() {
    StringShape shape =
        StringShape.learn("email", List.of("Ab12.x@example.com", "Cd34.y@example.com"));
    assertEquals("", shape.prefix());
    assertEquals("@example.com", shape.suffix());
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 200; i++) {
      String value = shape.generate(random);
      assertTrue(value, value.matches("[A-Z][a-z]\\d\\d\\.[a-z]@example\\.com"));
    }
  }

  @Test
  public void aSingleSeedValueIsMimickedNotCopied() {
    StringShape shape = StringShape.learn("code", List.of("XK-204"));
    SplittableRandom random = new SplittableRandom(5);
    int copies = 0;
    for (int i = 0; i < 100; i++) {
      String value = shape.generate(random);
      assertTrue(value, value.matches("[A-Z]{2}-\\d{3}"));
      copies += value.equals("XK-204") ? 1 : 0;
    }
    assertTrue(copies < 3);
  }
}
