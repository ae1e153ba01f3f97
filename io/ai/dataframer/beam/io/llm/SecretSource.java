package ai.dataframer.beam.io.llm;

import ai.dataframer.beam.core.llm.Secret;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Where a key or client secret comes from: what travels in a pipeline instead of the value
 * (docs/ARCHITECTURE.md section 7, "Keys and secrets"). Only the reference is serialized, and
 * {@link #toString()} shows only the reference: {@code env:ANTHROPIC_API_KEY}, {@code
 * secret-manager:projects/P/secrets/S/versions/V} or {@code in-process:--anthropic-api-key}. The
 * value is resolved where the client is built, on the worker, by {@link #resolve()}:
 *
 * <ul>
 *   <li>{@link #environment}: the value the launcher read, when the worker is the launcher's JVM
 *       (Direct, Flink and Spark local); else the worker's own variable of that name.
 *   <li>{@link #secretManager}: GCP Secret Manager, with the worker's Application Default
 *       Credentials, once per JVM ({@link SecretManagerAccess}).
 *   <li>{@link #inProcess}: a value handed to the launcher as an option or through {@link
 *       LlmSettings#withKey(ai.dataframer.beam.core.request.ModelProvider, Secret)}. It resolves
 *       only in the JVM that was given it; a worker elsewhere fails naming the reference and the
 *       two ways that work there. So no runner ever receives the value, and a literal key works on
 *       the local runners only.
 * </ul>
 *
 * <p>A launcher value is kept in a JVM-wide table under a random handle when the source is
 * serialized, so the same JVM finds it again after Beam's serialization round trip.
 */
public final class SecretSource implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A Secret Manager secret version, global (not regional) resources only. */
  private static final Pattern SECRET_VERSION =
      Pattern.compile("projects/[^/\\s]+/secrets/[^/\\s]+/versions/[^/\\s]+");

  /** Values the launcher holds, by handle: how a deserialized source finds them in this JVM. */
  private static final Map<String, Secret> LAUNCHER_VALUES = new ConcurrentHashMap<>();

  /** How a worker reads its environment; replaced only by tests, which cannot set variables. */
  static volatile Function<String, String> workerEnvironment = System::getenv;

  private enum Kind {
    ENVIRONMENT("env:"),
    SECRET_MANAGER("secret-manager:"),
    IN_PROCESS("in-process:");

    final String prefix;

    Kind(String prefix) {
      this.prefix = prefix;
    }
  }

  private final Kind kind;
  private final String name;
  private final String handle;
  private transient Secret launcherValue;

  private SecretSource(Kind kind, String name, Secret launcherValue) {
    this.kind = kind;
    this.name = name;
    this.handle = launcherValue == null ? null : UUID.randomUUID().toString();
    this.launcherValue = launcherValue;
  }

  /**
   * The variable {@code variable}, whose value the launcher read as {@code value}.
   *
   * @throws IllegalArgumentException when the value is blank (the variable counts as not set)
   */
  public static SecretSource environment(String variable, String value) {
    return new SecretSource(Kind.ENVIRONMENT, requireName(variable), Secret.of(value));
  }

  /**
   * The secret version {@code name}, {@code projects/P/secrets/S/versions/V} (V a number or {@code
   * latest}), read on the worker.
   *
   * @throws IllegalArgumentException when the name has another shape
   */
  public static SecretSource secretManager(String name) {
    if (name == null || !SECRET_VERSION.matcher(name.strip()).matches()) {
      throw new IllegalArgumentException(
          "a Secret Manager secret is named projects/PROJECT/secrets/SECRET/versions/VERSION"
              + " (VERSION a number or latest), but was '"
              + name
              + "'");
    }
    return new SecretSource(Kind.SECRET_MANAGER, name.strip(), null);
  }

  /**
   * A value given to this process, described by {@code description} (the option that carried it).
   * It never leaves this JVM: see the class comment.
   */
  public static SecretSource inProcess(String description, Secret value) {
    return new SecretSource(
        Kind.IN_PROCESS, requireName(description), Objects.requireNonNull(value, "value"));
  }

  private static String requireName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a secret source needs a name");
    }
    return name;
  }

  /** What the source names, never the value: {@code env:ANTHROPIC_API_KEY} and the like. */
  public String reference() {
    return kind.prefix + name;
  }

  /** True for a Secret Manager secret: nothing to check on the launcher, it is read on workers. */
  public boolean isSecretManager() {
    return kind == Kind.SECRET_MANAGER;
  }

  /**
   * The value, resolved here: see the class comment for where each kind looks.
   *
   * @throws IllegalStateException naming the reference (never a value) when it cannot be found
   */
  public Secret resolve() {
    if (launcherValue != null) {
      return launcherValue;
    }
    Secret held = handle == null ? null : LAUNCHER_VALUES.get(handle);
    if (held != null) {
      return held;
    }
    switch (kind) {
      case ENVIRONMENT:
        String value = workerEnvironment.apply(name);
        if (value == null || value.isBlank()) {
          throw new IllegalStateException(
              name
                  + " is not set on this worker: the launcher had it, but a worker in another"
                  + " process reads its own environment; set it there, or name a Secret Manager"
                  + " secret with the key's --*-secret option (docs/ARCHITECTURE.md section 7)");
        }
        return Secret.of(value);
      case SECRET_MANAGER:
        return SecretManagerAccess.shared().access(name);
      case IN_PROCESS:
      default:
        throw new IllegalStateException(
            "the secret given as "
                + name
                + " lives only in the process that launched the job, and this worker is another"
                + " process: give it as an environment variable set on the workers, or as a"
                + " Secret Manager secret with the --*-secret option (docs/ARCHITECTURE.md"
                + " section 7)");
    }
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    if (launcherValue != null) {
      LAUNCHER_VALUES.putIfAbsent(handle, launcherValue);
    }
    out.defaultWriteObject();
  }

  /** Forgets the value this source launched with: a test's stand-in for a worker elsewhere. */
  void forgetLauncherValueForTests() {
    if (handle != null) {
      LAUNCHER_VALUES.remove(handle);
    }
    launcherValue = null;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SecretSource that
        && kind == that.kind
        && name.equals(that.name)
        && Objects.equals(handle, that.handle);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, name, handle);
  }

  @Override
  public String toString() {
    return reference();
  }
}
