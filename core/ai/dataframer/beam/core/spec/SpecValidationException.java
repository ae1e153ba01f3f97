package ai.dataframer.beam.core.spec;

import java.util.List;

/**
 * A spec that breaks one or more rules. The message lists every problem, so a user fixes them all
 * in one pass, the way the hosted API answers 400.
 */
public class SpecValidationException extends IllegalArgumentException {
  private final List<String> problems;

  /**
   * @param subject what was checked, e.g. "spec" or a file name
   * @param problems each naming the property or field and the offending key
   */
  public SpecValidationException(String subject, List<String> problems) {
    super(message(subject, problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }

  private static String message(String subject, List<String> problems) {
    StringBuilder text =
        new StringBuilder(subject)
            .append(" is invalid (")
            .append(problems.size())
            .append(problems.size() == 1 ? " problem):" : " problems):");
    for (String problem : problems) {
      text.append("\n  - ").append(problem);
    }
    return text.toString();
  }
}
