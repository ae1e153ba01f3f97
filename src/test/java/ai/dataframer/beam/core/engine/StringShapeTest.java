package ai.dataframer.beam.core.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
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

  @Test
  public void eachPositionKeepsTheCharactersSeenThereSoHexStaysHex() {
    SplittableRandom seedRandom = new SplittableRandom(8);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      // Upper-case hex after a version letter that is always V or W.
      values.add((i % 2 == 0 ? "V" : "W") + String.format("%06X", seedRandom.nextInt(1 << 24)));
    }
    StringShape shape = StringShape.learn("code", values);
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 500; i++) {
      String value = shape.generate(random);
      assertTrue(value, value.matches("[VW][0-9A-F]{6}"));
    }
  }

  @Test
  public void aClassRarelySeenAtAPositionDrawsFromTheColumn() {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      values.add(i == 0 ? "q" + (i % 10) : "a" + (i % 10));
    }
    StringShape shape = StringShape.learn("code", values);
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 200; i++) {
      String value = shape.generate(random);
      assertTrue(value, value.matches("[aq][0-9]"));
    }
  }
}
