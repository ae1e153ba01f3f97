package ai.dataframer.beam.core.generate;

import static ai.dataframer.beam.core.generate.GenerateFixtures.letterSeeds;
import static ai.dataframer.beam.core.generate.GenerateFixtures.letterSpec;
import static ai.dataframer.beam.core.generate.GenerateFixtures.outline;
import static ai.dataframer.beam.core.generate.GenerateFixtures.plan;
import static ai.dataframer.beam.core.generate.GenerateFixtures.values;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import ai.dataframer.beam.core.engine.SampleOutcome;
import ai.dataframer.beam.core.llm.PriceTable;
import ai.dataframer.beam.core.request.FilteringType;
import ai.dataframer.beam.core.request.RevisionType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;

/**
 * A spec without record_fields: documents as text in the seeds' format, a text field per sample.
 */
public class DocumentGenerationTest {
  private static final Map<String, String> FORMAL = values("tone", "formal");
  private static final String LETTER =
      "Dear Sir or Madam,\n\nMy card was charged twice.\n\n" + "Yours faithfully,\nB. Writer";

  private static GenerateFixtures.Settings filtered() {
    GenerateFixtures.Settings settings = new GenerateFixtures.Settings();
    settings.filteringTypes = List.of(FilteringType.STRUCTURAL, FilteringType.CONFORMANCE);
    return settings;
  }

  private static SampleResult generate(FakeModel model, GenerateFixtures.Settings settings) {
    return new LlmSampleGenerator(
            letterSpec(), letterSeeds(3), settings.build(), model, PriceTable.defaults(), null)
        .generate(plan(0, FORMAL, List.of(1, 0)))
        .join();
  }

  @Test
  public void draftsADocumentInOneCallAndJudgesItsStructureAndTone() {
    FakeModel model =
        new FakeModel()
            .on("draft_document", call -> "  " + LETTER + "\n")
            .on("structural_judge", call -> "{\"passes\":true,\"issues\":[]}")
            .on("conformance_judge", call -> "{\"tone\":\"formal\"}");
    SampleResult result = generate(model, filtered());

    SampleOutcome.Accepted accepted = (SampleOutcome.Accepted) result.outcome();
    assertEquals(Map.of("text", LETTER), accepted.record());
    assertEquals(
        List.of("draft_document", "structural_judge", "conformance_judge"),
        model.calls().stream().map(FakeModel.Call::kind).toList());
    FakeModel.Call draft = model.calls().get(0);
    assertThat(
        draft.examples().text(),
        containsString(
            "<example number=\"1\">\nDear Sir or Madam," + "\n\nSeed letter 1 about my account."));
    assertThat(draft.task(), containsString("in the format of the seed examples"));
    assertThat(draft.task(), containsString(GenerateFixtures.LETTER_REQUIREMENTS));
    assertThat(draft.task(), containsString("- tone: formal"));
    assertNull(draft.request().jsonOutput());
    FakeModel.Call structural = model.calls().get(1);
    assertEquals(GenerateFixtures.REVISION_MODEL, structural.request().modelId());
    assertThat(structural.task(), containsString("<sample>\n" + LETTER + "\n</sample>"));
    assertThat(structural.task(), containsString("complete (not cut off"));
    assertEquals(FakeModel.USAGE.plus(FakeModel.USAGE), result.usageByStage().get(Stage.FILTER));
  }

  @Test
  public void withAnOutlineEachPartSeesTheOutlineAndThePartsSoFar() {
    FakeModel model =
        new FakeModel()
            .on("outline", call -> outline("Greeting", "Complaint", "Sign-off"))
            .on("draft_part", call -> "Part " + call.detail() + " text.")
            .on("structural_judge", call -> "{\"passes\":true,\"issues\":[]}")
            .on("conformance_judge", call -> "{\"tone\":\"formal\"}");
    GenerateFixtures.Settings settings = filtered();
    settings.skipOutline = false;
    SampleResult result = generate(model, settings);

    SampleOutcome.Accepted accepted = (SampleOutcome.Accepted) result.outcome();
    assertEquals("Part 1 text.\n\nPart 2 text.\n\nPart 3 text.", accepted.record().get("text"));
    List<FakeModel.Call> parts = model.calls("draft_part");
    assertEquals(3, parts.size());
    assertEquals(GenerateFixtures.OUTLINE_MODEL, model.calls("outline").get(0).request().modelId());
    for (FakeModel.Call part : parts) {
      assertThat(
          part.task(),
          containsString(
              "<outline>\n1. Greeting: notes on Greeting\n2. Complaint: notes on Complaint\n"
                  + "3. Sign-off: notes on Sign-off\n</outline>"));
      assertEquals(GenerateFixtures.GENERATION_MODEL, part.request().modelId());
    }
    assertThat(parts.get(0).task(), containsString("None yet: this is the first part."));
    assertThat(
        parts.get(1).task(), containsString("Write part 2 of 3 of the outline, \"Complaint\""));
    assertThat(
        parts.get(2).task(),
        containsString("<document_so_far>\nPart 1 text.\n\nPart 2 text.\n</document_so_far>"));
    assertThat(parts.get(1).task(), not(containsString("Part 2 text.")));
    assertEquals(FakeModel.USAGE, result.usageByStage().get(Stage.OUTLINE));
    assertEquals(6, result.modelCalls());
  }

  @Test
  public void aDocumentTheStructuralJudgeRejectsIsRegenerated() {
    AtomicInteger verdicts = new AtomicInteger();
    FakeModel model =
        new FakeModel()
            .on("draft_document", call -> LETTER)
            .on(
                "structural_judge",
                call ->
                    verdicts.incrementAndGet() == 1
                        ? "{\"passes\":false,\"issues\":[\"the letter stops mid-sentence\"]}"
                        : "{\"passes\":true,\"issues\":[]}")
            .on("conformance_judge", call -> "{\"tone\":\"formal\"}");
    SampleResult result = generate(model, filtered());

    assertEquals(2, result.outcome().attempts());
    assertThat(
        model.calls("draft_document").get(1).task(),
        containsString("structural judge: the letter stops mid-sentence"));
  }

  @Test
  public void aDocumentIsRevisedAsText() {
    FakeModel model =
        new FakeModel()
            .on("draft_document", call -> LETTER)
            .on(
                "critique",
                call ->
                    call.task().contains("twice")
                        ? GenerateFixtures.changes("say which card")
                        : GenerateFixtures.noChanges())
            .on(
                "rewrite",
                call -> LETTER.replace("My card", "My debit card").replace("twice", "two times"));
    GenerateFixtures.Settings settings = new GenerateFixtures.Settings();
    settings.revisionTypes = List.of(RevisionType.CONSISTENCY);
    settings.maxRevisionCycles = 3;
    SampleResult result = generate(model, settings);

    assertThat(
        (String) ((SampleOutcome.Accepted) result.outcome()).record().get("text"),
        containsString("My debit card was charged two times."));
    assertEquals(2, result.revisionCycles());
    assertNull(model.calls("rewrite").get(0).request().jsonOutput());
  }
}
