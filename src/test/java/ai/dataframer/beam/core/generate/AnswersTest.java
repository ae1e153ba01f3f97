package ai.dataframer.beam.core.generate;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.spec.PropertyVariation;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class AnswersTest {
  @Test
  public void readsCritiquesStrictly() throws Exception {
    Answers.Critique critique =
        Answers.critique("{\"needs_changes\":true,\"issues\":[\"fix the date\", \" \"]}");
    assertTrue(critique.needsChanges());
    assertEquals(List.of("fix the date"), critique.issues());
    assertFalse(Answers.critique("{\"needs_changes\":false,\"issues\":[]}").needsChanges());
    assertThat(
        assertThrows(
                AnswerFormatException.class,
                () -> Answers.critique("{\"needs_changes\":true,\"issues\":[]}"))
            .getMessage(),
        containsString("list each change"));
    assertThat(
        assertThrows(
                AnswerFormatException.class,
                () -> Answers.critique("{\"needs_changes\":\"no\",\"issues\":[]}"))
            .getMessage(),
        containsString("\"needs_changes\" must be true or false"));
    assertThat(
        assertThrows(
                AnswerFormatException.class,
                () -> Answers.critique("{\"needs_changes\":false,\"issues\":[],\"score\":3}"))
            .getMessage(),
        containsString("unknown keys [score]"));
    assertThat(
        assertThrows(AnswerFormatException.class, () -> Answers.critique("Looks good to me."))
            .getMessage(),
        containsString("not valid JSON"));
  }

  @Test
  public void readsOutlinesOfOneToTwelveParts() throws Exception {
    Answers.Outline outline = Answers.outline(GenerateFixtures.outline("Intro", "Body"));
    assertEquals(
        List.of(
            new Answers.Outline.Part("Intro", "notes on Intro"),
            new Answers.Outline.Part("Body", "notes on Body")),
        outline.parts());
    String[] titles = new String[13];
    java.util.Arrays.fill(titles, "Part");
    assertThat(
        assertThrows(
                AnswerFormatException.class,
                () -> Answers.outline(GenerateFixtures.outline(titles)))
            .getMessage(),
        containsString("13 parts; at most 12"));
    assertThat(
        assertThrows(AnswerFormatException.class, () -> Answers.outline("{\"parts\":[]}"))
            .getMessage(),
        containsString("non-empty array"));
    assertThat(
        assertThrows(
                AnswerFormatException.class,
                () -> Answers.outline("{\"parts\":[{\"title\":\"\",\"notes\":\"n\"}]}"))
            .getMessage(),
        containsString("part 1 needs a non-empty string \"title\""));
  }

  @Test
  public void readsVerdictsAndClassificationsStrictly() throws Exception {
    assertTrue(Answers.verdict("{\"passes\":true,\"issues\":[]}").passes());
    assertEquals(
        List.of("cut off"),
        Answers.verdict("{\"passes\":false,\"issues\":[\"cut off\"]}").issues());
    assertThrows(
        AnswerFormatException.class, () -> Answers.verdict("{\"passes\":false,\"issues\":[]}"));
    List<PropertyVariation> tone = List.of(GenerateFixtures.property("tone", "formal", "casual"));
    assertEquals(Map.of("tone", "casual"), Answers.classification("{\"tone\":\"casual\"}", tone));
    assertThat(
        assertThrows(
                AnswerFormatException.class,
                () -> Answers.classification("{\"tone\":\"angry\"}", tone))
            .getMessage(),
        containsString("\"tone\" is \"angry\", which is not one of [formal, casual]"));
    assertThat(
        Answers.classificationSchema(tone).schemaJson(),
        containsString("\"enum\":[\"formal\",\"casual\"]"));
  }

  @Test
  public void aDocumentIsAnyTextThatIsNotBlank() throws Exception {
    assertEquals("Dear Sir,", Answers.text("  Dear Sir,\n"));
    assertThrows(AnswerFormatException.class, () -> Answers.text(" \n "));
  }
}
