package ai.dataframer.beam.core.eval;

import static org.junit.Assert.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.Test;

public class DocumentShapeTest {
  private static Map<String, Object> shape(
      double words, double characters, double paragraphs, double headings, double items) {
    Map<String, Object> shape = new LinkedHashMap<>();
    shape.put("words", words);
    shape.put("characters", characters);
    shape.put("paragraphs", paragraphs);
    shape.put("headings", headings);
    shape.put("list_items", items);
    return shape;
  }

  @Test
  public void countsWordsParagraphsHeadingsAndListItemsOfMarkdown() {
    String text =
        "# Refund\r\n\r\nI want my money back.\n\n- the phone\n2. the case\n\n  \n## Why\nBroken";
    assertEquals(shape(13, text.length(), 4, 2, 2), DocumentShape.of(text));
  }

  @Test
  public void anEmptyDocumentHasNothingAndAMissingOneStaysMissing() {
    assertEquals(shape(0, 3, 0, 0, 0), DocumentShape.of(" \n "));
    assertEquals(
        java.util.Arrays.asList(null, null, null, null, null),
        new java.util.ArrayList<>(DocumentShape.of(null).values()));
  }

  @Test
  public void aHashWithoutASpaceIsNotAHeadingNorADashWithoutTextAnItem() {
    assertEquals(shape(3, 18, 1, 0, 0), DocumentShape.of("#hashtag\n-\nend now"));
  }

  @Test
  public void charactersAreCodePoints() {
    assertEquals(1.0, DocumentShape.of("\uD83D\uDE00").get("characters"));
  }
}
