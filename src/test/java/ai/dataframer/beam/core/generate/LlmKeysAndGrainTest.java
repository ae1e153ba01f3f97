package ai.dataframer.beam.core.generate;

import static ai.dataframer.beam.core.generate.GenerateFixtures.plan;
import static ai.dataframer.beam.core.generate.GenerateFixtures.ticketSeeds;
import static ai.dataframer.beam.core.generate.GenerateFixtures.ticketSpec;
import static ai.dataframer.beam.core.generate.GenerateFixtures.ticketValues;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.engine.SampleOutcome;
import ai.dataframer.beam.core.engine.SeedKeyPositions;
import ai.dataframer.beam.core.llm.PriceTable;
import ai.dataframer.beam.core.request.FilteringType;
import ai.dataframer.beam.core.spec.FieldKey;
import ai.dataframer.beam.core.spec.RecordField;
import ai.dataframer.beam.core.spec.Spec;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.Test;

/**
 * A model's record gets the plan's keys and its fields' grains before the filters: a model writes
 * the same key for every sample, or one it saw in the seed, and more decimals than the seed has.
 */
public class LlmKeysAndGrainTest {
  private static final String ANSWER =
      "{\"ticket_id\":\"SEED-3\",\"product\":\"laptop\",\"priority\":\"high\",\"amount\":19.994,"
          + "\"opened\":\"2024-05-01\",\"escalated\":null,\"body\":\"A broken screen.\"}";

  private static Spec keyedSpec() {
    Spec spec = ticketSpec();
    List<RecordField> fields =
        spec.recordFields().stream()
            .map(
                field ->
                    field.name().equals("ticket_id")
                        ? field.withKey(new FieldKey("SEED-{digits:3}", null))
                        : field)
            .toList();
    return new Spec(
        spec.description(), spec.requirements(), spec.properties(), fields, spec.constraints());
  }

  @Test
  public void keysAreThePlansUniqueAndNoSeedsAndValuesAreOnTheirGrain() {
    Spec spec = keyedSpec();
    List<Map<String, Object>> seeds = ticketSeeds(6);
    Set<Object> seedKeys =
        seeds.stream().map(seed -> seed.get("ticket_id")).collect(Collectors.toSet());
    GenerateFixtures.Settings settings = new GenerateFixtures.Settings();
    settings.filteringTypes = List.of(FilteringType.STRUCTURAL);
    settings.maxAttempts = 1;
    LlmSampleGenerator generator =
        new LlmSampleGenerator(
            spec,
            seeds,
            settings.build(),
            new FakeModel().on("draft_record", call -> ANSWER),
            PriceTable.defaults(),
            null,
            SeedKeyPositions.of(spec, seeds));
    Set<Object> keys = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      SampleOutcome outcome =
          generator.generate(plan(i, ticketValues(), List.of())).join().outcome();
      assertThat(outcome.toString(), outcome, instanceOf(SampleOutcome.Accepted.class));
      Map<String, Object> record = ((SampleOutcome.Accepted) outcome).record();
      Object key = record.get("ticket_id");
      assertThat((String) key, matchesPattern("SEED-[0-9]{3}"));
      assertFalse("a seed key: " + key, seedKeys.contains(key));
      assertTrue("repeated: " + key, keys.add(key));
      assertEquals(new BigDecimal("19.99"), record.get("amount"));
    }
  }

  @Test
  public void withoutKeyFieldsTheModelsKeyIsKeptAndTheAmountStillRounded() {
    // The same answer for a spec without keys; a DECIMAL is rounded as it is read (RecordJson).
    GenerateFixtures.Settings settings = new GenerateFixtures.Settings();
    settings.filteringTypes = List.of(FilteringType.STRUCTURAL);
    settings.maxAttempts = 1;
    SampleOutcome outcome =
        new LlmSampleGenerator(
                ticketSpec(),
                ticketSeeds(6),
                settings.build(),
                new FakeModel().on("draft_record", call -> ANSWER),
                PriceTable.defaults(),
                null)
            .generate(plan(0, ticketValues(), List.of()))
            .join()
            .outcome();
    assertThat(outcome.toString(), outcome, instanceOf(SampleOutcome.Accepted.class));
    Map<String, Object> record = ((SampleOutcome.Accepted) outcome).record();
    assertEquals(new BigDecimal("19.99"), record.get("amount"));
    assertEquals(
        "the key is the model's where the spec has none", "SEED-3", record.get("ticket_id"));
  }
}
