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

/** The fake provider answers each wire format in its own shape, with scripted faults and tokens. */
public class FakeProviderServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private FakeProviderServer fake;
  private HttpTransport transport;

  @Before
  public void start() throws Exception {
    fake =
        new FakeProviderServer()
            .respondWith(call -> FakeReply.text("echo " + call.lastUserText()))
            .withDatabricksPrincipal("principal-1", "secret-1")
            .start();
    transport = HttpTransport.create(Duration.ofSeconds(2), Duration.ofSeconds(2), 2);
  }

  @After
  public void stop() throws Exception {
    transport.close();
    fake.close();
  }

  private HttpReply post(String url, Map<String, String> headers, String body) {
    return transport.postJson("test", url, headers, body).join();
  }

  @Test
  public void answersEachWireFormatInItsOwnShape() throws Exception {
    JsonNode anthropic =
        JSON.readTree(
            post(
                    fake.anthropicBaseUrl() + "/v1/messages",
                    Map.of(),
                    "{\"model\":\"claude-x\",\"max_tokens\":10,\"system\":\"be brief\","
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}")
                .body());
    assertEquals("echo hello", anthropic.at("/content/0/text").asText());
    assertEquals("end_turn", anthropic.path("stop_reason").asText());

    JsonNode openAi =
        JSON.readTree(
            post(
                    fake.openAiBaseUrl() + "/chat/completions",
                    Map.of(),
                    "{\"model\":\"gpt-x\",\"messages\":[{\"role\":\"system\",\"content\":\"s\"},"
                        + "{\"role\":\"user\",\"content\":\"hi\"}]}")
                .body());
    assertEquals("echo hi", openAi.at("/choices/0/message/content").asText());
    assertThat(openAi.at("/usage/prompt_tokens").asInt(), org.hamcrest.Matchers.greaterThan(0));

    JsonNode gemini =
        JSON.readTree(
            post(
                    fake.geminiBaseUrl() + "/v1beta/models/gemini-x:generateContent",
                    Map.of(),
                    "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hey\"}]}]}")
                .body());
    assertEquals("echo hey", gemini.at("/candidates/0/content/parts/0/text").asText());

    FakeCall last = fake.calls().get(2);
    assertEquals(FakeWire.GEMINI, last.wire());
    assertEquals("gemini-x", last.model());
  }

  @Test
  public void scriptedFaultsComeFirstInTheProvidersErrorShape() throws Exception {
    fake.thenFail(FakeReply.Error.rateLimited(2), FakeReply.Error.of(529));
    String url = fake.anthropicBaseUrl() + "/v1/messages";
    String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";

    HttpReply limited = post(url, Map.of(), body);
    assertEquals(429, limited.status());
    assertEquals("2", limited.header("retry-after").orElseThrow());
    assertEquals("rate_limit_error", JSON.readTree(limited.body()).at("/error/type").asText());
    HttpReply overloaded = post(url, Map.of(), body);
    assertEquals(529, overloaded.status());
    assertEquals("overloaded_error", JSON.readTree(overloaded.body()).at("/error/type").asText());
    assertEquals(200, post(url, Map.of(), body).status());
    assertEquals(2, fake.faultsServed());
  }

  @Test
  public void databricksEndpointsNeedATokenFromTheTokenEndpoint() throws Exception {
    String invocations = fake.databricksApiBase() + "/databricks-claude-x/invocations";
    String chat = "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]}";
    assertEquals(401, post(invocations, Map.of(), chat).status());

    String basic = java.util.Base64.getEncoder().encodeToString("principal-1:secret-1".getBytes());
    HttpReply token =
        transport
            .post(
                "test",
                fake.databricksApiBase().replace("/serving-endpoints", "") + "/oidc/v1/token",
                Map.of("Authorization", "Basic " + basic),
                "application/x-www-form-urlencoded",
                "grant_type=client_credentials&scope=all-apis")
            .join();
    assertEquals(200, token.status());
    String accessToken = JSON.readTree(token.body()).path("access_token").asText();

    HttpReply answer = post(invocations, Map.of("Authorization", "Bearer " + accessToken), chat);
    assertEquals(200, answer.status());
    assertEquals("databricks-claude-x", fake.calls().get(fake.calls().size() - 1).model());

    HttpReply wrongSecret =
        transport
            .post(
                "test",
                fake.databricksApiBase().replace("/serving-endpoints", "") + "/oidc/v1/token",
                Map.of(
                    "Authorization",
                    "Basic "
                        + java.util.Base64.getEncoder()
                            .encodeToString("principal-1:wrong".getBytes())),
                "application/x-www-form-urlencoded",
                "grant_type=client_credentials&scope=all-apis")
            .join();
    assertEquals(401, wrongSecret.status());
    assertThat(wrongSecret.body(), containsString("invalid_client"));
    assertEquals(2, fake.tokenRequests());
  }

  @Test
  public void readsAnthropicJsonModeAndGeminiToolResultsAsTheClientsSendThem() throws Exception {
    // Anthropic's structured outputs, as AnthropicRequestEncoder sends them; the system says
    // nothing of JSON, so only the field can tell.
    post(
        fake.anthropicBaseUrl() + "/v1/messages",
        Map.of(),
        "{\"model\":\"claude-x\",\"max_tokens\":10,\"system\":\"be brief\","
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}],"
            + "\"output_config\":{\"format\":{\"type\":\"json_schema\",\"schema\":"
            + "{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}}}}");
    post(
        fake.anthropicBaseUrl() + "/v1/messages",
        Map.of(),
        "{\"model\":\"claude-x\",\"max_tokens\":10,\"system\":\"be brief\","
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");
    // A calculator round trip as GeminiRequestBody sends it: the result wrapped in "output".
    post(
        fake.geminiBaseUrl() + "/v1beta/models/gemini-x:generateContent",
        Map.of(),
        "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"add\"}]},"
            + "{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"calculator\","
            + "\"args\":{\"expression\":\"40+2\"}}}]},"
            + "{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"name\":\"calculator\","
            + "\"response\":{\"output\":\"42\"}}},{\"functionResponse\":{\"name\":"
            + "\"calculator\",\"response\":{\"error\":\"division by zero\"}}}]}]}");

    assertEquals(true, fake.calls().get(0).jsonOutput());
    assertEquals(false, fake.calls().get(1).jsonOutput());
    FakeCall gemini = fake.calls().get(2);
    assertEquals(
        java.util.List.of("42", "division by zero"),
        gemini.turns().get(gemini.turns().size() - 1).toolResults());
  }

  /** A responder that throws is a server error, not a connection left open without an answer. */
  @Test
  public void aFailingResponderAnswers500() {
    fake.respondWith(
        call -> {
          throw new IllegalStateException("the script has no answer");
        });
    HttpReply reply =
        post(
            fake.anthropicBaseUrl() + "/v1/messages",
            Map.of(),
            "{\"model\":\"claude-x\",\"max_tokens\":10,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");
    assertEquals(500, reply.status());
    assertThat(reply.body(), containsString("api_error"));
  }
}
