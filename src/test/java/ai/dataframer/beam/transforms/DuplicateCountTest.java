package ai.dataframer.beam.transforms;

import static org.junit.Assert.assertEquals;

import ai.dataframer.beam.core.eval.Duplicates;
import ai.dataframer.beam.transforms.EvaluateDiversity.DuplicateCount;
import ai.dataframer.beam.transforms.EvaluateDiversity.MergeBuckets;
import java.util.List;
import java.util.TreeMap;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The merge of fingerprint buckets' duplicate counts into the run's report. */
@RunWith(JUnit4.class)
public class DuplicateCountTest {
  private static DuplicateCount bucket(long records, long... sampleAndEarlier) {
    TreeMap<Long, Long> examples = new TreeMap<>();
    for (int i = 0; i < sampleAndEarlier.length; i += 2) {
      examples.put(sampleAndEarlier[i], sampleAndEarlier[i + 1]);
    }
    return new DuplicateCount(records, examples.size(), examples);
  }

  @Test
  public void sumsBucketsAndKeepsTheEarliestExamplesAcrossThem() {
    MergeBuckets merge = new MergeBuckets();
    DuplicateCount left =
        merge.addInput(
            merge.addInput(merge.createAccumulator(), bucket(10, 9, 2, 30, 1)), bucket(5));
    DuplicateCount right = merge.addInput(merge.createAccumulator(), bucket(7, 4, 3, 8, 0));

    Duplicates.Report report = merge.extractOutput(merge.mergeAccumulators(List.of(left, right)));

    assertEquals(22, report.samples());
    assertEquals(4, report.exactDuplicates());
    assertEquals(4.0 / 22, report.exactDuplicateShare(), 1e-12);
    assertEquals(
        List.of("sample 4 equals sample 3", "sample 8 equals sample 0", "sample 9 equals sample 2"),
        report.examples());
  }

  @Test
  public void noBucketsIsAnEmptyRun() {
    MergeBuckets merge = new MergeBuckets();
    Duplicates.Report report = merge.extractOutput(merge.createAccumulator());
    assertEquals(0, report.samples());
    assertEquals(0, report.exactDuplicates());
    assertEquals(List.of(), report.examples());
  }
}
