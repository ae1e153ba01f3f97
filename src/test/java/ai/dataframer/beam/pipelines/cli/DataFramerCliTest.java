package ai.dataframer.beam.pipelines.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

public class DataFramerCliTest {
  /** Fails the way a class path with two versions of a library does. */
  @Command(name = "broken")
  static final class Broken implements Runnable {
    @Override
    public void run() {
      throw new NoSuchMethodError("'Builder Builder.setSchema(Schema)'");
    }
  }

  @Test
  public void anErrorBecomesExitCodeOneWithItsMessageInsteadOfEscapingMain() {
    StringWriter errors = new StringWriter();
    CommandLine cli = new CommandLine(new Broken());
    cli.setErr(new PrintWriter(errors, true));

    int exitCode = DataFramerCli.execute(cli);

    assertEquals(1, exitCode);
    assertTrue(
        errors.toString(),
        errors
            .toString()
            .contains("error: java.lang.NoSuchMethodError: 'Builder Builder.setSchema(Schema)'"));
  }
}
