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
    String id = RunIds.derive("s1", 2, 42L, REQUEST);

    assertEquals(id, RunIds.derive("s1", 2, 42L, REQUEST));
    assertEquals(id, UUID.fromString(id).toString());
  }

  @Test
  public void anyDifferenceGivesAnotherRunId() {
    String id = RunIds.derive("s1", 2, 42L, REQUEST);

    assertNotEquals(id, RunIds.derive("s1", 3, 42L, REQUEST));
    assertNotEquals(id, RunIds.derive("s1", 2, 43L, REQUEST));
    assertNotEquals(id, RunIds.derive("s2", 2, 42L, REQUEST));
    assertNotEquals(id, RunIds.derive("s1", 2, 42L, REQUEST.replace("10", "11")));
  }

  @Test
  public void specIdBoundaryIsUnambiguous() {
    assertNotEquals(RunIds.derive("a:v1", 1, 1L, "x"), RunIds.derive("a", 1, 1L, "v1:x"));
  }

  @Test
  public void missingSpecIdIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> RunIds.derive("", 1, 1L, REQUEST));
  }
}
