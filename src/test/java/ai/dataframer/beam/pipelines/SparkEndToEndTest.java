package ai.dataframer.beam.pipelines;

import ai.dataframer.beam.testing.SparkTests;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.junit.rules.TemporaryFolder;

/**
 * The same job on SparkRunner in local mode with two worker threads (run by the spark Maven
 * profile) gives what the Direct runner gives ({@link RunnerAgreement}).
 */
@Category(SparkTests.class)
public class SparkEndToEndTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  /**
   * Spark reads spark.* system properties into the context the runner creates: loopback only (the
   * driver otherwise binds the host's address) and no web UI (a server on port 4040).
   */
  @BeforeClass
  public static void loopbackOnly() {
    System.setProperty("spark.driver.host", "127.0.0.1");
    System.setProperty("spark.driver.bindAddress", "127.0.0.1");
    System.setProperty("spark.ui.enabled", "false");
  }

  @AfterClass
  public static void clearSparkProperties() {
    System.clearProperty("spark.driver.host");
    System.clearProperty("spark.driver.bindAddress");
    System.clearProperty("spark.ui.enabled");
  }

  @Test
  public void generatesOnSparkLocalLikeOnDirect() throws Exception {
    RunnerAgreement.assertLikeDirect(
        tmp, "spark", "--runner=SparkRunner", "--sparkMaster=local[2]");
  }
}
