package ai.dataframer.beam.core.request;

import static org.junit.Assert.assertEquals;

import ai.dataframer.beam.core.spec.SpecStatus;
import java.util.List;
import org.junit.Test;

public class RunSpecChecksTest {
  private static final SpecFacts SEEDED_V3 =
      new SpecFacts("tickets", SpecStatus.SUCCEEDED, 3, true, null);

  private static RunCreate run(String fields) {
    return RequestJson.runCreate(
        "{\"spec_id\": \"s1\", \"number_of_samples\": 1" + fields + "}", RunSizePolicy.API_LIMITS);
  }

  @Test
  public void succeededSpecWithExistingVersionPasses() {
    assertEquals(
        List.of(),
        run(", \"spec_version\": 3, \"revision_types\": [\"distinguishability\"]")
            .violationsAgainstSpec(SEEDED_V3));
  }

  @Test
  public void specNotSucceededIsRejected() {
    assertEquals(
        List.of("spec 'tickets' is PROCESSING; a run needs a spec in SUCCEEDED status"),
        run("")
            .violationsAgainstSpec(new SpecFacts("tickets", SpecStatus.PROCESSING, 1, true, null)));
    assertEquals(
        List.of(
            "spec 'tickets' is FAILED (seed file is empty); a run needs a spec in SUCCEEDED status"),
        run("")
            .violationsAgainstSpec(
                new SpecFacts("tickets", SpecStatus.FAILED, 1, true, "seed file is empty")));
  }

  @Test
  public void unknownSpecVersionIsRejected() {
    assertEquals(
        List.of("spec 'tickets' has versions 1..3; spec_version 7 does not exist"),
        run(", \"spec_version\": 7").violationsAgainstSpec(SEEDED_V3));
    assertEquals(
        List.of("spec 'tickets' has only version 1; spec_version 2 does not exist"),
        run(", \"spec_version\": 2")
            .violationsAgainstSpec(new SpecFacts("tickets", SpecStatus.SUCCEEDED, 1, true, null)));
  }

  @Test
  public void distinguishabilityNeedsASeededSpec() {
    assertEquals(
        List.of("revision type distinguishability needs a seeded spec; spec 'reviews' is seedless"),
        run(", \"revision_types\": [\"consistency\", \"distinguishability\"]")
            .violationsAgainstSpec(new SpecFacts("reviews", SpecStatus.SUCCEEDED, 1, false, null)));
  }

  @Test
  public void deprecatedEnableRevisionsLeavesDistinguishabilityOutForSeedlessSpecs() {
    SpecFacts seedless = new SpecFacts("reviews", SpecStatus.SUCCEEDED, 1, false, null);
    RunCreate run = run(", \"enable_revisions\": true");
    assertEquals(List.of(), run.violationsAgainstSpec(seedless));
    assertEquals(
        List.of(RevisionType.COHERENCE_FLOW, RevisionType.CONSISTENCY, RevisionType.CONFORMANCE),
        run.effectiveRevisionTypes(seedless));
    assertEquals(List.of(RevisionType.values()), run.effectiveRevisionTypes(SEEDED_V3));
  }

  @Test
  public void everySpecProblemIsReported() {
    assertEquals(
        List.of(
            "spec 'reviews' is PROCESSING; a run needs a spec in SUCCEEDED status",
            "spec 'reviews' has no versions; spec_version 1 does not exist",
            "revision type distinguishability needs a seeded spec; spec 'reviews' is seedless"),
        run(", \"spec_version\": 1, \"revision_types\": [\"distinguishability\"]")
            .violationsAgainstSpec(
                new SpecFacts("reviews", SpecStatus.PROCESSING, 0, false, null)));
  }
}
