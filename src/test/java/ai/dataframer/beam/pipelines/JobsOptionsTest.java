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
      assertThat(
          runner, Jobs.withDefaults(new String[] {runner}, false), hasItem("--fasterCopy=true"));
    }
    List<String> chosen =
        Jobs.withDefaults(new String[] {"--runner=FlinkRunner", "--fasterCopy=false"}, false);
    assertThat(chosen, not(hasItem("--fasterCopy=true")));
    assertEquals(1, chosen.stream().filter(arg -> arg.startsWith("--fasterCopy")).count());
  }

  @Test
  public void otherRunnersGetNoFlinkOption() {
    assertThat(Jobs.withDefaults(new String[] {}, false), not(hasItem("--fasterCopy=true")));
    assertThat(
        Jobs.withDefaults(new String[] {"--runner=SparkRunner"}, false),
        not(hasItem("--fasterCopy=true")));
    assertThat(Jobs.withDefaults(new String[] {}, false), hasItem("--enforceImmutability=false"));
  }

  @Test
  public void runsWaitingOnModelCallsGetMoreDirectRunnerThreadsUnlessTheUserChose() {
    String more = "--targetParallelism=" + Math.max(4, Runtime.getRuntime().availableProcessors());
    String perCore =
        "--targetParallelism=" + Math.max(2, Runtime.getRuntime().availableProcessors());
    assertThat(Jobs.withDefaults(new String[] {}, true), hasItem(more));
    assertThat(Jobs.withDefaults(new String[] {}, false), hasItem(perCore));
    List<String> chosen = Jobs.withDefaults(new String[] {"--targetParallelism=7"}, true);
    assertEquals(
        List.of("--targetParallelism=7"),
        chosen.stream().filter(arg -> arg.startsWith("--targetParallelism")).toList());
    assertEquals(
        1,
        Jobs.withDefaults(new String[] {}, true).stream()
            .filter(arg -> arg.startsWith("--targetParallelism"))
            .count());
  }
}
