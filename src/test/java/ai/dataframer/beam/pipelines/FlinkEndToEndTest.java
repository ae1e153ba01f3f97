package ai.dataframer.beam.pipelines;

import ai.dataframer.beam.testing.FlinkTests;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.junit.rules.TemporaryFolder;

/**
 * The same job on FlinkRunner in local mode with parallelism 2 (run by the flink Maven profile)
 * gives what the Direct runner gives ({@link RunnerAgreement}).
 */
@Category(FlinkTests.class)
public class FlinkEndToEndTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void generatesOnFlinkLocalLikeOnDirect() throws Exception {
    RunnerAgreement.assertLikeDirect(
        tmp, "flink", "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2");
  }
}
