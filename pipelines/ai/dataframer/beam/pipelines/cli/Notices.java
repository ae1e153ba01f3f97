package ai.dataframer.beam.pipelines.cli;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * One-line notices to the user, each said once per command. {@code generate} resolves a SpecCreate
 * and a RunCreate, and with no model named and no key set both fall back to the embedded engine for
 * the same reason: one line says it. The scope is the command's thread while {@link
 * DataFramerCli#commandLine()} executes it; outside one, every notice is printed.
 */
final class Notices {
  private static final ThreadLocal<Set<String>> SAID = new ThreadLocal<>();

  private Notices() {}

  /** Runs a command with a scope of its own, so its notices are said once. */
  static int scoped(IntSupplier command) {
    Set<String> outer = SAID.get();
    SAID.set(new HashSet<>());
    try {
      return command.getAsInt();
    } finally {
      if (outer == null) {
        SAID.remove();
      } else {
        SAID.set(outer);
      }
    }
  }

  static void print(PrintStream out, String notice) {
    Set<String> said = SAID.get();
    if (said == null || said.add(notice)) {
      out.println("dataframer: " + notice);
    }
  }
}
