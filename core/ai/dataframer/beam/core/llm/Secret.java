package ai.dataframer.beam.core.llm;

/**
 * An API key, client secret or token. Its {@code toString()} never shows the value, so it can sit
 * in records, options and exceptions without leaking; {@link #reveal()} is called where a header is
 * built, and nowhere else. It is deliberately not serializable: a value that could be serialized
 * could end up in a pipeline graph, where a runner's viewers can read it; what travels is a
 * reference resolved on the worker (docs/ARCHITECTURE.md section 7, "Keys and secrets").
 */
public final class Secret {
  private static final String REDACTED = "<redacted>";

  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /** A secret from a value; blank values are refused, so a set-but-empty variable is "not set". */
  public static Secret of(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("a secret must not be blank");
    }
    return new Secret(value.strip());
  }

  public String reveal() {
    return value;
  }

  /** {@code text} with every occurrence of this secret replaced by a marker. */
  public String redactFrom(String text) {
    return text == null ? null : text.replace(value, REDACTED);
  }

  @Override
  public String toString() {
    return REDACTED;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret that && value.equals(that.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
