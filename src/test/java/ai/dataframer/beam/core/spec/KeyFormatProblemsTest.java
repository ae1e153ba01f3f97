package ai.dataframer.beam.core.spec;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import java.util.List;
import org.junit.Test;

/** Key formats whose values could not be generated unique for their field are refused. */
public class KeyFormatProblemsTest {
  @Test
  public void formatsWithOneReadingPerValuePass() {
    for (String format :
        List.of(
            "ORD-{seq:6}", "user-{number:0-99999}", "{uuid:4}", "{[1-9]}{digits:5}", "A{seq}B")) {
      assertNull(format, KeyFormat.parse(format).generationProblem(FieldType.STRING, 1L));
    }
    assertNull(KeyFormat.parse("{seq}").generationProblem(FieldType.INT, 0L));
    assertNull(KeyFormat.parse("{digits:6}").generationProblem(FieldType.INT, null));
    assertNull(KeyFormat.parse("9{seq}").generationProblem(FieldType.LONG, 0L));
    assertNull(KeyFormat.parse("{number:10-99}{digits:2}").generationProblem(FieldType.INT, null));
  }

  @Test
  public void twoSegmentsOfVaryingWidthAreAmbiguous() {
    assertThat(
        KeyFormat.parse("{seq}-{number:1-99}").generationProblem(FieldType.STRING, 1L),
        containsString("2 segments of varying width"));
  }

  @Test
  public void integersThatMayStartWithZeroBeforeAVaryingPartAreAmbiguous() {
    assertThat(
        KeyFormat.parse("{digits:2}{seq}").generationProblem(FieldType.LONG, 1L),
        containsString("leading 0"));
    assertThat(
        KeyFormat.parse("{seq}{digits:2}").generationProblem(FieldType.LONG, 0L),
        containsString("leading 0"));
    assertNull(KeyFormat.parse("{seq}{digits:2}").generationProblem(FieldType.LONG, 1L));
  }

  @Test
  public void integerFieldsMustHoldTheLargestValue() {
    assertThat(
        KeyFormat.parse("{digits:10}").generationProblem(FieldType.INT, null),
        containsString("writes values up to 9999999999, more than a int holds (2147483647)"));
    assertNull(KeyFormat.parse("{digits:10}").generationProblem(FieldType.LONG, null));
    assertThat(
        KeyFormat.parse("{[1-9]}{digits:18}").generationProblem(FieldType.LONG, null),
        containsString("more than a long holds"));
  }

  @Test
  public void theValidatorNamesTheFieldAndTheProblem() {
    String yaml =
        String.join(
            "\n",
            "spec:",
            "  description: keys",
            "  requirements: one per record",
            "  record_fields:",
            "    - {name: a, type: string, key: {format: '{seq}{number:1-99}', start: 1}}",
            "    - {name: b, type: int, key: {format: '{digits:12}'}}",
            "");
    List<String> problems =
        assertThrows(SpecValidationException.class, () -> SpecYaml.parse(yaml, "k.yaml"))
            .problems();
    assertThat(problems, hasItem(containsString("'a': key.format '{seq}{number:1-99}' has 2")));
    assertThat(problems, hasItem(containsString("'b': key.format '{digits:12}' writes values")));
  }
}
