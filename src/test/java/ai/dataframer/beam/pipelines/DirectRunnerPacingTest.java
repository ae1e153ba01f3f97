package ai.dataframer.beam.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.After;
import org.junit.Test;

/**
 * The Direct runner's scheduler, paced (docs/ARCHITECTURE.md section 7, HTTP): jobs give the same
 * results and failures, and the scheduler's turns go through the pacing. Its CPU while a job waits
 * is measured by scripts/bench-idle-wait, not asserted here.
 */
public class DirectRunnerPacingTest {
  /** Totals by test, written by the jobs' last step. */
  private static final ConcurrentHashMap<String, Integer> TOTALS = new ConcurrentHashMap<>();

  /** Released by the test once the pacing is installed, so the job is still running then. */
  private static final ConcurrentHashMap<String, CountDownLatch> GATES = new ConcurrentHashMap<>();

  @After
  public void clearSwitch() {
    System.clearProperty(DirectRunnerPacing.SWITCH);
  }

  private static Pipeline pipeline() {
    return Pipeline.create(
        PipelineOptionsFactory.fromArgs("--blockOnRun=false", "--targetParallelism=2").create());
  }

  /** 1..200 doubled, held at a gate, summed, and the sum recorded under {@code name}. */
  private static PipelineResult runSum(String name) {
    GATES.put(name, new CountDownLatch(1));
    Pipeline pipeline = pipeline();
    pipeline
        .apply(Create.of(range(200)))
        .apply(MapElements.into(TypeDescriptors.integers()).via((Integer x) -> 2 * x))
        .apply(ParDo.of(new Gate(name)))
        .apply(Sum.integersGlobally())
        .apply(ParDo.of(new Record(name)));
    return pipeline.run();
  }

  @Test
  public void aPacedJobGivesTheSameResultAndItsSchedulerTurnsThroughThePacing() throws Exception {
    PipelineResult result = runSum("paced");
    DirectRunnerPacing.PacedPool pool = DirectRunnerPacing.pacedPool(result);
    assertNotNull("the Direct runner's internals are as Beam 2.62 has them", pool);
    assertSame(pool, DirectRunnerPacing.pacedPool(result));
    GATES.get("paced").countDown();
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
    assertEquals(Integer.valueOf(2 * 200 * 201 / 2), TOTALS.get("paced"));
    assertThat(pool.turns(), greaterThan(0L));
  }

  @Test
  public void aFailureInAPacedJobStillFailsTheJob() {
    Pipeline pipeline = pipeline();
    pipeline
        .apply(Create.of(range(10)))
        .apply(
            MapElements.into(TypeDescriptors.integers())
                .via(
                    (Integer x) -> {
                      if (x == 7) {
                        throw new IllegalStateException("seven is refused");
                      }
                      return x;
                    }));
    PipelineResult result = pipeline.run();
    assertNotNull(DirectRunnerPacing.pacedPool(result));
    Exception failure = assertThrows(Exception.class, result::waitUntilFinish);
    assertThat(String.valueOf(failure.getMessage()), containsString("seven is refused"));
  }

  @Test
  public void theSwitchLeavesTheRunnerAlone() throws Exception {
    System.setProperty(DirectRunnerPacing.SWITCH, "false");
    PipelineResult result = runSum("unpaced");
    assertFalse(DirectRunnerPacing.install(result));
    GATES.get("unpaced").countDown();
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
    assertEquals(Integer.valueOf(2 * 200 * 201 / 2), TOTALS.get("unpaced"));
  }

  private static List<Integer> range(int n) {
    return java.util.stream.IntStream.rangeClosed(1, n).boxed().toList();
  }

  private static final class Gate extends DoFn<Integer, Integer> {
    private final String name;

    Gate(String name) {
      this.name = name;
    }

    @ProcessElement
    public void process(@Element Integer x, OutputReceiver<Integer> out)
        throws InterruptedException {
      if (!GATES.get(name).await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never opened the gate");
      }
      out.output(x);
    }
  }

  private static final class Record extends DoFn<Integer, Void> {
    private final String name;

    Record(String name) {
      this.name = name;
    }

    @ProcessElement
    public void process(@Element Integer total) {
      TOTALS.put(name, total);
    }
  }
}
