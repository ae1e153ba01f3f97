package ai.dataframer.beam.core.plan;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;

import java.util.UUID;
import org.junit.Test;

public class RunIdsTest {
  private static final String REQUEST = "{\"number_of_samples\":10,\"spec_id\":\"s1\"}";

  @Test
  public void sameRequestGetsSameRunId() {
    String id = RunIds.generationKey("s1", 2, 42L, REQUEST);

    assertEquals(id, RunIds.generationKey("s1", 2, 42L, REQUEST));
    assertEquals(id, UUID.fromString(id).toString());
  }

  @Test
  public void anyDifferenceGivesAnotherRunId() {
    String id = RunIds.generationKey("s1", 2, 42L, REQUEST);

    assertNotEquals(id, RunIds.generationKey("s1", 3, 42L, REQUEST));
    assertNotEquals(id, RunIds.generationKey("s1", 2, 43L, REQUEST));
    assertNotEquals(id, RunIds.generationKey("s2", 2, 42L, REQUEST));
    assertNotEquals(id, RunIds.generationKey("s1", 2, 42L, REQUEST.replace("10", "11")));
  }

  @Test
  public void specIdBoundaryIsUnambiguous() {
    assertNotEquals(
        RunIds.generationKey("a:v1", 1, 1L, "x"), RunIds.generationKey("a", 1, 1L, "v1:x"));
  }

  @Test
  public void missingSpecIdIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> RunIds.generationKey("", 1, 1L, REQUEST));
  }

  @Test
  public void everyInvocationGetsItsOwnRunIdThatSortsByStartTime() {
    java.time.Instant now = java.time.Instant.parse("2026-12-02T15:30:12Z");
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (int i = 0; i < 1000; i++) {
      ids.add(RunIds.newRunId(now));
    }
    assertEquals(1000, ids.size());
    String id = ids.iterator().next();
    org.junit.Assert.assertTrue(id, id.matches("run-20261202T153012Z-[0-9a-f]{8}"));
    org.junit.Assert.assertTrue(
        RunIds.newRunId(now).compareTo(RunIds.newRunId(now.plusSeconds(1))) < 0);
  }
}
