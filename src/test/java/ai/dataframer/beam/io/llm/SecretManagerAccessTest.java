package ai.dataframer.beam.io.llm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32C;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** Secret Manager's access call against a fake server on loopback: never Google. */
public class SecretManagerAccessTest {
  private static final String NAME = "projects/p-7/secrets/anthropic-key/versions/2";
  private static final String VALUE = "fake-anthropic-key-MANAGERTEST-7e1f0b";

  private MockWebServer server;
  private SecretManagerAccess access;

  @Before
  public void start() throws Exception {
    server = new MockWebServer();
    server.start();
    access = new SecretManagerAccess(server.url("/v1/").toString(), () -> "fake-token");
  }

  @After
  public void stop() throws Exception {
    SecretManagerAccess.setSharedForTests(null);
    server.shutdown();
  }

  private static String answer(String value, String crc) {
    String data = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    return "{\"name\": \""
        + NAME
        + "\", \"payload\": {\"data\": \""
        + data
        + "\""
        + (crc == null ? "" : ", \"dataCrc32c\": \"" + crc + "\"")
        + "}}";
  }

  private static String crc(String value) {
    CRC32C crc = new CRC32C();
    crc.update(value.getBytes(StandardCharsets.UTF_8));
    return Long.toString(crc.getValue());
  }

  @Test
  public void readsTheVersionOnceWithABearerTokenAndChecksItsCrc() throws Exception {
    server.enqueue(new MockResponse().setBody(answer(VALUE, crc(VALUE))));
    assertEquals(VALUE, access.access(NAME).reveal());
    assertEquals("kept for the JVM", VALUE, access.access(NAME).reveal());
    assertEquals(1, server.getRequestCount());
    RecordedRequest request = server.takeRequest();
    assertEquals("GET", request.getMethod());
    assertEquals("/v1/" + NAME + ":access", request.getPath());
    assertEquals("Bearer fake-token", request.getHeader("Authorization"));
  }

  @Test
  public void aPayloadWithoutCrcIsAccepted() {
    server.enqueue(new MockResponse().setBody(answer(VALUE, null)));
    assertEquals(VALUE, access.access(NAME).reveal());
  }

  @Test
  public void failuresNameTheSecretAndNeverTheValue() {
    server.enqueue(new MockResponse().setResponseCode(404).setBody("{\"error\": {}}"));
    assertFailure("does not exist (HTTP 404)");
    server.enqueue(new MockResponse().setResponseCode(403).setBody("{\"error\": {}}"));
    assertFailure("roles/secretmanager.secretAccessor");
    server.enqueue(new MockResponse().setResponseCode(500));
    assertFailure("HTTP 500");
    server.enqueue(new MockResponse().setBody("{\"payload\": " + VALUE));
    assertFailure("not JSON");
    server.enqueue(new MockResponse().setBody("{\"payload\": {}}"));
    assertFailure("no payload.data");
    server.enqueue(new MockResponse().setBody(answer(VALUE, "12345")));
    assertFailure("does not match its CRC32C");
  }

  private void assertFailure(String expected) {
    IllegalStateException failure =
        assertThrows(IllegalStateException.class, () -> access.access(NAME));
    assertThat(failure.getMessage(), containsString("Secret Manager secret " + NAME));
    assertThat(failure.getMessage(), containsString(expected));
    assertThat(failure.getMessage(), not(containsString("MANAGERTEST")));
  }

  @Test
  public void aSerializedSourceIsReadOnTheWorker() throws Exception {
    SecretManagerAccess.setSharedForTests(access);
    server.enqueue(new MockResponse().setBody(answer(VALUE, crc(VALUE))));
    SecretSource onWorker = SecretSourceTest.roundTrip(SecretSource.secretManager(NAME));
    assertEquals(0, server.getRequestCount());
    assertEquals(VALUE, onWorker.resolve().reveal());
  }
}
