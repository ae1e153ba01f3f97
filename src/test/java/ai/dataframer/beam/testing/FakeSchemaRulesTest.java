package ai.dataframer.beam.testing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;

import ai.dataframer.beam.io.llm.http.HttpReply;
import ai.dataframer.beam.io.llm.http.HttpTransport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The fake refuses output schemas over each provider's documented limits with that provider's 400,
 * as the real services do. The bodies are those the encoders sent before schemas were fitted to the
 * limits: a 60-field record whose 40 nullable fields are each {@code anyOf} the type and null.
 */
public class FakeSchemaRulesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private FakeProviderServer fake;
  private HttpTransport transport;

  @Before
  public void start() throws Exception {
    fake = new FakeProviderServer().respondWith(call -> FakeReply.text("{}")).start();
    transport = HttpTransport.create(Duration.ofSeconds(2), Duration.ofSeconds(2), 2);
  }

  @After
  public void stop() throws Exception {
    transport.close();
    fake.close();
  }

  /** The record schema as RecordJson writes it: every field required, nullable ones anyOf null. */
  static String recordSchema(int fields, int nullable) {
    StringBuilder properties = new StringBuilder();
    StringBuilder required = new StringBuilder();
    for (int i = 0; i < fields; i++) {
      String sep = i == 0 ? "" : ",";
      String type = "{\"type\":\"string\"}";
      properties
          .append(sep)
          .append("\"c")
          .append(i)
          .append("\":")
          .append(i < nullable ? "{\"anyOf\":[" + type + ",{\"type\":\"null\"}]}" : type);
      required.append(sep).append("\"c").append(i).append('"');
    }
    return "{\"type\":\"object\",\"properties\":{"
        + properties
        + "},\"required\":["
        + required
        + "],\"additionalProperties\":false}";
  }

  private HttpReply post(String url, String body) {
    return transport.postJson("test", url, Map.of(), body).join();
  }

  private HttpReply anthropic(String schema) {
    return post(
        fake.anthropicBaseUrl() + "/v1/messages",
        "{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":10,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"draft\"}],"
            + "\"output_config\":{\"format\":{\"type\":\"json_schema\",\"schema\":"
            + schema
            + "}}}");
  }

  private static String chat(String model, String schema) {
    return "{\"model\":\""
        + model
        + "\",\"messages\":[{\"role\":\"user\",\"content\":\"draft\"}],"
        + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"record\","
        + "\"schema\":"
        + schema
        + ",\"strict\":true}}}";
  }

  @Test
  public void anthropicRefusesTheOldRecordSchemaOfFortyNullableFields() throws Exception {
    HttpReply refused = anthropic(recordSchema(60, 40));
    assertEquals(400, refused.status());
    JsonNode error = JSON.readTree(refused.body());
    assertEquals("error", error.path("type").asText());
    assertEquals("invalid_request_error", error.at("/error/type").asText());
    assertThat(error.at("/error/message").asText(), containsString("(40 parameters"));
    assertEquals("sixteen unions are taken", 200, anthropic(recordSchema(60, 16)).status());
    assertEquals(400, anthropic(recordSchema(60, 17)).status());
  }

  @Test
  public void databricksClaudeEndpointsRefuseItInDatabricksShapeAndGptEndpointsTakeIt()
      throws Exception {
    String base = fake.databricksApiBase();
    HttpReply refused =
        post(
            base + "/databricks-claude-sonnet-4-6/invocations",
            chat("databricks-claude-sonnet-4-6", recordSchema(60, 40)));
    assertEquals(400, refused.status());
    JsonNode error = JSON.readTree(refused.body());
    assertEquals("BAD_REQUEST", error.path("error_code").asText());
    assertThat(error.path("message").asText(), containsString("union types"));
    assertEquals(
        200,
        post(
                base + "/databricks-gpt-5-4/invocations",
                chat("databricks-gpt-5-4", recordSchema(60, 40)))
            .status());
  }

  @Test
  public void openAiStrictModeRefusesAnOptionalPropertyButTakesFortyNullableFields()
      throws Exception {
    String url = fake.openAiBaseUrl() + "/chat/completions";
    assertEquals(200, post(url, chat("gpt-5.4", recordSchema(60, 40))).status());
    String optional = recordSchema(3, 0).replace("\"required\":[\"c0\",", "\"required\":[");
    HttpReply refused = post(url, chat("gpt-5.4", optional));
    assertEquals(400, refused.status());
    JsonNode error = JSON.readTree(refused.body());
    assertEquals("invalid_request_error", error.at("/error/type").asText());
    assertEquals("response_format", error.at("/error/param").asText());
    assertThat(
        error.at("/error/message").asText(),
        containsString("Invalid schema for response_format 'record'"));
    assertEquals(400, post(url, chat("gpt-5.4", recordSchema(5001, 0))).status());
  }

  @Test
  public void geminiRefusesKeywordsOutsideItsSubsetButTakesFortyNullableFields() throws Exception {
    String url = fake.geminiBaseUrl() + "/v1beta/models/gemini-3.1-pro-preview:generateContent";
    String prefix =
        "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"draft\"}]}],"
            + "\"generationConfig\":{\"responseMimeType\":\"application/json\","
            + "\"responseJsonSchema\":";
    assertEquals(200, post(url, prefix + recordSchema(60, 40) + "}}").status());
    String pattern =
        recordSchema(2, 0)
            .replace("{\"type\":\"string\"}", "{\"type\":\"string\",\"pattern\":\"x\"}");
    HttpReply refused = post(url, prefix + pattern + "}}");
    assertEquals(400, refused.status());
    JsonNode error = JSON.readTree(refused.body());
    assertEquals("INVALID_ARGUMENT", error.at("/error/status").asText());
    assertEquals(400, error.at("/error/code").asInt());
  }
}
