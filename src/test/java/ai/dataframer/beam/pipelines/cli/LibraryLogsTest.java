package ai.dataframer.beam.pipelines.cli;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Which library warnings reach the console. */
@RunWith(JUnit4.class)
public class LibraryLogsTest {
  private static boolean shown(String logger, Level level, String message) {
    LibraryLogs.quiet();
    Filter filter = Logger.getLogger(logger).getFilter();
    return filter == null || filter.isLoggable(new LogRecord(level, message));
  }

  @Test
  public void sparkTaskOfAnEvaluationSampleIsRoutineButAHugeOneStillWarns() {
    String spark = "org.apache.spark.scheduler.TaskSetManager";
    String large =
        "Stage 6 contains a task of very large size (%d KiB). The maximum recommended task size is"
            + " 1000 KiB.";
    assertFalse(shown(spark, Level.WARNING, String.format(large, 4816)));
    assertTrue(shown(spark, Level.WARNING, String.format(large, 90_000)));
    assertTrue(shown(spark, Level.SEVERE, String.format(large, 4816)));
    assertTrue(shown(spark, Level.WARNING, "Lost task 0.0 in stage 6.0"));
  }
}
