package ai.dataframer.beam.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;

import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The runner defaults the CLI adds to the Beam options a user passes. */
@RunWith(JUnit4.class)
public class JobsOptionsTest {
  @Test
  public void flinkRunsWithoutDefensiveCopiesUnlessTheUserAsksForThem() {
    for (String runner :
        List.of(
            "--runner=FlinkRunner",
            "--runner=flink",
            "--runner=org.apache.beam.runners.flink.FlinkRunner")) {
      assertThat(runner, Jobs.withDefaults(new String[] {runner}), hasItem("--fasterCopy=true"));
    }
    List<String> chosen =
        Jobs.withDefaults(new String[] {"--runner=FlinkRunner", "--fasterCopy=false"});
    assertThat(chosen, not(hasItem("--fasterCopy=true")));
    assertEquals(1, chosen.stream().filter(arg -> arg.startsWith("--fasterCopy")).count());
  }

  @Test
  public void otherRunnersGetNoFlinkOption() {
    assertThat(Jobs.withDefaults(new String[] {}), not(hasItem("--fasterCopy=true")));
    assertThat(
        Jobs.withDefaults(new String[] {"--runner=SparkRunner"}),
        not(hasItem("--fasterCopy=true")));
    assertThat(Jobs.withDefaults(new String[] {}), hasItem("--enforceImmutability=false"));
  }
}
