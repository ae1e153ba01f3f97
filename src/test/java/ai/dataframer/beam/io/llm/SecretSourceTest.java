package ai.dataframer.beam.io.llm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import ai.dataframer.beam.core.llm.Secret;
import ai.dataframer.beam.core.request.ModelProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import org.junit.After;
import org.junit.Test;

/**
 * Keys travel as references: serialized settings hold no key bytes, the launching JVM finds its
 * values again after the round trip, and a worker elsewhere reads its own environment or Secret
 * Manager, or fails naming the reference and never a value.
 */
public class SecretSourceTest {
  private static final String KEY = "fake-anthropic-key-SOURCETEST-value-81f2c0";
  private static final String WORKER_KEY = "fake-anthropic-key-SOURCETEST-worker-3a9e11";

  private final Function<String, String> realEnvironment = SecretSource.workerEnvironment;

  @After
  public void restore() {
    SecretSource.workerEnvironment = realEnvironment;
  }

  static byte[] serialize(Object object) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(object);
    }
    return bytes.toByteArray();
  }

  @SuppressWarnings("unchecked")
  static <T> T roundTrip(T object) throws IOException, ClassNotFoundException {
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(serialize(object)))) {
      return (T) in.readObject();
    }
  }

  private static boolean contains(byte[] bytes, String text) {
    return new String(bytes, StandardCharsets.ISO_8859_1).contains(text);
  }

  @Test
  public void serializedSettingsHoldReferencesNotValues() throws Exception {
    LlmSettings settings =
        LlmSettings.fromEnvironment(Map.of("ANTHROPIC_API_KEY", KEY))
            .withKey(ModelProvider.OPENAI, Secret.of("fake-openai-key-SOURCETEST-literal-55"))
            .withKey(
                ModelProvider.GEMINI, SecretSource.secretManager("projects/p/secrets/g/versions/3"))
            .withDatabricks(
                new LlmSettings.Databricks(
                    "https://adb-1.example/serving-endpoints",
                    "principal",
                    Secret.of("dose-SOURCETEST-databricks-9")));
    byte[] bytes = serialize(settings);
    assertFalse(contains(bytes, KEY));
    assertFalse(contains(bytes, "fake-openai-key-SOURCETEST-literal-55"));
    assertFalse(contains(bytes, "dose-SOURCETEST-databricks-9"));
    assertTrue("the references travel", contains(bytes, "ANTHROPIC_API_KEY"));
    assertThat(
        settings.toString(),
        containsString("ANTHROPIC=env:ANTHROPIC_API_KEY, OPENAI=in-process:LlmSettings.withKey"));
    assertThat(
        settings.toString(),
        containsString("GEMINI=secret-manager:projects/p/secrets/g/versions/3"));
    assertThat(settings.toString(), not(containsString("SOURCETEST")));

    LlmSettings here = roundTrip(settings);
    assertEquals(KEY, here.key(ModelProvider.ANTHROPIC).orElseThrow().resolve().reveal());
    assertEquals(
        "fake-openai-key-SOURCETEST-literal-55",
        here.key(ModelProvider.OPENAI).orElseThrow().resolve().reveal());
    assertEquals(
        "dose-SOURCETEST-databricks-9",
        here.databricks().orElseThrow().clientSecret().resolve().reveal());
  }

  @Test
  public void aSecretValueRefusesToBeSerialized() {
    assertThrows(NotSerializableException.class, () -> serialize(Secret.of(KEY)));
  }

  @Test
  public void anEnvironmentKeyElsewhereIsTheWorkersVariable() throws Exception {
    SecretSource onWorker = roundTrip(SecretSource.environment("ANTHROPIC_API_KEY", KEY));
    onWorker.forgetLauncherValueForTests();
    SecretSource.workerEnvironment = Map.of("ANTHROPIC_API_KEY", WORKER_KEY)::get;
    assertEquals(WORKER_KEY, onWorker.resolve().reveal());

    SecretSource.workerEnvironment = variable -> null;
    IllegalStateException missing = assertThrows(IllegalStateException.class, onWorker::resolve);
    assertThat(missing.getMessage(), containsString("ANTHROPIC_API_KEY is not set on this worker"));
    assertThat(missing.getMessage(), not(containsString("SOURCETEST")));
  }

  @Test
  public void aValueGivenToTheLauncherFailsElsewhereNamingItsOption() throws Exception {
    SecretSource onWorker =
        roundTrip(SecretSource.inProcess("--anthropic-api-key", Secret.of(KEY)));
    assertEquals("in the launching JVM it resolves", KEY, onWorker.resolve().reveal());
    onWorker.forgetLauncherValueForTests();
    IllegalStateException elsewhere = assertThrows(IllegalStateException.class, onWorker::resolve);
    assertThat(elsewhere.getMessage(), containsString("--anthropic-api-key"));
    assertThat(elsewhere.getMessage(), containsString("Secret Manager"));
    assertThat(elsewhere.getMessage(), not(containsString("SOURCETEST")));
  }

  @Test
  public void secretManagerNamesAreChecked() {
    assertEquals(
        "secret-manager:projects/p/secrets/s/versions/latest",
        SecretSource.secretManager("projects/p/secrets/s/versions/latest").toString());
    IllegalArgumentException wrong =
        assertThrows(
            IllegalArgumentException.class,
            () -> SecretSource.secretManager("projects/p/secrets/s"));
    assertThat(
        wrong.getMessage(), containsString("projects/PROJECT/secrets/SECRET/versions/VERSION"));
  }
}
