package ai.dataframer.beam.core.request;

import java.util.List;

/**
 * A request that breaks one or more rules, all listed at once the way the hosted API answers 400.
 * Messages name fields and values but never a secret.
 */
public class RequestValidationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final List<String> violations;

  /**
   * @param requestName what was invalid, e.g. "RunCreate request"
   * @param violations one message per violated rule; not empty
   */
  public RequestValidationException(String requestName, List<String> violations) {
    super(format(requestName, violations));
    this.violations = List.copyOf(violations);
  }

  public List<String> violations() {
    return violations;
  }

  /** Throws when {@code violations} is not empty. */
  public static void throwIfAny(String requestName, List<String> violations) {
    if (!violations.isEmpty()) {
      throw new RequestValidationException(requestName, violations);
    }
  }

  private static String format(String requestName, List<String> violations) {
    if (violations.isEmpty()) {
      throw new IllegalArgumentException(
          "a RequestValidationException needs at least one violation");
    }
    StringBuilder message =
        new StringBuilder("invalid ")
            .append(requestName)
            .append(" (")
            .append(violations.size())
            .append(violations.size() == 1 ? " problem):" : " problems):");
    for (String violation : violations) {
      message.append("\n  - ").append(violation);
    }
    return message.toString();
  }
}
