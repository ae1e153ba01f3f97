package ai.dataframer.beam.io.seed;

import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** The seed corpus must stay large enough to mean something: at least 40 cases. */
public class SeedCorpusSizeTest {
  @Test
  public void corpusHasAtLeastFortyCases() throws Exception {
    int cases = SeedCorpusTest.cases().size();
    assertTrue("the seed corpus has " + cases + " cases, fewer than 40", cases >= 40);
  }
}
