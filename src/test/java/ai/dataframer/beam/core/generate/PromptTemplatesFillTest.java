package ai.dataframer.beam.core.generate;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.Map;
import org.junit.Test;

/** Placeholders are replaced by their values verbatim, and values are never scanned again. */
public class PromptTemplatesFillTest {
  @Test
  public void valuesAreInsertedVerbatimAndNotScannedForPlaceholders() {
    String filled =
        PromptTemplates.fill(
            "A {{a}} B {{b}}{{a}}.", Map.of("a", "costs $1 \\ {{b}} $0", "b", "{{a}} \\n $"));
    assertEquals("A costs $1 \\ {{b}} $0 B {{a}} \\n $costs $1 \\ {{b}} $0.", filled);
  }

  @Test
  public void aTemplateWithoutPlaceholdersComesBackUnchanged() {
    assertEquals("no placeholders here", PromptTemplates.fill("no placeholders here", Map.of()));
  }

  @Test
  public void aMissingValueNamesItsPlaceholder() {
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () -> PromptTemplates.fill("x {{known}} {{unknown}}", Map.of("known", "k")));
    assertEquals("no value for {{unknown}}", missing.getMessage());
  }
}
