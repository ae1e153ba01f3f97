package ai.dataframer.beam.pipelines.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The main class of the Dataflow Flex Template image (docs/dataflow.md). Dataflow passes each
 * template parameter as {@code --name=value} and no subcommand, so the parameter {@code
 * --command=generate|run} (default generate) names it; everything else goes to that command as
 * written, Dataflow's own options to Beam.
 */
public final class FlexTemplateMain {
  static final String COMMAND = "--command=";

  private FlexTemplateMain() {}

  public static void main(String[] args) {
    DataFramerCli.main(arguments(args));
  }

  /** The CLI's arguments for the template's: the command first, then the rest in order. */
  static String[] arguments(String[] args) {
    String command = "generate";
    List<String> rest = new ArrayList<>();
    for (String arg : args) {
      if (arg.startsWith(COMMAND)) {
        command = arg.substring(COMMAND.length());
      } else {
        rest.add(arg);
      }
    }
    if (!command.equals("generate") && !command.equals("run")) {
      throw new IllegalArgumentException(
          "--command must be generate or run, but was '" + command + "'");
    }
    List<String> cli = new ArrayList<>();
    cli.add(command);
    cli.addAll(rest);
    return cli.toArray(String[]::new);
  }
}
