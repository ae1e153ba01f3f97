package ai.dataframer.beam.pipelines.cli;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

public class FlexTemplateMainTest {
  @Test
  public void theCommandParameterBecomesTheSubcommandAndTheRestFollowInOrder() {
    assertArrayEquals(
        new String[] {"run", "--spec=orders", "--samples=10", "--project=p"},
        FlexTemplateMain.arguments(
            new String[] {"--spec=orders", "--command=run", "--samples=10", "--project=p"}));
    assertArrayEquals(
        new String[] {"generate", "--dataset=gs://b/o.csv"},
        FlexTemplateMain.arguments(new String[] {"--dataset=gs://b/o.csv"}));
  }

  @Test
  public void anOtherCommandIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> FlexTemplateMain.arguments(new String[] {"--command=spec"}));
  }
}
