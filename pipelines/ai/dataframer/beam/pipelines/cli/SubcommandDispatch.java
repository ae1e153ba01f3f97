package ai.dataframer.beam.pipelines.cli;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Lets a command with required options have subcommands: {@code dataframer run --output X ...}
 * requires --output, but {@code dataframer run list} must not. Picocli checks a parent's required
 * options before it descends into a subcommand, so here they are made optional for parsing and
 * checked instead when that command itself is the one that runs, with picocli's own usage error.
 *
 * <p>An option's value may also be a subcommand's name ({@code run --spec list}): picocli would
 * otherwise refuse a spec named "list" or "show".
 */
final class SubcommandDispatch {
  private SubcommandDispatch() {}

  /** Relaxes the required options of every command with subcommands, in place. */
  static CommandLine install(CommandLine root) {
    Map<CommandSpec, List<OptionSpec>> relaxed = new IdentityHashMap<>();
    relax(root, relaxed);
    root.setAllowSubcommandsAsOptionParameters(true);
    IExecutionStrategy next = root.getExecutionStrategy();
    root.setExecutionStrategy(
        parseResult -> {
          requireRelaxedOptions(parseResult, relaxed);
          return next.execute(parseResult);
        });
    return root;
  }

  private static void relax(CommandLine command, Map<CommandSpec, List<OptionSpec>> relaxed) {
    CommandSpec spec = command.getCommandSpec();
    if (!command.getSubcommands().isEmpty() && !relaxed.containsKey(spec)) {
      List<OptionSpec> required = new ArrayList<>();
      for (OptionSpec option : List.copyOf(spec.options())) {
        if (option.required()) {
          OptionSpec optional = OptionSpec.builder(option).required(false).build();
          spec.remove(option);
          spec.addOption(optional);
          required.add(optional);
        }
      }
      relaxed.put(spec, required);
    }
    for (CommandLine subcommand : command.getSubcommands().values()) {
      relax(subcommand, relaxed);
    }
  }

  private static void requireRelaxedOptions(
      ParseResult parseResult, Map<CommandSpec, List<OptionSpec>> relaxed) {
    ParseResult last = parseResult;
    boolean help = false;
    for (ParseResult result = parseResult; result != null; result = result.subcommand()) {
      help |= result.isUsageHelpRequested() || result.isVersionHelpRequested();
      last = result;
    }
    List<OptionSpec> required = relaxed.getOrDefault(last.commandSpec(), List.of());
    List<ArgSpec> missing = new ArrayList<>();
    for (OptionSpec option : required) {
      if (!last.hasMatchedOption(option)) {
        missing.add(option);
      }
    }
    if (!help && !missing.isEmpty()) {
      throw new MissingParameterException(
          last.commandSpec().commandLine(),
          missing,
          "Missing required option"
              + (missing.size() == 1 ? "" : "s")
              + ": "
              + missing.stream()
                  .map(option -> "'" + describe((OptionSpec) option) + "'")
                  .collect(Collectors.joining(", ")));
    }
  }

  private static String describe(OptionSpec option) {
    return option.arity().max() == 0
        ? option.longestName()
        : option.longestName() + "=" + option.paramLabel();
  }
}
